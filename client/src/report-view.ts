// The exposure report as a tree in the Explorer: one row per container (workload × container ×
// Secrets × image hardening), sortable by severity, workload or image, each row and detail opening
// the manifest or the Dockerfile it came from. Data comes from the server's report request.
import * as vscode from 'vscode';
import type { ExposureReportRow, ReportLocation } from '../../server/src/protocol.js';
import { sortRows, type SortKey } from './report-sort.js';

export type { SortKey } from './report-sort.js';

type Node = { kind: 'row'; row: ExposureReportRow } | { kind: 'detail'; label: string; description?: string; icon: string; target?: ReportLocation; tooltip?: string };

export class ReportProvider implements vscode.TreeDataProvider<Node> {
  private rows: ExposureReportRow[] = [];
  private sortKey: SortKey = 'severity';
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly fetch: () => Promise<ExposureReportRow[]>) {}

  get sort(): SortKey {
    return this.sortKey;
  }

  setSort(key: SortKey): void {
    this.sortKey = key;
    void vscode.commands.executeCommand('setContext', 'secretSurface.reportSort', key);
    this.changed.fire(undefined);
  }

  async refresh(): Promise<void> {
    try {
      this.rows = await this.fetch();
    } catch {
      // The server is starting or restarting; the next report-changed notification refreshes again.
      return;
    }
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return sortRows(this.rows, this.sortKey).map((row) => ({ kind: 'row', row }));
    if (node.kind !== 'row') return [];
    const r = node.row;
    const out: Node[] = [];
    const tools = [
      r.shells.length ? `shell: ${r.shells.join(', ')}` : '',
      r.networkClients.length ? `network: ${r.networkClients.join(', ')}` : '',
      r.interpreters.length ? `interpreter: ${r.interpreters.join(', ')}` : '',
    ].filter(Boolean);
    out.push({
      kind: 'detail',
      label: `Image ${r.image}`,
      description: r.baseImage && r.baseImage !== r.image ? `built on ${r.baseImage}` : r.source,
      icon: r.hardening === 'hardened' ? 'pass' : r.hardening === 'exposed' ? 'warning' : 'question',
      target: r.dockerfile ?? r.manifest,
    });
    if (r.dockerfile) {
      out.push({ kind: 'detail', label: 'Dockerfile', description: r.dockerfile.reason, icon: 'file-code', target: r.dockerfile, tooltip: r.dockerfile.reason });
    }
    out.push({
      kind: 'detail',
      label: r.hardening === 'unknown' ? 'Hardening unknown' : tools.length ? tools.join(' · ') : 'No shell, interpreter or network client',
      ...(r.unresolved ? { description: r.unresolved, tooltip: r.unresolved } : {}),
      icon: 'tools',
      ...(r.dockerfile ? { target: r.dockerfile } : {}),
    });
    for (const s of r.secrets) {
      out.push({ kind: 'detail', label: `Secret ${s.name}`, description: `${s.channel}${s.optional ? ', optional' : ''}`, icon: 'key', target: r.manifest });
    }
    if (r.tokenMounted) out.push({ kind: 'detail', label: 'Service-account token mounted', icon: 'account', target: r.manifest });
    const v = r.vulnerabilities;
    if (v) {
      const counts = `${v.critical} critical, ${v.high} high, ${v.medium} medium, ${v.low} low`;
      out.push({ kind: 'detail', label: `CVEs: ${counts}`, description: v.reports.join(', '), icon: v.overThreshold ? 'bug' : 'info', target: r.manifest, tooltip: `${counts}${v.unknown ? `, ${v.unknown} unknown` : ''} (matched by ${v.matchedBy})${v.overThreshold ? ' — over the threshold' : ''}` });
    }
    return out;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'detail') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      if (node.description) item.description = node.description;
      if (node.tooltip) item.tooltip = node.tooltip;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      if (node.target) item.command = openCommand(node.target);
      return item;
    }
    const r = node.row;
    const item = new vscode.TreeItem(`${r.workload.kind} ${r.workload.name} › ${r.container}`, vscode.TreeItemCollapsibleState.Collapsed);
    const secrets = r.secrets.length === 1 ? '1 Secret' : `${r.secrets.length} Secrets`;
    const cves = r.vulnerabilities ? ` · ${r.vulnerabilities.critical} critical, ${r.vulnerabilities.high} high CVEs` : '';
    item.description = `${secrets} · ${r.hardening}${cves} · ${r.image}`;
    item.tooltip = new vscode.MarkdownString(
      `**${r.workload.kind} ${r.workload.namespace}/${r.workload.name}**, container \`${r.container}\`\n\n` +
        `Image \`${r.image}\` — ${r.hardening}${r.unresolved ? ` (${r.unresolved})` : ''}\n\n` +
        `${secrets}${r.secrets.length ? `: ${r.secrets.map((s) => `\`${s.name}\` (${s.channel})`).join(', ')}` : ''}\n\n` +
        `${r.findings} finding(s)${r.worstSeverity ? `, worst: ${r.worstSeverity}` : ''}`,
    );
    item.iconPath = severityIcon(r);
    item.contextValue = 'exposure';
    item.command = openCommand(r.manifest);
    return item;
  }
}

function severityIcon(r: ExposureReportRow): vscode.ThemeIcon {
  switch (r.worstSeverity) {
    case 'error':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    case 'warning':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    case 'info':
    case 'hint':
      return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
    default:
      return new vscode.ThemeIcon(r.hardening === 'hardened' ? 'pass' : 'circle-outline');
  }
}

function openCommand(target: ReportLocation): vscode.Command {
  const r = target.range;
  const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  return { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.parse(target.uri), { selection: range } satisfies vscode.TextDocumentShowOptions] };
}
