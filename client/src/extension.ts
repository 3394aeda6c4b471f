// The VS Code side of Secret Surface: decides whether the workspace has anything to analyse
// (activation.ts) and only then starts the language server over IPC, shows the views (context key
// `secretSurface.active`) and the status-bar item, and wires the commands (report, restart, rule docs)
// and the exposure report view to it. Everything that analyses lives in the server; this file only
// connects editor features to it.
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node.js';
import {
  ExposureReportRequest,
  IndexProgressNotification,
  ReportChangedNotification,
  RulesRequest,
  SETTINGS_SECTION,
  TrustChangedNotification,
  type InitializationOptions,
} from '../../server/src/protocol.js';
import { ReportProvider, type SortKey } from './report-view.js';
import { registerClusterCheck } from './cluster-command.js';
import { registerAdmissionPolicyCommand } from './admission-command.js';
import { registerFixAllCommand } from './fix-all-command.js';
import { registerRuntimePolicyCommand } from './runtime-command.js';
import type { ClusterResultsProvider } from './cluster-view.js';
import { registerExposurePage, type ExposurePage } from './exposure-page.js';
import { isAnalysableDocument, reasonToStart } from './activation.js';
import { ExposureStatus } from './status-bar.js';

export const REPORT_VIEW = 'secretSurface.exposureReport';
/** True once the server runs: the views and most commands are shown only then. */
export const ACTIVE_CONTEXT = 'secretSurface.active';

let client: LanguageClient | undefined;

/** What tests inside the extension host may inspect. */
export interface SecretSurfaceApi {
  client(): LanguageClient | undefined;
  report: ReportProvider;
  cluster: ClusterResultsProvider;
  page: ExposurePage;
  /** Why the server was started, or undefined while it was not (nothing to analyse). */
  startedBecause(): string | undefined;
}

/** One line in the output channel, in the language client's own format. */
function logLine(output: vscode.OutputChannel, message: string): void {
  output.appendLine(`[Info  - ${new Date().toLocaleTimeString()}] ${message}`);
}

export async function activate(context: vscode.ExtensionContext): Promise<SecretSurfaceApi> {
  const output = vscode.window.createOutputChannel('Secret Surface');
  const status = new ExposureStatus();
  context.subscriptions.push(output, status);

  const fetchRows = async () => {
    if (!client?.isRunning()) return [];
    return (await client.sendRequest(ExposureReportRequest, {})).rows;
  };
  const report = new ReportProvider(fetchRows);
  const page = registerExposurePage(context, fetchRows);
  const view = vscode.window.createTreeView(REPORT_VIEW, { treeDataProvider: report, showCollapseAll: true });
  let refreshTimer: NodeJS.Timeout | undefined;
  const refreshSoon = () => {
    // Analyses arrive per keystroke; the view only needs the settled state.
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      if (view.visible) void report.refresh();
      void page.refresh();
    }, 300);
  };

  let startedBecause: string | undefined;
  const waiting: vscode.Disposable[] = [];
  const start = async (why: string): Promise<void> => {
    if (client) return;
    startedBecause = why;
    for (const d of waiting.splice(0)) d.dispose();
    logLine(output, `Starting the language server: ${why}.`);
    client = createClient(context, output);
    context.subscriptions.push(
      client.onNotification(ReportChangedNotification, (p) => {
        status.reportChanged(p);
        refreshSoon();
      }),
      client.onNotification(IndexProgressNotification, (p) => status.progress(p)),
      client.onDidChangeState((e) => {
        if (e.newState === State.Stopped) status.reset('stopped');
        if (e.newState === State.Starting) status.reset('starting');
      }),
    );
    status.reset('starting');
    status.show();
    await vscode.commands.executeCommand('setContext', ACTIVE_CONTEXT, true);
    await client.start();
  };

  const sortBy = (key: SortKey) => () => report.setSort(key);
  context.subscriptions.push(
    view,
    view.onDidChangeVisibility((e) => e.visible && void report.refresh()),
    vscode.commands.registerCommand('secretSurface.showExposureReport', async () => {
      await vscode.commands.executeCommand(`${REPORT_VIEW}.focus`);
      await report.refresh();
    }),
    vscode.commands.registerCommand('secretSurface.report.refresh', () => report.refresh()),
    vscode.commands.registerCommand('secretSurface.report.sortBySeverity', sortBy('severity')),
    vscode.commands.registerCommand('secretSurface.report.sortByWorkload', sortBy('workload')),
    vscode.commands.registerCommand('secretSurface.report.sortByImage', sortBy('image')),
    // The client re-installs its notification handlers on restart, so nothing is registered again here.
    // In a workspace with nothing to analyse this is how the user starts the server anyway.
    vscode.commands.registerCommand('secretSurface.restartServer', () => (client ? client.restart() : start('started by Restart Server'))),
    vscode.commands.registerCommand('secretSurface.openRuleDocs', (ruleId?: unknown) => openRuleDocs(context, typeof ruleId === 'string' ? ruleId : undefined)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(TrustChangedNotification, { trusted: true })),
  );
  report.setSort('severity');
  const cluster = registerClusterCheck(context, () => client);
  registerAdmissionPolicyCommand(context, () => client);
  registerRuntimePolicyCommand(context, () => client);
  registerFixAllCommand(context, () => client);

  const why = await reasonToStart();
  if (why) {
    await start(why);
  } else {
    logLine(
      output,
      'Nothing to analyse in this workspace (no Dockerfile, no Kubernetes, compose, skaffold, kustomize or Helm YAML): the language server starts when such a file is opened or saved.',
    );
    const maybeStart = (doc: vscode.TextDocument) => {
      if (!client && isAnalysableDocument(doc)) void start(`${vscode.workspace.asRelativePath(doc.uri)} was opened`);
    };
    waiting.push(
      vscode.workspace.onDidOpenTextDocument(maybeStart),
      vscode.workspace.onDidSaveTextDocument(maybeStart),
      vscode.workspace.onDidChangeWorkspaceFolders(async () => {
        const again = await reasonToStart();
        if (again) await start(again);
      }),
    );
    context.subscriptions.push({ dispose: () => waiting.splice(0).forEach((d) => d.dispose()) });
  }
  return { client: () => client, report, cluster, page, startedBecause: () => startedBecause };
}

function createClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const selector = ['file', 'untitled'].flatMap((scheme) => ['yaml', 'dockerfile'].map((language) => ({ scheme, language })));
  const init: InitializationOptions = { workspaceTrusted: vscode.workspace.isTrusted };
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    initializationOptions: init,
    outputChannel: output,
  };
  // The id is the settings prefix, so `secretSurface.trace.server` drives the protocol trace.
  return new LanguageClient(SETTINGS_SECTION, 'Secret Surface', serverOptions, clientOptions);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** Opens a rule's page: the copy shipped in the extension when present, else the published one. */
async function openRuleDocs(context: vscode.ExtensionContext, ruleId: string | undefined): Promise<void> {
  if (!client) return;
  const rules = await client.sendRequest(RulesRequest);
  let id = ruleId;
  if (!id) {
    const pick = await vscode.window.showQuickPick(
      rules.map((r) => ({ label: r.id, description: r.defaultSeverity, detail: r.summary })),
      { placeHolder: 'Open the documentation of a Secret Surface rule' },
    );
    id = pick?.label;
  }
  const rule = rules.find((r) => r.id === id);
  if (!rule) return;
  const local = context.asAbsolutePath(path.join('docs', 'rules', `${rule.id}.md`));
  if (fs.existsSync(local)) {
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(local));
  } else {
    await vscode.env.openExternal(vscode.Uri.parse(rule.docsUrl));
  }
}
