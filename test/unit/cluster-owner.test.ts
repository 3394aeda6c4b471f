// Owner naming of live pods: Deployments from ReplicaSet names and pod-template-hash, CronJobs through their Job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { controllerRef, resolveOwner } from '../../server/src/cluster/kube-owner.js';

const rsRef = (name: string) => [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name, controller: true }];

test('a ReplicaSet named <deployment>-<pod-template-hash> is a Deployment', () => {
  const owner = resolveOwner({ name: 'api-7d9f8b6c5d-x2x7q', labels: { 'pod-template-hash': '7d9f8b6c5d' }, ownerReferences: rsRef('api-7d9f8b6c5d') });
  assert.deepEqual(owner, { kind: 'Deployment', name: 'api' });
  // Hyphens inside the Deployment name survive.
  const dashed = resolveOwner({ labels: { 'pod-template-hash': 'abc12' }, ownerReferences: rsRef('web-front-end-abc12') });
  assert.deepEqual(dashed, { kind: 'Deployment', name: 'web-front-end' });
});

test('a ReplicaSet without the matching hash label stays a ReplicaSet', () => {
  assert.deepEqual(resolveOwner({ labels: { app: 'x' }, ownerReferences: rsRef('legacy-rs') }), { kind: 'ReplicaSet', name: 'legacy-rs' });
  // A hash label that is not the ReplicaSet's suffix (an operator's own naming) is not trusted.
  assert.deepEqual(resolveOwner({ labels: { 'pod-template-hash': 'zzz' }, ownerReferences: rsRef('rollout-abc') }), {
    kind: 'ReplicaSet',
    name: 'rollout-abc',
  });
  // The hash alone is not a name.
  assert.deepEqual(resolveOwner({ labels: { 'pod-template-hash': 'abc' }, ownerReferences: rsRef('-abc') }), { kind: 'ReplicaSet', name: '-abc' });
});

test('StatefulSet, DaemonSet and custom controllers are top-level as they stand', () => {
  for (const kind of ['StatefulSet', 'DaemonSet', 'Rollout']) {
    assert.deepEqual(resolveOwner({ name: 'p', ownerReferences: [{ kind, name: 'w', controller: true }] }), { kind, name: 'w' });
  }
});

test('bare and mirror pods are named by themselves', () => {
  assert.deepEqual(resolveOwner({ name: 'debug' }), { kind: 'Pod', name: 'debug' });
  assert.deepEqual(resolveOwner({ name: 'kube-proxy-node1', ownerReferences: [{ kind: 'Node', name: 'node1', controller: true }] }), {
    kind: 'Pod',
    name: 'kube-proxy-node1',
  });
});

test('Jobs become their CronJob when known, and say why when Jobs are not readable', () => {
  const meta = { name: 'report-29000000-abcde', ownerReferences: [{ kind: 'Job', name: 'report-29000000', controller: true }] };
  assert.deepEqual(resolveOwner(meta, () => ({ cronJob: 'report' })), { kind: 'CronJob', name: 'report' });
  assert.deepEqual(resolveOwner(meta, () => ({})), { kind: 'Job', name: 'report-29000000' });
  assert.deepEqual(resolveOwner(meta), { kind: 'Job', name: 'report-29000000' });
  const fallback = resolveOwner(meta, () => ({ unreadable: true }));
  assert.equal(fallback.kind, 'Job');
  assert.equal(fallback.name, 'report-29000000');
  assert.match(fallback.note ?? '', /not readable/);
});

test('the controller reference wins over other owners', () => {
  const ref = controllerRef({
    ownerReferences: [
      { kind: 'ConfigMap', name: 'not-me' },
      { kind: 'StatefulSet', name: 'db', controller: true },
    ],
  });
  assert.deepEqual(ref, { kind: 'StatefulSet', name: 'db' });
  // Several owners and none the controller: nothing to go by.
  assert.equal(controllerRef({ ownerReferences: [{ kind: 'A', name: 'a' }, { kind: 'B', name: 'b' }] }), undefined);
});
