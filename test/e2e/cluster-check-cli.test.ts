// `secret-surface cluster` and checkCluster() against a real kube-apiserver (the documented Role) and a real
// registry: every Secret channel, which source decided each image and why, forbidden namespaces listed, the
// output formats and exit codes, and the faults — API unreachable, bad credentials, missing context, registry
// 401/404/timeout, a layer over the byte limit, a malformed image — each a clear result, never a crash or hang.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkCluster, ClusterCheckError } from '../../server/src/cluster/check.js';
import type { ClusterCheckResult } from '../../server/src/protocol.js';
import { MemoryDigestCache } from '../../server/src/cluster/registry/index.js';
import { walkFolderSync } from '../../server/src/files/walk.js';
import { freePort } from './support/kube-cluster.js';
import { startClusterWorld, type ClusterWorld } from './cluster-check-scenario.js';

const CLI = 'server/out/cli.js';
let world: ClusterWorld;

before(async () => {
  world = await startClusterWorld();
});

after(async () => {
  await world?.stop();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the bundled CLI as a user would, with a deadline so a hang fails the test instead of stalling it. */
function cli(args: string[], deadlineMs = 60_000): Promise<Run> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, KUBECONFIG: '', NO_COLOR: '1', DOCKER_CONFIG: join(world.dir, 'no-docker') } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cli ${args.join(' ')} did not finish within ${deadlineMs} ms\n${stderr}`));
    }, deadlineMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

const shopArgs = () => ['cluster', '--context', 'surface', '--kubeconfig', world.kubeconfig, '--namespace', 'shop', '--namespace', 'vault', '--workspace', world.workspace];

interface JsonOut {
  version: number;
  findings: { rule: string; severity: string; message: string; file: string; workload?: { kind: string; name: string; namespace: string }; container?: string; image?: string; related: { message: string }[] }[];
  notices: { file: string; severity: string; message: string }[];
}

let jsonRun: { run: Run; out: JsonOut } | undefined;
async function jsonOnce(): Promise<{ run: Run; out: JsonOut }> {
  if (!jsonRun) {
    const run = await cli([...shopArgs(), '--format', 'json', '--cache-dir', mkdtempSync(join(world.dir, 'cache-'))]);
    assert.equal(run.stderr, '', run.stderr);
    jsonRun = { run, out: JSON.parse(run.stdout) as JsonOut };
  }
  return jsonRun;
}

const findingsOf = (out: JsonOut, name: string, rule?: string) => out.findings.filter((f) => f.workload?.name === name && (!rule || f.rule === rule));

test('CLI JSON: findings on the virtual cluster files, exit 1 on errors', async () => {
  const { run, out } = await jsonOnce();
  assert.equal(run.code, 1);
  assert.equal(out.version, 1);
  assert.ok(out.findings.length > 0);
  for (const f of out.findings) assert.match(f.file, /^cluster\/surface\/shop\//, f.file);
  // Every Secret channel reached the core: env, envFrom, volume, projected, CSI.
  const files = new Set(out.findings.map((f) => f.file));
  for (const f of ['deployment/tools', 'statefulset/db', 'daemonset/agent', 'deployment/web', 'cronjob/report', 'pod/ghost', 'job/migrate']) {
    assert.ok([...files].some((x) => x === `cluster/surface/shop/${f}.yaml`), `${f} in ${[...files].join(', ')}`);
  }
  assert.ok(out.findings.some((f) => f.rule === 'secret-volume-not-csi' && f.workload?.name === 'db'));
  assert.ok(out.findings.some((f) => f.rule === 'secret-as-env-var' && f.workload?.name === 'web'));
});

test('registry decides: shell and curl with their layer and path, from the running digest rather than the moved tag', async () => {
  const { out } = await jsonOnce();
  const shell = findingsOf(out, 'tools', 'secret-in-shell-image');
  assert.equal(shell.length, 1);
  assert.match(shell[0]!.message, /^Shell \((.*, )?sh[,)]/);
  assert.ok(shell[0]!.related.some((r) => /(^|, )sh layer sha256:[0-9a-f]{12} \/bin\/sh$/.test(r.message)), JSON.stringify(shell[0]!.related));
  assert.match(shell[0]!.message, /Decided by the registry manifest sha256:[0-9a-f]{12}… \(linux\/amd64, the running digest\), since no workspace Dockerfile is linked to it\.$/);
  assert.ok(shell[0]!.message.includes(world.digests['tools']!.slice(0, 19)), shell[0]!.message);
  // The tag 1.0 now names an image without curl; the running digest has it.
  const net = findingsOf(out, 'tools', 'secret-in-network-client-image');
  assert.equal(net.length, 1);
  assert.ok(net[0]!.related.some((r) => /(^|, )curl layer sha256:[0-9a-f]{12} \/usr\/bin\/curl$/.test(r.message)), JSON.stringify(net[0]!.related));
});

test('registry decides: busybox applets found by links; the distroless-like image has no tool findings', async () => {
  const { out } = await jsonOnce();
  const agent = findingsOf(out, 'agent', 'secret-in-shell-image');
  assert.equal(agent.length, 1);
  assert.match(agent[0]!.message, /busybox|sh/);
  assert.ok(findingsOf(out, 'agent', 'secret-in-network-client-image').some((f) => /wget/.test(f.message)), 'busybox wget');
  const db = findingsOf(out, 'db');
  assert.ok(db.length > 0);
  for (const f of db) assert.ok(!['secret-in-shell-image', 'secret-in-network-client-image', 'secret-image-unverified'].includes(f.rule), f.message);
  assert.match(db[0]!.message, /Decided by the registry manifest/);
});

test('the workspace Dockerfile linked to an image wins over the registry copy', async () => {
  const { out } = await jsonOnce();
  const web = findingsOf(out, 'web');
  assert.ok(web.length > 0);
  // The registry copy has sh and curl; the Dockerfile builds on distroless static.
  assert.ok(!web.some((f) => f.rule === 'secret-in-shell-image' || f.rule === 'secret-in-network-client-image'), JSON.stringify(web));
  assert.match(web[0]!.message, /Decided by the workspace Dockerfile web\/Dockerfile \(\.secret-surface\.yaml images: /);
});

test('registry 401 falls back to the catalog, 404 and a malformed config to "unknown", each said', async () => {
  const { out } = await jsonOnce();
  const report = findingsOf(out, 'report', 'secret-in-shell-image');
  assert.equal(report.length, 1, JSON.stringify(findingsOf(out, 'report')));
  assert.match(report[0]!.message, /Decided by the catalog.*refused access \(401\/403\)/);
  const ghost = findingsOf(out, 'ghost', 'secret-image-unverified');
  assert.equal(ghost.length, 1);
  assert.match(ghost[0]!.message, /does not have it \(404\)/);
  const migrate = findingsOf(out, 'migrate', 'secret-image-unverified');
  assert.equal(migrate.length, 1);
  assert.match(migrate[0]!.message, /malformed/);
  assert.ok(out.notices.some((n) => /private\/app.*401/.test(n.message)), JSON.stringify(out.notices));
});

test('the forbidden namespace is a notice, not a failure; no Secret value anywhere', async () => {
  const { run, out } = await jsonOnce();
  const vault = out.notices.filter((n) => n.file === 'cluster/surface/vault');
  assert.equal(vault.length, 1, JSON.stringify(out.notices));
  assert.match(vault[0]!.message, /403|Not allowed/);
  assert.ok(!out.findings.some((f) => f.workload?.namespace === 'vault'));
  for (const v of world.secretValues) assert.ok(!run.stdout.includes(v), `secret value ${v} in output`);
});

test('CLI text and SARIF print the same findings; text lists the forbidden namespace and the sources', async () => {
  const { out } = await jsonOnce();
  const cache = mkdtempSync(join(world.dir, 'cache-'));
  const text = await cli([...shopArgs(), '--cache-dir', cache]);
  assert.equal(text.code, 1);
  assert.match(text.stdout, /^Cluster surface \(https:\/\/127\.0\.0\.1:\d+\): \d+ pods/);
  assert.match(text.stdout, /Forbidden namespaces \(not checked\): vault/);
  assert.match(text.stdout, /Images decided by: 1 workspace Dockerfile, 3 registry, 1 catalog, 2 unknown/);
  for (const f of out.findings) assert.ok(text.stdout.includes(f.message), f.message);
  const sarif = await cli([...shopArgs(), '--format', 'sarif', '--cache-dir', cache, '--fail-on', 'never']);
  assert.equal(sarif.code, 0);
  const doc = JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
  assert.equal(doc.runs[0]!.results.length, out.findings.length);
  // The digest cache was written: a second run needs no layer reads.
  assert.ok(readdirSync(cache).length > 0);
});

test('CLI: unreachable API server, rejected credentials, missing context → exit 2 with one line', async () => {
  const port = await freePort();
  const cases: [string[], RegExp][] = [
    [['--kubeconfig', world.cluster.kubeconfigFor(world.cluster.limitedToken, { context: 'surface', server: `https://127.0.0.1:${port}` })], /Cannot reach the API server .*refused/],
    [['--kubeconfig', world.cluster.kubeconfigFor('not-a-valid-token', { context: 'surface' })], /rejected the credentials/],
    [['--kubeconfig', world.kubeconfig, '--context', 'nope'], /no context "nope"/],
    [['--kubeconfig', join(world.dir, 'absent.yaml')], /No kubeconfig found/],
    [['--kubeconfig', world.kubeconfig, '--format', 'xml'], /--format must be/],
  ];
  for (const [extra, re] of cases) {
    const args = ['cluster', '--context', 'surface', ...extra];
    const r = await cli(args, 30_000);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr.split('\n')[0]!, re);
    assert.ok(!/\n\s+at /.test(r.stderr), `stack trace: ${r.stderr}`);
    assert.ok(r.stderr.trim().split('\n').length <= 2, r.stderr);
  }
});

test('faults: a registry that never answers and a layer over the byte limit are bounded and explained', async () => {
  const t0 = Date.now();
  const phases = new Set<string>();
  const result = await checkCluster({
    context: 'surface',
    kubeconfig: world.kubeconfig,
    trusted: true,
    namespaces: ['faults'],
    workspaceFiles: walkFolderSync(world.workspace).files,
    registry: { cache: new MemoryDigestCache(), limits: { timeoutMs: 1500, maxLayerBytes: 64 * 1024 } },
    onProgress: (p) => phases.add(p.phase),
  });
  assert.ok(Date.now() - t0 < 20_000, `took ${Date.now() - t0} ms`);
  assert.deepEqual([...phases].sort(), ['analysis', 'cluster', 'registry']);
  const slow = result.images.find((i) => i.ref === world.images.slow)!;
  assert.equal(slow.source, 'unknown');
  assert.match(slow.why, /did not answer in time/);
  const big = result.images.find((i) => i.ref === world.images.big)!;
  assert.equal(big.source, 'unknown');
  assert.match(big.why, /incomplete \(too-large: layer sha256:/);
  assert.ok(result.findings.some((f) => f.rule === 'secret-image-unverified' && f.workload?.name === 'slow' && /did not answer in time/.test(f.message)));
  assert.equal(result.stats.pods, 2);
  assert.ok(result.stats.registryRequests > 0);
});

test('checkCluster: images say which source decided; warm cache makes no layer requests; containers carry the links', async () => {
  const cache = new MemoryDigestCache();
  const run = (): Promise<ClusterCheckResult> =>
    checkCluster({
      context: 'surface',
      kubeconfig: world.kubeconfig,
      trusted: true,
      namespaces: ['shop'],
      workspaceFiles: walkFolderSync(world.workspace).files,
      registry: { cache, dockerConfigPath: join(world.dir, 'none.json') },
    });
  const cold = await run();
  const bySource = (s: string) => cold.images.filter((i) => i.source === s).map((i) => i.ref).sort();
  assert.deepEqual(bySource('dockerfile'), [world.images.web]);
  assert.deepEqual(bySource('registry'), [world.images.agent, world.images.distroless, world.images.tools].sort());
  assert.deepEqual(bySource('catalog'), [world.images.private]);
  assert.deepEqual(bySource('unknown'), [world.images.broken, world.images.ghost].sort());
  const tools = cold.images.find((i) => i.ref === world.images.tools)!;
  assert.equal(tools.digest, world.digests['tools']);
  assert.ok(tools.tools.some((t) => t.tool === 'curl' && t.origin.kind === 'layer' && t.evidence.endsWith('/usr/bin/curl')));
  assert.match(cold.images.find((i) => i.ref === world.images.web)!.why, /workspace Dockerfile web\/Dockerfile/);
  assert.equal(cold.images.find((i) => i.ref === world.images.web)!.dockerfile, 'web/Dockerfile');
  const toolsRow = cold.containers.find((c) => c.workload.name === 'tools')!;
  assert.equal(toolsRow.severity, 'error');
  assert.equal(toolsRow.workspaceManifest?.file, 'k8s/tools.yaml');
  assert.deepEqual(toolsRow.pods.length, 2);
  assert.equal(cold.containers.find((c) => c.workload.name === 'web')!.dockerfile?.file, 'web/Dockerfile');
  assert.deepEqual(cold.namespaces, { ok: ['shop'], forbidden: [], failed: [] });

  const warm = await run();
  assert.deepEqual(warm.findings, cold.findings);
  // Digest-pinned images answer from the cache without a request; only tag-named ones still resolve the tag.
  assert.ok(warm.stats.registryRequests < cold.stats.registryRequests, `${warm.stats.registryRequests} vs ${cold.stats.registryRequests}`);
});

test('untrusted: refused before anything is read; cancelled: a clear error', async () => {
  await assert.rejects(
    checkCluster({ context: 'surface', kubeconfig: world.kubeconfig, trusted: false }),
    (e: unknown) => e instanceof ClusterCheckError && e.kind === 'untrusted',
  );
  const ctrl = new AbortController();
  const pending = checkCluster({
    context: 'surface',
    kubeconfig: world.kubeconfig,
    trusted: true,
    namespaces: ['faults'],
    signal: ctrl.signal,
    registry: { cache: new MemoryDigestCache(), limits: { timeoutMs: 60_000 } },
    onProgress: (p) => {
      if (p.phase === 'registry') ctrl.abort();
    },
  });
  const t0 = Date.now();
  await assert.rejects(pending, (e: unknown) => e instanceof ClusterCheckError && e.kind === 'cancelled');
  assert.ok(Date.now() - t0 < 10_000);
});
