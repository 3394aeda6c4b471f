// Parses a folder's manifests and Dockerfiles on worker threads: files are added as they are read, the
// texts go out in batches, plain facts come back (core/parse-file.ts), and the workspace takes them on
// this thread (build configs and the config file, a handful, are parsed here), so the join stays
// single-threaded and the result is the one `setFile` would give (the workspace orders files by path,
// whatever order they are added or answered in). `jobs` 1 parses here, with no worker. A worker that
// fails or exits hands its batches back to this thread; nothing is lost and nothing is reported
// differently, and the load says why (LoadStats.workerFailures) for the adapter to log.
// worker_threads is loaded when the first worker starts: a scan of a small folder never loads it.
import type { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
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

/** Files handed over one by one (as a folder walk reads them); finish() resolves once all are in. */
export interface FileLoad {
  add(file: { path: string; text: string }): void;
  finish(): Promise<LoadStats>;
}

/**
 * A load that parses files as they are added: batches go to the workers while the caller is still
 * reading (a worker starts when there is a batch for it), so reading, starting workers and parsing
 * overlap. With `jobs: 'auto'` files are held until there are enough to pay for workers; fewer, and
 * finish() parses them here. The pool's workers are closed when the load finishes.
 */
export function beginLoad(ws: ParseTarget, options: LoadOptions): FileLoad {
  let held: { path: string; text: string }[] | undefined = [];
  let load: FileLoad | undefined;
  let pool: ParsePool | undefined;
  const here = (file: { path: string; text: string }) => ws.setFile(file.path, file.text);
  const pooled = (workers: number): FileLoad => {
    if (workers <= 1) return { add: here, finish: () => Promise.resolve({ onWorkers: 0, workerFailures: [] }) };
    pool = new ParsePool(workers, options.workerFile);
    return pool.begin(ws);
  };
  if (options.jobs !== 'auto') load = pooled(options.jobs);
  return {
    add(file) {
      if (load) return load.add(file);
      held!.push(file);
      if (held!.length < AUTO_MIN_FILES) return;
      load = pooled(defaultJobs());
      for (const f of held!) load.add(f);
      held = undefined;
    },
    async finish() {
      load ??= pooled(1);
      for (const f of held ?? []) load.add(f);
      held = undefined;
      try {
        return await load.finish();
      } finally {
        await pool?.close();
      }
    },
  };
}

/** Batches a worker may hold while the files are still being added: it parses on while they are read. */
const AHEAD_WHILE_ADDING = 8;

interface Slot {
  worker: Worker;
  /** The batches posted to it, in order; it answers them in that order. */
  inFlight: ParseBatch[];
}

/** Worker threads that parse for one workspace at a time; each started when a load first has a batch for it, kept until close(). */
export class ParsePool {
  private slots: (Slot | undefined)[] = [];
  /** Slots tried so far (started or failed to start). */
  private tried = 0;
  private workerClass: typeof Worker | undefined;

  constructor(
    readonly size: number,
    private readonly workerFile: URL,
  ) {}

  /** One load; the caller finishes it before beginning another. */
  begin(ws: ParseTarget): FileLoad {
    return new PoolLoad(ws, this);
  }

  async close(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    this.tried = this.size;
    await Promise.all(slots.map((s) => (s ? s.worker.terminate() : Promise.resolve(0))));
  }

  /** The live slots, after starting workers until there are `wanted` (at most `size`); start failures go to `failures`. */
  live(wanted: number, failures: string[]): Slot[] {
    while (this.tried < Math.min(wanted, this.size)) {
      const slot = this.tried++;
      try {
        // worker_threads is loaded when the first worker starts: a scan of a small folder never loads it.
        this.workerClass ??= (createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads')).Worker;
        // A small young generation: a worker's garbage is each file's parse tree, dead once its facts
        // are read, so 8 MB collects it as cheaply as V8's default size while the process's peak RSS
        // falls by ~50 MB on a 10,000-file folder (docs/benchmarks.md).
        const worker = new this.workerClass(this.workerFile, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
        const s: Slot = { worker, inFlight: [] };
        // A worker that dies between loads leaves its slot empty (a load in progress also hears it).
        worker.on('error', () => undefined).once('exit', () => this.drop(s));
        this.slots[slot] = s;
      } catch (err) {
        failures.push(reason(err));
      }
    }
    return this.slots.filter((s): s is Slot => s !== undefined);
  }

  /** Takes a failed or exited worker out of the pool. */
  drop(s: Slot): void {
    const i = this.slots.indexOf(s);
    if (i >= 0) this.slots[i] = undefined;
    void s.worker.terminate();
  }
}

/** One load through a pool: batches are cut as files are added and go to the first worker with room. */
class PoolLoad implements FileLoad {
  private readonly stats: LoadStats = { onWorkers: 0, workerFailures: [] };
  private readonly options: { maxFileBytes: number };
  private pending: { path: string; text: string }[] = [];
  private chars = 0;
  private made = 0;
  /** Cut, not yet posted. */
  private readonly waiting: ParseBatch[] = [];
  private readonly listening = new Map<Slot, { message: (answer: ParseAnswer) => void; failure: (err: unknown) => void }>();
  private finishing = false;
  private done: ((stats: LoadStats) => void) | undefined;
  private readonly finished: Promise<LoadStats>;

  constructor(
    private readonly ws: ParseTarget,
    private readonly pool: ParsePool,
  ) {
    this.options = ws.parseOptions();
    this.finished = new Promise((resolve) => (this.done = resolve));
  }

  add(file: { path: string; text: string }): void {
    // Build configs and the config file are parsed here (the bake reader's HCL parser is not loaded in a worker).
    if (!readsAlone(file.path)) {
      this.ws.setFile(file.path, file.text);
      return;
    }
    this.pending.push(file);
    this.chars += file.text.length;
    if (this.chars >= BATCH_CHARS) this.cut();
  }

  finish(): Promise<LoadStats> {
    if (this.pending.length) this.cut();
    this.finishing = true;
    this.dispatch();
    return this.finished;
  }

  private cut(): void {
    this.waiting.push({ id: this.made++, files: this.pending, maxFileBytes: this.options.maxFileBytes });
    this.pending = [];
    this.chars = 0;
    this.dispatch();
  }

  /** Posts waiting batches to workers with room; with no worker left, parses them here; resolves when all are in. */
  private dispatch(): void {
    const slots = this.pool.live(this.made, this.stats.workerFailures);
    if (slots.length === 0) {
      for (let b = this.waiting.shift(); b; b = this.waiting.shift()) this.here(b);
    }
    // While files are still coming, a worker holds several batches, since their answers are taken in
    // only when the caller pauses; at the end one each, so the workers finish together.
    const room = this.finishing ? 1 : AHEAD_WHILE_ADDING;
    for (const s of slots) {
      this.listen(s);
      while (s.inFlight.length < room && this.waiting.length > 0) {
        const batch = this.waiting.shift()!;
        s.inFlight.push(batch);
        s.worker.postMessage(batch);
      }
    }
    if (this.finishing && this.waiting.length === 0 && this.pending.length === 0 && slots.every((s) => s.inFlight.length === 0)) {
      for (const [s, l] of this.listening) this.unlisten(s, l);
      this.done?.(this.stats);
      this.done = undefined;
    }
  }

  private listen(s: Slot): void {
    if (this.listening.has(s)) return;
    const l = { message: (answer: ParseAnswer) => this.answer(s, answer), failure: (err: unknown) => this.failed(s, err) };
    this.listening.set(s, l);
    s.worker.on('message', l.message).once('error', l.failure).once('messageerror', l.failure).once('exit', l.failure);
  }

  private unlisten(s: Slot, l: { message: (answer: ParseAnswer) => void; failure: (err: unknown) => void }): void {
    s.worker.off('message', l.message).off('error', l.failure).off('messageerror', l.failure).off('exit', l.failure);
    this.listening.delete(s);
  }

  private answer(s: Slot, answer: ParseAnswer): void {
    let all: (ParsedFile | null)[];
    try {
      all = JSON.parse(answer.parsed) as (ParsedFile | null)[];
    } catch (err) {
      // An answer that cannot be read is a failed worker, like one that cannot be cloned.
      this.failed(s, err);
      return;
    }
    const batch = s.inFlight.shift()!;
    batch.files.forEach((f, i) => {
      const parsed = all[i];
      if (parsed) {
        this.ws.setParsedFile(f.path, f.text, parsed, this.options);
        this.stats.onWorkers++;
      } else this.ws.setFile(f.path, f.text);
    });
    this.dispatch();
  }

  /** A worker that fails or exits: its batches are parsed here, the other workers go on with the rest. */
  private failed(s: Slot, err: unknown): void {
    const l = this.listening.get(s);
    if (!l) return;
    this.unlisten(s, l);
    this.stats.workerFailures.push(reason(err));
    this.pool.drop(s);
    for (const batch of s.inFlight.splice(0)) this.here(batch);
    this.dispatch();
  }

  private here(batch: ParseBatch): void {
    for (const f of batch.files) this.ws.setFile(f.path, f.text);
  }
}
