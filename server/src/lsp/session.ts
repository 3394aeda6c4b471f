// The language server as a wiring table: LSP events on one side, the workspace folders (folder.ts:
// one core Workspace per folder) on the other. This file owns the connection's handlers, when an
// analysis runs, and keeping one bad file or rule from taking the server down; what changed goes out
// through publisher.ts. It talks to the editor only through `connection`, so tests drive it
// in-process over a pair of streams.
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  WatchKind,
  type Connection,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { hoverAt } from '../core/hover.js';
import { buildExposureReport, type ExposureRow } from '../core/report.js';
import { rules, ruleDocUrl } from '../core/rules/index.js';
import {
  ExposureReportRequest,
  ReportChangedNotification,
  RulesRequest,
  SETTINGS_SECTION,
  TrustChangedNotification,
  type ExposureReport,
  type ExposureReportRow,
  type InitializationOptions,
} from '../protocol.js';
import { partitionByFile } from './document-diagnostics.js';
import { CODE_ACTION_KINDS, FIX_ALL_WORKSPACE_COMMAND, OPEN_CREATED_COMMAND, SERVER_COMMANDS, codeActions, workspaceFixAll, type CodeActionEnv, type FixSource } from './code-actions.js';
import { WATCH_GLOBS } from '../files/walk.js';
import { Failures } from './failures.js';
import { logNotices } from './index-report.js';
import { ServerLog, since } from './log.js';
import { Folders, type AnalysisWorkspace, type CoreSettings, type FolderEnv, type FolderState } from './folder.js';
import { postponeIdleCollection, registerMemoryDebug } from './memory.js';
import { Publisher } from './publisher.js';
import { FolderVulnReports } from './vuln-reports.js';
import { emptyConfig } from '../core/config/index.js';
import type { PendingEdits } from './edit-lookahead.js';
import { RenderWatch, isRenderable, type RenderFolder } from './render-watch.js';
import { RegistryWatch } from './registry-watch.js';
import { DirectoryDigestCache, defaultDigestCacheDir } from '../cluster/registry/index.js';
import { LOOSE_ROOT, UriMap } from './uris.js';

export type { AnalysisWorkspace, CoreSettings } from './folder.js';

/** How long a folder stays unchanged before the report view and the status bar are told. */
const REPORT_QUIET_MS = 150;

/** The status bar's figures: workloads with an exposed container, and containers that receive Secrets. */
function exposureCounts(rows: readonly ExposureRow[]): { exposedWorkloads: number; containers: number } {
  const exposed = new Set<string>();
  for (const r of rows) if (r.hardening === 'exposed') exposed.add(`${r.location.file}\u0000${r.workload.kind}/${r.workload.namespace ?? ''}/${r.workload.name}`);
  return { exposedWorkloads: exposed.size, containers: rows.length };
}

export interface SessionOptions<W extends AnalysisWorkspace = AnalysisWorkspace> {
  /** `folder.dirName`: the workspace folder's directory name (the root Dockerfile convention and compose's project name). */
  createWorkspace(settings: CoreSettings, folder: { dirName: string }): W;
  /** The quick fixes over a workspace (the core's, over the core Workspace); none when absent. */
  fixes?: (workspace: W) => FixSource;
  /**
   * Document versions read but not yet handled (lsp/edit-lookahead.ts): an older version is not analysed
   * while a newer one is queued. Without it every version is analysed.
   */
  edits?: PendingEdits;
  /** Loads a folder index's files into the workspace, parsed on worker threads where that pays; without it, in this thread. */
  beginLoad?: FolderEnv['beginLoad'];
  /** More requests on the same connection (the cluster check), with what they may ask of the session. */
  extend?(connection: Connection, session: { trusted(): boolean; folders(): { uri: string; fsPath: string }[] }): void;
}

export function startSession<W extends AnalysisWorkspace>(connection: Connection, options: SessionOptions<W>): void {
  const documents = new TextDocuments(TextDocument);
  const uris = new UriMap();
  const failures = new Failures(connection.console);
  const log = new ServerLog(connection.console);
  let watchRegistration = false;
  let configurationRegistration = false;
  let folderEvents = false;
  let trusted = true;
  // What the client's edits and windows take (from initialize): change annotations, showDocument.
  let annotations = false;
  let showDocument = false;

  // ------------------------------------------------------------------ analysis scheduling

  const dirty = new Set<string>();
  let flushScheduled = false;
  /** For the bench and the flood test: analyses run, and document versions skipped as stale. */
  const stats = { analyses: 0, staleVersionsSkipped: 0, postponed: 0 };
  const stale = (doc: TextDocument) => options.edits?.newer(doc.uri, doc.version) === true;
  const schedule = (f: FolderState) => {
    dirty.add(f.root.key);
    if (flushScheduled) return;
    flushScheduled = true;
    // setImmediate coalesces the notifications that arrive together (a multi-file save) into one analysis.
    setImmediate(flush);
  };

  const folders: Folders = new Folders({
    connection,
    uris,
    documents,
    failures,
    log,
    createWorkspace: (settings, folder) => {
      const workspace = options.createWorkspace(settings, folder);
      return { workspace, fixes: options.fixes?.(workspace) };
    },
    schedule,
    removed: (f) => publisher.clear(f),
    ...(options.beginLoad ? { beginLoad: options.beginLoad } : {}),
  });
  const publisher = new Publisher(connection, uris, failures, () => folders.all());
  const vulnReports = new FolderVulnReports((m) => connection.console.info(m));

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
    rendered: (rf) => {
      const f = folders.get(rf.key);
      if (f) schedule(f);
    },
    log: (m) => log.info(m),
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

  // Images nothing in a folder decides: read from their registries in the background when asked (trusted only).
  const registry = new RegistryWatch({
    trusted: () => trusted,
    settingEnabled: (key) => folders.get(key)?.settings.registry.enabled === true,
    changed: (key) => {
      const f = folders.get(key);
      if (f) schedule(f);
    },
    log: (message) => connection.console.log(message),
    cache: () => new DirectoryDigestCache(defaultDigestCacheDir()),
  });

  // The report view and the status bar need the settled state, not every keystroke's: one notification
  // (with the counts, whose report is built only then) once a folder has been quiet for a moment.
  const reportTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const reportChangedSoon = (f: FolderState) => {
    const key = f.root.key;
    clearTimeout(reportTimers.get(key));
    reportTimers.set(
      key,
      setTimeout(() => {
        reportTimers.delete(key);
        const g = folders.get(key);
        if (!g?.last || failures.shuttingDown) return;
        let counts = {};
        try {
          counts = exposureCounts(g.last.report ?? buildExposureReport(g.last.exposures, g.last.findings));
        } catch (err) {
          log.debug(`no exposure counts for ${g.root.name}: ${err instanceof Error ? err.message : String(err)}`);
        }
        try {
          failures.detach(connection.sendNotification(ReportChangedNotification, { ...(key === LOOSE_ROOT ? {} : { folderUri: key }), ...counts }), 'report notification');
        } catch {
          // The connection went away meanwhile: there is nobody left to tell.
        }
      }, REPORT_QUIET_MS),
    );
    reportTimers.get(key)?.unref?.();
  };

  function flush(): void {
    flushScheduled = false;
    postponeIdleCollection();
    const keys = [...dirty];
    dirty.clear();
    for (const key of keys) {
      const f = folders.get(key);
      if (!f || !f.ready) continue;
      // A newer version of one of its open documents is queued: its handler schedules the analysis,
      // so nothing is analysed, or published, for a version the editor has already replaced.
      if (folders.buffers(f).some(stale)) {
        stats.postponed++;
        continue;
      }
      if (!rendersStarted.has(f.workspace)) {
        rendersStarted.add(f.workspace);
        renderAll(f);
      }
      let result = folders.analyze(f);
      stats.analyses++;
      // The config names the vulnerability reports: read (again) when they or their patterns changed.
      if (result && vulnReports.refresh(f, result.config ?? emptyConfig())) {
        result = folders.analyze(f);
        stats.analyses++;
      }
      if (!result) {
        folders.indexed(f);
        continue;
      }
      // `defaultExcludes` changed in the config file: the folder is walked again, then analysed.
      const reindex = folders.defaultExcludesChanged(f, result.config);
      if (reindex) {
        failures.detach(reindex, 're-index for defaultExcludes');
        continue;
      }
      registry.analysed({ key: f.root.key, workspace: f.workspace }, result.exposures, result.config?.registry);
      const vulnNotices = vulnReports.notices(f, result);
      const notices = vulnNotices.length ? [...result.notices, ...vulnNotices] : result.notices;
      // A notice without a file is the core telling us a rule failed: the log, once, not a diagnostic.
      for (const n of result.notices) if (!n.file) failures.once(f.root.name, new Error(n.message));
      f.loggedNotices = logNotices(log, f.root.name, notices, { logged: f.loggedNotices, skipped: f.skipped, buffer: (p) => f.files.get(p) === 'buffer' });
      const t0 = performance.now();
      const changed = f.docs.update(result.partitions ?? partitionByFile(result.findings), folders.notices(f, notices), new Set(f.stale.keys()));
      publisher.publish(f, changed);
      log.trace(`publishing ${changed.size} document(s) of ${f.root.name} (${since(t0)} to compare and convert)`);
      folders.indexed(f);
      reportChangedSoon(f);
    }
  }

  // ------------------------------------------------------------------ wiring table

  connection.onShutdown(() => {
    renders.dispose();
    for (const t of reportTimers.values()) clearTimeout(t);
    failures.shuttingDown = true;
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    folders.configurationSupport = caps.workspace?.configuration === true;
    folders.workDoneProgress = caps.window?.workDoneProgress === true;
    watchRegistration = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    configurationRegistration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    folderEvents = caps.workspace?.workspaceFolders === true;
    annotations = caps.workspace?.workspaceEdit?.changeAnnotationSupport !== undefined;
    showDocument = caps.window?.showDocument?.support === true;
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    trusted = init.workspaceTrusted !== false;
    const list: WorkspaceFolder[] =
      params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: params.rootUri.replace(/.*\//, '') }] : []);
    uris.setFolders(list);
    for (const r of uris.folders()) folders.folderFor(r);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
        executeCommandProvider: { commands: SERVER_COMMANDS },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'secret-surface' },
    };
  });

  connection.onInitialized(() => {
    if (watchRegistration) {
      const watchers = [
        ...WATCH_GLOBS.map((globPattern) => ({ globPattern })),
        // Vulnerability reports (which of them are reports is decided when an event arrives).
        { globPattern: '**/*.json' },
        { globPattern: '**/*.sarif' },
        // Deleting a folder is reported for the folder alone, which no file glob matches.
        { globPattern: '**/*', kind: WatchKind.Delete },
      ];
      failures.detach(connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }), 'registering file watchers');
    }
    if (folders.configurationSupport && configurationRegistration) {
      failures.detach(connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }), 'registering for settings changes');
    }
    if (folderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        folders.removeFolders(e.removed);
        failures.detach(folders.addFolders(e.added), 'adding workspace folders');
      });
    }
    failures.detach(folders.indexAll(), 'indexing the workspace');
  });

  connection.onDidChangeConfiguration((change) => {
    const s = (change.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    if (s !== undefined) folders.pushedSettings = s;
    // Chart settings or the helm/kustomize path may have changed: render again once applied.
    for (const f of folders.all()) failures.detach(folders.applySettings(f).then(() => renderAll(f)), 'applying settings');
  });

  connection.onDidChangeWatchedFiles((params) => {
    failures.detach(folders.onFileEvents(params.changes), 'file events');
    for (const c of params.changes) {
      const ref = uris.resolve(c.uri);
      const f = ref && folders.get(ref.root.key);
      if (f && vulnReports.touched(f, ref.path)) schedule(f);
    }
    // A file changed on disk (a checkout, a save in another editor) is a save for rendering.
    for (const c of params.changes) renderSaved(c.uri);
  });

  // Under a flood of edits only the newest version of a document reaches the workspace.
  const route = (doc: TextDocument) => {
    if (stale(doc)) stats.staleVersionsSkipped++;
    else folders.routeDocument(doc);
  };
  /** Before answering about a document, the workspace holds the version the editor shows. */
  const current = (uri: string) => {
    const doc = documents.get(uri);
    if (doc && folders.bufferVersion(doc.uri) !== doc.version) folders.routeDocument(doc);
  };
  documents.onDidOpen((e) => route(e.document));
  documents.onDidChangeContent((e) => route(e.document));
  documents.onDidSave((e) => renderSaved(e.document.uri));
  documents.onDidClose((e) => folders.closeDocument(e.document));

  connection.onHover((params): Hover | null => {
    current(params.textDocument.uri);
    const at = folders.fileAt(params.textDocument.uri);
    if (!at) return null;
    try {
      const md = hoverAt(at.path, params.position, at.f.workspace.analyze(), at.f.workspace.dockerfileFacts(at.path));
      return md ? { contents: { kind: 'markdown', value: md } } : null;
    } catch (err) {
      failures.once(`hover in ${at.path} failed`, err);
      return null;
    }
  });

  const editEnv = (): Omit<CodeActionEnv, 'resolve'> => ({ version: (uri) => documents.get(uri)?.version ?? null, annotations, showDocument });
  // While a buffer shows its last good analysis, no fix of the whole folder: it would edit that buffer too.
  const fixesOf = (f: FolderState) => (f.fixes && f.stale.size > 0 ? { ...f.fixes, fixAllSafeInWorkspace: () => undefined } : f.fixes);
  const targetOf = (f: FolderState) => ({ fixes: fixesOf(f), toUri: (p: string) => uris.toUri(f.root, p), csiProvider: f.settings.fixes.csiProvider, rootPath: f.root.fsPath });

  connection.onCodeAction((params) => {
    current(params.textDocument.uri);
    try {
      return codeActions(params, {
        ...editEnv(),
        resolve: (uri) => {
          const at = folders.fileAt(uri);
          // A file showing its last good analysis: fixes computed on that text would edit the wrong places.
          return at ? { ...targetOf(at.f), ...(at.f.stale.has(at.path) ? { fixes: undefined } : {}), path: at.path } : undefined;
        },
      });
    } catch (err) {
      failures.once('code actions failed', err);
      return [];
    }
  });

  connection.onExecuteCommand(async (params) => {
    try {
      if (params.command === OPEN_CREATED_COMMAND) {
        const uri = params.arguments?.[0];
        if (typeof uri === 'string' && showDocument) await connection.window.showDocument({ uri, takeFocus: true });
        return null;
      }
      if (params.command === FIX_ALL_WORKSPACE_COMMAND) {
        // Every safe fix of each folder (or of the folder named), one workspace edit per folder.
        const wanted = typeof params.arguments?.[0] === 'string' ? UriMap.normalise(params.arguments[0]) : undefined;
        const applied: string[] = [];
        for (const f of folders.all()) {
          if (!f.ready || (wanted && f.root.key !== wanted)) continue;
          folders.analyze(f);
          const action = workspaceFixAll(targetOf(f), { ...editEnv(), resolve: () => undefined });
          if (!action?.edit) continue;
          const r = await connection.workspace.applyEdit({ label: action.title, edit: action.edit });
          if (r.applied) applied.push(action.title);
        }
        return { applied };
      }
    } catch (err) {
      failures.once(`command ${params.command} failed`, err);
    }
    return null;
  });

  connection.onRequest(ExposureReportRequest, (params): ExposureReport => {
    const rows: ExposureReportRow[] = [];
    const wanted = params?.folderUri ? UriMap.normalise(params.folderUri) : undefined;
    for (const f of folders.all()) {
      if (wanted && f.root.key !== wanted) continue;
      if (f.root.key === LOOSE_ROOT && wanted === undefined && f.files.size === 0) continue;
      const result = f.ready ? folders.analyze(f) : f.last;
      if (!result) continue;
      const toUri = (path: string) => uris.toUri(f.root, path);
      const core = result.report ?? buildExposureReport(result.exposures, result.findings);
      const folderUri = toUri('');
      for (const row of core) {
        const { location, dockerfile, ...rest } = row;
        const out: ExposureReportRow = { ...rest, manifest: { uri: toUri(location.file), range: location.range }, folder: f.root.name, folderUri };
        if (dockerfile) {
          const range = dockerfile.from?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
          out.dockerfile = { uri: toUri(dockerfile.file), range, reason: dockerfile.reason, ...(dockerfile.target ? { target: dockerfile.target } : {}), ...(dockerfile.source ? { source: dockerfile.source } : {}) };
        }
        rows.push(out);
      }
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
    for (const f of folders.all()) {
      renderAll(f);
      // Registry reading starts (or its answers are dropped) with the next analysis.
      schedule(f);
    }
  });

  registerMemoryDebug(connection, () => stats);

  options.extend?.(connection, {
    trusted: () => trusted,
    folders: () => uris.folders().filter((r) => r.fsPath !== '').map((r) => ({ uri: r.key, fsPath: r.fsPath })),
  });

  documents.listen(connection);
  connection.listen();
}
