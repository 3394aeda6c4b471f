// "Secret Surface: Check Cluster…": refuse in an untrusted workspace, pick a context (current first, or the one
// `secretSurface.cluster.context` names), confirm the context and API server before anything connects, pick
// namespaces, then run the check in the language server with a cancellable progress notification and show the
// results view. The kubeconfig is `secretSurface.cluster.kubeconfig` (a user setting), else KUBECONFIG, else
// ~/.kube/config. A wiring table of small steps.
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node.js';
import { CheckClusterRequest, ListContextsRequest, type ClusterContextInfo } from '../../server/src/protocol.js';
import { CLUSTER_VIEW, ClusterResultsProvider } from './cluster-view.js';

export const CHECK_CLUSTER_COMMAND = 'secretSurface.checkCluster';
export const KUBECONFIG_SETTING = 'secretSurface.cluster.kubeconfig';
export const CONTEXT_SETTING = 'secretSurface.cluster.context';

/** The two cluster settings; a kubeconfig path set in a workspace is ignored (the setting is machine-scoped). */
function clusterSettings(): { kubeconfig?: string; context?: string } {
  const c = vscode.workspace.getConfiguration('secretSurface.cluster');
  const kubeconfig = c.get<string>('kubeconfig')?.trim();
  const context = c.get<string>('context')?.trim();
  return { ...(kubeconfig ? { kubeconfig } : {}), ...(context ? { context } : {}) };
}

export function registerClusterCheck(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): ClusterResultsProvider {
  const results = new ClusterResultsProvider();
  context.subscriptions.push(
    vscode.window.createTreeView(CLUSTER_VIEW, { treeDataProvider: results, showCollapseAll: true }),
    vscode.commands.registerCommand(CHECK_CLUSTER_COMMAND, () => checkClusterCommand(client(), results)),
  );
  return results;
}

async function checkClusterCommand(client: LanguageClient | undefined, results: ClusterResultsProvider): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage('Secret Surface: the cluster check does not run in an untrusted workspace. Trust the workspace to let it use your kubeconfig.');
    return;
  }
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage('Secret Surface: the language server is not running.');
    return;
  }
  const settings = clusterSettings();
  const ctx = await pickContext(client, settings);
  if (!ctx || !(await confirm(ctx))) return;
  const namespaces = await pickNamespaces(ctx);
  if (!namespaces) return;
  const folderUri = vscode.workspace.workspaceFolders?.[0]?.uri.toString();
  const reply = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Secret Surface: checking ${ctx.name}`, cancellable: true },
    async (progress, cancel) => {
      // LSP work-done progress: the server reports on this token; the notification shows it.
      const token = `secret-surface-cluster-${Date.now()}`;
      const sub = client.onProgress(WorkDoneProgress.type, token, (v) => {
        if (v.kind !== 'end' && v.message) progress.report({ message: v.message });
      });
      try {
        return await client.sendRequest(
          CheckClusterRequest,
          {
            context: ctx.name,
            workDoneToken: token,
            ...(settings.kubeconfig ? { kubeconfig: settings.kubeconfig } : {}),
            ...(namespaces.length ? { namespaces } : {}),
            ...(folderUri ? { folderUri } : {}),
          },
          cancel,
        );
      } finally {
        sub.dispose();
      }
    },
  );
  if (!reply.ok) {
    const show = reply.kind === 'cancelled' ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
    void show(`Secret Surface: ${reply.message}`);
    return;
  }
  results.show(reply.result, reply.folderUri);
  await vscode.commands.executeCommand(`${CLUSTER_VIEW}.focus`);
  const r = reply.result;
  const forbidden = r.namespaces.forbidden.length ? `; not allowed to read ${r.namespaces.forbidden.map((n) => n.name).join(', ')}` : '';
  void vscode.window.showInformationMessage(
    `Secret Surface: ${r.context} — ${r.findings.length} finding(s) in ${r.stats.workloads} workload(s), ${r.stats.images} image(s)${forbidden}.`,
  );
}

async function pickContext(client: LanguageClient, settings: { kubeconfig?: string; context?: string }): Promise<ClusterContextInfo | undefined> {
  const listed = await client.sendRequest(ListContextsRequest, settings.kubeconfig ? { kubeconfig: settings.kubeconfig } : {});
  const which = settings.kubeconfig ? `the kubeconfig ${settings.kubeconfig} (${KUBECONFIG_SETTING})` : 'the kubeconfig';
  if (!listed.ok) {
    void vscode.window.showErrorMessage(`Secret Surface: ${listed.message}`);
    return undefined;
  }
  if (listed.contexts.length === 0) {
    void vscode.window.showErrorMessage(`Secret Surface: ${which} has no contexts.`);
    return undefined;
  }
  if (settings.context) {
    const named = listed.contexts.find((c) => c.name === settings.context);
    if (!named) {
      const known = listed.contexts.map((c) => c.name).join(', ');
      void vscode.window.showErrorMessage(`Secret Surface: ${CONTEXT_SETTING} names the context "${settings.context}", which ${which} does not have (it has: ${known}).`);
    }
    return named;
  }
  const pick = await vscode.window.showQuickPick(
    listed.contexts.map((c) => ({ label: c.name, description: c.current ? 'current' : '', detail: c.server ?? `cluster ${c.cluster}`, ctx: c })),
    { title: 'Secret Surface: Check Cluster', placeHolder: 'Kubernetes context to check' },
  );
  return pick?.ctx;
}

async function confirm(ctx: ClusterContextInfo): Promise<boolean> {
  const go = 'Check Cluster';
  const answer = await vscode.window.showWarningMessage(
    `Connect to context "${ctx.name}" at ${ctx.server ?? 'an unknown server'}?`,
    {
      modal: true,
      detail:
        'Secret Surface will use your kubeconfig (including any credential plugin it names) to read Pods and ServiceAccounts — never Secrets — and will read image manifests and layers from their registries.',
    },
    go,
  );
  return answer === go;
}

/** [] for every namespace the user may list; undefined when the user backed out. */
async function pickNamespaces(ctx: ClusterContextInfo): Promise<string[] | undefined> {
  const all = { label: 'All namespaces', detail: 'Every namespace you may list (forbidden ones are listed, not fatal)' };
  const chosen = { label: 'Choose namespaces…', detail: ctx.namespace ? `e.g. ${ctx.namespace}` : 'A comma-separated list' };
  const pick = await vscode.window.showQuickPick([all, chosen], { title: `Namespaces in ${ctx.name}` });
  if (!pick) return undefined;
  if (pick === all) return [];
  const text = await vscode.window.showInputBox({ title: `Namespaces in ${ctx.name}`, prompt: 'Comma-separated namespaces', value: ctx.namespace ?? '' });
  if (text === undefined) return undefined;
  return text.split(/[,\s]+/).filter(Boolean);
}
