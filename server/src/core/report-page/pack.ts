// The page model as it travels (the HTML report's data block, the webview's messages): every file
// location written once in a table and referred to by index, since the same FROM line stands behind
// every tool of every container built on it. Unpacking gives back the very same model.
import type { PageLink, PageModel } from './model.js';

export interface PackedModel {
  packed: 1;
  /** Each distinct location: [file, label, line, character] with file and label indexes into `strings`. */
  links: [number, number, number, number][];
  strings: string[];
  model: unknown;
}

function isLink(v: object): v is PageLink {
  const o = v as Record<string, unknown>;
  return typeof o['file'] === 'string' && typeof o['label'] === 'string' && typeof o['line'] === 'number' && typeof o['character'] === 'number' && Object.keys(o).length === 4;
}

export function packModel(model: PageModel): PackedModel {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const links: [number, number, number, number][] = [];
  const linkIndex = new Map<string, number>();
  const str = (s: string) => {
    let i = stringIndex.get(s);
    if (i === undefined) stringIndex.set(s, (i = strings.push(s) - 1));
    return i;
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    if (isLink(v)) {
      const entry: [number, number, number, number] = [str(v.file), str(v.label), v.line, v.character];
      const key = entry.join(',');
      let i = linkIndex.get(key);
      if (i === undefined) linkIndex.set(key, (i = links.push(entry) - 1));
      return { $: i };
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  };
  return { packed: 1, links, strings, model: walk(model) };
}

export function unpackModel(p: PackedModel | PageModel): PageModel {
  if (!('packed' in p)) return p;
  const links = p.links.map(([f, l, line, character]): PageLink => ({ file: p.strings[f]!, label: p.strings[l]!, line, character }));
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (typeof o['$'] === 'number' && Object.keys(o).length === 1) return links[o['$']];
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
  };
  return walk(p.model) as PageModel;
}
