// The cluster-check benchmark: starts its own etcd + kube-apiserver and registry, seeds 5,000 pods over 200
// images that are really in the registry (pods report their real running digests), then runs the check in a
// fresh process twice — cold digest cache, then warm — and prints wall time, requests and peak memory.
// Skips with a message when the servers are not installed (scripts/e2e/setup.sh installs them).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild } from './child.js';

const PODS = Number(process.env['BENCH_CLUSTER_PODS'] ?? 5000);
const IMAGES = Number(process.env['BENCH_CLUSTER_IMAGES'] ?? 200);
const TARGET_MS = 10_000;

interface RunFigures {
  ms: number;
  requests: number;
  registryRequests: number;
  pods: number;
  workloads: number;
  images: number;
  findings: number;
  sources: Record<string, number>;
  maxRssMb: number;
}

/** Child mode: one check with a directory digest cache, figures as JSON on stdout. */
async function runOnce(kubeconfig: string, cacheDir: string): Promise<void> {
  const { checkCluster } = await import('../server/src/cluster/check.js');
  const { DirectoryDigestCache } = await import('../server/src/cluster/registry/index.js');
  const result = await checkCluster({ context: 'bench', kubeconfig, trusted: true, registry: { cache: new DirectoryDigestCache(cacheDir), concurrency: 16 } });
  const sources: Record<string, number> = {};
  for (const i of result.images) sources[i.source] = (sources[i.source] ?? 0) + 1;
  const figures: RunFigures = {
    ms: result.stats.ms,
    requests: result.stats.requests,
    registryRequests: result.stats.registryRequests,
    pods: result.stats.pods,
    workloads: result.stats.workloads,
    images: result.stats.images,
    findings: result.findings.length,
    sources,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(figures));
}

/** One measured run in a fresh process. */
function child(kubeconfig: string, cacheDir: string): Promise<RunFigures> {
  return runChild<RunFigures>(fileURLToPath(import.meta.url), [kubeconfig, cacheDir], 'cluster check run');
}

async function bench(): Promise<void> {
  const support = await import('../test/e2e/support/kube-cluster.js');
  try {
    support.findKubeApiserver();
    support.findEtcd();
    if (spawnSync(process.env['SECRET_SURFACE_REGISTRY_BIN'] ?? 'docker-registry', ['--version'], { stdio: 'ignore' }).error) throw new Error('docker-registry not found');
  } catch (err) {
    console.log(`\n== cluster check: skipped (${(err as Error).message.split('\n', 1)[0]}; run scripts/e2e/setup.sh)`);
    return;
  }
  const { startRegistry } = await import('../test/e2e/support/registry.js');
  const { image, layer, Pusher } = await import('../test/e2e/support/image-builder.js');
  const { pool } = await import('../test/e2e/support/kube-seed.js');
  const { seedBenchCluster } = await import('./cluster-seed.js');

  const dir = mkdtempSync(join(tmpdir(), 'surface-bench-cluster-'));
  const registry = await startRegistry();
  const cluster = await support.startCluster().catch(async (err: unknown) => {
    await registry.stop();
    throw err;
  });
  try {
    const t0 = Date.now();
    const push = new Pusher(registry.url);
    const shell = await layer([{ path: 'bin/sh' }, { path: 'bin/bash' }, { path: 'usr/bin/curl' }]);
    const app = await layer([{ path: 'app/server', content: Buffer.alloc(4096, 3) }]);
    const refs = Array.from({ length: IMAGES }, (_, i) => `${registry.host}/team-${i % 10}/svc-${i}:1.${i}`);
    const digests = new Map<string, string>();
    // Half the images carry a shell and curl, half are distroless-like; each has its own config (own digest).
    await pool(refs, 16, async (ref, i) => {
      const repo = ref.slice(registry.host.length + 1, ref.lastIndexOf(':'));
      const img = image({ layers: i % 2 === 0 ? [shell, app] : [app], entrypoint: ['/app/server', `--id=${i}`] });
      digests.set(ref, await push.pushImage(repo, ref.slice(ref.lastIndexOf(':') + 1), img));
    });
    const pushed = Date.now() - t0;
    const step = (what: string) => process.stderr.write(`cluster bench: ${what} (${Math.round((Date.now() - t0) / 1000)} s)\n`);
    step(`pushed ${IMAGES} images`);
    const seed = await seedBenchCluster(cluster, { pods: PODS, images: IMAGES, image: (i) => refs[i]! });
    step(`seeded ${seed.pods} pods`);
    // The kubelet's report: the real digests (the seeding helper writes placeholders).
    const t1 = Date.now();
    await pool(seed.namespaces, 8, async (ns) => {
      const list = await cluster.request('GET', `/api/v1/namespaces/${ns}/pods`);
      await pool(list.body.items as { metadata: { name: string }; status: { containerStatuses: { image: string; imageID: string }[] } }[], 8, async (p) => {
        const statuses = p.status.containerStatuses.map((s) => ({ ...s, imageID: `${s.image.slice(0, s.image.lastIndexOf(':'))}@${digests.get(s.image)}` }));
        const r = await cluster.request('PATCH', `/api/v1/namespaces/${ns}/pods/${p.metadata.name}/status`, { status: { containerStatuses: statuses } }, { contentType: 'application/merge-patch+json' });
        if (r.status >= 300) throw new Error(`status patch ${ns}/${p.metadata.name}: ${r.status}`);
      });
    });
    step('running digests reported');
    const kubeconfig = cluster.kubeconfigFor(cluster.limitedToken, { context: 'bench' });
    const cacheDir = join(dir, 'digest-cache');
    const cold = await child(kubeconfig, cacheDir);
    const warm = await child(kubeconfig, cacheDir);
    console.log('\n== cluster check: %d pods over %d images on a real kube-apiserver and registry', seed.pods, IMAGES);
    console.log(`seeding                     ${pushed} ms push, ${seed.ms} ms API objects, ${Date.now() - t1} ms running digests`);
    for (const [name, r] of [['cold digest cache', cold], ['warm digest cache', warm]] as const) {
      console.log(`-- ${name}`);
      console.log(`end-to-end wall time       ${r.ms} ms${name.startsWith('warm') ? `   (target <= ${TARGET_MS} ms${r.ms <= TARGET_MS ? ', met' : ', MISSED'})` : ''}`);
      console.log(`requests                   ${r.requests} (${r.requests - r.registryRequests} API server, ${r.registryRequests} registry)`);
      console.log(`peak RSS                   ${r.maxRssMb.toFixed(0)} MB`);
      console.log(`pods / workloads / images  ${r.pods} / ${r.workloads} / ${r.images}   findings ${r.findings}   sources ${JSON.stringify(r.sources)}`);
    }
  } finally {
    await cluster.stop();
    await registry.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'run') await runOnce(process.argv[3]!, process.argv[4]!);
else await bench();
