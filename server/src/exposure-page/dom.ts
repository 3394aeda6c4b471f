// The page's DOM helpers: elements without innerHTML (text is always text), and links that either
// navigate (the HTML report: a relative path with the line) or ask the editor to open the file.
import type { PageLink } from '../core/report-page/model.js';

export type Host = { kind: 'file' } | { kind: 'vscode'; post: (message: unknown) => void };

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** `k8s/api.yaml#L17`: the href of a link in the file report (a browser opens the file, and shows the line in the URL). */
export function hrefOf(at: PageLink): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(at.file)) return `${at.file}#L${at.line + 1}`;
  return `${at.file.split('/').map(encodeURIComponent).join('/')}#L${at.line + 1}`;
}

/** Marks an element as a link to `at` (the click handler in `onLinkClick` does the rest in the editor). */
export function setLink(a: Element, at: PageLink): void {
  a.setAttribute('href', hrefOf(at));
  a.setAttribute('data-file', at.file);
  a.setAttribute('data-line', String(at.line));
  a.setAttribute('data-character', String(at.character));
}

/** In the editor, a click on any link opens its file at its line through the extension. */
export function onLinkClick(root: HTMLElement, host: Host): void {
  if (host.kind !== 'vscode') return;
  root.addEventListener('click', (ev) => {
    const a = (ev.target as Element | null)?.closest('[data-file]');
    if (!a) return;
    ev.preventDefault();
    host.post({ type: 'open', file: a.getAttribute('data-file'), line: Number(a.getAttribute('data-line')), character: Number(a.getAttribute('data-character')) });
  });
}
