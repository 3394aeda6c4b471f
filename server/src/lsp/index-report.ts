// What a folder's index tells the user while it runs and once it is done: LSP work-done progress
// (files read of the candidate files found, then the first analysis) for any editor, the same steps as
// `secretSurface/indexProgress` for the VS Code status bar, and log lines naming what was read, what was
// skipped and why, and how long it took. The core's notices about files from disk are logged here too.
import { WorkDoneProgress, WorkDoneProgressCreateRequest, type Connection, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport } from 'vscode-languageserver';
import type { InputNotice } from '../core/model.js';
import type { WalkProgress, WalkResult } from '../files/walk.js';
import { IndexProgressNotification, type IndexProgressParams } from '../protocol.js';
import type { Failures } from './failures.js';
import { since, type ServerLog } from './log.js';

/** The least time between two progress reports while files are read. */
const REPORT_EVERY_MS = 100;

interface ReportEnv {
  connection: Connection;
  failures: Failures;
  log: ServerLog;
}

interface ReportFolder {
  root: { key: string; name: string };
}

/**
 * LSP work-done progress whose every message is sent through Failures.detach: the library's own reporter
 * drops the promise of each message, so one sent after the connection closed (a folder still indexing
 * when the editor quits) became an unhandled rejection. Without client support it sends nothing.
 */
class Progress {
  private static tokens = 0;

  private constructor(
    private readonly env: ReportEnv,
    private readonly token: string | undefined,
  ) {}

  static async create(env: ReportEnv, supported: boolean): Promise<Progress> {
    if (!supported) return new Progress(env, undefined);
    const token = `secret-surface/index/${++Progress.tokens}`;
    try {
      await env.connection.sendRequest(WorkDoneProgressCreateRequest.type, { token });
      return new Progress(env, token);
    } catch {
      // The client refused the token (or the connection is closing): the index goes on without progress.
      return new Progress(env, undefined);
    }
  }

  begin(title: string, percentage: number, message: string): void {
    this.send({ kind: 'begin', title, percentage, message, cancellable: false });
  }

  report(percentage: number, message: string): void {
    this.send({ kind: 'report', percentage, message });
  }

  done(): void {
    this.send({ kind: 'end' });
  }

  private send(value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd): void {
    if (this.token === undefined) return;
    try {
      this.env.failures.detach(Promise.resolve(this.env.connection.sendProgress(WorkDoneProgress.type, this.token, value)), 'index progress');
    } catch (err) {
      this.env.failures.detach(Promise.reject(err), 'index progress');
    }
  }
}

export class IndexReport {
  private lastReport = 0;
  private files = 0;

  private constructor(
    private readonly env: ReportEnv,
    private readonly f: ReportFolder,
    private readonly progress: Progress,
    private readonly t0: number,
  ) {}

  /** `workDoneProgress`: the client said it shows server-initiated progress (window.workDoneProgress). */
  static async start(env: ReportEnv, f: ReportFolder, workDoneProgress: boolean): Promise<IndexReport> {
    const t0 = performance.now();
    const progress = await Progress.create(env, workDoneProgress);
    progress.begin('Secret Surface', 0, `Reading files in ${f.root.name}`);
    return new IndexReport(env, f, progress, t0);
  }

  /** Files are being read: at most one report per REPORT_EVERY_MS. */
  reading({ read, total }: WalkProgress): void {
    const now = performance.now();
    if (now - this.lastReport < REPORT_EVERY_MS) return;
    this.lastReport = now;
    this.progress.report(Math.floor((90 * read) / Math.max(total, 1)), `${this.f.root.name}: ${read}/${total} files read`);
    this.notify({ phase: 'reading', read, total });
  }

  /** Every file was read: say what was read and skipped; the first analysis runs next. */
  walked(walk: WalkResult): void {
    const { log } = this.env;
    const name = this.f.root.name;
    const yaml = walk.files.filter((x) => /\.ya?ml$/i.test(x.path)).length;
    log.info(`Indexed ${name}: ${walk.files.length} file(s) read (${yaml} YAML, ${walk.files.length - yaml} Dockerfile or build file(s)), ${walk.skipped.length} skipped, in ${since(this.t0)}.`);
    const excluded = walk.excludedByDefault.length;
    if (excluded > 0) log.info(`${excluded} file(s) in ${name} excluded by default (vendor/, node_modules/, testdata/, golden*/ …; \`defaultExcludes: false\` in .secret-surface.yaml reads them).`);
    log.list('info', walk.skipped.map((s) => `Skipped ${s.path}: ${s.message.replace(/^Skipped: /, '')}`), (n) => `… and ${n} more skipped file(s) in ${name}.`);
    if (log.enabled('trace')) for (const file of walk.files) log.trace(`read ${file.path} (${Buffer.byteLength(file.text)} bytes)`);
    this.files = walk.files.length;
    const total = walk.files.length + walk.skipped.length;
    this.progress.report(90, `${name}: analysing ${walk.files.length} files`);
    this.notify({ phase: 'analysing', read: total, total });
  }

  /** The first analysis was published (`published`), or the index was superseded: the progress ends. */
  done(published: boolean): void {
    this.progress.done();
    if (!published) return;
    this.env.log.info(`First analysis of ${this.f.root.name} published ${since(this.t0)} after its index started.`);
    this.notify({ phase: 'done', read: this.files, total: this.files });
  }

  private notify(p: Omit<IndexProgressParams, 'folderUri'>): void {
    this.env.failures.detach(this.env.connection.sendNotification(IndexProgressNotification, { folderUri: this.f.root.key, ...p }), 'index progress');
  }
}

/**
 * Writes the core's notices about files (not analysed, input problems) to the log, each once while it
 * holds; `skipped` (the walk's own, logged when the folder was indexed) are left out, and an open
 * buffer's notices, which change per keystroke, go to trace only. Returns the notices now logged.
 */
export function logNotices(
  log: ServerLog,
  folder: string,
  notices: readonly InputNotice[],
  state: { logged: ReadonlySet<string>; skipped: ReadonlyMap<string, InputNotice>; buffer(file: string): boolean },
): Set<string> {
  const now = new Set<string>();
  const fresh: string[] = [];
  for (const n of notices) {
    if (!n.file || state.skipped.get(n.file) === n) continue;
    const key = `${n.file}\u0000${n.message}`;
    now.add(key);
    if (state.logged.has(key)) continue;
    if (state.buffer(n.file)) log.trace(`${n.file}: ${n.message}`);
    else fresh.push(`${n.file}: ${n.severity}: ${n.message}`);
  }
  log.list('info', fresh, (k) => `… and ${k} more notice(s) in ${folder}.`);
  return now;
}
