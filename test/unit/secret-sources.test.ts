// Where Secrets come from and how often they rotate: ExternalSecret (refreshInterval, its default, `0`, target.name),
// SealedSecret, SecretProviderClass secretObjects, and the Vault Agent injector as a delivery channel; the join links
// each delivery to the object that writes its Secret, across files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/core/workspace.js';
import { parseManifest } from '../../server/src/core/kubernetes/index.js';
import { parseDuration } from '../../server/src/core/kubernetes/secret-sources.js';
import { runtimeTargets } from '../../server/src/core/policy/runtime/targets.js';

const SOURCES = `apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata: { name: db, namespace: shop }
spec:
  refreshInterval: 72h
  target: { name: db-credentials }
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: api-key, namespace: shop }
spec: {}
---
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata: { name: once, namespace: shop }
spec: { refreshInterval: "0" }
---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata: { name: smtp, namespace: shop }
spec:
  template: { metadata: { name: smtp-credentials } }
  encryptedData: { password: AgB= }
---
apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata: { name: payments, namespace: shop }
spec:
  provider: vault
  secretObjects:
    - secretName: payments-synced
      type: Opaque
---
apiVersion: example.com/v1
kind: ExternalSecret
metadata: { name: not-eso, namespace: shop }
spec: { refreshInterval: "0" }
`;

test('each source is recognised with its interval; a same-named kind of another group is not', () => {
  const m = parseManifest('sources.yaml', SOURCES);
  const got = (m.secretSources ?? []).map((s) => [s.kind, s.name, s.secretName, s.everySeconds, s.text]);
  assert.deepEqual(got, [
    ['ExternalSecret', 'db', 'db-credentials', 72 * 3600, 'refreshInterval 72h'],
    ['ExternalSecret', 'api-key', 'api-key', 3600, 'refreshInterval not set (the operator refreshes every 1h)'],
    ['ExternalSecret', 'once', 'once', null, 'refreshInterval 0 (never refreshed)'],
    ['SealedSecret', 'smtp', 'smtp-credentials', null, 'sealed: the value changes only when someone re-seals it'],
    ['SecretProviderClass', 'payments', 'payments-synced', undefined, 'synced by the Secrets Store CSI driver: it rotates only where the driver runs with --enable-secret-rotation'],
  ]);
  assert.equal(m.secretProviderClasses.length, 1, 'the SecretProviderClass is still one');
});

test('Go durations', () => {
  assert.equal(parseDuration('1h30m'), 5400);
  assert.equal(parseDuration('24h'), 86400);
  assert.equal(parseDuration('90s'), 90);
  assert.equal(parseDuration('0'), 0);
  assert.equal(parseDuration('1d'), undefined);
  assert.equal(parseDuration('soon'), undefined);
});

const APP = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata:
      labels: { app: api }
      annotations:
        vault.hashicorp.com/agent-inject: "true"
        vault.hashicorp.com/agent-inject-secret-db.txt: database/creds/api
        vault.hashicorp.com/template-static-secret-render-interval: 10m
    spec:
      initContainers:
        - name: migrate
          image: node:20
      containers:
        - name: api
          image: node:20
          env:
            - name: DB
              valueFrom: { secretKeyRef: { name: db-credentials, key: password } }
          envFrom:
            - secretRef: { name: smtp-credentials }
        - name: sidecar
          image: node:20
`;

test('the Vault Agent injector delivers to every app container, not to init containers, and rotates', () => {
  const m = parseManifest('app.yaml', APP);
  const [w] = m.workloads;
  const byName = Object.fromEntries(w!.containers.map((c) => [c.name, c.secrets.filter((s) => s.channel === 'vault')]));
  assert.deepEqual(byName['migrate'], []);
  assert.equal(byName['api']!.length, 1);
  assert.equal(byName['sidecar']!.length, 1);
  const d = byName['api']![0]!;
  assert.equal(d.mountPath, '/vault/secrets/db.txt');
  assert.equal(d.secretName, 'database/creds/api');
  assert.deepEqual([d.rotation?.source, d.rotation?.everySeconds], ['VaultAgent', 600]);
  // Without agent-inject: "true" the annotations deliver nothing.
  const off = parseManifest('app.yaml', APP.replace('agent-inject: "true"', 'agent-inject: "false"'));
  assert.ok(off.workloads[0]!.containers.every((c) => c.secrets.every((s) => s.channel !== 'vault')));
  // The rules see it as a delivery: the shell rule names it; the runtime baseline watches the file.
  const ws = new Workspace();
  ws.setFile('app.yaml', APP);
  const r = ws.analyze();
  assert.ok(r.findings.some((f) => f.rule === 'secret-in-shell-image' && f.container === 'sidecar' && f.related.some((x) => /Vault secret "database\/creds\/api" rendered by the Vault Agent at \/vault\/secrets\/db\.txt/.test(x.message))));
  const sidecar = runtimeTargets(r.exposures).targets.find((t) => t.container === 'sidecar')!;
  assert.ok(sidecar.secretPaths.some((p) => p.path === '/vault/secrets/db.txt' && p.kind === 'file'));
});

test('deliveries are linked to the source that writes their Secret across files; the rule fires on the slow ones', () => {
  const ws = new Workspace();
  ws.setFile('app.yaml', APP);
  ws.setFile('sources.yaml', SOURCES);
  const r = ws.analyze();
  const api = r.exposures.find((e) => e.container.name === 'api')!;
  const rot = Object.fromEntries(api.secrets.map((s) => [s.secretName, s.rotation && [s.rotation.source, s.rotation.everySeconds]]));
  assert.deepEqual(rot['db-credentials'], ['ExternalSecret', 72 * 3600]);
  assert.deepEqual(rot['smtp-credentials'], ['SealedSecret', null]);
  const f = r.findings.find((x) => x.rule === 'secret-rotation-too-slow' && x.container === 'api')!;
  assert.match(f.message, /^2 Secrets rotate more slowly than every 24h — container api, whose image keeps /);
  assert.ok(f.related.some((x) => x.message === 'ExternalSecret db: refreshInterval 72h'));
  // Editing the source re-decides: 12h and a removed SealedSecret leave nothing to report.
  ws.setFile('sources.yaml', SOURCES.replace('refreshInterval: 72h', 'refreshInterval: 12h').replace('name: smtp-credentials', 'name: other'));
  assert.ok(!ws.analyze().findings.some((x) => x.rule === 'secret-rotation-too-slow'));
});
