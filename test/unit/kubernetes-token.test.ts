// Service-account token decision: the pod's own setting, else the ServiceAccount in the same
// namespace (from anywhere in the workspace), else Kubernetes' default of mounting it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseManifest, resolveToken } from '../../server/src/core/kubernetes/index.js';
import { EOLS, eolTest, rangeOf } from './kubernetes-support.js';

eolTest('pod setting wins, then the ServiceAccount, then the default', 'token.yaml', (text) => {
  const f = parseManifest('token.yaml', text);
  const decide = (name: string) => {
    const w = f.workloads.find((x) => x.ref.name === name)!;
    return resolveToken(w, f.serviceAccounts);
  };
  assert.deepEqual(decide('pod-overrides-sa'), {
    mounted: true,
    reason: 'pod',
    serviceAccountName: 'quiet',
    location: { file: 'token.yaml', range: rangeOf(text, 'automountServiceAccountToken: true', { after: 'pod-overrides-sa' }) },
  });
  const podFalse = decide('pod-false');
  assert.equal(podFalse.mounted, false);
  assert.equal(podFalse.reason, 'pod');
  assert.deepEqual(podFalse.location?.range, rangeOf(text, 'automountServiceAccountToken: false', { after: 'name: pod-false' }));

  const saFalse = decide('sa-says-no');
  assert.equal(saFalse.mounted, false);
  assert.equal(saFalse.reason, 'service-account');
  assert.equal(saFalse.serviceAccountName, 'quiet');
  assert.deepEqual(saFalse.location?.range, rangeOf(text, 'automountServiceAccountToken: false'));

  assert.deepEqual(decide('by-default'), { mounted: true, reason: 'default', serviceAccountName: 'default' });
  // the deprecated `serviceAccount` field still names the account
  assert.equal(decide('legacy-field').reason, 'service-account');
});

eolTest('the ServiceAccount must be in the workload namespace, and may come from another file', 'token.yaml', (text, eol) => {
  const workloads = parseManifest('deploy.yaml', text).workloads;
  const saFile = parseManifest(
    'sa.yaml',
    ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: default', 'automountServiceAccountToken: no', ''].join(eol),
  );
  const byDefault = workloads.find((w) => w.ref.name === 'by-default')!;
  const t = resolveToken(byDefault, saFile.serviceAccounts);
  assert.equal(t.mounted, false, 'YAML 1.1 `no` is false, as Kubernetes reads it');
  assert.equal(t.reason, 'service-account');
  assert.equal(t.location?.file, 'sa.yaml');

  // `quiet` in namespace `other` says true, but sa-says-no lives in `shop`
  const other = parseManifest('t.yaml', text).serviceAccounts.filter((s) => s.namespace === 'other');
  const saSaysNo = workloads.find((w) => w.ref.name === 'sa-says-no')!;
  assert.deepEqual(resolveToken(saSaysNo, other), { mounted: true, reason: 'default', serviceAccountName: 'quiet' });
});

test('a quoted "false" is a string, not a decision', () => {
  for (const eol of Object.values(EOLS)) {
    const f = parseManifest(
      'p.yaml',
      ['apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  automountServiceAccountToken: "false"', '  containers: [{name: c, image: i}]', ''].join(eol),
    );
    assert.equal(f.workloads[0]!.automountToken, undefined);
    assert.equal(resolveToken(f.workloads[0]!, []).reason, 'default');
  }
});
