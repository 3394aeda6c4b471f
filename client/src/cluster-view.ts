// The cluster check's results as a tree: namespace → workload → container, each container with its findings
// (severity), Secrets, the tools its image holds with their evidence, which source decided, and links to the
// matching workspace manifest or Dockerfile. Forbidden namespaces are nodes of their own, not errors.
import * as vscode from 'vscode';
import { severityRank, type ClusterCheckResult, type ClusterContainer, type ClusterImage, type FolderLocation } from '../../server/src/protocol.js';

export const CLUSTER_VIEW = 'secretSurface.clusterResults';

type Node =
  | { kind: 'namespace'; name: string; containers: ClusterContainer[] }
  | { kind: 'forbidden'; name: string; message?: string }
  | { kind: 'workload'; key: string; containers: ClusterContainer[] }
  | { kind: 'container'; row: ClusterContainer }
  | { kind: 'detail'; label: string; description?: string; tooltip?: string; icon: string; color?: string; target?: FolderLocation };

function worst(rows: readonly ClusterContainer[]): ClusterContainer['severity'] {
  let w: ClusterContainer['severity'];
  for (const r of rows) if (r.severity && (!w || severityRank(r.severity) < severityRank(w))) w = r.severity;
  return w;
}

/** Severity rank, with containers that have no finding after every severity. */
function rankOf(s: ClusterContainer['severity']): number {
  return s ? severityRank(s) : 9;
}

function severityIcon(s: ClusterContainer['severity'], fallback = 'pass'): vscode.ThemeIcon {
  if (s === 'error') return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  if (s === 'warning') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  if (s) return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
  return new vscode.ThemeIcon(fallback);
}

export class ClusterResultsProvider implements vscode.TreeDataProvider<Node> {
  private result: ClusterCheckResult | undefined;
  private folderUri: string | undefined;
  private images = new Map<string, ClusterImage>();
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  /** The last result shown (extension-host tests read it). */
  get current(): ClusterCheckResult | undefined {
    return this.result;
  }

  show(result: ClusterCheckResult, folderUri: string | undefined): void {
    this.result = result;
    this.folderUri = folderUri;
    this.images = new Map(result.images.map((i) => [i.ref, i]));
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    const r = this.result;
    if (!r) return [];
    if (!node) {
      const byNs = new Map<string, ClusterContainer[]>();
      for (const c of r.containers) byNs.set(c.workload.namespace, [...(byNs.get(c.workload.namespace) ?? []), c]);
      const out: Node[] = [...byNs].sort(([a], [b]) => a.localeCompare(b)).map(([name, containers]) => ({ kind: 'namespace', name, containers }));
      for (const f of r.namespaces.forbidden) out.push({ kind: 'forbidden', name: f.name, ...(f.message ? { message: f.message } : {}) });
      for (const f of r.namespaces.failed) out.push({ kind: 'forbidden', name: f.name, ...(f.message ? { message: f.message } : {}) });
      return out;
    }
    switch (node.kind) {
      case 'namespace': {
        const byWorkload = new Map<string, ClusterContainer[]>();
        for (const c of node.containers) {
          const key = `${c.workload.kind} ${c.workload.name}`;
          byWorkload.set(key, [...(byWorkload.get(key) ?? []), c]);
        }
        return [...byWorkload]
          .sort(([ka, a], [kb, b]) => rankOf(worst(a)) - rankOf(worst(b)) || ka.localeCompare(kb))
          .map(([key, containers]) => ({ kind: 'workload', key, containers }));
      }
      case 'workload':
        return node.containers.map((row) => ({ kind: 'container', row }));
      case 'container':
        return this.details(node.row);
      default:
        return [];
    }
  }

  private details(c: ClusterContainer): Node[] {
    const out: Node[] = [];
    for (const f of c.findings) {
      out.push({ kind: 'detail', label: f.rule, description: f.severity, tooltip: f.message, icon: f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'info' });
    }
    for (const s of c.secrets) out.push({ kind: 'detail', label: `Secret ${s.name}`, description: `${s.channel}${s.optional ? ', optional' : ''}`, icon: 'key' });
    if (c.tokenMounted) out.push({ kind: 'detail', label: 'Service-account token mounted', icon: 'account' });
    const img = this.images.get(c.image);
    if (img) {
      out.push({ kind: 'detail', label: `Image ${c.image}`, description: `decided by ${img.source}`, tooltip: `Decided by ${img.source === 'unknown' ? '' : 'the '}${img.why}`, icon: 'package' });
      for (const t of img.tools) {
        out.push({ kind: 'detail', label: `${t.tool}${t.via ? ` (busybox ${t.via})` : ''}`, description: `${t.category} · ${t.evidence}`, tooltip: t.evidence, icon: 'tools' });
      }
      if (img.tools.length === 0 && img.source !== 'unknown') out.push({ kind: 'detail', label: 'No shell, interpreter or network client', icon: 'pass' });
    }
    if (c.workspaceManifest) out.push({ kind: 'detail', label: 'Open workspace manifest', description: c.workspaceManifest.file, icon: 'go-to-file', target: c.workspaceManifest });
    if (c.dockerfile) out.push({ kind: 'detail', label: 'Open Dockerfile', description: c.dockerfile.file, icon: 'file-code', target: c.dockerfile });
    return out;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    switch (node.kind) {
      case 'namespace': {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.containers.length} container(s)`;
        item.iconPath = severityIcon(worst(node.containers), 'symbol-namespace');
        return item;
      }
      case 'forbidden': {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
        item.description = 'forbidden — not checked';
        if (node.message) item.tooltip = node.message;
        item.iconPath = new vscode.ThemeIcon('lock');
        return item;
      }
      case 'workload': {
        const item = new vscode.TreeItem(node.key, vscode.TreeItemCollapsibleState.Expanded);
        const pods = node.containers[0]?.pods.length ?? 0;
        item.description = `${pods} pod(s)`;
        item.iconPath = severityIcon(worst(node.containers));
        const ws = node.containers[0]?.workspaceManifest;
        if (ws) item.command = this.open(ws);
        return item;
      }
      case 'container': {
        const c = node.row;
        const item = new vscode.TreeItem(c.container, Collapsed);
        const secrets = c.secrets.length === 1 ? '1 Secret' : `${c.secrets.length} Secrets`;
        item.description = `${c.severity ?? 'no findings'} · ${secrets} · ${c.image}`;
        item.tooltip = c.findings.map((f) => `${f.severity}: ${f.message}`).join('\n\n') || 'No findings';
        item.iconPath = severityIcon(c.severity);
        return item;
      }
      case 'detail': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        if (node.description) item.description = node.description;
        if (node.tooltip) item.tooltip = node.tooltip;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        if (node.target) item.command = this.open(node.target);
        return item;
      }
    }
  }

  private open(loc: FolderLocation): vscode.Command | undefined {
    if (!this.folderUri) return undefined;
    const uri = vscode.Uri.joinPath(vscode.Uri.parse(this.folderUri), ...loc.file.split('/'));
    const r = loc.range;
    const selection = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    return { title: 'Open', command: 'vscode.open', arguments: [uri, { selection } satisfies vscode.TextDocumentShowOptions] };
  }
}
