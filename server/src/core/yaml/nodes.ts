// The one reader of the `yaml` package's AST, for manifests, build configs and the config file: keys
// looked up in place (no toJS copy of the document), aliases and `<<` merge keys followed, scalars
// coerced like kubectl does (or kept as written, for readers that take YAML as plain strings), and node
// extents trimmed so a range ends at the node's last character rather than at the next key.
import { isAlias, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { Alias, Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Location } from '../model.js';
import type { LineIndex } from '../text/positions.js';

/** What every reader of one YAML document needs: the document (to resolve aliases) and positions. */
export interface DocContext {
  file: string;
  /** The analysed text (a leading BOM removed); every offset refers to it. */
  text: string;
  index: LineIndex;
  doc: Document.Parsed;
}

type AnyNode = Node | Pair | null | undefined;

/**
 * Every alias of a document and the node it stands for, found in one walk: the `yaml` package's own
 * `Alias.resolve` walks the whole document per call, so a document where thousands of containers use
 * one anchor would cost thousands of walks. Same rule: the last node with the anchor before the alias.
 */
const aliasTargets = new WeakMap<Document, Map<Alias, Node | undefined>>();

function aliasTarget(alias: Alias, doc: Document): Node | undefined {
  let targets = aliasTargets.get(doc);
  if (!targets) {
    const built = new Map<Alias, Node | undefined>();
    const anchors = new Map<string, Node>();
    visit(doc, {
      Node(_key, node) {
        if (isAlias(node)) built.set(node, anchors.get(node.source));
        else if (node.anchor) anchors.set(node.anchor, node);
      },
    });
    aliasTargets.set(doc, built);
    targets = built;
  }
  return targets.get(alias);
}

/** The node an alias stands for; other nodes unchanged. */
export function deref(node: unknown, ctx: DocContext): Node | undefined {
  if (node == null) return undefined;
  if (isAlias(node)) {
    const target = aliasTarget(node, ctx.doc);
    return target && !isAlias(target) ? target : undefined;
  }
  return node as Node;
}

/**
 * The mappings `<<` merge keys bring into `map`, in the order their keys take precedence (depth first,
 * as Kubernetes' reader resolves them), each once: a chain or fan-out of merges (`<<: [*a, *a, *a]` at
 * every level) is a list as long as the mappings it names, never an exponential walk, and a merge that
 * comes back to a mapping already on the list (`<<: *self`) adds nothing. Computed once per mapping.
 */
const mergeCache = new WeakMap<YAMLMap, YAMLMap[]>();

function mergeSources(map: YAMLMap, ctx: DocContext): YAMLMap[] {
  const cached = mergeCache.get(map);
  if (cached) return cached;
  const out: YAMLMap[] = [];
  const seen = new Set<YAMLMap>([map]);
  const walk = (m: YAMLMap): void => {
    for (const item of m.items) {
      if (!isPair(item) || !keyIs(item, '<<')) continue;
      const src = deref(item.value, ctx);
      const sources = isSeq(src) ? src.items.map((n) => deref(n, ctx)) : [src];
      for (const s of sources) {
        if (!isMap(s) || seen.has(s)) continue;
        seen.add(s);
        out.push(s);
        walk(s);
      }
    }
  };
  walk(map);
  mergeCache.set(map, out);
  return out;
}

function ownPair(map: YAMLMap, key: string): Pair | undefined {
  const list = map.items;
  for (let i = list.length - 1; i >= 0; i--) {
    const item = list[i];
    if (isPair(item) && keyIs(item, key)) return item;
  }
  return undefined;
}

function keyIs(pair: Pair, key: string): boolean {
  const k = pair.key;
  return isScalar(k) && (k.value === key || (typeof k.value !== 'object' && String(k.value) === key));
}

/**
 * The pair for `key` in `map`, following `<<` merge keys the way Kubernetes' YAML reader does. A
 * repeated key resolves to its last occurrence, as in the JSON Kubernetes converts YAML to.
 */
export function getPair(map: YAMLMap, key: string, ctx: DocContext): Pair | undefined {
  const own = ownPair(map, key);
  if (own) return own;
  for (const s of mergeSources(map, ctx)) {
    const found = ownPair(s, key);
    if (found) return found;
  }
  return undefined;
}

/** One `key: value` of a mapping, its value with aliases resolved. */
export interface Entry {
  key: string;
  keyNode: Node;
  value: Node | undefined;
  pair: Pair;
}

/**
 * Every entry of a mapping as the readers see it: own keys in source order (a repeated key once, at
 * its last occurrence), then the keys `<<` merge keys bring in that the mapping does not set itself.
 */
export function entries(map: unknown, ctx: DocContext): Entry[] {
  const m = deref(map, ctx);
  if (!isMap(m)) return [];
  const own = ownEntries(m, ctx);
  const out = [...own.values()];
  const seen = new Set(own.keys());
  for (const s of mergeSources(m, ctx)) {
    for (const e of ownEntries(s, ctx).values()) {
      if (seen.has(e.key)) continue;
      seen.add(e.key);
      out.push(e);
    }
  }
  return out;
}

/** A mapping's own entries (not merged ones) by key, in source order, a repeated key at its last occurrence. */
function ownEntries(m: YAMLMap, ctx: DocContext): Map<string, Entry> {
  const own = new Map<string, Entry>();
  for (const item of m.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const key = scalarText(item.key);
    if (key === undefined || key === '<<') continue;
    own.delete(key);
    own.set(key, { key, keyNode: item.key, value: deref(item.value, ctx), pair: item });
  }
  return own;
}

/** The root mapping of a document, if its root is a mapping. */
export function rootMap(ctx: DocContext): YAMLMap | undefined {
  const root = deref(ctx.doc.contents, ctx);
  return isMap(root) ? root : undefined;
}

/** The mapping items of a sequence with their indices (other items skipped). */
export function seqMaps(node: unknown, ctx: DocContext): { index: number; map: YAMLMap }[] {
  const seq = deref(node, ctx);
  if (!isSeq(seq)) return [];
  const out: { index: number; map: YAMLMap }[] = [];
  seq.items.forEach((item, index) => {
    const map = deref(item, ctx);
    if (isMap(map)) out.push({ index, map });
  });
  return out;
}

/** The value of `key` in `map` with aliases resolved. */
export function get(map: unknown, key: string, ctx: DocContext): Node | undefined {
  if (!isMap(map)) return undefined;
  const pair = getPair(map, key, ctx);
  return pair ? deref(pair.value, ctx) : undefined;
}

export function getMap(map: unknown, key: string, ctx: DocContext): YAMLMap | undefined {
  const v = get(map, key, ctx);
  return isMap(v) ? v : undefined;
}

export function getSeq(map: unknown, key: string, ctx: DocContext): YAMLSeq | undefined {
  const v = get(map, key, ctx);
  return isSeq(v) ? v : undefined;
}

/** A sequence's items with aliases resolved (absent items skipped). */
export function items(seq: YAMLSeq | undefined, ctx: DocContext): Node[] {
  if (!seq) return [];
  const out: Node[] = [];
  for (const item of seq.items) {
    const n = deref(item, ctx);
    if (n) out.push(n);
  }
  return out;
}

/** A scalar as the string Kubernetes would see (`name: 123` is "123"); undefined for null/collections. */
export function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  if (v == null || typeof v === 'object') return undefined;
  return String(v);
}

export function getString(map: unknown, key: string, ctx: DocContext): string | undefined {
  return scalarString(get(map, key, ctx));
}

/**
 * A scalar as written in the file (`1.10` stays "1.10", `yes` stays "yes"), for the readers that take
 * YAML as plain strings: compose, skaffold, kustomize and the config file.
 */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return (node as Scalar).source ?? String(v);
  return undefined;
}

/** A string-valued key as written, with the value's location. */
export function stringAt(map: unknown, key: string, ctx: DocContext): { value: string; location?: Location } | undefined {
  const node = get(map, key, ctx);
  const value = scalarText(node);
  if (value === undefined) return undefined;
  const location = nodeLocation(node, ctx);
  return location ? { value, location } : { value };
}

const TRUE_WORDS = new Set(['true', 'yes', 'on', 'y']);
const FALSE_WORDS = new Set(['false', 'no', 'off', 'n']);

/** A boolean, also in the YAML 1.1 spellings (`yes`, `off`) that Kubernetes' YAML reader accepts. */
export function scalarBool(node: unknown): boolean | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return undefined;
  // Quoted strings stay strings in YAML 1.1 too: `"false"` is not a boolean.
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return undefined;
  const w = v.toLowerCase();
  if (TRUE_WORDS.has(w)) return true;
  if (FALSE_WORDS.has(w)) return false;
  return undefined;
}

export function getBool(map: unknown, key: string, ctx: DocContext): boolean | undefined {
  return scalarBool(get(map, key, ctx));
}

export function scalarNumber(node: unknown): number | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Sequence items as strings (a lone scalar counts as a one-item list, as people sometimes write). */
export function stringList(node: unknown, ctx: DocContext): string[] | undefined {
  const n = deref(node, ctx);
  if (isSeq(n)) return items(n, ctx).map((i) => scalarString(i) ?? '');
  const s = scalarString(n);
  return s === undefined ? undefined : [s];
}

function rawRange(node: AnyNode): [number, number] | undefined {
  if (!node) return undefined;
  if (isPair(node)) {
    const start = rawRange(node.key as AnyNode);
    const end = nodeEnd(node.value as AnyNode) ?? nodeEnd(node.key as AnyNode);
    return start && end !== undefined ? [start[0], end] : undefined;
  }
  const r = (node as Node).range;
  return r ? [r[0], r[1]] : undefined;
}

/**
 * Where a node's own text ends. Block collections in the `yaml` AST run on to the next sibling
 * (through blank lines and comments), so their end is taken from their last item instead.
 */
export function nodeEnd(node: AnyNode): number | undefined {
  if (!node) return undefined;
  if (isPair(node)) return nodeEnd(node.value as AnyNode) ?? nodeEnd(node.key as AnyNode);
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const last = node.items[node.items.length - 1] as AnyNode;
    const end = last ? nodeEnd(last) : undefined;
    if (end !== undefined) return end;
  }
  return (node as Node).range?.[1];
}

/** Start and end offsets of a node's own text, trailing whitespace (block scalars' newlines) excluded. */
export function nodeSpan(node: AnyNode, text: string): [number, number] | undefined {
  const raw = rawRange(node);
  if (!raw) return undefined;
  const start = raw[0];
  let end = Math.max(start, nodeEnd(node) ?? raw[1]);
  while (end > start) {
    const c = text.charCodeAt(end - 1);
    if (c === 32 || c === 9 || c === 10 || c === 13) end--;
    else break;
  }
  return [start, end];
}

/** The node's Location, or undefined when the node has no range (absent, or made up by the reader). */
export function nodeLocation(node: AnyNode, ctx: DocContext): Location | undefined {
  const span = nodeSpan(node, ctx.text);
  return span ? ctx.index.location(ctx.file, span[0], span[1]) : undefined;
}

/** The node's Location; a zero-width location at `fallback` when the node has no range. */
export function loc(node: AnyNode, ctx: DocContext, fallback = 0): Location {
  const span = nodeSpan(node, ctx.text) ?? [fallback, fallback];
  return ctx.index.location(ctx.file, span[0], span[1]);
}

export { isMap, isSeq, isScalar, isAlias, isPair };
