// CLI cold start: `secret-surface scan` of a one-file folder against bare `node -e 0`, interleaved
// (one of each per round, so both see the same machine load), as total CPU time and median wall
// time over the rounds. Run by `npm run bench` or alone: `node build/bench/startup.js`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { median, runChild, sum, type ChildRun } from './child-usage.js';

const ROUNDS = Number(process.env['BENCH_STARTUP_ROUNDS'] ?? 20);
const CLI = resolve('server/out/cli.js');

export interface StartupFigures {
  rounds: number;
  cliWallMs: number;
  nodeWallMs: number;
  cliCpuMs: number | undefined;
  nodeCpuMs: number | undefined;
}

export function measureStartup(work: string): StartupFigures {
  const dir = join(work, 'tiny');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: alpine:3.20\n');
  const cli: ChildRun[] = [];
  const bare: ChildRun[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    bare.push(runChild(process.execPath, ['-e', '0']));
    const r = runChild(process.execPath, [CLI, 'scan', dir, '--format', 'json', '--fail-on', 'never']);
    if (r.status !== 0) throw new Error(`scan of the tiny folder failed (${r.status}): ${r.stderr}`);
    cli.push(r);
  }
  const total = (rs: ChildRun[]) => {
    const t = sum(rs.map((r) => r.cpuMs));
    return t === undefined ? undefined : t / rs.length;
  };
  return { rounds: ROUNDS, cliWallMs: median(cli.map((r) => r.wallMs)), nodeWallMs: median(bare.map((r) => r.wallMs)), cliCpuMs: total(cli), nodeCpuMs: total(bare) };
}

export function printStartup(f: StartupFigures): void {
  console.log(`\n== CLI cold start: scan of a one-file folder vs \`node -e 0\` (${f.rounds} interleaved rounds, node ${process.version})`);
  console.log(`wall (median)              ${f.cliWallMs.toFixed(0)} ms vs ${f.nodeWallMs.toFixed(0)} ms = ${(f.cliWallMs / f.nodeWallMs).toFixed(2)}x`);
  if (f.cliCpuMs !== undefined && f.nodeCpuMs !== undefined) {
    console.log(`CPU (mean)                 ${f.cliCpuMs.toFixed(0)} ms vs ${f.nodeCpuMs.toFixed(0)} ms = ${(f.cliCpuMs / f.nodeCpuMs).toFixed(2)}x   (target <= 1.50x)`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve('build/bench/startup.js')) printStartup(measureStartup(resolve('bench/.work')));
