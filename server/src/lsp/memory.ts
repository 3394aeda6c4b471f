// Memory housekeeping for the language server: full collections once a large burst of work is over,
// and (for the bench only) a request that reports where the memory is.
import type { Connection } from 'vscode-languageserver';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/**
 * After a large index and its publish, the heap is mostly garbage from parsing, and V8 sizes the
 * next collection from the peak: a server that holds 120 MB would sit at 450 MB of RSS. Full
 * collections once the burst is over (and the server idle for a second) bring it close to what is
 * live. `--expose-gc` is switched on at run time so editors that start the server with plain
 * `node server.js --stdio` get the same; it changes no limit, so it cannot cause an out-of-memory.
 */
let idleCollection: NodeJS.Timeout | undefined;

/**
 * Each full collection compacts only the most fragmented pages, so a few in a row are needed to hand
 * most of the peak back; they run one per idle moment (about 100 ms each on 10,000 files), so a
 * keystroke never waits for more than one.
 */
export function collectWhenIdle(passes = 3): void {
  if (idleCollection) {
    idleCollection.refresh();
    return;
  }
  idleCollection = setTimeout(() => {
    idleCollection = undefined;
    const gc = fullCollection();
    if (!gc) return;
    gc();
    if (passes > 1) collectWhenIdle(passes - 1);
  }, 1000);
  idleCollection.unref();
}

/** Work arrived: a pending idle collection waits until the server is idle again. */
export function postponeIdleCollection(): void {
  idleCollection?.refresh();
}

let gcFunction: (() => void) | null | undefined;
function fullCollection(): (() => void) | undefined {
  if (gcFunction === undefined) {
    try {
      gcFunction = (globalThis as { gc?: () => void }).gc ?? null;
      if (!gcFunction) {
        v8.setFlagsFromString('--expose-gc');
        gcFunction = vm.runInNewContext('gc') as () => void;
      }
    } catch {
      gcFunction = null;
    }
  }
  return gcFunction ?? undefined;
}

/** Test-only: the bench asks where the server's memory is, its CPU time so far (and how many analyses ran). Not registered unless the variable is set. */
export function registerMemoryDebug(connection: Connection, stats: () => Record<string, number> = () => ({})): void {
  if (process.env['SECRET_SURFACE_DEBUG_MEMORY'] !== '1') return;
  connection.onRequest('secretSurface/debug/memory', (params: { gc?: boolean } | undefined) => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (params?.gc && gc) gc();
    return { ...process.memoryUsage(), cpu: process.cpuUsage(), stats: stats(), spaces: v8.getHeapSpaceStatistics().map((x) => ({ name: x.space_name, size: x.space_size, used: x.space_used_size })) };
  });
}
