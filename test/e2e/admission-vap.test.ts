// The generated ValidatingAdmissionPolicy against the real kube-apiserver: apply what
// `secret-surface policy admission --engine vap` writes, then create Pods and every workload kind
// (dry run: the whole admission chain runs, nothing is stored). A Secret-receiving pod with a
// non-allowed image is denied (warned in warn mode), the same pod with an allowed digest-pinned image is
// admitted, a pod without Secrets is admitted; exemptions hold; updating only the params changes the answer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type Cluster } from './support/kube-cluster.js';
import { ensureNamespace } from './support/kube-seed.js';
import { apply, applyAll, assertContains, generate, send, tryCreate, until, type Answer } from './support/admission.js';

const HEX = (c: string) => c.repeat(64);
const ALLOWED = `gcr.io/distroless/static-debian12@sha256:${HEX('a')}`;
const ALLOWED_TAGGED = `gcr.io/distroless/static-debian12:nonroot@sha256:${HEX('a')}`;
const TAG_ONLY = 'gcr.io/distroless/static-debian12:nonroot';
const NOT_ALLOWED = 'node:20';
const NODE_PINNED = `node@sha256:${HEX('b')}`;

const WORKSPACE = {
  '.secret-surface.yaml': 'version: 1\npolicy:\n  exemptNamespaces: [kube-system, sandbox]\n  exemptWorkloads: [shop/Deployment/legacy]\n',
  'k8s/app.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: app, namespace: shop }
spec:
  selector: { matchLabels: { app: app } }
  template:
    metadata: { labels: { app: app } }
    spec:
      containers:
        - name: app
          image: gcr.io/distroless/static-debian12:nonroot
          env:
            - name: DB_PASSWORD
              valueFrom: { secretKeyRef: { name: db, key: password } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: node:20
          envFrom: [{ secretRef: { name: web } }]
`,
};

let cluster: Cluster;
let dir: string;
let params: any;

type Spec = Record<string, unknown>;
const withSecret = (image: string, extra: Spec = {}): Spec => ({
  automountServiceAccountToken: false,
  containers: [{ name: 'app', image, env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }],
  ...extra,
});
const withoutSecret = (image: string): Spec => ({ automountServiceAccountToken: false, containers: [{ name: 'app', image }] });

let n = 0;
const labels = { app: 'probe' };
/** The object of `kind` whose pod template (or pod) is `spec`. */
function workload(kind: string, spec: Spec, name = `probe-${++n}`, meta: Spec = {}): any {
  const metadata = { name, ...meta };
  const template = { metadata: { labels }, spec };
  const jobSpec = { template: { metadata: { labels }, spec: { restartPolicy: 'Never', ...spec } } };
  switch (kind) {
    case 'Pod':
      return { apiVersion: 'v1', kind, metadata, spec };
    case 'PodTemplate':
      return { apiVersion: 'v1', kind, metadata, template };
    case 'ReplicationController':
      return { apiVersion: 'v1', kind, metadata, spec: { selector: labels, template } };
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
      return { apiVersion: 'apps/v1', kind, metadata, spec: { selector: { matchLabels: labels }, template } };
    case 'StatefulSet':
      return { apiVersion: 'apps/v1', kind, metadata, spec: { serviceName: 'probe', selector: { matchLabels: labels }, template } };
    case 'Job':
      return { apiVersion: 'batch/v1', kind, metadata, spec: jobSpec };
    case 'CronJob':
      return { apiVersion: 'batch/v1', kind, metadata, spec: { schedule: '0 3 * * *', jobTemplate: { spec: jobSpec } } };
    default:
      throw new Error(kind);
  }
}
const KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'ReplicationController', 'PodTemplate'];

const denied = (a: Answer) => a.status === 403 || a.status === 422;
const admitted = (a: Answer) => a.status === 201;
const show = (a: Answer) => `${a.status} ${typeof a.body === 'object' ? a.body.message ?? '' : String(a.body).slice(0, 300)} ${a.warnings.join(' | ')}`;

before(async () => {
  cluster = await startCluster();
  dir = mkdtempSync(join(tmpdir(), 'surface-admission-'));
  for (const [p, t] of Object.entries(WORKSPACE)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
  for (const ns of ['shop', 'sandbox', 'kube-system']) await ensureNamespace(cluster, ns);
  const out = generate([dir, '--engine', 'vap', '--mode', 'deny']);
  assert.deepEqual(out.objects.map((o) => o.kind), ['Namespace', 'ConfigMap', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
  params = out.objects[1];
  assert.match(params.data.repositories, /^gcr\.io\/distroless\/static-debian12$/m);
  try {
    await applyAll(cluster, out.objects);
    await ensureNamespace(cluster, 'secret-surface');
    // The policy reaches the admission chain asynchronously: wait until a known-bad pod is refused.
    const probe = await until(() => tryCreate(cluster, workload('Pod', withSecret(NOT_ALLOWED))), denied, 60_000);
    assert.ok(denied(probe), `the policy never took effect: ${show(probe)}\n${cluster.logTail()}`);
  } catch (err) {
    console.error(cluster.logTail());
    throw err;
  }
});

after(async () => {
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the policy and binding are stored as generated (strict field validation, nothing pruned)', async () => {
  // Type-checking status is written by kube-controller-manager, which this cluster does not run; the
  // decisions below are the real check of the CEL.
  const out = generate([dir, '--engine', 'vap', '--mode', 'deny']);
  for (const o of out.objects.filter((x) => x.kind.startsWith('ValidatingAdmissionPolicy'))) {
    const plural = o.kind === 'ValidatingAdmissionPolicy' ? 'validatingadmissionpolicies' : 'validatingadmissionpolicybindings';
    const stored = await send(cluster, 'GET', `/apis/admissionregistration.k8s.io/v1/${plural}/${o.metadata.name}`);
    assert.equal(stored.status, 200);
    assertContains(stored.body.spec, o.spec);
    assert.equal(stored.body.metadata.annotations['secret-surface.io/generated-from'], o.metadata.annotations['secret-surface.io/generated-from']);
  }
});

test('a Pod receiving a Secret: denied with a non-allowed image, admitted with an allowed digest-pinned one', async () => {
  const bad = await tryCreate(cluster, workload('Pod', withSecret(NOT_ALLOWED)));
  assert.equal(bad.status, 403, show(bad));
  assert.match(bad.body.message, /secret-surface-hardened-images/);
  assert.match(bad.body.message, /receives Secrets \(env\) but app runs node:20/);
  for (const image of [ALLOWED, ALLOWED_TAGGED]) {
    const ok = await tryCreate(cluster, workload('Pod', withSecret(image)));
    assert.equal(ok.status, 201, `${image}: ${show(ok)}`);
  }
  // Hardened, but by tag: a tag can move, so it is refused.
  const tag = await tryCreate(cluster, workload('Pod', withSecret(TAG_ONLY)));
  assert.equal(tag.status, 403, show(tag));
  // A registry port is not a tag: `gcr.io/distroless/static-debian12:5000/...` is some other image.
  const sneaky = await tryCreate(cluster, workload('Pod', withSecret(`gcr.io/distroless/static-debian12:5000/evil@sha256:${HEX('c')}`)));
  assert.equal(sneaky.status, 403, show(sneaky));
});

test('a Pod without Secrets is admitted with any image', async () => {
  const r = await tryCreate(cluster, workload('Pod', withoutSecret(NOT_ALLOWED)));
  assert.equal(r.status, 201, show(r));
});

test('every channel counts: envFrom, secret, projected and CSI volumes, the auto-mounted token, init containers', async () => {
  const base = { automountServiceAccountToken: false };
  const cases: [string, Spec][] = [
    ['envFrom', { ...base, containers: [{ name: 'app', image: NOT_ALLOWED, envFrom: [{ secretRef: { name: 'db' } }] }] }],
    ['secret volume', { ...base, containers: [{ name: 'app', image: NOT_ALLOWED }], volumes: [{ name: 'k', secret: { secretName: 'db' } }] }],
    ['projected secret', { ...base, containers: [{ name: 'app', image: NOT_ALLOWED }], volumes: [{ name: 'k', projected: { sources: [{ secret: { name: 'db' } }] } }] }],
    [
      'CSI secrets-store volume',
      { ...base, containers: [{ name: 'app', image: NOT_ALLOWED }], volumes: [{ name: 'k', csi: { driver: 'secrets-store.csi.k8s.io', volumeAttributes: { secretProviderClass: 'db' } } }] },
    ],
    // The ServiceAccount admission plugin mounts the token: the policy sees its projected volume.
    ['service-account token', { containers: [{ name: 'app', image: NOT_ALLOWED }] }],
  ];
  for (const [channel, spec] of cases) {
    const r = await tryCreate(cluster, workload('Pod', spec));
    assert.equal(r.status, 403, `${channel}: ${show(r)}`);
    assert.ok(r.body.message.includes(`receives Secrets (${channel})`), `${channel}: ${r.body.message}`);
  }
  const init = await tryCreate(cluster, workload('Pod', withSecret(ALLOWED, { initContainers: [{ name: 'setup', image: NOT_ALLOWED }] })));
  assert.equal(init.status, 403, show(init));
  assert.match(init.body.message, /setup runs node:20/);
  assert.doesNotMatch(init.body.message, /app runs/);
  // A CSI volume of another driver is no Secret.
  const other = await tryCreate(cluster, workload('Pod', { ...base, containers: [{ name: 'app', image: NOT_ALLOWED }], volumes: [{ name: 'k', csi: { driver: 'scratch.example.com' } }] }));
  assert.equal(other.status, 201, show(other));
});

test('every workload kind: its pod template decides like a Pod', async () => {
  for (const kind of KINDS) {
    const bad = await tryCreate(cluster, workload(kind, withSecret(NOT_ALLOWED)));
    assert.equal(bad.status, 403, `${kind} with a non-allowed image: ${show(bad)}`);
    const ok = await tryCreate(cluster, workload(kind, withSecret(ALLOWED)));
    assert.equal(ok.status, 201, `${kind} with an allowed image: ${show(ok)}`);
    const none = await tryCreate(cluster, workload(kind, withoutSecret(NOT_ALLOWED)));
    assert.equal(none.status, 201, `${kind} without Secrets: ${show(none)}`);
  }
  // A template that leaves the token on receives it.
  const token = await tryCreate(cluster, workload('Deployment', { containers: [{ name: 'app', image: NOT_ALLOWED }] }));
  assert.equal(token.status, 403, show(token));
  assert.match(token.body.message, /service-account token/);
});

test('exemptions: a namespace, and a workload with the pods it owns', async () => {
  for (const ns of ['sandbox', 'kube-system']) {
    const r = await tryCreate(cluster, workload('Pod', withSecret(NOT_ALLOWED)), ns);
    assert.equal(r.status, 201, `${ns}: ${show(r)}`);
  }
  const legacy = await tryCreate(cluster, workload('Deployment', withSecret(NOT_ALLOWED), 'legacy'));
  assert.equal(legacy.status, 201, show(legacy));
  const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'legacy-7d4b9c8f6', uid: '0a1b2c3d-0000-4000-8000-000000000001', controller: true };
  const pod = await tryCreate(cluster, workload('Pod', withSecret(NOT_ALLOWED), 'legacy-7d4b9c8f6-x2x4z', { ownerReferences: [owner] }));
  assert.equal(pod.status, 201, show(pod));
  // Another workload's pods are not exempt.
  const otherOwner = { ...owner, name: 'web-5f6d7c8b9' };
  const other = await tryCreate(cluster, workload('Pod', withSecret(NOT_ALLOWED), 'web-5f6d7c8b9-abcde', { ownerReferences: [otherOwner] }));
  assert.equal(other.status, 403, show(other));
});

test('updating only the params ConfigMap changes the decision', async () => {
  const pod = () => tryCreate(cluster, workload('Pod', withSecret(NODE_PINNED)));
  assert.equal((await pod()).status, 403);
  const updated = { ...params, data: { ...params.data, repositories: `${params.data.repositories}node\n` } };
  const r = await apply(cluster, updated);
  assert.equal(r.status, 200, show(r));
  const after = await until(pod, admitted, 30_000);
  assert.equal(after.status, 201, `still refused after the params update: ${show(after)}`);
  // And back.
  assert.equal((await apply(cluster, params)).status, 200);
  const back = await until(pod, denied, 30_000);
  assert.equal(back.status, 403, show(back));
});

test('warn mode: admitted, with the reason in a Warning header', async () => {
  const warn = generate([dir, '--engine', 'vap', '--mode', 'warn']);
  const binding = warn.objects.find((o) => o.kind === 'ValidatingAdmissionPolicyBinding');
  assert.deepEqual(binding.spec.validationActions, ['Warn']);
  await applyAll(cluster, warn.objects.filter((o) => o.kind.startsWith('ValidatingAdmissionPolicy')));
  const r = await until(() => tryCreate(cluster, workload('Pod', withSecret(NOT_ALLOWED))), admitted, 30_000);
  assert.equal(r.status, 201, show(r));
  assert.ok(r.warnings.some((w) => /secret-surface-hardened-images/.test(w) && /app runs node:20/.test(w)), `warnings: ${JSON.stringify(r.warnings)}`);
  const clean = await tryCreate(cluster, workload('Pod', withSecret(ALLOWED)));
  assert.equal(clean.status, 201);
  assert.deepEqual(clean.warnings, []);
  // Back to deny for any later test.
  await applyAll(cluster, generate([dir, '--engine', 'vap', '--mode', 'deny']).objects.filter((o) => o.kind.startsWith('ValidatingAdmissionPolicy')));
  await until(() => tryCreate(cluster, workload('Pod', withSecret(NOT_ALLOWED))), denied, 30_000);
});

test('without its params the policy refuses rather than passes silently', async () => {
  const del = await send(cluster, 'DELETE', `/api/v1/namespaces/secret-surface/configmaps/${params.metadata.name}`);
  assert.equal(del.status, 200, show(del));
  const r = await until(() => tryCreate(cluster, workload('Pod', withSecret(ALLOWED))), denied, 30_000);
  assert.ok(denied(r), show(r));
  assert.equal((await apply(cluster, params)).status, 201);
  const ok = await until(() => tryCreate(cluster, workload('Pod', withSecret(ALLOWED))), admitted, 30_000);
  assert.equal(ok.status, 201, show(ok));
});
