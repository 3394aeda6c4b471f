// CLI cold start: `secret-surface scan` of a one-file folder against bare `node -e 0`, interleaved
// (one of each per round, so all see the same machine load), as mean CPU time and median wall time
// over the rounds. The CLI runs twice per round: with the code cache of an earlier run (what every run
// after the first on a machine or CI cache pays) and with an empty one (a first run). Run by
// `npm run bench` or alone: `node build/bench/startup.js`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median, peakRssMb, runChild, sum, type ChildRun } from './child-usage.js';

const ROUNDS = Number(process.env['BENCH_STARTUP_ROUNDS'] ?? 30);
const CLI = resolve('server/out/cli.js');

interface Series {
  wallMs: number;
  cpuMs: number | undefined;
  rssMb: number | undefined;
}

export interface StartupFigures {
  rounds: number;
  node: Series;
  /** With the code cache an earlier run left. */
  cached: Series;
  /** With an empty code cache: a first run. */
  first: Series;
}

export function measureStartup(work: string): StartupFigures {
  const dir = join(work, 'tiny');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: alpine:3.20\n');
  const caches = mkdtempSync(join(tmpdir(), 'ss-startup-'));
  const warm = join(caches, 'warm');
  const scan = [CLI, 'scan', dir, '--format', 'json', '--fail-on', 'never'];
  const cli = (cacheDir: string): ChildRun => {
    const r = runChild(process.execPath, scan, { env: { ...process.env, NODE_COMPILE_CACHE: cacheDir } });
    if (r.status !== 0) throw new Error(`scan of the tiny folder failed (${r.status}): ${r.stderr}`);
    return r;
  };
  try {
    cli(warm);
    const runs = { node: [] as ChildRun[], cached: [] as ChildRun[], first: [] as ChildRun[] };
    for (let i = 0; i < ROUNDS; i++) {
      runs.node.push(runChild(process.execPath, ['-e', '0']));
      runs.cached.push(cli(warm));
      const empty = join(caches, `empty-${i}`);
      runs.first.push(cli(empty));
      rmSync(empty, { recursive: true, force: true });
    }
    const series = (rs: ChildRun[], rss: number | undefined): Series => {
      const t = sum(rs.map((r) => r.cpuMs));
      return { wallMs: median(rs.map((r) => r.wallMs)), cpuMs: t === undefined ? undefined : t / rs.length, rssMb: rss };
    };
    return {
      rounds: ROUNDS,
      node: series(runs.node, peakRssMb(process.execPath, ['-e', '0'])),
      cached: series(runs.cached, peakRssMb(process.execPath, scan, { env: { ...process.env, NODE_COMPILE_CACHE: warm } })),
      first: series(runs.first, undefined),
    };
  } finally {
    rmSync(caches, { recursive: true, force: true });
  }
}

export function printStartup(f: StartupFigures): void {
  console.log(`\n== CLI cold start: scan of a one-file folder vs \`node -e 0\` (${f.rounds} interleaved rounds, node ${process.version})`);
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '' : `= ${(a / b).toFixed(2)}x`);
  const line = (name: string, s: Series, target: string) => {
    const cpu = s.cpuMs === undefined ? '' : `CPU (mean) ${s.cpuMs.toFixed(0)} ms ${ratio(s.cpuMs, f.node.cpuMs)}${target}`;
    console.log(`${name.padEnd(27)}wall (median) ${s.wallMs.toFixed(0)} ms ${ratio(s.wallMs, f.node.wallMs)}   ${cpu}${s.rssMb === undefined ? '' : `   peak RSS ${s.rssMb.toFixed(0)} MB`}`);
  };
  line('node -e 0', f.node, '');
  line('scan, code cache warm', f.cached, '   (target <= 1.50x)');
  line('scan, first run (no cache)', f.first, '');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve('build/bench/startup.js')) printStartup(measureStartup(resolve('bench/.work')));
