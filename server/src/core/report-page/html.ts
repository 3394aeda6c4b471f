// The exposure page as one HTML document: the stylesheet, the model as a JSON data block and the page
// script, all inline, under the Content Security Policy the host gives (hashes for the file report,
// a nonce and the webview's source in VS Code). Nothing is fetched: it works offline and from file://.
import type { PageModel } from './model.js';
import { PAGE_STYLE } from './style.js';
import { packModel } from './pack.js';

export interface PageDocumentParts {
  model: PageModel;
  /** The bundled page script (server/src/exposure-page). */
  script: string;
  /** Where links lead: `file` (plain hrefs) or `vscode` (a message asks the editor to open the file). */
  host: 'file' | 'vscode';
  /** The Content-Security-Policy value; see `fileCsp`. */
  csp: string;
  /** Put on the inline style and script when the policy allows them by nonce. */
  nonce?: string;
}

/** The model as a JSON data block's text: no `<`, `>` or `&` that could end the block early. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The policy of the stand-alone report: only the page's own style and script, by their hashes. */
export function fileCsp(styleHash: string, scriptHash: string): string {
  return [
    "default-src 'none'",
    `style-src 'sha256-${styleHash}'`,
    `script-src 'sha256-${scriptHash}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The exact text of the inline style and script, so a host can hash what the document holds. */
export function inlineParts(script: string): { style: string; script: string } {
  // `</script` inside the bundle would end the element early; the bundle has none, but be sure.
  return { style: PAGE_STYLE, script: script.replace(/<\/(script)/gi, '<\\/$1') };
}

export function pageDocument(p: PageDocumentParts): string {
  const inline = inlineParts(p.script);
  const nonce = p.nonce ? ` nonce="${attr(p.nonce)}"` : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${attr(p.csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${text(p.model.title)}</title>`,
    `<style${nonce}>${inline.style}</style>`,
    '</head>',
    `<body data-host="${p.host}">`,
    `<noscript><p>The exposure page needs JavaScript to draw the matrix; ${p.model.rows.length} containers are in the data below.</p></noscript>`,
    `<script type="application/json" id="ss-model">${embedJson(packModel(p.model))}</script>`,
    `<script${nonce}>${inline.script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function text(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
