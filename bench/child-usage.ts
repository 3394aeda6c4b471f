// Wall and CPU time of a child process, measured from the parent. CPU comes from the kernel's
// count of waited-for children (/proc/self/stat cutime + cstime, in clock ticks), read before and
// after each run: on a machine shared with other work, CPU time is the steadier figure. Where
// /proc is missing the CPU figure is undefined and callers print wall time alone.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function childrenCpuMs(): number | undefined {
  try {
    // Fields after the ")" of the command name: state is field 3; cutime, cstime are 16 and 17.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) * TICK_MS;
  } catch {
    return undefined;
  }
}

export interface ChildRun {
  wallMs: number;
  /** Undefined where the system does not say. Resolution 10 ms per run: sum many runs. */
  cpuMs: number | undefined;
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runChild(command: string, args: readonly string[], options: SpawnSyncOptions = {}): ChildRun {
  const c0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  const wallMs = performance.now() - t0;
  const c1 = childrenCpuMs();
  return { wallMs, cpuMs: c0 === undefined || c1 === undefined ? undefined : c1 - c0, status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function sum(xs: readonly (number | undefined)[]): number | undefined {
  let t = 0;
  for (const x of xs) {
    if (x === undefined) return undefined;
    t += x;
  }
  return t;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Peak RSS of one run of `command` in MB, as GNU time reports it (the largest resident set of the
 * process and the children it waited for); undefined where GNU time is not installed.
 */
export function peakRssMb(command: string, args: readonly string[], options: SpawnSyncOptions = {}): number | undefined {
  if (!existsSync(GNU_TIME)) return undefined;
  const out = join(mkdtempSync(join(tmpdir(), 'ss-rss-')), 'rss');
  try {
    const r = spawnSync(GNU_TIME, ['-f', '%M', '-o', out, command, ...args], { stdio: 'ignore', ...options });
    if (r.error) return undefined;
    const kb = Number(readFileSync(out, 'utf8').trim().split('\n').pop());
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  } finally {
    rmSync(dirname(out), { recursive: true, force: true });
  }
}
