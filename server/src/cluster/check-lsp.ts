// The cluster check's language-server requests: list kubeconfig contexts, and run the check over the first (or
// named) workspace folder's links with work-done progress and cancellation. Failures come back as answers with
// the one-line message the user sees; nothing runs in an untrusted workspace.
import type { Connection, RequestHandler } from 'vscode-languageserver';
import { fileURLToPath } from 'node:url';
import {
  CheckClusterRequest,
  ListContextsRequest,
  type CheckClusterParams,
  type CheckClusterResult,
  type ClusterFailure,
  type ListContextsResult,
} from '../protocol.js';
import { walkFolderSync } from '../files/walk.js';
import { checkCluster, ClusterCheckError } from './check.js';
import { listContexts } from './kube.js';
import { kubeconfigHint } from './kube-config.js';

export interface ClusterRequestContext {
  trusted(): boolean;
  /** The workspace folders: URI (as the client sent it) and file-system path. */
  folders(): { uri: string; fsPath: string }[];
}

const UNTRUSTED: ClusterFailure = {
  ok: false,
  kind: 'untrusted',
  message: 'The cluster check does not run in an untrusted workspace: trust the workspace to let Secret Surface use your kubeconfig.',
};

function failure(err: unknown): ClusterFailure {
  if (err instanceof ClusterCheckError) return { ok: false, kind: err.kind, message: kubeconfigHint(err, 'Set secretSurface.cluster.kubeconfig (a path, or a list like KUBECONFIG)') };
  return { ok: false, kind: 'internal', message: `The cluster check failed: ${err instanceof Error ? err.message.split('\n', 1)[0] : String(err)}` };
}

export function registerClusterRequests(connection: Connection, ctx: ClusterRequestContext): void {
  connection.onRequest(ListContextsRequest, (params): ListContextsResult => {
    if (!ctx.trusted()) return UNTRUSTED;
    try {
      return { ok: true, contexts: listContexts(params?.kubeconfig || undefined) };
    } catch (err) {
      return failure(err);
    }
  });

  const check: RequestHandler<CheckClusterParams, CheckClusterResult, void> = async (params, token) => {
    if (!ctx.trusted()) return UNTRUSTED;
    const folders = ctx.folders();
    const folder = (params.folderUri ? folders.find((f) => f.uri === params.folderUri) : undefined) ?? folders[0];
    const ctrl = new AbortController();
    // The client created the token and shows the notification (with its Cancel button) for it.
    const progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
    const onCancel = token.onCancellationRequested(() => ctrl.abort());
    progress.begin('Secret Surface: cluster check', 0, `Connecting to ${params.context}`, true);
    try {
      const workspaceFiles = folder ? walkFolderSync(folder.fsPath || fileURLToPath(folder.uri)).files : [];
      const result = await checkCluster({
        context: params.context,
        trusted: true,
        signal: ctrl.signal,
        workspaceFiles,
        ...(params.namespaces?.length ? { namespaces: params.namespaces } : {}),
        ...(params.kubeconfig ? { kubeconfig: params.kubeconfig } : {}),
        registry: { insecureHosts: params.insecureRegistries ?? [] },
        onProgress: (p) => {
          const pct = p.total ? Math.round((100 * (p.done ?? 0)) / p.total) : undefined;
          progress.report(pct ?? 0, p.message);
        },
      });
      return { ok: true as const, ...(folder ? { folderUri: folder.uri } : {}), result };
    } catch (err) {
      return failure(err);
    } finally {
      onCancel.dispose();
      progress.done();
    }
  };
  connection.onRequest(CheckClusterRequest, check);
}
