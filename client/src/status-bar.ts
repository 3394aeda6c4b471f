// The status-bar item: while a folder is first indexed, how many of its files have been read; after,
// how many workloads are exposed (a container receives Secrets while its image ships a shell,
// interpreter or network client). Clicking it opens the exposure view. Fed by the server's
// `secretSurface/indexProgress` and `secretSurface/reportChanged` notifications, summed over folders.
import * as vscode from 'vscode';
import type { IndexProgressParams, ReportChangedParams } from '../../server/src/protocol.js';

export const SHOW_REPORT_COMMAND = 'secretSurface.showExposureReport';

interface FolderCounts {
  exposed: number;
  containers: number;
}

/** What the item says, from the per-folder state (kept apart from VS Code so it is testable as text). */
export function statusText(indexing: ReadonlyMap<string, IndexProgressParams>, counts: ReadonlyMap<string, FolderCounts>): { text: string; tooltip: string } {
  const running = [...indexing.values()];
  if (running.length > 0) {
    const read = running.reduce((n, p) => n + p.read, 0);
    const total = running.reduce((n, p) => n + p.total, 0);
    const analysing = running.every((p) => p.phase === 'analysing');
    return {
      text: analysing ? '$(sync~spin) Secret Surface: analysing' : `$(sync~spin) Secret Surface: ${read}/${total} files`,
      tooltip: analysing ? `Secret Surface: analysing ${total} files` : `Secret Surface: indexing — ${read} of ${total} files read`,
    };
  }
  // Until a folder's first analysis is reported, no count is known: "0 exposed" would be a pass never earned.
  if (counts.size === 0) return { text: '$(sync~spin) Secret Surface: analysing', tooltip: 'Secret Surface: waiting for the first analysis' };
  let exposed = 0;
  let containers = 0;
  for (const c of counts.values()) {
    exposed += c.exposed;
    containers += c.containers;
  }
  const which = `${containers} container${containers === 1 ? '' : 's'} receive${containers === 1 ? 's' : ''} Secrets`;
  if (exposed === 0) {
    return { text: '$(shield) 0 exposed', tooltip: `Secret Surface: no exposed workload (${which}). Click to open the Secret Exposure view.` };
  }
  return {
    text: `$(shield) ${exposed} exposed`,
    tooltip: `Secret Surface: ${exposed} workload${exposed === 1 ? '' : 's'} receive Secrets while the image still ships a shell, interpreter or network client (${which}). Click to open the Secret Exposure view.`,
  };
}

export class ExposureStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly indexing = new Map<string, IndexProgressParams>();
  private readonly counts = new Map<string, FolderCounts>();

  constructor() {
    this.item = vscode.window.createStatusBarItem('secretSurface.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Secret Surface';
    this.item.command = SHOW_REPORT_COMMAND;
    this.render();
  }

  show(): void {
    this.item.show();
  }

  progress(p: IndexProgressParams): void {
    if (p.phase === 'done') this.indexing.delete(p.folderUri);
    else this.indexing.set(p.folderUri, p);
    this.render();
  }

  reportChanged(p: ReportChangedParams): void {
    if (p.exposedWorkloads === undefined) return;
    this.counts.set(p.folderUri ?? '', { exposed: p.exposedWorkloads, containers: p.containers ?? 0 });
    this.render();
  }

  /** The server stopped (or restarts): nothing it said still holds. */
  reset(state: 'stopped' | 'starting'): void {
    this.indexing.clear();
    this.counts.clear();
    if (state === 'stopped') {
      this.item.text = '$(warning) Secret Surface: stopped';
      this.item.tooltip = 'The Secret Surface language server is not running. Click to start it again.';
      this.item.command = 'secretSurface.restartServer';
    } else {
      this.item.text = '$(sync~spin) Secret Surface: starting';
      this.item.tooltip = 'Secret Surface: starting the language server';
      this.item.command = SHOW_REPORT_COMMAND;
    }
  }

  private render(): void {
    const { text, tooltip } = statusText(this.indexing, this.counts);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = SHOW_REPORT_COMMAND;
  }

  dispose(): void {
    this.item.dispose();
  }
}
