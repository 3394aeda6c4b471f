// Docker Buildx bake files (`docker-bake.hcl`, `docker-bake.json`, `docker-bake.override.hcl|json`)
// → image links from `target` blocks: `tags` → `dockerfile` (relative to `context`, default
// `Dockerfile`; `context` relative to the file's directory, default `.`), `target`, `inherits` (merged
// parent first, in order), `variable` blocks' `default`s for `${VAR}` interpolation.
//
// HCL is parsed by a real HCL parser. Evaluated: hcl2-parser (HashiCorp hcl/v2 compiled by GopherJS:
// synchronous, pure JavaScript with no file-system access, maintained on npm), @cdktf/hcl2json (the
// same library compiled to WASM, but asynchronous and loading its WASM through fs — adapter-only), and
// tree-sitter-hcl (a grammar needing the tree-sitter runtime and an async WASM start). hcl2-parser is
// the one a synchronous pure reader can call; it is injected (hcl.ts) because it takes ~1 s to load.
// JSON bake files go through JSON.parse. Limits: HCL functions and conditionals are not evaluated
// (a value using one is unresolved and named in a notice); a variable's environment override is not
// seen (its default is used); an override file is read on its own, not merged into the main file.
import { dirOf } from '../../paths.js';
import { LineIndex } from '../../text/positions.js';
import { notice, type BuildConfigResult } from '../result.js';
import { addBuildLinks, lineLocation, type BuildSite } from './docker-build.js';
import { hclParser } from './hcl.js';
import type { LinkSourceModule } from './types.js';

type Body = Record<string, unknown>;

export function readBake(file: string, text: string): BuildConfigResult {
  const result: BuildConfigResult = { kind: 'bake', links: [], notices: [] };
  let root: Body;
  try {
    root = file.endsWith('.json') ? (JSON.parse(text) as Body) : parseHcl(file, text);
  } catch (e) {
    result.notices.push(notice(file, 'warning', `${file} could not be parsed (${(e as Error).message}); its targets are not linked`));
    return result;
  }
  const vars = new Map<string, string>();
  for (const [name, body] of Object.entries(blocks(root.variable))) {
    const d = body.default;
    if (typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean') vars.set(name, String(d));
  }
  const targets = blocks(root.target);
  const index = new LineIndex(text);
  const base = dirOf(file);
  for (const name of Object.keys(targets)) {
    const t = merged(name, targets, []);
    const unresolved: string[] = [];
    const interp = (v: unknown): string | undefined => (typeof v === 'string' ? interpolate(v, vars, unresolved) : undefined);
    const line = lineOf(text, index, file.endsWith('.json') ? `"${name}"` : `target "${name}"`);
    const site: BuildSite = { file, source: 'bake', where: `${file}:${line + 1} target "${name}"`, cwd: base, unresolved, location: lineLocation(index, file, line) };
    if (t['dockerfile-inline'] !== undefined) {
      result.notices.push(notice(file, 'info', `${site.where}: the Dockerfile is inline (dockerfile-inline); the image's contents are not read from a file`, site.location));
      continue;
    }
    const tags = (Array.isArray(t.tags) ? t.tags : []).map(interp).filter((x): x is string => x !== undefined);
    if (tags.length === 0) continue;
    addBuildLinks(result, site, { images: tags, dockerfile: interp(t.dockerfile), context: interp(t.context), target: interp(t.target), dockerfileFromContext: true });
  }
  return result;
}

function parseHcl(file: string, text: string): Body {
  const parse = hclParser();
  if (!parse) throw new Error('no HCL parser is available to this reader');
  const out = parse(text);
  // hcl2-parser answers [body, error]; a syntax error leaves the body null.
  const [body, error] = Array.isArray(out) ? (out as [Body | null, unknown]) : [out as Body, undefined];
  if (!body) throw new Error(`${file}: HCL syntax error${error && typeof error === 'object' && Object.keys(error).length > 0 ? `: ${JSON.stringify(error)}` : ''}`);
  return body;
}

/** `{ name: [body] }` (HCL JSON form) or `{ name: body }` (bake JSON) → name → body. */
function blocks(v: unknown): Record<string, Body> {
  const out: Record<string, Body> = {};
  if (!v || typeof v !== 'object') return out;
  for (const [name, b] of Object.entries(v as Body)) {
    const body = Array.isArray(b) ? (b[0] as unknown) : b;
    if (body && typeof body === 'object') out[name] = body as Body;
  }
  return out;
}

/** A target's attributes with its `inherits` applied (parents in order, the target's own last). */
function merged(name: string, targets: Record<string, Body>, seen: string[]): Body {
  const t = targets[name];
  if (!t || seen.includes(name)) return {};
  let out: Body = {};
  for (const parent of Array.isArray(t.inherits) ? t.inherits : []) if (typeof parent === 'string') out = { ...out, ...merged(parent, targets, [...seen, name]) };
  return { ...out, ...t };
}

/** `${VAR}` from variable defaults; anything else inside `${…}` stays and is listed unresolved. */
function interpolate(s: string, vars: ReadonlyMap<string, string>, unresolved: string[]): string {
  return s.replace(/\$\{([^}]*)\}/g, (m, expr: string) => {
    const v = vars.get(expr.trim());
    if (v !== undefined) return v;
    if (!unresolved.includes(m)) unresolved.push(m);
    return m;
  });
}

function lineOf(text: string, index: LineIndex, needle: string): number {
  const at = text.indexOf(needle);
  return at < 0 ? 0 : index.positionAt(at).line;
}

export const bakeSource: LinkSourceModule<'bake'> = {
  id: 'bake',
  rank: 35,
  matches: (_path, name) => /^docker-bake(\.override)?\.(hcl|json)$/.test(name),
  read: readBake,
  watch: ['**/docker-bake*.hcl', '**/docker-bake*.json'],
};
