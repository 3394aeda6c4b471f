// The exposure page's stylesheet, one for the HTML report and the webview: VS Code's theme variables
// where the page runs in the editor, a light or dark fallback (by the system's preference) elsewhere.
// No inline style attributes anywhere, so the Content Security Policy needs no 'unsafe-inline'.
export const PAGE_STYLE = `
:root {
  --ss-fb-bg: #ffffff; --ss-fb-fg: #1f2328; --ss-fb-muted: #59636e; --ss-fb-border: #d1d9e0; --ss-fb-head: #f6f8fa;
  --ss-fb-link: #0969da; --ss-fb-bad: #cf222e; --ss-fb-warn: #9a6700; --ss-fb-ok: #1a7f37; --ss-fb-hover: #eef1f4;
}
@media (prefers-color-scheme: dark) {
  :root {
    --ss-fb-bg: #0d1117; --ss-fb-fg: #e6edf3; --ss-fb-muted: #9198a1; --ss-fb-border: #3d444d; --ss-fb-head: #151b23;
    --ss-fb-link: #4493f8; --ss-fb-bad: #f85149; --ss-fb-warn: #d29922; --ss-fb-ok: #3fb950; --ss-fb-hover: #1f2630;
  }
}
:root {
  --ss-bg: var(--vscode-editor-background, var(--ss-fb-bg));
  --ss-fg: var(--vscode-editor-foreground, var(--ss-fb-fg));
  --ss-muted: var(--vscode-descriptionForeground, var(--ss-fb-muted));
  --ss-border: var(--vscode-panel-border, var(--ss-fb-border));
  --ss-head: var(--vscode-sideBar-background, var(--ss-fb-head));
  --ss-link: var(--vscode-textLink-foreground, var(--ss-fb-link));
  --ss-bad: var(--vscode-errorForeground, var(--ss-fb-bad));
  --ss-warn: var(--vscode-editorWarning-foreground, var(--ss-fb-warn));
  --ss-ok: var(--vscode-testing-iconPassed, var(--ss-fb-ok));
  --ss-hover: var(--vscode-list-hoverBackground, var(--ss-fb-hover));
  --ss-input-bg: var(--vscode-input-background, var(--ss-fb-bg));
  --ss-input-fg: var(--vscode-input-foreground, var(--ss-fb-fg));
  --ss-focus: var(--vscode-focusBorder, var(--ss-fb-link));
  --ss-font: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif);
  --ss-size: var(--vscode-font-size, 13px);
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; background: var(--ss-bg); color: var(--ss-fg); font-family: var(--ss-font); font-size: var(--ss-size); }
body { display: flex; flex-direction: column; overflow: hidden; }
a { color: var(--ss-link); text-decoration: none; }
a:hover, a:focus { text-decoration: underline; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible { outline: 1px solid var(--ss-focus); outline-offset: 1px; }
.ss-bar { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; padding: 8px 12px; border-bottom: 1px solid var(--ss-border); }
.ss-bar h1 { font-size: 1.15em; margin: 0 8px 0 0; font-weight: 600; }
.ss-summary { color: var(--ss-muted); }
.ss-summary b { color: var(--ss-bad); }
.ss-bar input, .ss-bar select, .ss-bar button { font: inherit; color: var(--ss-input-fg); background: var(--ss-input-bg); border: 1px solid var(--ss-border); border-radius: 3px; padding: 3px 6px; }
.ss-bar input { width: 18em; }
.ss-tabs button[aria-pressed="true"] { border-color: var(--ss-focus); font-weight: 600; }
.ss-count { color: var(--ss-muted); }
.ss-main { flex: 1; min-height: 0; position: relative; }
.ss-matrix, .ss-graph { position: absolute; inset: 0; overflow: auto; }
.ss-hidden { display: none; }
.ss-head { position: sticky; top: 0; z-index: 2; height: 30px; background: var(--ss-head); border-bottom: 1px solid var(--ss-border); }
.ss-body { position: relative; }
.ss-row, .ss-group { position: absolute; left: 0; height: 26px; border-bottom: 1px solid var(--ss-border); }
.ss-row:hover { background: var(--ss-hover); }
.ss-group { background: var(--ss-head); font-weight: 600; padding: 4px 8px; z-index: 1; white-space: nowrap; }
.ss-group .ss-count { font-weight: normal; margin-left: 6px; }
.ss-cell, .ss-hcell { position: absolute; top: 0; height: 100%; padding: 4px 6px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.ss-hcell { cursor: pointer; font-weight: 600; user-select: none; border-right: 1px solid var(--ss-border); padding-top: 6px; }
.ss-hcell.ss-secret-col { color: var(--ss-muted); }
.ss-frozen { background: var(--ss-bg); z-index: 1; border-right: 1px solid var(--ss-border); }
.ss-head .ss-frozen { background: var(--ss-head); }
.ss-row:hover .ss-frozen { background: var(--ss-hover); }
.tone-bad { color: var(--ss-bad); }
.tone-warn, .tone-unknown { color: var(--ss-warn); }
.tone-ok { color: var(--ss-ok); }
.ss-cell.tone-bad a, .ss-cell.tone-warn a, .ss-cell.tone-ok a { color: inherit; text-decoration: underline dotted; }
.ss-empty { padding: 24px; color: var(--ss-muted); }
.ss-graph svg { display: block; margin: 8px; }
.ss-graph .ss-layer-title { fill: var(--ss-muted); font-weight: 600; }
.ss-node rect { fill: var(--ss-head); stroke: var(--ss-border); rx: 4px; }
.ss-node.tone-bad rect { stroke: var(--ss-bad); }
.ss-node.tone-warn rect { stroke: var(--ss-warn); }
.ss-node.tone-ok rect { stroke: var(--ss-ok); }
.ss-node text { fill: var(--ss-fg); font-size: 12px; }
.ss-node a:hover rect { fill: var(--ss-hover); }
.ss-edge { fill: none; stroke: var(--ss-border); stroke-width: 1.2px; }
.ss-edge.tone-bad { stroke: var(--ss-bad); }
.ss-edge.tone-warn { stroke: var(--ss-warn); }
.ss-edge.tone-ok { stroke: var(--ss-ok); }
.ss-edge-label { fill: var(--ss-muted); font-size: 10px; }
.ss-note { padding: 6px 12px; color: var(--ss-muted); }
`;
