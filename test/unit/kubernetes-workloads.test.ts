// Workload kinds and where their pod spec lives, container kinds (init, sidecar, ephemeral), exec
// probes and hooks, ports, command/args, Lists, anchors/aliases and multi-document streams.
import assert from 'node:assert/strict';
import { parseManifest } from '../../server/src/core/kubernetes/index.js';
import type { ManifestFacts } from '../../server/src/core/model.js';
import { eolTest, rangeOf, spanOf } from './kubernetes-support.js';

function byName(f: ManifestFacts, name: string) {
  const w = f.workloads.find((x) => x.ref.name === name);
  assert.ok(w, `workload ${name}`);
  return w;
}

eolTest('every workload kind, with its pod spec found on its own path', 'kinds.yaml', (text) => {
  const f = parseManifest('kinds.yaml', text);
  assert.deepEqual(
    f.workloads.map((w) => [w.ref.kind, w.ref.name, w.ref.namespace, w.containers[0]?.image]),
    [
      ['Pod', 'pod-a', 'jobs', 'pod-image'],
      ['Deployment', 'deploy-a', 'default', 'deployment-image'],
      ['StatefulSet', 'sts-a', 'default', 'statefulset-image'],
      ['DaemonSet', 'ds-a', 'default', 'daemonset-image'],
      ['ReplicaSet', 'rs-a', 'default', 'replicaset-image'],
      ['ReplicationController', 'rc-a', 'default', 'rc-image'],
      ['Job', 'job-a', 'default', 'job-image'],
      ['CronJob', 'cron-a', 'jobs', 'cronjob-image'],
      ['PodTemplate', 'tpl-a', 'default', 'podtemplate-image'],
    ],
  );
  assert.equal(f.notKubernetes, false);
  const cron = byName(f, 'cron-a');
  assert.deepEqual(cron.podSpecLocation.range, spanOf(text, 'restartPolicy: OnFailure', 'image: cronjob-image'));
  assert.deepEqual(cron.containers[0]!.imageLocation.range, rangeOf(text, 'cronjob-image'));
  const tpl = byName(f, 'tpl-a');
  assert.deepEqual(tpl.podSpecLocation.range, spanOf(text, 'containers:', 'image: podtemplate-image', { after: 'name: tpl-a' }));
  // each object's location is its own document, not its neighbours'
  assert.deepEqual(byName(f, 'job-a').location.range, spanOf(text, 'apiVersion: batch/v1', 'image: job-image'));
});

eolTest('init containers, restartPolicy: Always sidecars and ephemeral containers', 'containers.yaml', (text) => {
  const f = parseManifest('containers.yaml', text);
  const w = f.workloads[0]!;
  assert.deepEqual(
    w.containers.map((c) => [c.name, c.kind]),
    [
      ['migrate', 'initContainer'],
      ['proxy', 'sidecar'],
      ['web', 'container'],
      ['debugger', 'ephemeralContainer'],
    ],
  );
  const [migrate, , , debuggerC] = w.containers;
  assert.deepEqual(migrate!.secrets.map((s) => [s.channel, s.secretName]), [['envFrom', 'db-admin']]);
  assert.deepEqual(migrate!.command, ['/app/migrate', '--up']);
  assert.deepEqual(debuggerC!.secrets.map((s) => [s.channel, s.secretName, s.mountPath]), [['volume', 'api-token', '/debug']]);
});

eolTest('exec probes and lifecycle hooks, with which need a shell', 'containers.yaml', (text) => {
  const web = parseManifest('containers.yaml', text).workloads[0]!.containers.find((c) => c.name === 'web')!;
  assert.deepEqual(
    web.execHandlers.map((h) => [h.site, h.command, h.needsShell]),
    [
      ['livenessProbe', ['/bin/sh', '-c', 'curl -fs http://localhost:8080/healthz'], true],
      ['readinessProbe', ['/app/ready'], false],
      ['startupProbe', ['cat /tmp/started'], true],
      ['postStart', ['busybox', 'sh', '-c', 'echo started > /tmp/started'], true],
    ],
  );
  const live = web.execHandlers[0]!;
  assert.deepEqual(live.location.range, spanOf(text, 'exec:', 'localhost:8080/healthz'));
  assert.deepEqual(live.handlerLocation.range, spanOf(text, 'exec:', 'periodSeconds: 10'));
  assert.deepEqual(web.args, ['--port', '8080']);
  assert.deepEqual(web.ports, [
    { containerPort: 8080, name: 'http', protocol: 'TCP' },
    { containerPort: 9090, protocol: 'UDP' },
  ]);
});

eolTest('kind: List items and typed lists', 'list.yaml', (text) => {
  const f = parseManifest('list.yaml', text);
  assert.deepEqual(f.workloads.map((w) => [w.ref.kind, w.ref.name]), [
    ['Pod', 'listed-pod'],
    ['Deployment', 'typed-item'],
  ]);
  const pod = f.workloads[0]!;
  assert.deepEqual(pod.location.range, spanOf(text, 'apiVersion: v1', '{name: api-token, key: token}', { after: 'items:' }));
  assert.deepEqual(pod.containers[0]!.imageLocation.range, rangeOf(text, 'listed-pod-image'));
  assert.deepEqual(pod.containers[0]!.secrets.map((s) => [s.channel, s.secretName, s.key]), [['env', 'api-token', 'token']]);
  assert.deepEqual(f.serviceAccounts.map((s) => [s.name, s.automountToken?.value]), [['listed-sa', false]]);
  assert.deepEqual(f.workloads[1]!.containers[0]!.imageLocation.range, rangeOf(text, 'typed-item-image'));
});

eolTest('anchors and aliases: an aliased env list, an aliased secretKeyRef and a merge key count', 'anchors.yaml', (text) => {
  const w = parseManifest('anchors.yaml', text).workloads[0]!;
  const summary = w.containers.map((c) => [c.name, c.image, c.secrets.map((s) => `${s.channel}:${s.secretName}/${s.key}`)]);
  assert.deepEqual(summary, [
    ['first', 'first-image', ['env:db-credentials/password']],
    ['second', 'second-image', ['env:db-credentials/password']],
    ['third', 'third-image', ['env:db-credentials/password']],
    ['fourth', 'fourth-image', ['env:db-credentials/password']],
  ]);
  // an aliased delivery points at where it is written: the anchored entry
  const anchored = spanOf(text, 'name: DB_PASSWORD', 'key: password');
  assert.deepEqual(w.containers[1]!.secrets[0]!.location.range, anchored);
  assert.deepEqual(w.containers[1]!.imageLocation.range, rangeOf(text, 'second-image'));
  // the merged container keeps its own image, name and location
  assert.deepEqual(w.containers[3]!.imageLocation.range, rangeOf(text, 'fourth-image'));
  assert.deepEqual(w.containers[2]!.secrets[0]!.location.range, spanOf(text, 'name: OTHER', 'secretKeyRef: *db-ref'));
});

eolTest('multi-document streams: every document is read, each with its own ranges', 'kinds.yaml', (text) => {
  const f = parseManifest('kinds.yaml', text);
  const lines = f.workloads.map((w) => w.location.range.start.line);
  assert.deepEqual([...lines].sort((a, b) => a - b), lines, 'in document order');
  assert.equal(new Set(lines).size, f.workloads.length);
  for (const w of f.workloads) {
    const image = w.containers[0]!.image;
    assert.deepEqual(w.containers[0]!.imageLocation.range, rangeOf(text, image, { after: `name: ${w.ref.name}` }));
  }
  // a same-named CRD in another API group and a Secret are not workloads
  assert.ok(!f.workloads.some((w) => w.ref.name === 'volcano-job' || w.ref.name === 'not-a-workload'));
});
