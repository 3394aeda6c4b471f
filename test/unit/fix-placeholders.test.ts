// The SecretProviderClass the CSI fixes write, for every provider: what only the user knows is a
// `<REPLACE: …>` placeholder that no provider accepts (no URL, no realistic name), the file parses, and
// everything the workspace does know (namespace, keys, aliases) is filled in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { Workspace } from '../../server/src/core/workspace.js';
import { fixesFor } from '../../server/src/core/fixes/index.js';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
        - name: web
          image: node:22
          volumeMounts: [{name: tls, mountPath: /etc/tls}]
      volumes:
        - name: tls
          secret:
            secretName: web-tls
            items: [{key: tls.crt}]
`;

function created(provider: string): string {
  const ws = new Workspace();
  ws.setFile('k8s/web.yaml', MANIFEST);
  const finding = ws.analyze().findings.find((f) => f.rule === 'secret-volume-not-csi');
  assert.ok(finding, 'secret-volume-not-csi fires');
  const fix = fixesFor(ws, finding, { csiProvider: provider }).find((f) => f.id === 'secret-volume-to-csi');
  const create = fix?.edits.find((c) => c.kind === 'create');
  assert.ok(create && create.kind === 'create', `${provider}: no class created (${fix?.unavailable ?? 'no fix'})`);
  return create.text;
}

for (const provider of ['vault', 'aws', 'azure', 'gcp']) {
  test(`${provider}: the SecretProviderClass holds placeholders that cannot pass for real values`, () => {
    const text = created(provider);
    const doc = parseDocument(text);
    assert.deepEqual(doc.errors, []);
    const spc = doc.toJS() as { metadata: { namespace: string }; spec: { provider: string; parameters: Record<string, string> } };
    assert.equal(spc.metadata.namespace, 'shop');
    assert.equal(spc.spec.provider, provider);
    const values = Object.values(spc.spec.parameters).join('\n');
    assert.match(values, /<REPLACE: [^>]+>/);
    assert.match(values, /tls\.crt/, 'the key the workload reads is filled in');
    // Nothing that looks like a real endpoint, account or name.
    assert.doesNotMatch(text, /example\.com|TODO-|https?:\/\/[a-z]/i);
    for (const m of values.matchAll(/"([^"]*<REPLACE:[^"]*)"/g)) {
      assert.throws(() => new URL(m[1]!), `${m[1]} would parse as a URL`);
      assert.doesNotMatch(m[1]!, /^[A-Za-z0-9._/-]+$/, `${m[1]} is a plausible name`);
    }
    assert.match(text.split('\n')[0]!, /replace every <REPLACE: …> value/);
  });
}
