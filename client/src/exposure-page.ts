// "Secret Surface: Open Exposure Page": the exposure page (the same model, script and stylesheet as
// the CLI's HTML report) in a webview — theme-aware through VS Code's CSS variables, under a strict
// Content Security Policy (the webview's source and a nonce), refreshed after each re-analysis. A click
// on a cell posts the file and line; only locations the page was given are opened.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { buildPageModel, packModel, pageDocument, type ExposureReportRow, type ExposureRow, type PageModel } from '../../server/src/protocol.js';

/** The bundled page script (scripts/bundle.mjs defines it). */
declare const EXPOSURE_PAGE_SCRIPT: string;

export const EXPOSURE_PAGE_VIEW = 'secretSurface.exposurePage';

export interface ExposurePage {
  open(): Promise<void>;
  /** Sends the current report to the open page, if one is open. */
  refresh(): Promise<void>;
  /** The open panel, for tests. */
  panel(): vscode.WebviewPanel | undefined;
}

export function registerExposurePage(context: vscode.ExtensionContext, fetchRows: () => Promise<ExposureReportRow[]>): ExposurePage {
  let panel: vscode.WebviewPanel | undefined;
  let known = new Set<string>();

  const model = async (): Promise<PageModel> => {
    const rows = await fetchRows();
    const m = buildPageModel(rows.map(coreRow), { title: 'Secret exposure', label: (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri), (vscode.workspace.workspaceFolders?.length ?? 0) > 1) });
    known = linkTargets(m);
    return m;
  };

  const open = async () => {
    if (panel) {
      panel.reveal();
      return refresh();
    }
    const m = await model().catch((): PageModel => buildPageModel([], { title: 'Secret exposure', notes: ['The language server is not running yet.'] }));
    panel = vscode.window.createWebviewPanel(EXPOSURE_PAGE_VIEW, 'Secret Exposure', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [] });
    const nonce = randomBytes(18).toString('base64');
    const src = panel.webview.cspSource;
    panel.webview.html = pageDocument({
      model: m,
      script: EXPOSURE_PAGE_SCRIPT,
      host: 'vscode',
      nonce,
      csp: `default-src 'none'; style-src ${src} 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${src} data:; font-src ${src}`,
    });
    panel.webview.onDidReceiveMessage((msg: { type?: string; file?: unknown; line?: unknown; character?: unknown }) => {
      if (msg?.type !== 'open' || typeof msg.file !== 'string' || !known.has(msg.file)) return;
      const pos = new vscode.Position(Number(msg.line) || 0, Number(msg.character) || 0);
      void vscode.window.showTextDocument(vscode.Uri.parse(msg.file), { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One, preview: false });
    }, undefined, context.subscriptions);
    panel.onDidDispose(() => (panel = undefined), undefined, context.subscriptions);
  };

  const refresh = async () => {
    if (!panel) return;
    try {
      await panel.webview.postMessage({ type: 'model', model: packModel(await model()) });
    } catch {
      // The server is restarting; the next report-changed notification refreshes again.
    }
  };

  context.subscriptions.push(vscode.commands.registerCommand('secretSurface.openExposurePage', open), { dispose: () => panel?.dispose() });
  return { open, refresh, panel: () => panel };
}

/** The protocol row back in the core's shape, every location's file an absolute URI. */
function coreRow(r: ExposureReportRow): ExposureRow {
  const base = vscode.Uri.parse(r.folderUri);
  const abs = <T extends { file: string }>(l: T): T => ({ ...l, file: vscode.Uri.joinPath(base, ...l.file.split('/')).toString() });
  const { manifest, dockerfile, folder: _folder, folderUri: _uri, ...rest } = r;
  const row: ExposureRow = {
    ...rest,
    location: { file: manifest.uri, range: manifest.range },
    secrets: r.secrets.map((s) => (s.location ? { ...s, location: abs(s.location) } : s)),
    ...(r.tools ? { tools: r.tools.map((t) => (t.location ? { ...t, location: abs(t.location) } : t)) } : {}),
    ...(r.token ? { token: r.token.location ? { ...r.token, location: abs(r.token.location) } : r.token } : {}),
  };
  if (dockerfile) {
    const { uri, range, ...link } = dockerfile;
    row.dockerfile = { ...link, file: uri, from: { file: uri, range } };
  }
  return row;
}

function linkTargets(m: PageModel): Set<string> {
  const out = new Set<string>();
  for (const r of m.rows) {
    out.add(r.manifest.file);
    if (r.dockerfile) out.add(r.dockerfile.at.file);
    if (r.token.at) out.add(r.token.at.file);
    for (const ds of Object.values(r.secrets)) for (const d of ds) if (d.at) out.add(d.at.file);
    for (const t of [...r.shell, ...r.network, ...r.interpreter]) if (t.at) out.add(t.at.file);
  }
  return out;
}
