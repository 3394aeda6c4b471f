// Live pods → manifest text for the core: owner naming survives the core's own parser, pods of one owner
// collapse, distinct running images are all kept, and the injected token volume is not mistaken for a channel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, parseAllDocuments } from 'yaml';
import {
  IMAGE_IDS_ANNOTATION,
  liveImages,
  liveManifests,
  livePodToManifest,
  liveServiceAccountToManifest,
  manifestPath,
  normaliseImageID,
  type LivePod,
} from '../../server/src/cluster/live-manifest.js';
import { parseManifest } from '../../server/src/core/kubernetes/index.js';

const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;

function pod(name: string, owner: LivePod['owner'], image: string, digest: string, extra: Partial<LivePod['spec']> = {}): LivePod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', labels: { app: owner.name }, annotations: { team: 'payments' } },
    spec: {
      serviceAccountName: 'api',
      nodeName: 'node-1',
      containers: [
        {
          name: 'api',
          image,
          env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
          volumeMounts: [{ name: 'kube-api-access-x7k2p', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }],
        },
      ],
      volumes: [
        {
          name: 'kube-api-access-x7k2p',
          projected: {
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            ],
          },
        },
      ],
      ...extra,
    },
    status: { phase: 'Running', containerStatuses: [{ name: 'api', image, imageID: `docker-pullable://${image.replace(/:.*/, '')}@${digest}` }] },
    owner,
  };
}

const deployment = { kind: 'Deployment', name: 'api' };

test('a Deployment pod becomes a Deployment the core parser names by the owner', () => {
  const p = pod('api-7d9f8b6c5d-x2x7q', deployment, 'ghcr.io/acme/api:1.4', DIGEST_A);
  const m = livePodToManifest(p, deployment, 'prod');
  assert.equal(m.file, 'cluster/prod/shop/deployment/api.yaml');
  const facts = parseManifest(m.file, m.text);
  assert.equal(facts.workloads.length, 1);
  const w = facts.workloads[0]!;
  assert.deepEqual(w.ref, { kind: 'Deployment', name: 'api', namespace: 'shop' });
  assert.equal(w.containers[0]!.image, 'ghcr.io/acme/api:1.4');
  assert.deepEqual(
    w.containers[0]!.secrets.map((s) => [s.channel, s.secretName, s.key]),
    [['env', 'db', 'password']],
  );
  // The running digest rides along where the core can read it.
  assert.deepEqual(JSON.parse(w.annotations[IMAGE_IDS_ANNOTATION]!), { api: `ghcr.io/acme/api@${DIGEST_A}` });
  // The admission-injected token volume is not part of the workload as written.
  assert.doesNotMatch(m.text, /kube-api-access/);
  assert.doesNotMatch(m.text, /nodeName/);
});

test('each kind puts the pod spec where that kind keeps its template', () => {
  const cases: [string, (d: any) => unknown][] = [
    ['Pod', (d) => d.spec.containers],
    ['StatefulSet', (d) => d.spec.template.spec.containers],
    ['DaemonSet', (d) => d.spec.template.spec.containers],
    ['Job', (d) => d.spec.template.spec.containers],
    ['CronJob', (d) => d.spec.jobTemplate.spec.template.spec.containers],
  ];
  for (const [kind, containers] of cases) {
    const owner = { kind, name: 'w' };
    const m = livePodToManifest(pod('w-0', owner, 'alpine:3.20', DIGEST_A), owner, 'c');
    const doc = parse(m.text);
    assert.equal(doc.kind, kind);
    assert.equal(doc.metadata.name, 'w');
    assert.ok(Array.isArray(containers(doc)), `${kind}: containers where the parser looks`);
    const facts = parseManifest(m.file, m.text);
    assert.deepEqual(facts.workloads.map((w) => `${w.ref.kind}/${w.ref.name}`), [`${kind}/w`], kind);
  }
});

test('an operator kind the parser does not know is analysed as a Pod and keeps its owner in an annotation', () => {
  const owner = { kind: 'SparkApplication', name: 'etl' };
  const m = livePodToManifest(pod('etl-driver', owner, 'spark:3', DIGEST_A), owner, 'c');
  const doc = parse(m.text);
  assert.equal(doc.kind, 'Pod');
  assert.equal(doc.metadata.name, 'etl');
  assert.equal(doc.metadata.annotations['secret-surface.dev/owner'], 'SparkApplication/etl');
  assert.equal(m.file, 'cluster/c/shop/sparkapplication/etl.yaml');
});

test('pods of one owner collapse; distinct running images are all kept', () => {
  const pods = [
    pod('api-aaa-1', deployment, 'ghcr.io/acme/api:1.4', DIGEST_A),
    pod('api-aaa-2', deployment, 'ghcr.io/acme/api:1.4', DIGEST_A),
    pod('api-bbb-1', deployment, 'ghcr.io/acme/api:1.5', DIGEST_B),
    pod('db-0', { kind: 'StatefulSet', name: 'db' }, 'postgres:16', DIGEST_A),
  ];
  const out = liveManifests(pods, 'prod');
  assert.deepEqual(out.map((m) => m.file), ['cluster/prod/shop/deployment/api.yaml', 'cluster/prod/shop/statefulset/db.yaml']);
  const api = out[0]!;
  assert.deepEqual(api.pods, ['api-aaa-1', 'api-aaa-2', 'api-bbb-1']);
  assert.deepEqual(api.images.map((i) => [i.image, i.digest]), [
    ['ghcr.io/acme/api:1.4', DIGEST_A],
    ['ghcr.io/acme/api:1.5', DIGEST_B],
  ]);
  // Two documents (one per image set), both named by the owner.
  const docs = parseAllDocuments(api.text).map((d) => d.toJS());
  assert.equal(docs.length, 2);
  const facts = parseManifest(api.file, api.text);
  assert.deepEqual(facts.workloads.map((w) => `${w.ref.kind}/${w.ref.name}:${w.containers[0]!.image}`), [
    'Deployment/api:ghcr.io/acme/api:1.4',
    'Deployment/api:ghcr.io/acme/api:1.5',
  ]);
});

test('same owner name in two namespaces stays two files', () => {
  const a = pod('api-1', deployment, 'x:1', DIGEST_A);
  const b = { ...pod('api-1', deployment, 'x:1', DIGEST_A), metadata: { name: 'api-1', namespace: 'staging' } };
  assert.equal(liveManifests([a, b], 'c').length, 2);
});

test('context names with ARNs and slashes make safe paths', () => {
  const file = manifestPath('arn:aws:eks:eu-west-1:123:cluster/prod', 'shop', { kind: 'CronJob', name: 'report' });
  assert.equal(file, 'cluster/arn_aws_eks_eu-west-1_123_cluster_prod/shop/cronjob/report.yaml');
  assert.equal(manifestPath('..', 'ns', { kind: 'Pod', name: 'p' }), 'cluster/_/ns/pod/p.yaml');
});

test('image IDs are normalised and paired with their containers', () => {
  assert.equal(normaliseImageID(`docker-pullable://nginx@${DIGEST_A}`), `nginx@${DIGEST_A}`);
  assert.equal(normaliseImageID(`docker.io/library/nginx@${DIGEST_A}`), `docker.io/library/nginx@${DIGEST_A}`);
  assert.equal(normaliseImageID(''), undefined);
  const p = pod('p', deployment, 'nginx:1', DIGEST_A, {
    initContainers: [{ name: 'init', image: 'busybox:1' }],
  });
  p.status!.initContainerStatuses = [{ name: 'init', image: 'busybox:1', imageID: `busybox@${DIGEST_B}` }];
  assert.deepEqual(liveImages(p).map((i) => [i.container, i.digest]), [
    ['init', DIGEST_B],
    ['api', DIGEST_A],
  ]);
  // A container not yet started has no digest, and says so by leaving it out.
  const pending = { ...p, status: {} };
  assert.deepEqual(liveImages(pending).map((i) => i.digest), [undefined, undefined]);
});

test('a ServiceAccount keeps its automount decision for the core', () => {
  const m = liveServiceAccountToManifest({ metadata: { name: 'api', namespace: 'shop' }, automountServiceAccountToken: false }, 'prod');
  assert.equal(m.file, 'cluster/prod/shop/serviceaccount/api.yaml');
  const facts = parseManifest(m.file, m.text);
  assert.equal(facts.serviceAccounts[0]?.name, 'api');
  assert.equal(facts.serviceAccounts[0]?.automountToken?.value, false);
});
