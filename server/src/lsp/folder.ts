// The workspace folders as the server keeps them: one core Workspace per folder, fed from the initial
// walk of the folder on disk, file events and open buffers (an open buffer wins over disk). It owns
// each folder's settings, which folder a document belongs to, and when a folder must be indexed again;
// it never publishes: it asks for an analysis and the session publishes what changed.
import {
  FileChangeType,
  type Connection,
  type FileEvent,
  type TextDocuments,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Exposure } from '../core/exposure.js';
import type { ExternalImageFacts } from '../core/workspace.js';
import { compileGlobs } from '../core/config/globs.js';
import type { ProjectConfig } from '../core/config/index.js';
import type { DockerfileFacts, Finding, InputNotice, WorkspaceSettings } from '../core/model.js';
import type { ExposureRow } from '../core/report.js';
import { DEFAULT_SETTINGS, normaliseSettings, SETTINGS_SECTION, type SecretSurfaceSettings } from '../protocol.js';
import { DocumentDiagnostics } from './document-diagnostics.js';
import { isCandidate, readFolderFile, walkFolder, type FileRead, type SkippedFile, type WalkResult } from '../files/walk.js';
import type { FixSource } from './code-actions.js';
import type { Failures } from './failures.js';
import { IndexReport } from './index-report.js';
import { since, type ServerLog } from './log.js';
import { LOOSE_ROOT, UriMap, type Root } from './uris.js';
import { setKeepingLastGood } from './last-good.js';
import type { ParsedFile } from '../core/parse-file.js';
import { describeWorkerFailures, type FileLoad, type ParseTarget } from '../files/parse-pool.js';
import * as nodePath from 'node:path';

/** What the server needs from the core's Workspace (server/src/core/workspace.ts). */
export interface AnalysisWorkspace {
  setFile(path: string, text: string): void;
  /** A file whose facts a worker thread computed (files/parse-pool.ts); the same as setFile(path, text). */
  setParsedFile?(path: string, text: string, parsed: ParsedFile, options: { maxFileBytes?: number }): void;
  parseOptions?(): { maxFileBytes: number };
  removeFile(path: string): void;
  setSettings(settings: CoreSettings): void;
  /**
   * `report`, when given, is the exposure report built from the same analysis (row i ↔ exposure i).
   * `partitions`, when given, are the findings per partition with arrays that keep their identity
   * while unchanged, so only changed documents are looked at; otherwise findings are grouped by file.
   */
  analyze(): {
    findings: Finding[];
    notices: InputNotice[];
    exposures: Exposure[];
    report?: ExposureRow[];
    partitions?: ReadonlyMap<string, readonly Finding[]>;
    /** The project config the analysis read (its `registry:` section turns registry reading on; `vulnerabilities:` names reports). */
    config?: ProjectConfig;
  };
  /** An outside source of image facts (the registry), consulted before the catalog; see core Workspace. */
  setExternalImageFacts?(source: ExternalImageFacts | undefined): void;
  /** The facts of a Dockerfile the workspace holds (hover on a FROM line reads them). */
  dockerfileFacts(path: string): DockerfileFacts | undefined;
  /** The text it holds for a file, and whether that text parses: a buffer mid-edit keeps the last good one (last-good.ts). */
  text?(path: string): string | undefined;
  parseErrors?(path: string): readonly InputNotice[];
  /** The candidate files the walk left unread under the default excludes (counted in the summary). */
  setExcludedByDefault?(paths: readonly string[]): void;
}

/** The settings the core reads: the core's own settings shape. */
export type CoreSettings = WorkspaceSettings;

export type Analysis = ReturnType<AnalysisWorkspace['analyze']>;

export interface FolderState {
  root: Root;
  workspace: AnalysisWorkspace;
  /** The quick fixes over this workspace, when it has them. */
  fixes: FixSource | undefined;
  settings: SecretSurfaceSettings;
  excluded: (path: string) => boolean;
  /** Whether the walk leaves the default excludes unread: as the folder's config file says (`defaultExcludes`). */
  defaultExcludes: boolean;
  /** Paths currently given to the workspace, and whether the text came from disk or an open buffer. */
  files: Map<string, 'disk' | 'buffer'>;
  /** The document version of each open buffer's text the workspace holds (published with its diagnostics). */
  bufferVersions: Map<string, number>;
  /** False while the initial index runs, so half-indexed results are never published. */
  ready: boolean;
  /** Per-document diagnostics and what each document was last sent. */
  docs: DocumentDiagnostics;
  /** Documents whose diagnostics may have changed and are not yet (re)published. */
  pending: Set<string>;
  /** The most recent analysis, reused by hover-free requests such as the report. */
  last?: Analysis;
  /** Bumped by each (re)index so a stale walk does not overwrite a newer one. */
  generation: number;
  /**
   * Candidate files on disk that were not read, and why (too large, a link out of the folder), as
   * notices beside the core's; one object per file while unchanged, so equal notices are not resent.
   */
  skipped: Map<string, InputNotice>;
  /** Open buffers that do not parse, with their parse errors: the workspace holds their last good text. */
  stale: Map<string, InputNotice[]>;
  /** While the (re)index runs and until its first analysis is published: the progress shown for it. */
  indexing?: IndexReport;
  /** The core notices already written to the log (file + message), so each is logged once while it holds. */
  loggedNotices: Set<string>;
}

function notice(s: SkippedFile): InputNotice {
  return { file: s.path, severity: 'info', message: s.message };
}

function coreSettings(s: SecretSurfaceSettings): CoreSettings {
  return { rules: s.rules, exclude: s.exclude, imageMap: s.imageMap, maxFileBytes: s.maxFileBytes, charts: s.charts, ...(s.rotationMaxInterval ? { rotationMaxInterval: s.rotationMaxInterval } : {}) };
}

export interface FolderEnv {
  connection: Connection;
  uris: UriMap;
  documents: TextDocuments<TextDocument>;
  failures: Failures;
  log: ServerLog;
  createWorkspace(settings: CoreSettings, folder: { dirName: string }): { workspace: AnalysisWorkspace; fixes: FixSource | undefined };
  /** The folder's files changed: analyse it again soon. */
  schedule(f: FolderState): void;
  /** The folder left the workspace: take back what was published for it. */
  removed(f: FolderState): void;
  /** A load of an index's files into `target`, parsed on worker threads where that pays (files/parse-pool.ts); without it, here. */
  beginLoad?(target: ParseTarget): FileLoad;
}

export class Folders {
  private readonly byKey = new Map<string, FolderState>();
  /** Which folder and path each open buffer was given to, so a folder change moves it exactly once. */
  private readonly owners = new Map<string, { rootKey: string; path: string; version: number }>();
  /** The client answers workspace/configuration; otherwise settings are what it last pushed. */
  configurationSupport = false;
  /** The client shows server-initiated work-done progress (its index progress is sent then). */
  workDoneProgress = false;
  pushedSettings: unknown;

  constructor(private readonly env: FolderEnv) {}

  get(key: string): FolderState | undefined {
    return this.byKey.get(key);
  }

  all(): IterableIterator<FolderState> {
    return this.byKey.values();
  }

  /** The open documents a folder owns. */
  buffers(f: FolderState): TextDocument[] {
    const out: TextDocument[] = [];
    for (const [uri, o] of this.owners) {
      const doc = o.rootKey === f.root.key ? this.env.documents.get(uri) : undefined;
      if (doc) out.push(doc);
    }
    return out;
  }

  /** The version of an open document last given to its folder. */
  bufferVersion(uri: string): number | undefined {
    return this.owners.get(uri)?.version;
  }

  /** The folder and path a URI names, when the folder holds that file. */
  fileAt(uri: string): { f: FolderState; path: string } | undefined {
    const ref = this.env.uris.resolve(uri);
    const f = ref && this.byKey.get(ref.root.key);
    return ref && f && f.files.has(ref.path) ? { f, path: ref.path } : undefined;
  }

  folderFor(root: Root): FolderState {
    let f = this.byKey.get(root.key);
    if (!f) {
      const settings = DEFAULT_SETTINGS;
      const { workspace, fixes } = this.env.createWorkspace(coreSettings(settings), { dirName: root.fsPath ? nodePath.basename(root.fsPath) : '' });
      f = {
        root,
        workspace,
        fixes,
        settings,
        excluded: compileGlobs(settings.exclude),
        defaultExcludes: true,
        files: new Map(),
        bufferVersions: new Map(),
        ready: root.key === LOOSE_ROOT,
        docs: new DocumentDiagnostics(),
        pending: new Set(),
        generation: 0,
        skipped: new Map(),
        stale: new Map(),
        loggedNotices: new Set(),
      };
      this.byKey.set(root.key, f);
    }
    return f;
  }

  /** The core's notices and the files the folder did not read (unless an open buffer stands in for one). */
  notices(f: FolderState, core: readonly InputNotice[]): readonly InputNotice[] {
    if (f.skipped.size === 0 && f.stale.size === 0) return core;
    const out = [...core];
    for (const [path, n] of f.skipped) if (!f.files.has(path)) out.push(n);
    for (const list of f.stale.values()) out.push(...list);
    return out;
  }

  /** Runs the folder's analysis; a failure is logged and the previous result kept. */
  analyze(f: FolderState): Analysis | undefined {
    try {
      const t0 = performance.now();
      f.last = f.workspace.analyze();
      const last = f.last;
      const took = since(t0);
      // Counting findings builds the flat sorted list the server otherwise never needs.
      this.env.log.trace(() => `analysed ${f.root.name} in ${took}: ${last.findings.length} finding(s), ${last.exposures.length} container(s) receiving Secrets`);
    } catch (err) {
      this.env.failures.once(`analysis of ${f.root.name} failed`, err);
    }
    return f.last;
  }

  private setFile(f: FolderState, path: string, text: string, origin: 'disk' | 'buffer', parsed?: { facts: ParsedFile; options: { maxFileBytes?: number } }): void {
    f.bufferVersions.delete(path);
    try {
      const ws = f.workspace;
      const errors =
        origin === 'buffer'
          ? setKeepingLastGood(ws, path, text)
          : (parsed && ws.setParsedFile ? ws.setParsedFile(path, text, parsed.facts, parsed.options) : ws.setFile(path, text), undefined);
      if (errors) f.stale.set(path, errors);
      else f.stale.delete(path);
      f.files.set(path, origin);
    } catch (err) {
      this.env.failures.once(`could not read ${path}`, err);
      // A file the core cannot take is left out; the rest of the folder still works.
      try {
        f.workspace.removeFile(path);
      } catch {
        /* already absent */
      }
      f.files.delete(path);
      f.stale.delete(path);
    }
  }

  /**
   * A load of an index's files from disk, parsed on worker threads when the env offers them, as the walk
   * reads them. A buffer opened meanwhile wins, and a load whose index was superseded sets nothing (a
   * newer index reads the files again).
   */
  private beginLoad(f: FolderState, generation: number): { add(file: { path: string; text: string }): void; finish(): Promise<void> } {
    const ws = f.workspace;
    const fromDisk = (path: string, text: string, parsed?: { facts: ParsedFile; options: { maxFileBytes?: number } }) => {
      if (generation === f.generation && f.files.get(path) !== 'buffer') this.setFile(f, path, text, 'disk', parsed);
    };
    if (!this.env.beginLoad || !ws.setParsedFile || !ws.parseOptions) {
      return { add: (file) => fromDisk(file.path, file.text), finish: () => Promise.resolve() };
    }
    const load = this.env.beginLoad({
      parseOptions: ws.parseOptions.bind(ws),
      setFile: (path, text) => fromDisk(path, text),
      setParsedFile: (path, text, facts, options) => fromDisk(path, text, { facts, options }),
    });
    return {
      add: (file) => load.add(file),
      finish: async () => {
        const failed = describeWorkerFailures(await load.finish());
        if (failed) this.env.log.warn(`${f.root.name}: ${failed}`);
      },
    };
  }

  private removeFile(f: FolderState, path: string): void {
    if (!f.files.has(path)) return;
    f.files.delete(path);
    f.bufferVersions.delete(path);
    f.stale.delete(path);
    try {
      f.workspace.removeFile(path);
    } catch (err) {
      this.env.failures.once(`could not forget ${path}`, err);
    }
  }

  private async fetchSettings(f: FolderState): Promise<SecretSurfaceSettings> {
    if (this.configurationSupport && f.root.key !== LOOSE_ROOT) {
      try {
        const [raw] = await this.env.connection.workspace.getConfiguration([{ scopeUri: f.root.key, section: SETTINGS_SECTION }]);
        return normaliseSettings(raw);
      } catch (err) {
        this.env.failures.once('could not read settings', err);
      }
    }
    return normaliseSettings(this.pushedSettings);
  }

  /** Walks a folder on disk and brings the workspace in line with it; open buffers are left alone. */
  private async indexFolder(f: FolderState): Promise<void> {
    const { failures } = this.env;
    const generation = ++f.generation;
    f.ready = false;
    this.indexed(f); // a superseded index ends its progress here
    const report = await IndexReport.start(this.env, f, this.workDoneProgress);
    f.indexing = report;
    try {
      // Files are parsed as the walk reads them (on workers, reading and parsing overlap).
      const load = this.beginLoad(f, generation);
      let walk: WalkResult;
      try {
        walk = await walkFolder(f.root.fsPath, {
          excluded: f.excluded,
          defaultExcludes: f.defaultExcludes,
          maxFileBytes: f.settings.maxFileBytes,
          onProgress: (p) => generation === f.generation && report.reading(p),
          onFile: (file) => load.add(file),
        });
      } finally {
        await load.finish();
      }
      if (generation !== f.generation) return;
      const seen = new Set(walk.files.map((file) => file.path));
      for (const [path, origin] of [...f.files]) {
        if (origin === 'disk' && !seen.has(path)) this.removeFile(f, path);
        if (origin === 'buffer' && f.excluded(path)) this.removeFile(f, path);
      }
      const kept = f.skipped;
      f.skipped = new Map(walk.skipped.map((s) => {
        const before = kept.get(s.path);
        return [s.path, before?.message === s.message ? before : notice(s)];
      }));
      f.workspace.setExcludedByDefault?.(walk.excludedByDefault);
      report.walked(walk);
    } catch (err) {
      failures.once(`indexing ${f.root.name} failed`, err);
    } finally {
      if (generation === f.generation) {
        f.ready = true;
        this.env.schedule(f);
      }
    }
  }

  /** The first analysis after an index was published (or the index was superseded): its progress ends. */
  indexed(f: FolderState): void {
    const report = f.indexing;
    if (!report) return;
    delete f.indexing;
    report.done(f.ready);
  }

  /** Reads the folder's settings again; a changed exclude list or size limit re-indexes it. */
  async applySettings(f: FolderState): Promise<void> {
    const next = await this.fetchSettings(f);
    const before = f.settings;
    f.settings = next;
    this.env.log.level = next.log.level;
    f.excluded = compileGlobs(next.exclude);
    try {
      f.workspace.setSettings(coreSettings(next));
    } catch (err) {
      this.env.failures.once('settings rejected', err);
    }
    const rescan = before.maxFileBytes !== next.maxFileBytes || before.exclude.join('\n') !== next.exclude.join('\n');
    if (rescan && f.root.key !== LOOSE_ROOT && f.generation > 0) await this.indexFolder(f);
    else this.env.schedule(f);
  }

  /**
   * After an analysis: when the config file turned the default excludes on or off, the folder is
   * walked again (with them off, the files under vendor/, testdata/ … are read too).
   */
  defaultExcludesChanged(f: FolderState, config: ProjectConfig | undefined): Promise<void> | undefined {
    const on = config?.defaultExcludes ?? true;
    if (on === f.defaultExcludes || f.root.key === LOOSE_ROOT || !f.ready) return undefined;
    f.defaultExcludes = on;
    return this.indexFolder(f);
  }

  /** The folders named at initialisation: settings first, then the walk. */
  async indexAll(): Promise<void> {
    await Promise.all(
      [...this.byKey.values()].filter((f) => f.root.key !== LOOSE_ROOT).map(async (f) => {
        await this.applySettings(f);
        await this.indexFolder(f);
      }),
    );
  }

  async addFolders(list: readonly WorkspaceFolder[]): Promise<void> {
    const { uris } = this.env;
    uris.setFolders([...uris.folders().map((r) => ({ uri: r.key, name: r.name })), ...list]);
    const added = list
      .map((w) => uris.rootByKey(UriMap.normalise(w.uri)))
      .filter((r): r is Root => r !== undefined)
      .map((r) => this.folderFor(r));
    // Buffers opened before the folder was known move from the loose root into it.
    for (const doc of this.env.documents.all()) this.routeDocument(doc);
    await Promise.all(
      added.map(async (f) => {
        await this.applySettings(f);
        await this.indexFolder(f);
      }),
    );
  }

  removeFolders(list: readonly WorkspaceFolder[]): void {
    const { uris } = this.env;
    const gone = new Set(list.map((w) => UriMap.normalise(w.uri)));
    for (const key of gone) {
      const f = this.byKey.get(key);
      if (!f) continue;
      this.env.removed(f);
      this.byKey.delete(key);
    }
    uris.setFolders(uris.folders().filter((r) => !gone.has(r.key)).map((r) => ({ uri: r.key, name: r.name })));
    for (const doc of this.env.documents.all()) this.routeDocument(doc);
  }

  /** Puts an open buffer into the folder that owns it (and out of the one that owned it before, if any). */
  routeDocument(doc: TextDocument): void {
    const ref = this.env.uris.resolve(doc.uri, doc.languageId);
    if (!ref) return;
    const before = this.owners.get(doc.uri);
    if (before && (before.rootKey !== ref.root.key || before.path !== ref.path)) {
      const old = this.byKey.get(before.rootKey);
      if (old && old.files.get(before.path) === 'buffer') {
        this.removeFile(old, before.path);
        this.env.schedule(old);
      }
    }
    this.owners.set(doc.uri, { rootKey: ref.root.key, path: ref.path, version: doc.version });
    const f = this.folderFor(ref.root);
    if (f.excluded(ref.path) || doc.getText().length > f.settings.maxFileBytes) {
      this.removeFile(f, ref.path);
    } else {
      this.setFile(f, ref.path, doc.getText(), 'buffer');
      if (f.files.get(ref.path) === 'buffer') f.bufferVersions.set(ref.path, doc.version);
    }
    this.env.schedule(f);
  }

  /** A buffer closed: the folder goes back to what is on disk. */
  closeDocument(doc: TextDocument): void {
    const { uris, documents } = this.env;
    this.owners.delete(doc.uri);
    const ref = uris.resolve(doc.uri, doc.languageId);
    if (!ref) return;
    const f = this.byKey.get(ref.root.key);
    if (!f || f.files.get(ref.path) !== 'buffer') return;
    if (ref.root.key === LOOSE_ROOT || !isCandidate(ref.path) || f.excluded(ref.path)) {
      this.removeFile(f, ref.path);
      this.env.schedule(f);
      return;
    }
    // Back to what is on disk (it may differ from the closed buffer, or be gone). The buffer's text
    // stays until the disk's arrives: usually they are equal and nothing is analysed again, where
    // dropping the file first would re-run every manifest linked through it twice.
    const reread = Promise.resolve().then(() => {
      if (documents.get(doc.uri) || f.files.get(ref.path) !== 'buffer' || this.byKey.get(f.root.key) !== f) return; // reopened or moved meanwhile
      this.takeDiskRead(f, ref.path, readFolderFile(f.root.fsPath, ref.path, f.settings.maxFileBytes));
      this.env.schedule(f);
    });
    this.env.failures.detach(reread, `re-reading ${ref.path}`);
  }

  /** One file as read from disk: its text into the workspace, or out of it with the reason it was skipped. */
  private takeDiskRead(f: FolderState, path: string, read: FileRead | undefined): void {
    if (read?.kind === 'text') this.setFile(f, path, read.text, 'disk');
    else this.removeFile(f, path);
    if (read?.kind === 'skipped') {
      if (f.skipped.get(path)?.message !== read.message) f.skipped.set(path, notice({ path, reason: read.reason, message: read.message }));
    } else f.skipped.delete(path);
  }

  async onFileEvents(changes: readonly FileEvent[]): Promise<void> {
    const { uris } = this.env;
    const touched = new Set<FolderState>();
    await Promise.all(
      changes.map(async (c) => {
        const ref = uris.resolve(c.uri);
        if (!ref || ref.root.key === LOOSE_ROOT) return;
        const f = this.byKey.get(ref.root.key);
        if (!f) return;
        if (f.files.get(ref.path) === 'buffer') return; // the open buffer wins over disk
        if (c.type === FileChangeType.Deleted) {
          // A deleted directory arrives as one event for the directory itself.
          const under = (path: string) => path === ref.path || path.startsWith(`${ref.path}/`);
          for (const path of [...f.files.keys()]) if (under(path) && f.files.get(path) === 'disk') this.removeFile(f, path);
          for (const path of [...f.skipped.keys()]) if (under(path)) f.skipped.delete(path);
          touched.add(f);
          return;
        }
        if (!isCandidate(ref.path) || f.excluded(ref.path)) return;
        this.takeDiskRead(f, ref.path, readFolderFile(f.root.fsPath, ref.path, f.settings.maxFileBytes));
        touched.add(f);
      }),
    );
    for (const f of touched) this.env.schedule(f);
  }
}
