// The `scan --registry` benchmark: a real registry (Debian's docker-registry on 127.0.0.1) holding 200 distinct
// images, a workspace of 200 Pods that each run one of them with a Secret, and the scan's registry resolution
// run in a fresh process twice — cold digest cache, then warm — printing requests, wall time and peak RSS.
// Skips with a message when the registry is not installed (scripts/e2e/setup.sh installs it).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild } from './child.js';

const IMAGES = Number(process.env['BENCH_REGISTRY_IMAGES'] ?? 200);

interface RunFigures {
  ms: number;
  requests: number;
  blobRequests: number;
  images: number;
  decided: number;
  cached: number;
  maxRssMb: number;
}

/** Child mode: read the workspace, resolve its undecided images from the registry, print figures. */
async function runOnce(root: string, cacheDir: string, host: string): Promise<void> {
  const { Workspace } = await import('../server/src/core/workspace.js');
  const { walkFolderSync } = await import('../server/src/files/walk.js');
  const { DirectoryDigestCache } = await import('../server/src/cluster/registry/index.js');
  const { resolveFromRegistry } = await import('../server/src/cli/scan-registry.js');
  const { default: fetch } = await import('node-fetch');
  const ws = new Workspace();
  for (const f of walkFolderSync(root).files) ws.setFile(f.path, f.text);
  let requests = 0;
  let blobRequests = 0;
  const counting = ((url: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    requests++;
    if (String(url).includes('/blobs/')) blobRequests++;
    return fetch(url, init);
  }) as typeof fetch;
  const t0 = performance.now();
  const stats = await resolveFromRegistry(ws, { cache: new DirectoryDigestCache(cacheDir), insecureHosts: [host], fetch: counting });
  ws.analyze();
  const figures: RunFigures = {
    ms: Math.round(performance.now() - t0),
    requests,
    blobRequests,
    images: stats.images,
    decided: stats.decided,
    cached: stats.cached,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(figures));
}

/** One measured run in a fresh process. */
function child(root: string, cacheDir: string, host: string): Promise<RunFigures> {
  return runChild<RunFigures>(fileURLToPath(import.meta.url), [root, cacheDir, host], 'registry bench run');
}

async function bench(): Promise<void> {
  if (spawnSync(process.env['SECRET_SURFACE_REGISTRY_BIN'] ?? 'docker-registry', ['--version'], { stdio: 'ignore' }).error) {
    console.log('\n== scan --registry: skipped (docker-registry not found; run scripts/e2e/setup.sh)');
    return;
  }
  const { startRegistry } = await import('../test/e2e/support/registry.js');
  const { image, layer, Pusher } = await import('../test/e2e/support/image-builder.js');
  const { pool } = await import('../test/e2e/support/kube-seed.js');
  const dir = mkdtempSync(join(tmpdir(), 'surface-bench-registry-'));
  const registry = await startRegistry();
  try {
    const t0 = Date.now();
    const push = new Pusher(registry.url);
    const shell = await layer([{ path: 'bin/sh' }, { path: 'bin/bash' }, { path: 'usr/bin/curl' }]);
    const refs = Array.from({ length: IMAGES }, (_, i) => `${registry.host}/bench-${i % 10}/svc-${i}:1.${i}`);
    // Every image has a layer of its own (so 200 distinct digests to read); half also carry a shell and curl.
    await pool(refs, 16, async (ref, i) => {
      const own = await layer([{ path: 'app/server', content: Buffer.alloc(4096 + i, i % 251) }]);
      const repo = ref.slice(registry.host.length + 1, ref.lastIndexOf(':'));
      await push.pushImage(repo, ref.slice(ref.lastIndexOf(':') + 1), image({ layers: i % 2 === 0 ? [shell, own] : [own], entrypoint: ['/app/server'] }));
    });
    const pushed = Date.now() - t0;
    const root = join(dir, 'ws');
    mkdirSync(root);
    refs.forEach((ref, i) =>
      writeFileSync(
        join(root, `pod-${i}.yaml`),
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\nspec:\n  automountServiceAccountToken: false\n  containers:\n    - name: app\n      image: ${ref}\n      env:\n        - name: K\n          valueFrom:\n            secretKeyRef: { name: s${i}, key: k }\n`,
      ),
    );
    const cacheDir = join(dir, 'digest-cache');
    const cold = await child(root, cacheDir, registry.host);
    const warm = await child(root, cacheDir, registry.host);
    console.log('\n== scan --registry: %d distinct images on a real registry (pushed in %d ms)', IMAGES, pushed);
    for (const [name, r] of [['cold digest cache', cold], ['warm digest cache', warm]] as const) {
      console.log(`-- ${name}`);
      console.log(`resolution wall time       ${r.ms} ms`);
      console.log(`requests                   ${r.requests} (${r.blobRequests} blob reads)`);
      console.log(`images decided             ${r.decided} of ${r.images} (${r.cached} from the digest cache)`);
      console.log(`peak RSS                   ${r.maxRssMb.toFixed(0)} MB`);
    }
  } finally {
    await registry.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'run') await runOnce(process.argv[3]!, process.argv[4]!, process.argv[5]!);
else await bench();
