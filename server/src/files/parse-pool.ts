// Parses a folder's manifests and Dockerfiles on worker threads: the texts go out in batches, plain
// facts come back (core/parse-file.ts), and the workspace takes them on this thread (build configs and
// the config file, a handful, are parsed here), so the join stays single-threaded
// and the result is the one `setFile` would give (the workspace orders files by path, whatever order
// the answers arrive in). `jobs` 1 parses here, with no worker. A worker that fails or exits hands its
// batch back to this thread; nothing is lost and nothing is reported differently, and the load says
// why (LoadStats.workerFailures) for the adapter to log.
// worker_threads is imported when a pool starts: a scan of a small folder never loads it.
import type { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { readsAlone, type ParsedFile } from '../core/parse-file.js';
import type { Workspace } from '../core/workspace.js';

/** What the pool hands files to: the core Workspace, or an adapter that keeps its own books around it. */
export type ParseTarget = Pick<Workspace, 'parseOptions' | 'setFile' | 'setParsedFile'>;

export interface ParseBatch {
  id: number;
  files: readonly { path: string; text: string }[];
  maxFileBytes: number;
}

export interface ParseAnswer {
  id: number;
  /**
   * The batch's facts as JSON text of an array in the batch's order, `null` where parsing threw (parsed
   * again by the caller). Facts are plain data, so JSON carries them as a structured clone would, and a
   * string crosses the thread as one copy: JSON.stringify and JSON.parse cost about half what cloning
   * the objects does (serialising in the worker, deserialising on this thread).
   */
  parsed: string;
}

/** Below this many files starting workers costs more than it saves; `jobs: 'auto'` parses in-thread. */
export const AUTO_MIN_FILES = 256;
/** Text per batch: large enough that messages are few, small enough that workers finish together. */
const BATCH_CHARS = 128 * 1024;
const WORKER_YOUNG_GENERATION_MB = 8;

/** The worker count for `jobs: 'auto'`: one per core the process may use. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/** `auto`, or a count of worker threads (1: this thread, no worker). */
export type Jobs = number | 'auto';

export interface LoadOptions {
  jobs: Jobs;
  /** The worker script (the bundles ship it beside themselves: files/parse-worker.js). */
  workerFile: URL;
}

/** How many workers a load of `files` files uses: 1 means none. */
export function workersFor(jobs: Jobs, files: number): number {
  if (jobs === 'auto') return files < AUTO_MIN_FILES ? 1 : defaultJobs();
  return Math.max(1, Math.min(jobs, files));
}

/** How a load went: files whose facts a worker computed (the rest were parsed on this thread). */
export interface LoadStats {
  onWorkers: number;
  /** Why workers could not start or stopped during the load (their files were parsed on this thread). */
  workerFailures: string[];
}

/** One line for a log: how many workers failed and why; undefined when none did. */
export function describeWorkerFailures(stats: LoadStats): string | undefined {
  const n = stats.workerFailures.length;
  if (n === 0) return undefined;
  const reasons = [...new Set(stats.workerFailures)].join('; ');
  return `${n} parse worker${n === 1 ? '' : 's'} could not run (${reasons}); their files were parsed on the main thread`;
}

function reason(err: unknown): string {
  if (typeof err === 'number') return `exited with code ${err}`;
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n', 1)[0]!.slice(0, 300);
}

/** Gives every file to `ws`, parsed on `jobs` worker threads; resolves once all are in. */
export async function loadFiles(ws: ParseTarget, files: readonly { path: string; text: string }[], options: LoadOptions): Promise<LoadStats> {
  const workers = workersFor(options.jobs, files.length);
  if (workers <= 1) {
    for (const f of files) ws.setFile(f.path, f.text);
    return { onWorkers: 0, workerFailures: [] };
  }
  const pool = new ParsePool(workers, options.workerFile);
  try {
    return await pool.load(ws, files);
  } finally {
    await pool.close();
  }
}

/** Worker threads that parse for one workspace at a time; started on the first load, kept until close(). */
export class ParsePool {
  private workers: (Worker | undefined)[] | undefined;
  /** Loads run one after another: each hands the workers all its batches. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly size: number,
    private readonly workerFile: URL,
  ) {}

  load(ws: ParseTarget, files: readonly { path: string; text: string }[]): Promise<LoadStats> {
    const run = this.queue.then(() => this.run(ws, files));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    const workers = this.workers ?? [];
    this.workers = undefined;
    await Promise.all(workers.map((w) => (w ? w.terminate() : Promise.resolve(0))));
  }

  private async run(ws: ParseTarget, files: readonly { path: string; text: string }[]): Promise<LoadStats> {
    const stats: LoadStats = { onWorkers: 0, workerFailures: [] };
    const parseOptions = ws.parseOptions();
    for (const f of files) if (!readsAlone(f.path)) ws.setFile(f.path, f.text);
    const batches = makeBatches(files.filter((f) => readsAlone(f.path)), parseOptions.maxFileBytes);
    const workers = (this.workers ??= this.start((await import('node:worker_threads')).Worker, stats.workerFailures));
    let next = 0;
    /** This thread parses a batch whose worker failed, and every batch after it when no worker is left. */
    const here = (batch: ParseBatch) => {
      for (const f of batch.files) ws.setFile(f.path, f.text);
    };
    const drive = (slot: number): Promise<void> =>
      new Promise((resolve) => {
        const worker = workers[slot];
        if (!worker) {
          for (let b = batches[next++]; b; b = batches[next++]) here(b);
          resolve();
          return;
        }
        let current: ParseBatch | undefined;
        const take = (): void => {
          current = batches[next++];
          if (current) worker.postMessage(current);
          else done();
        };
        const onMessage = (answer: ParseAnswer): void => {
          let all: (ParsedFile | null)[];
          try {
            all = JSON.parse(answer.parsed) as (ParsedFile | null)[];
          } catch (err) {
            // An answer that cannot be read is a failed worker, like one that cannot be cloned.
            onFailure(err);
            return;
          }
          current!.files.forEach((f, i) => {
            const parsed = all[i];
            if (parsed) {
              ws.setParsedFile(f.path, f.text, parsed, parseOptions);
              stats.onWorkers++;
            } else ws.setFile(f.path, f.text);
          });
          take();
        };
        const onFailure = (err: unknown): void => {
          stats.workerFailures.push(reason(err));
          workers[slot] = undefined;
          void worker.terminate();
          if (current) here(current);
          // The other workers go on; this thread takes what is left in this worker's place.
          for (let b = batches[next++]; b; b = batches[next++]) here(b);
          done();
        };
        const done = (): void => {
          worker.off('message', onMessage).off('error', onFailure).off('messageerror', onFailure).off('exit', onFailure);
          resolve();
        };
        worker.on('message', onMessage).once('error', onFailure).once('messageerror', onFailure).once('exit', onFailure);
        take();
      });
    await Promise.all(workers.map((_, slot) => drive(slot)));
    return stats;
  }

  private start(WorkerClass: typeof Worker, failures: string[]): (Worker | undefined)[] {
    const workers: (Worker | undefined)[] = [];
    for (let slot = 0; slot < this.size; slot++) {
      try {
        // A small young generation: a worker's garbage is each file's parse tree, dead once its facts
        // are read, so 8 MB collects it as cheaply as V8's default size while the process's peak RSS
        // falls by ~50 MB on a 10,000-file folder (docs/benchmarks.md).
        const w = new WorkerClass(this.workerFile, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
        // A worker that dies between loads leaves its slot empty (a load in progress also hears it).
        w.on('error', () => undefined).once('exit', () => {
          if (workers[slot] === w) workers[slot] = undefined;
        });
        workers.push(w);
      } catch (err) {
        failures.push(reason(err));
        workers.push(undefined);
      }
    }
    return workers;
  }
}

function makeBatches(files: readonly { path: string; text: string }[], maxFileBytes: number): ParseBatch[] {
  const batches: ParseBatch[] = [];
  let pending: { path: string; text: string }[] = [];
  let chars = 0;
  for (const f of files) {
    pending.push(f);
    chars += f.text.length;
    if (chars >= BATCH_CHARS) {
      batches.push({ id: batches.length, files: pending, maxFileBytes });
      pending = [];
      chars = 0;
    }
  }
  if (pending.length) batches.push({ id: batches.length, files: pending, maxFileBytes });
  return batches;
}
