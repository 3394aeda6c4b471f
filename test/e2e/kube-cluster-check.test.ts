// The cluster-reading adapter against a real kube-apiserver + etcd, with exactly the Role of
// docs/cluster-rbac.yaml: owner naming, every Secret channel, forbidden namespaces listed, no Secret ever
// requested, and clear errors for the ways a cluster check fails.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterCheckError, listContexts, readCluster, type ClusterSnapshot } from '../../server/src/cluster/kube.js';
import { liveManifests, liveServiceAccountToManifest } from '../../server/src/cluster/live-manifest.js';
import { parseManifest } from '../../server/src/core/kubernetes/index.js';
import { freePort, startCluster, type AuditEvent, type Cluster } from './support/kube-cluster.js';
import { IMAGES, seedScenario, type Scenario } from './support/kube-scenario.js';

let cluster: Cluster;
let scenario: Scenario;
let reader: string;
let work: string;

before(async () => {
  cluster = await startCluster({ extraUsers: ['outsider'] });
  try {
    scenario = await seedScenario(cluster);
  } catch (err) {
    console.error(cluster.logTail());
    throw err;
  }
  reader = cluster.kubeconfigFor(cluster.limitedToken, { context: 'surface' });
  work = mkdtempSync(join(tmpdir(), 'surface-kube-test-'));
});

after(async () => {
  await cluster?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs `fn` and returns the ClusterCheckError it must throw. */
async function failure(fn: () => Promise<unknown>): Promise<ClusterCheckError> {
  try {
    await fn();
  } catch (err) {
    assert.ok(err instanceof ClusterCheckError, `expected a ClusterCheckError, got ${String(err)}`);
    assert.ok(!String(err.message).includes('\n    at '), 'no stack trace in the message');
    return err;
  }
  assert.fail('expected the cluster check to fail');
}

/** Audit events are written as responses complete, which may be just after the client has its answer. */
async function auditUntil(pred: (events: AuditEvent[]) => boolean, deadlineMs = 5000): Promise<AuditEvent[]> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const events = cluster.auditEvents();
    if (pred(events) || Date.now() > until) return events;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const key = (ns: string | undefined, kind: string, name: string) => `${ns}/${kind}/${name}`;

let full: ClusterSnapshot | undefined;
async function readAll(): Promise<ClusterSnapshot> {
  full ??= await readCluster({ context: 'surface', trusted: true, kubeconfig: reader });
  return full;
}

test('reads every workload, named by its owner, with the documented Role', async () => {
  const snap = await readAll();
  assert.equal(snap.context, 'surface');
  assert.equal(snap.server, cluster.server);
  const expected = new Set(scenario.pods.filter((p) => p.namespace !== scenario.forbidden).map((p) => key(p.namespace, p.ownerKind, p.ownerName)));
  const got = new Set(snap.pods.map((p) => key(p.metadata.namespace, p.owner.kind, p.owner.name)));
  // nightly's CronJob cannot be named without `get jobs`: its pod is named by the Job (checked below).
  const nightly = scenario.pods.find((p) => p.namespace === scenario.noJobs)!;
  expected.delete(key(nightly.namespace, 'CronJob', nightly.ownerName));
  const nightlyPod = snap.pods.find((p) => p.metadata.namespace === scenario.noJobs)!;
  assert.equal(nightlyPod.owner.kind, 'Job');
  assert.match(nightlyPod.owner.name, /^cleanup-\d+$/);
  assert.match(nightlyPod.owner.note ?? '', /not readable/);
  expected.add(key(scenario.noJobs, 'Job', nightlyPod.owner.name));
  assert.deepEqual([...got].sort(), [...expected].sort());
  // Deployments (from the ReplicaSet name), CronJobs (through the Job), and the rest by their controller.
  for (const k of ['shop/Deployment/api', 'shop/Deployment/payments', 'shop/StatefulSet/db', 'shop/DaemonSet/agent', 'shop/Pod/debug', 'shop/ReplicaSet/legacy', 'batch/CronJob/report', 'batch/Job/migrate']) {
    assert.ok(got.has(k), `missing ${k}`);
  }
  // Both replicas of api are there, and the running digests came from the status subresource.
  const api = snap.pods.filter((p) => p.owner.name === 'api');
  assert.equal(api.length, 2);
  assert.match(api[0]!.status?.containerStatuses?.[0]?.imageID ?? '', /^registry\.example\.test\/shop\/api@sha256:[0-9a-f]{64}$/);
  assert.equal(api[0]!.status?.containerStatuses?.[0]?.image, IMAGES.api);
  assert.equal(api[0]!.spec['serviceAccountName'], 'api');
  // Bookkeeping the check never needs is gone; the user's own annotations stay.
  assert.equal((api[0]!.metadata as Record<string, unknown>)['managedFields'], undefined);
  const debug = snap.pods.find((p) => p.owner.kind === 'Pod' && p.owner.name === 'debug')!;
  assert.deepEqual(debug.metadata.annotations, { team: 'tools' });
});

test('a namespace the Role is not bound in is listed as forbidden, not fatal', async () => {
  const snap = await readAll();
  const byName = new Map(snap.namespaces.map((n) => [n.name, n]));
  assert.equal(byName.get(scenario.forbidden)?.status, 'forbidden');
  assert.match(byName.get(scenario.forbidden)?.message ?? '', /Not allowed to read pods in namespace vault/);
  for (const ns of scenario.readable) assert.equal(byName.get(ns)?.status, 'ok', ns);
  assert.ok(snap.errors.some((e) => e.kind === 'forbidden' && e.namespace === scenario.forbidden));
  assert.ok(snap.errors.some((e) => e.kind === 'owner-fallback' && e.namespace === scenario.noJobs));
  assert.ok(!snap.pods.some((p) => p.metadata.namespace === scenario.forbidden));
  // ServiceAccounts come along (names and automount only), from readable namespaces.
  const sa = snap.serviceAccounts.find((s: any) => s.metadata?.name === 'api' && s.metadata?.namespace === 'shop') as any;
  assert.equal(sa?.automountServiceAccountToken, false);
});

test('never requests a Secret: the audit log shows pods and serviceaccounts only', async () => {
  const snap = await readAll();
  const events = await auditUntil((ev) => ev.filter((e) => e.user.username === cluster.limitedUser).length >= snap.stats.requests);
  const mine = events.filter((e) => e.user.username === cluster.limitedUser);
  assert.ok(mine.some((e) => e.objectRef?.resource === 'pods' && e.verb === 'list'), 'the reader listed pods');
  assert.deepEqual(mine.filter((e) => e.objectRef?.resource === 'secrets' || /\/secrets\b/.test(e.requestURI)), []);
  const resources = new Set(mine.map((e) => `${e.verb} ${e.objectRef?.resource ?? e.requestURI}`));
  assert.deepEqual([...resources].sort(), ['get jobs', 'list namespaces', 'list pods', 'list serviceaccounts']);
  // And no Secret value leaked into what the adapter returns.
  const text = JSON.stringify(await readAll());
  for (const v of scenario.secretValues) assert.ok(!text.includes(v), `secret value ${v} in the snapshot`);
});

test('live pods become manifests the core reads, with every Secret channel', async () => {
  const snap = await readAll();
  const manifests = liveManifests(snap.pods, snap.context);
  const files = manifests.map((m) => m.file);
  assert.ok(files.includes('cluster/surface/shop/deployment/api.yaml'));
  assert.ok(files.includes('cluster/surface/batch/cronjob/report.yaml'));
  // Two api replicas, one file, one document.
  const api = manifests.find((m) => m.file.endsWith('/deployment/api.yaml'))!;
  assert.equal(api.pods.length, 2);
  const channels = new Set<string>();
  for (const m of manifests) {
    const facts = parseManifest(m.file, m.text);
    assert.deepEqual(facts.notices, [], m.file);
    for (const w of facts.workloads) {
      assert.equal(`${w.ref.kind}/${w.ref.name}`, `${m.owner.kind}/${m.owner.name}`);
      for (const ct of w.containers) for (const s of ct.secrets) channels.add(s.channel);
    }
  }
  assert.deepEqual([...channels].sort(), ['csi', 'env', 'envFrom', 'projected', 'volume']);
  const sa = liveServiceAccountToManifest(snap.serviceAccounts.find((s: any) => s.metadata.name === 'api') as any, snap.context);
  assert.equal(parseManifest(sa.file, sa.text).serviceAccounts[0]?.automountToken?.value, false);
});

test('named namespaces: only those are read, and namespaces are not listed', async () => {
  const mineAfter = (events: AuditEvent[], from: number) => events.slice(from).filter((e) => e.user.username === cluster.limitedUser);
  const before = cluster.auditEvents().length;
  const snap = await readCluster({ context: 'surface', trusted: true, kubeconfig: reader, namespaces: ['shop', scenario.forbidden] });
  assert.deepEqual(snap.namespaces.map((n) => [n.name, n.status]), [['shop', 'ok'], [scenario.forbidden, 'forbidden']]);
  assert.ok(snap.pods.every((p) => p.metadata.namespace === 'shop'));
  const mine = mineAfter(await auditUntil((ev) => mineAfter(ev, before).length >= snap.stats.requests), before);
  assert.ok(!mine.some((e) => e.objectRef?.resource === 'namespaces'));
  assert.equal(snap.stats.requests, mine.length);
});

test('a user who may not list namespaces gets the context namespace and a clear note', async () => {
  const kc = cluster.kubeconfigFor(cluster.tokens['outsider']!, { context: 'outsider', namespace: 'shop' });
  const snap = await readCluster({ context: 'outsider', trusted: true, kubeconfig: kc });
  assert.deepEqual(snap.namespaces.map((n) => [n.name, n.status]), [['shop', 'forbidden']]);
  assert.match(snap.errors[0]?.message ?? '', /Not allowed to list namespaces.*"shop"/);
});

test('an invalid token is a credentials error that does not print the token', async () => {
  const token = 'not-a-valid-token-7f3a9c1e5b';
  const kc = cluster.kubeconfigFor(token, { context: 'stale' });
  const err = await failure(() => readCluster({ context: 'stale', trusted: true, kubeconfig: kc }));
  assert.equal(err.kind, 'credentials');
  assert.match(err.message, /rejected the credentials of context "stale"/);
  assert.ok(!err.message.includes(token));
  assert.ok(!JSON.stringify(err).includes(token));
});

test('a closed port is "unreachable", quickly', async () => {
  const port = await freePort();
  const kc = cluster.kubeconfigFor(cluster.limitedToken, { context: 'gone', server: `https://127.0.0.1:${port}` });
  const t0 = Date.now();
  const err = await failure(() => readCluster({ context: 'gone', trusted: true, kubeconfig: kc, requestTimeoutMs: 5000 }));
  assert.equal(err.kind, 'unreachable');
  assert.match(err.message, /Cannot reach the API server at https:\/\/127\.0\.0\.1:\d+ .*refused/);
  assert.ok(Date.now() - t0 < 5000, 'no waiting for a refused connection');
});

/** A TCP server that accepts connections and never answers: the hang a firewall or dead VPN produces. */
async function silentServer(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let count = 0;
  const srv: NetServer = createNetServer((s) => {
    count++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  return {
    port,
    connections: () => count,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}

test('an API server that never answers is a timeout, not a hang', async () => {
  const silent = await silentServer();
  try {
    const kc = cluster.kubeconfigFor(cluster.limitedToken, { context: 'silent', server: `https://127.0.0.1:${silent.port}` });
    const t0 = Date.now();
    const err = await failure(() => readCluster({ context: 'silent', trusted: true, kubeconfig: kc, requestTimeoutMs: 800 }));
    assert.equal(err.kind, 'timeout');
    assert.match(err.message, /did not answer within 0\.8s/);
    assert.ok(Date.now() - t0 < 5000);
    assert.ok(silent.connections() >= 1);
  } finally {
    await silent.close();
  }
});

test('cancelling stops the read at once', async () => {
  const silent = await silentServer();
  try {
    const kc = cluster.kubeconfigFor(cluster.limitedToken, { context: 'silent', server: `https://127.0.0.1:${silent.port}` });
    const ctrl = new AbortController();
    const t0 = Date.now();
    const pending = failure(() => readCluster({ context: 'silent', trusted: true, kubeconfig: kc, signal: ctrl.signal, requestTimeoutMs: 60_000 }));
    // Cancel once the request is on the wire (poll with a deadline).
    const deadline = Date.now() + 5000;
    while (silent.connections() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    ctrl.abort();
    const err = await pending;
    assert.equal(err.kind, 'cancelled');
    assert.ok(Date.now() - t0 < 5000);
  } finally {
    await silent.close();
  }
});

test('untrusted workspace: refused before the kubeconfig is used — no request, no exec plugin', async () => {
  let requests = 0;
  const http: Server = createHttpServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"kind":"NamespaceList","items":[]}');
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = (http.address() as { port: number }).port;
  const marker = join(work, 'exec-ran');
  const plugin = join(work, 'plugin.mjs');
  writeFileSync(plugin, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nconsole.log(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'x' } }));\n`);
  const kc = join(work, 'untrusted.yaml');
  writeFileSync(
    kc,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: local',
      '  cluster:',
      `    server: http://127.0.0.1:${port}`,
      '    insecure-skip-tls-verify: true',
      'users:',
      '- name: exec-user',
      '  user:',
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1',
      `      command: ${process.execPath}`,
      `      args: [${JSON.stringify(plugin)}]`,
      '      interactiveMode: Never',
      'contexts:',
      '- name: local',
      '  context: {cluster: local, user: exec-user}',
      'current-context: local',
      '',
    ].join('\n'),
  );
  try {
    const err = await failure(() => readCluster({ context: 'local', trusted: false, kubeconfig: kc }));
    assert.equal(err.kind, 'untrusted');
    assert.match(err.message, /untrusted workspace/);
    assert.equal(requests, 0);
    assert.equal(existsSync(marker), false, 'the exec plugin must not run');
    // The same kubeconfig, trusted: the plugin runs and the "cluster" is asked — proving the test can fail.
    await readCluster({ context: 'local', trusted: true, kubeconfig: kc }).catch(() => undefined);
    assert.ok(requests > 0);
    assert.equal(existsSync(marker), true);
  } finally {
    await new Promise<void>((r) => http.close(() => r()));
  }
});

test('trusted: an exec credential plugin authenticates like kubectl', async () => {
  const plugin = join(work, 'token-plugin.mjs');
  writeFileSync(
    plugin,
    `console.log(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: ${JSON.stringify(cluster.limitedToken)} } }));\n`,
  );
  const base = cluster.kubeconfigFor('unused-static-token', { context: 'exec' });
  const kc = join(work, 'exec.yaml');
  writeFileSync(
    kc,
    readFileSync(base, 'utf8').replace(
      /    token: unused-static-token\n/,
      `    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: ${process.execPath}\n      args: [${JSON.stringify(plugin)}]\n      interactiveMode: Never\n`,
    ),
  );
  const snap = await readCluster({ context: 'exec', trusted: true, kubeconfig: kc, namespaces: ['shop'] });
  assert.deepEqual(snap.namespaces.map((n) => n.status), ['ok']);
  assert.ok(snap.pods.some((p) => p.owner.kind === 'Deployment' && p.owner.name === 'api'));
});

test('a missing context names the ones that exist; KUBECONFIG lists merge', async () => {
  const err = await failure(() => readCluster({ context: 'nope', trusted: true, kubeconfig: reader }));
  assert.equal(err.kind, 'no-context');
  assert.match(err.message, /no context "nope" \(it has: surface\)/);
  const other = cluster.kubeconfigFor(cluster.adminToken, { context: 'admin' });
  const saved = process.env['KUBECONFIG'];
  process.env['KUBECONFIG'] = `${other}:${reader}`;
  try {
    assert.deepEqual(listContexts().map((c) => c.name), ['admin', 'surface']);
    // Reading through the merged list picks the named context's own credentials.
    const snap = await readCluster({ context: 'surface', trusted: true, namespaces: ['shop'] });
    assert.equal(snap.namespaces[0]?.status, 'ok');
  } finally {
    if (saved === undefined) delete process.env['KUBECONFIG'];
    else process.env['KUBECONFIG'] = saved;
  }
});
