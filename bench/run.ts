// `npm run bench`: generates a synthetic monorepo and prints the figures each part of Secret Surface
// is held to. Targets are printed beside the figures; nothing here fails a build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateMonorepo, generateScriptRepo } from './generate.js';

const WORK = 'bench/.work';
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);

interface ScanRun {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  files: number;
  count: number;
  linked: number;
  own: number;
}

function measure(mode: 'full' | 'floor', root: string): ScanRun {
  const r = spawnSync(process.execPath, [join('build', 'bench', 'core-scan.js'), mode, root], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`core-scan ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ScanRun;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** RUNS alternating floor and full scans of `root`. */
function measureRuns(root: string): { full: ScanRun[]; floor: ScanRun[] } {
  const full: ScanRun[] = [];
  const floor: ScanRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    floor.push(measure('floor', root));
    full.push(measure('full', root));
  }
  return { full, floor };
}

function coreBench(): void {
  const t = performance.now();
  const repo = generateMonorepo(join(WORK, 'mono'));
  console.log(`generated ${repo.manifests} manifests and ${repo.dockerfiles} Dockerfiles in ${Math.round(performance.now() - t)} ms`);
  const { full, floor } = measureRuns(repo.root);
  const fullMs = median(full.map((r) => r.wallMs));
  const floorMs = median(floor.map((r) => r.wallMs));
  const rss = Math.max(...full.map((r) => r.maxRssMb));
  console.log('\n== core: full scan of the synthetic monorepo (median of %d runs)', RUNS);
  console.log(`files read                 ${full[0]!.files}`);
  console.log(`findings                   ${full[0]!.count}`);
  console.log(`full scan wall time        ${fullMs.toFixed(0)} ms`);
  console.log(`floor (read + yaml + dockerfile-ast parse only)  ${floorMs.toFixed(0)} ms`);
  console.log(`ratio full / floor         ${(fullMs / floorMs).toFixed(2)}x   (target <= 1.30x)`);
  const fullCpu = median(full.map((r) => r.cpuMs));
  const floorCpu = median(floor.map((r) => r.cpuMs));
  console.log(`CPU time full / floor      ${fullCpu.toFixed(0)} / ${floorCpu.toFixed(0)} ms = ${(fullCpu / floorCpu).toFixed(2)}x   (steadier than wall time on a busy machine)`);
  console.log(`full scan peak RSS         ${rss.toFixed(0)} MB   (target <= 300 MB)`);
  console.log(`floor peak RSS             ${Math.max(...floor.map((r) => r.maxRssMb)).toFixed(0)} MB`);
}

/** 1,000 services built by Makefiles and workflows: the script link sources at scale. */
function scriptSourcesBench(): void {
  const repo = generateScriptRepo(join(WORK, 'scripts'));
  const { full, floor } = measureRuns(repo.root);
  console.log('\n== core: %d services built by 500 Makefiles and 500 workflows (median of %d runs)', repo.manifests, RUNS);
  console.log(`files read                 ${full[0]!.files}`);
  console.log(`exposures linked           ${full[0]!.linked} of the ${full[0]!.own} exposures of the services' own images, by a Makefile or a workflow`);
  console.log(`full scan wall time        ${median(full.map((r) => r.wallMs)).toFixed(0)} ms   (floor ${median(floor.map((r) => r.wallMs)).toFixed(0)} ms)`);
  console.log(`CPU time full / floor      ${median(full.map((r) => r.cpuMs)).toFixed(0)} / ${median(floor.map((r) => r.cpuMs)).toFixed(0)} ms`);
  console.log(`full scan peak RSS         ${Math.max(...full.map((r) => r.maxRssMb)).toFixed(0)} MB`);
}

coreBench();
scriptSourcesBench();
// Further sections (language server, cluster check) are separate modules run when they are built.
for (const section of ['startup.js', 'lsp.js', 'code-server.js', 'cluster.js', 'registry.js', 'registry-layer.js', 'render.js', 'report-page.js', 'peers.js']) {
  const p = join('build', 'bench', section);
  if (!existsSync(p)) continue;
  const r = spawnSync(process.execPath, [p], { stdio: 'inherit' });
  if (r.status !== 0) console.log(`bench section ${section} failed with exit code ${r.status}`);
}
