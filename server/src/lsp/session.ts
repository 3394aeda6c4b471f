// The language server as a wiring table: LSP events on one side, the core Workspace (one per
// workspace folder) on the other. It owns the document/disk bookkeeping (open buffers win over
// disk), scheduling of re-analysis, publishing only changed diagnostics, and keeping one bad file
// or rule from taking the server down. It talks to the editor only through `connection`, so tests
// drive it in-process over a pair of streams.
import { RenderWatch, isRenderable, type RenderFolder } from './render-watch.js';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  WatchKind,
  type Connection,
  type FileEvent,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { Exposure } from '../core/exposure.js';
import { compileGlobs } from '../core/config/globs.js';
import type { DockerfileFacts, Finding, InputNotice, WorkspaceSettings } from '../core/model.js';
import { hoverAt } from '../core/hover.js';
import { buildExposureReport, type ExposureRow } from '../core/report.js';
import { rules, ruleDocUrl } from '../core/rules/index.js';
import {
  DEFAULT_SETTINGS,
  ExposureReportRequest,
  normaliseSettings,
  ReportChangedNotification,
  RulesRequest,
  SETTINGS_SECTION,
  TrustChangedNotification,
  type ExposureReport,
  type ExposureReportRow,
  type InitializationOptions,
  type SecretSurfaceSettings,
} from '../protocol.js';
import { DocumentDiagnostics, partitionByFile } from './document-diagnostics.js';
import { CODE_ACTION_KINDS, codeActions } from './code-actions.js';
import { isCandidate, readCandidate, walkFolder, WATCH_GLOBS } from './disk.js';
import { LOOSE_ROOT, UriMap, type Root } from './uris.js';
import { redact } from '../redact.js';

/** What the server needs from the core's Workspace (server/src/core/workspace.ts). */
export interface AnalysisWorkspace {
  setFile(path: string, text: string): void;
  removeFile(path: string): void;
  setSettings(settings: CoreSettings): void;
  /**
   * `report`, when given, is the exposure report built from the same analysis (row i ↔ exposure i).
   * `partitions`, when given, are the findings per partition with arrays that keep their identity
   * while unchanged, so only changed documents are looked at; otherwise findings are grouped by file.
   */
  analyze(): { findings: Finding[]; notices: InputNotice[]; exposures: Exposure[]; report?: ExposureRow[]; partitions?: ReadonlyMap<string, readonly Finding[]> };
  /** The facts of a Dockerfile the workspace holds (hover on a FROM line reads them). */
  dockerfileFacts(path: string): DockerfileFacts | undefined;
}

/** The settings the core reads: the core's own settings shape. */
export type CoreSettings = WorkspaceSettings;

export interface SessionOptions {
  createWorkspace(settings: CoreSettings): AnalysisWorkspace;
  /** More requests on the same connection (the cluster check), with what they may ask of the session. */
  extend?(connection: Connection, session: { trusted(): boolean; folders(): { uri: string; fsPath: string }[] }): void;
}

interface FolderState {
  root: Root;
  workspace: AnalysisWorkspace;
  settings: SecretSurfaceSettings;
  excluded: (path: string) => boolean;
  /** Paths currently given to the workspace, and whether the text came from disk or an open buffer. */
  files: Map<string, 'disk' | 'buffer'>;
  /** False while the initial index runs, so half-indexed results are never published. */
  ready: boolean;
  /** Per-document diagnostics and what each document was last sent. */
  docs: DocumentDiagnostics;
  /** Documents whose diagnostics may have changed and are not yet (re)published. */
  pending: Set<string>;
  /** The most recent analysis, reused by hover-free requests such as the report. */
  last?: ReturnType<AnalysisWorkspace['analyze']>;
  /** Bumped by each (re)index so a stale walk does not overwrite a newer one. */
  generation: number;
}

function coreSettings(s: SecretSurfaceSettings): CoreSettings {
  return { rules: s.rules, exclude: s.exclude, imageMap: s.imageMap, maxFileBytes: s.maxFileBytes, charts: s.charts };
}

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
function collectWhenIdle(passes = 3): void {
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

/**
 * Documents published per turn of the event loop while a large batch streams out: small, so an edit
 * that arrives meanwhile waits for a few milliseconds of conversion, not for the batch.
 */
const PUBLISH_CHUNK = 50;
/** An analysis that changed at most this many documents publishes them at once. */
const PUBLISH_AT_ONCE = 200;

export function startSession(connection: Connection, options: SessionOptions): void {
  const documents = new TextDocuments(TextDocument);
  const uris = new UriMap();
  const folders = new Map<string, FolderState>();
  const reported = new Set<string>();
  let configurationSupport = false;
  let watchRegistration = false;
  let configurationRegistration = false;
  let folderEvents = false;
  let trusted = true;
  let pushedSettings: unknown;
  /** Which folder and path each open buffer was given to, so a folder change moves it exactly once. */
  const owners = new Map<string, { rootKey: string; path: string }>();
  const dirty = new Set<string>();
  let flushScheduled = false;

  /** Logs a failure once per distinct message, so a file that throws on every keystroke does not flood the log. */
  const reportOnce = (what: string, err: unknown) => {
    const msg = `${what}: ${err instanceof Error ? err.message : String(err)}`;
    if (reported.has(msg)) return;
    reported.add(msg);
    connection.console.error(redact(`Secret Surface: ${msg}${err instanceof Error && err.stack ? `\n${err.stack}` : ''}`));
  };

  /** Runs a promise to completion in the background; a failure is logged, never an unhandled rejection. */
  const detach = (p: Promise<unknown>, what: string) => {
    p.catch((err: unknown) => {
      // After shutdown the connection is gone; there is nobody left to tell.
      if (!shuttingDown) reportOnce(what, err);
    });
  };
  let shuttingDown = false;
  connection.onShutdown(() => {
    renders.dispose();
    shuttingDown = true;
  });

  const folderFor = (root: Root): FolderState => {
    let f = folders.get(root.key);
    if (!f) {
      const settings = DEFAULT_SETTINGS;
      f = {
        root,
        workspace: options.createWorkspace(coreSettings(settings)),
        settings,
        excluded: compileGlobs(settings.exclude),
        files: new Map(),
        ready: root.key === LOOSE_ROOT,
        docs: new DocumentDiagnostics(),
        pending: new Set(),
        generation: 0,
      };
      folders.set(root.key, f);
    }
    return f;
  };

  const setFile = (f: FolderState, path: string, text: string, origin: 'disk' | 'buffer') => {
    try {
      f.workspace.setFile(path, text);
      f.files.set(path, origin);
    } catch (err) {
      reportOnce(`could not read ${path}`, err);
      // A file the core cannot take is left out; the rest of the folder still works.
      try {
        f.workspace.removeFile(path);
      } catch {
        /* already absent */
      }
      f.files.delete(path);
    }
  };

  const removeFile = (f: FolderState, path: string) => {
    if (!f.files.has(path)) return;
    f.files.delete(path);
    try {
      f.workspace.removeFile(path);
    } catch (err) {
      reportOnce(`could not forget ${path}`, err);
    }
  };

  const schedule = (key: string) => {
    dirty.add(key);
    if (flushScheduled) return;
    flushScheduled = true;
    // setImmediate coalesces the notifications that arrive together (a multi-file save) into one analysis.
    setImmediate(flush);
  };

  const analyze = (f: FolderState) => {
    try {
      f.last = f.workspace.analyze();
    } catch (err) {
      reportOnce(`analysis of ${f.root.name} failed`, err);
    }
    return f.last;
  };

  // Charts and overlays: rendered once a folder is ready, again when a file they read is saved.
  const renderFolder = (f: FolderState): RenderFolder | undefined =>
    f.root.fsPath && isRenderable(f.workspace) ? { key: f.root.key, fsPath: f.root.fsPath, workspace: f.workspace } : undefined;
  const rendersStarted = new WeakSet<object>();
  const renders = new RenderWatch({
    trusted: () => trusted,
    settings: (rf) => {
      const r = folders.get(rf.key)?.settings.render;
      return { ...(r?.helmPath ? { helmPath: r.helmPath } : {}), ...(r?.kustomizePath ? { kustomizePath: r.kustomizePath } : {}) };
    },
    rendered: (rf) => schedule(rf.key),
  });
  const renderSaved = (uri: string) => {
    const ref = uris.resolve(uri);
    const f = ref && folders.get(ref.root.key);
    const rf = f && renderFolder(f);
    if (ref && rf) renders.saved(rf, ref.path);
  };
  const renderAll = (f: FolderState) => {
    const rf = renderFolder(f);
    if (rf && f.ready) renders.folderReady(rf);
  };

  function flush(): void {
    flushScheduled = false;
    // Work arrived: the idle collection waits until the server is idle again.
    idleCollection?.refresh();
    const keys = [...dirty];
    dirty.clear();
    for (const key of keys) {
      const f = folders.get(key);
      if (!f || !f.ready) continue;
      if (!rendersStarted.has(f.workspace)) {
        rendersStarted.add(f.workspace);
        renderAll(f);
      }
      const result = analyze(f);
      if (!result) continue;
      // A notice without a file is the core telling us a rule failed: the log, once, not a diagnostic.
      for (const n of result.notices) if (!n.file) reportOnce(f.root.name, new Error(n.message));
      publish(f, f.docs.update(result.partitions ?? partitionByFile(result.findings), result.notices));
      detach(connection.sendNotification(ReportChangedNotification, f.root.key === LOOSE_ROOT ? {} : { folderUri: f.root.key }), 'report notification');
    }
  }

  /**
   * Publishes one document's current diagnostics unless it was last sent the same; the promise
   * settles when the transport took the message. Converted diagnostics live only until then.
   */
  const publishOne = (f: FolderState, path: string): Promise<void> | undefined => {
    f.pending.delete(path);
    // Loose files only ever show diagnostics while open: the server never indexed their folders.
    const visible = f.root.key !== LOOSE_ROOT || f.files.get(path) === 'buffer';
    const toUri = (p: string) => uris.toUri(f.root, p);
    const out = f.docs.publish(path, visible, toUri);
    return out ? connection.sendDiagnostics({ uri: toUri(path), diagnostics: out }) : undefined;
  };

  /**
   * An edit's few changed documents go out at once; a large batch (the initial index: every
   * document) is queued and streamed in chunks that wait for the transport, so the messages of ten
   * thousand documents are never built and buffered together. Queued documents are converted when
   * sent, from the newest analysis, so a slow stream never publishes stale diagnostics.
   */
  const publish = (f: FolderState, paths: Set<string>) => {
    const few = paths.size <= PUBLISH_AT_ONCE;
    for (const path of paths) {
      // Open documents are what the user looks at: they never wait behind a queue.
      if (few || f.files.get(path) === 'buffer') {
        const sent = publishOne(f, path);
        if (sent) detach(sent, 'publishing diagnostics');
      } else f.pending.add(path);
    }
    if (f.pending.size > 0) detach(drain(), 'publishing diagnostics');
  };

  let draining = false;
  const drain = async (): Promise<void> => {
    if (draining) return;
    draining = true;
    let bulk = 0;
    try {
      for (;;) {
        const sends: Promise<void>[] = [];
        // Documents whose diagnostics turn out equal cost no message, so more of them fit in a turn.
        let looked = 0;
        for (const f of folders.values()) {
          for (const path of f.pending) {
            if (sends.length >= PUBLISH_CHUNK || looked >= 10 * PUBLISH_CHUNK) break;
            looked++;
            const sent = publishOne(f, path);
            if (sent) sends.push(sent);
          }
        }
        if (looked === 0 || shuttingDown) break;
        bulk += looked;
        await Promise.all(sends);
        await new Promise((res) => setImmediate(res));
      }
    } finally {
      draining = false;
    }
    if (bulk >= 1000) collectWhenIdle();
  };

  const fetchSettings = async (f: FolderState): Promise<SecretSurfaceSettings> => {
    if (configurationSupport && f.root.key !== LOOSE_ROOT) {
      try {
        const [raw] = await connection.workspace.getConfiguration([{ scopeUri: f.root.key, section: SETTINGS_SECTION }]);
        return normaliseSettings(raw);
      } catch (err) {
        reportOnce('could not read settings', err);
      }
    }
    return normaliseSettings(pushedSettings);
  };

  /** Walks a folder on disk and brings the workspace in line with it; open buffers are left alone. */
  const indexFolder = async (f: FolderState): Promise<void> => {
    const generation = ++f.generation;
    f.ready = false;
    const progress = await connection.window.createWorkDoneProgress();
    progress.begin('Secret Surface', 0, `Indexing ${f.root.name}`, false);
    try {
      const walk = await walkFolder(f.root.fsPath, {
        excluded: f.excluded,
        maxFileBytes: f.settings.maxFileBytes,
        onProgress: (n) => progress.report(`${f.root.name}: ${n} files`),
      });
      if (generation !== f.generation) return;
      const seen = new Set<string>();
      for (const file of walk.files) {
        seen.add(file.path);
        if (f.files.get(file.path) === 'buffer') continue;
        setFile(f, file.path, file.text, 'disk');
      }
      for (const [path, origin] of [...f.files]) {
        if (origin === 'disk' && !seen.has(path)) removeFile(f, path);
        if (origin === 'buffer' && f.excluded(path)) removeFile(f, path);
      }
      if (walk.tooLarge.length > 0) {
        connection.console.info(`Secret Surface: skipped ${walk.tooLarge.length} file(s) over ${f.settings.maxFileBytes} bytes in ${f.root.name}: ${walk.tooLarge.slice(0, 5).join(', ')}`);
      }
      connection.console.info(`Secret Surface: indexed ${walk.files.length} file(s) in ${f.root.name}`);
    } catch (err) {
      reportOnce(`indexing ${f.root.name} failed`, err);
    } finally {
      progress.done();
      if (generation === f.generation) {
        f.ready = true;
        schedule(f.root.key);
      }
    }
  };

  const applySettings = async (f: FolderState): Promise<void> => {
    const next = await fetchSettings(f);
    const before = f.settings;
    f.settings = next;
    f.excluded = compileGlobs(next.exclude);
    try {
      f.workspace.setSettings(coreSettings(next));
    } catch (err) {
      reportOnce('settings rejected', err);
    }
    const rescan = before.maxFileBytes !== next.maxFileBytes || before.exclude.join('\n') !== next.exclude.join('\n');
    if (rescan && f.root.key !== LOOSE_ROOT && f.generation > 0) await indexFolder(f);
    else schedule(f.root.key);
  };

  const addFolders = async (list: readonly WorkspaceFolder[]) => {
    uris.setFolders([...uris.folders().map((r) => ({ uri: r.key, name: r.name })), ...list]);
    const added = list
      .map((w) => uris.rootByKey(UriMap.normalise(w.uri)))
      .filter((r): r is Root => r !== undefined)
      .map(folderFor);
    // Buffers opened before the folder was known move from the loose root into it.
    for (const doc of documents.all()) routeDocument(doc);
    await Promise.all(
      added.map(async (f) => {
        await applySettings(f);
        await indexFolder(f);
      }),
    );
  };

  const removeFolders = (list: readonly WorkspaceFolder[]) => {
    const gone = new Set(list.map((w) => UriMap.normalise(w.uri)));
    for (const key of gone) {
      const f = folders.get(key);
      if (!f) continue;
      f.pending.clear();
      for (const path of f.docs.clear()) detach(connection.sendDiagnostics({ uri: uris.toUri(f.root, path), diagnostics: [] }), 'publishing diagnostics');
      folders.delete(key);
    }
    uris.setFolders(uris.folders().filter((r) => !gone.has(r.key)).map((r) => ({ uri: r.key, name: r.name })));
    for (const doc of documents.all()) routeDocument(doc);
  };

  /** Puts an open buffer into the folder that owns it (and out of the one that owned it before, if any). */
  const routeDocument = (doc: TextDocument) => {
    const ref = uris.resolve(doc.uri, doc.languageId);
    if (!ref) return;
    const before = owners.get(doc.uri);
    if (before && (before.rootKey !== ref.root.key || before.path !== ref.path)) {
      const old = folders.get(before.rootKey);
      if (old && old.files.get(before.path) === 'buffer') {
        removeFile(old, before.path);
        schedule(old.root.key);
      }
    }
    owners.set(doc.uri, { rootKey: ref.root.key, path: ref.path });
    const f = folderFor(ref.root);
    if (f.excluded(ref.path) || doc.getText().length > f.settings.maxFileBytes) {
      removeFile(f, ref.path);
    } else {
      setFile(f, ref.path, doc.getText(), 'buffer');
    }
    schedule(f.root.key);
  };

  const onFileEvents = async (changes: readonly FileEvent[]) => {
    const touched = new Set<FolderState>();
    await Promise.all(
      changes.map(async (c) => {
        const ref = uris.resolve(c.uri);
        if (!ref || ref.root.key === LOOSE_ROOT) return;
        const f = folders.get(ref.root.key);
        if (!f) return;
        if (f.files.get(ref.path) === 'buffer') return; // the open buffer wins over disk
        if (c.type === FileChangeType.Deleted) {
          // A deleted directory arrives as one event for the directory itself.
          for (const path of [...f.files.keys()]) {
            if ((path === ref.path || path.startsWith(`${ref.path}/`)) && f.files.get(path) === 'disk') removeFile(f, path);
          }
          touched.add(f);
          return;
        }
        if (!isCandidate(ref.path) || f.excluded(ref.path)) return;
        const text = await readCandidate(uris.toFsPath(f.root, ref.path), f.settings.maxFileBytes);
        if (f.files.get(ref.path) === 'buffer') return; // opened while we were reading
        if (typeof text === 'string' && text !== 'too-large') setFile(f, ref.path, text, 'disk');
        else removeFile(f, ref.path);
        touched.add(f);
      }),
    );
    for (const f of touched) schedule(f.root.key);
  };

  // ------------------------------------------------------------------ wiring table

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    configurationSupport = caps.workspace?.configuration === true;
    watchRegistration = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    configurationRegistration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    folderEvents = caps.workspace?.workspaceFolders === true;
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    trusted = init.workspaceTrusted !== false;
    const list: WorkspaceFolder[] =
      params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: params.rootUri.replace(/.*\//, '') }] : []);
    uris.setFolders(list);
    for (const r of uris.folders()) folderFor(r);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'secret-surface' },
    };
  });

  connection.onInitialized(() => {
    if (watchRegistration) {
      const watchers = [
        ...WATCH_GLOBS.map((globPattern) => ({ globPattern })),
        // Deleting a folder is reported for the folder alone, which no file glob matches.
        { globPattern: '**/*', kind: WatchKind.Delete },
      ];
      detach(connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }), 'registering file watchers');
    }
    if (configurationSupport && configurationRegistration) {
      detach(connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }), 'registering for settings changes');
    }
    if (folderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        removeFolders(e.removed);
        detach(addFolders(e.added), 'adding workspace folders');
      });
    }
    detach(Promise.all(
      [...folders.values()].filter((f) => f.root.key !== LOOSE_ROOT).map(async (f) => {
        await applySettings(f);
        await indexFolder(f);
      }),
    ), 'indexing the workspace');
  });

  connection.onDidChangeConfiguration((change) => {
    const s = (change.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    if (s !== undefined) pushedSettings = s;
    // Chart settings or the helm/kustomize path may have changed: render again once applied.
    for (const f of folders.values()) detach(applySettings(f).then(() => renderAll(f)), 'applying settings');
  });

  connection.onDidChangeWatchedFiles((params) => {
    detach(onFileEvents(params.changes), 'file events');
    // A file changed on disk (a checkout, a save in another editor) is a save for rendering.
    for (const c of params.changes) renderSaved(c.uri);
  });

  documents.onDidOpen((e) => routeDocument(e.document));
  documents.onDidChangeContent((e) => routeDocument(e.document));
  documents.onDidSave((e) => renderSaved(e.document.uri));
  documents.onDidClose((e) => {
    owners.delete(e.document.uri);
    const ref = uris.resolve(e.document.uri, e.document.languageId);
    if (!ref) return;
    const f = folders.get(ref.root.key);
    if (!f || f.files.get(ref.path) !== 'buffer') return;
    if (ref.root.key === LOOSE_ROOT || !isCandidate(ref.path) || f.excluded(ref.path)) {
      removeFile(f, ref.path);
      schedule(f.root.key);
      return;
    }
    // Back to what is on disk (it may differ from the closed buffer, or be gone). The buffer's text
    // stays until the disk's arrives: usually they are equal and nothing is analysed again, where
    // dropping the file first would re-run every manifest linked through it twice.
    const reread = readCandidate(uris.toFsPath(f.root, ref.path), f.settings.maxFileBytes).then((text) => {
      if (documents.get(e.document.uri) || f.files.get(ref.path) !== 'buffer' || folders.get(f.root.key) !== f) return; // reopened or moved meanwhile
      if (typeof text === 'string' && text !== 'too-large') setFile(f, ref.path, text, 'disk');
      else removeFile(f, ref.path);
      schedule(f.root.key);
    });
    detach(reread, `re-reading ${ref.path}`);
  });

  connection.onHover((params): Hover | null => {
    const ref = uris.resolve(params.textDocument.uri);
    if (!ref) return null;
    const f = folders.get(ref.root.key);
    if (!f || !f.files.has(ref.path)) return null;
    try {
      const md = hoverAt(ref.path, params.position, f.workspace.analyze(), f.workspace.dockerfileFacts(ref.path));
      return md ? { contents: { kind: 'markdown', value: md } } : null;
    } catch (err) {
      reportOnce(`hover in ${ref.path} failed`, err);
      return null;
    }
  });

  connection.onCodeAction((params) => {
    try {
      return codeActions(params, {
        resolve: (uri) => {
          const ref = uris.resolve(uri);
          const f = ref && folders.get(ref.root.key);
          if (!ref || !f || !f.files.has(ref.path)) return undefined;
          return { workspace: f.workspace, path: ref.path, toUri: (p) => uris.toUri(f.root, p), csiProvider: f.settings.fixes.csiProvider, rootPath: f.root.fsPath };
        },
        version: (uri) => documents.get(uri)?.version ?? null,
      });
    } catch (err) {
      reportOnce('code actions failed', err);
      return [];
    }
  });

  connection.onRequest(ExposureReportRequest, (params): ExposureReport => {
    const rows: ExposureReportRow[] = [];
    const wanted = params?.folderUri ? UriMap.normalise(params.folderUri) : undefined;
    for (const f of folders.values()) {
      if (wanted && f.root.key !== wanted) continue;
      if (f.root.key === LOOSE_ROOT && wanted === undefined && f.files.size === 0) continue;
      const result = f.ready ? analyze(f) : f.last;
      if (!result) continue;
      const toUri = (path: string) => uris.toUri(f.root, path);
      const core = result.report ?? buildExposureReport(result.exposures, result.findings);
      core.forEach((row, i) => {
        const { location, dockerfile, ...rest } = row;
        const out: ExposureReportRow = { ...rest, manifest: { uri: toUri(location.file), range: location.range }, folder: f.root.name };
        if (dockerfile) {
          // The report keeps only the path; the exposure behind the same row knows the FROM line.
          const stage = result.exposures[i]?.image.stage;
          const range = stage && stage.file === dockerfile.file ? stage.location.range : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
          out.dockerfile = { uri: toUri(dockerfile.file), range, reason: dockerfile.reason, ...(dockerfile.target ? { target: dockerfile.target } : {}) };
        }
        rows.push(out);
      });
    }
    return { rows };
  });

  connection.onRequest(RulesRequest, () =>
    rules.map((r) => ({ id: r.id, defaultSeverity: r.defaultSeverity, summary: r.docs.summary, docsUrl: ruleDocUrl(r.id) })),
  );

  connection.onNotification(TrustChangedNotification, (p) => {
    // Static analysis is the same either way; kept so features that execute or fetch can consult it.
    trusted = p.trusted;
    // Rendering runs only in a trusted workspace: render (or report not rendering) again.
    for (const f of folders.values()) renderAll(f);
  });

  // Test-only: the bench asks where the server's memory is. Not registered unless the variable is set.
  if (process.env['SECRET_SURFACE_DEBUG_MEMORY'] === '1') {
    connection.onRequest('secretSurface/debug/memory', (params: { gc?: boolean } | undefined) => {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (params?.gc && gc) gc();
      return { ...process.memoryUsage(), spaces: v8.getHeapSpaceStatistics().map((x) => ({ name: x.space_name, size: x.space_size, used: x.space_used_size })) };
    });
  }

  options.extend?.(connection, {
    trusted: () => trusted,
    folders: () => uris.folders().filter((r) => r.fsPath !== '').map((r) => ({ uri: r.key, fsPath: r.fsPath })),
  });

  documents.listen(connection);
  connection.listen();
}
