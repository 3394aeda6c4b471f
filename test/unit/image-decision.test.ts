// "Decided by": every finding that depends on what the image holds says which source decided it — the
// workspace Dockerfile (and what decided its base), the registry at a digest, a catalog entry with its sources,
// or nothing — and an unknown FROM base is decided by the outside source (the registry) when it answers.
// Findings about a delivery alone (a Secret as env var, a Secret volume outside a CSI store) carry none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/core/workspace.js';
import { parseConfig } from '../../server/src/core/config/index.js';
import type { Finding, ImageFacts } from '../../server/src/core/model.js';
import { toJsonReport } from '../../server/src/core/output/json.js';

const DIGEST = 'sha256:' + '0123456789ab'.repeat(5) + 'cdef';

function pod(image: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  automountServiceAccountToken: false\n  containers:\n    - name: app\n      image: ${image}\n      env:\n        - name: K\n          valueFrom:\n            secretKeyRef: { name: s, key: k }\n`;
}

const registryShell = (image: string): ImageFacts => ({
  source: 'registry',
  baseImage: image,
  tools: [
    { tool: 'sh', category: 'shell', origin: { kind: 'layer', digest: 'sha256:aa', path: '/bin/sh' } },
    { tool: 'curl', category: 'network', origin: { kind: 'layer', digest: 'sha256:bb', path: '/usr/bin/curl' } },
  ],
  commands: [],
  registry: { digest: DIGEST, platform: 'linux/amd64' },
});

const of = (fs: Finding[], rule: string): Finding | undefined => fs.find((f) => f.rule === rule);

test('a catalogued image is decided by its catalog entry, with the entry\'s sources', () => {
  const ws = new Workspace();
  ws.setFile('pod.yaml', pod('node:20'));
  const f = of(ws.analyze().findings, 'secret-in-shell-image');
  assert.match(f?.decidedBy ?? '', /^the catalog entry node \(sources: [A-Z]+(, [A-Z]+)*\)$/);
});

test('only findings that depend on the image say what decided it; delivery findings carry no decided-by', () => {
  const ws = new Workspace();
  ws.setFile(
    'pod.yaml',
    pod('node:20').replace('  automountServiceAccountToken: false\n', '') +
      '      volumeMounts:\n        - { name: creds, mountPath: /etc/creds }\n  volumes:\n    - name: creds\n      secret: { secretName: creds }\n',
  );
  const fs = ws.analyze().findings;
  for (const rule of ['secret-as-env-var', 'secret-volume-not-csi']) {
    const f = of(fs, rule);
    assert.ok(f, `${rule} fires`);
    assert.equal(f!.decidedBy, undefined, `${rule} is about the delivery, not the image`);
  }
  for (const rule of ['secret-in-shell-image', 'secret-in-network-client-image', 'token-automount-in-unhardened-image']) {
    const f = of(fs, rule);
    assert.ok(f, `${rule} fires`);
    assert.match(f!.decidedBy ?? '', /^the catalog entry node /, rule);
  }
  const json = toJsonReport(fs, []);
  assert.ok(json.findings.filter((f) => f.rule === 'secret-as-env-var').every((f) => !('decidedBy' in f)));
  assert.ok(json.findings.filter((f) => f.rule === 'secret-in-shell-image').every((f) => typeof f.decidedBy === 'string'));
});

test('an unknown image is decided by nothing, and says why', () => {
  const ws = new Workspace();
  ws.setFile('pod.yaml', pod('registry.example.com/team/ledger:2'));
  const f = of(ws.analyze().findings, 'secret-image-unverified');
  assert.equal(f?.decidedBy, 'nothing: the catalog does not know image registry.example.com/team/ledger:2');
});

test('a registry answer decides an unknown image and names the digest', () => {
  const ws = new Workspace();
  ws.setFile('pod.yaml', pod('registry.example.com/team/ledger:2'));
  ws.setExternalImageFacts((image) => (image === 'registry.example.com/team/ledger:2' ? registryShell(image) : undefined));
  const fs = ws.analyze().findings;
  assert.equal(of(fs, 'secret-image-unverified'), undefined);
  assert.equal(of(fs, 'secret-in-shell-image')?.decidedBy, 'the registry at sha256:0123456789ab… (linux/amd64)');
});

test('a Dockerfile on an unknown base: unverified with the registry hint, then decided by the registry once it answers', () => {
  const ws = new Workspace();
  ws.setFile('ledger/deploy.yaml', pod('ledger'));
  ws.setFile('ledger/Dockerfile', 'FROM registry.example.com/base/runtime:7\nCOPY app /app\nENTRYPOINT ["/app"]\n');
  const before = ws.analyze().findings;
  const unverified = of(before, 'secret-image-unverified');
  assert.match(unverified?.message ?? '', /unknown base image registry\.example\.com\/base\/runtime:7; reading the base from its registry \(scan --registry\) would decide it/);
  assert.match(unverified?.decidedBy ?? '', /^the Dockerfile ledger\/Dockerfile, linked by convention; its base registry\.example\.com\/base\/runtime:7 is unknown/);
  assert.equal(of(before, 'secret-in-shell-image'), undefined, 'nothing proves a shell yet');

  ws.setExternalImageFacts((image) => (image === 'registry.example.com/base/runtime:7' ? registryShell(image) : undefined));
  const after = ws.analyze().findings;
  assert.equal(of(after, 'secret-image-unverified'), undefined, 'the registry decided the base');
  const shell = of(after, 'secret-in-shell-image');
  assert.equal(shell?.severity, 'error');
  assert.equal(shell?.decidedBy, 'the Dockerfile ledger/Dockerfile, linked by convention; its base registry.example.com/base/runtime:7 by the registry at sha256:0123456789ab… (linux/amd64)');
  assert.equal(of(after, 'secret-in-network-client-image')?.severity, 'error');

  // A registry that could not decide leaves the base unknown with its reason.
  ws.setExternalImageFacts(() => ({ source: 'unknown', tools: [], commands: [], unresolved: 'the registry did not decide: the registry does not have it (404)' }));
  assert.match(of(ws.analyze().findings, 'secret-image-unverified')?.message ?? '', /the registry did not decide: the registry does not have it \(404\)/);
});

test('config registry: enabled, loopback plain-http hosts only, whole-number bounds', () => {
  const { config, notices } = parseConfig(
    '.secret-surface.yaml',
    'version: 1\nregistry:\n  enabled: true\n  insecure: [localhost:5000, 127.0.0.1:5001, registry.internal:5000]\n  maxLayerMB: 64\n  timeoutSeconds: 0\n  colour: red\n',
  );
  assert.deepEqual(config.registry, { enabled: true, insecure: ['localhost:5000', '127.0.0.1:5001'], maxLayerMB: 64 });
  const messages = notices.map((n) => n.message);
  assert.ok(messages.some((m) => /registry\.insecure: "registry\.internal:5000" is not a loopback host/.test(m)), messages.join('\n'));
  assert.ok(messages.some((m) => /registry\.timeoutSeconds must be a whole number of at least 1/.test(m)), messages.join('\n'));
  assert.ok(messages.some((m) => /colour/.test(m)), messages.join('\n'));
});
