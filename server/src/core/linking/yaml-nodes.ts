// Small typed accessors over `yaml` documents for the build-config readers and the config parser:
// every value read keeps the node it came from so a link or a notice can point at its exact range.
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { InputNotice, Location } from '../model.js';
import { LineIndex } from '../text/positions.js';

export interface YamlFile {
  file: string;
  index: LineIndex;
  /** Documents that parsed without errors (a broken document is reported, the others still count). */
  docs: Document.Parsed[];
  notices: InputNotice[];
}

/** Parses every document of a YAML file; syntax errors become notices, never exceptions. */
export function parseYamlFile(file: string, text: string): YamlFile {
  const index = new LineIndex(text);
  const notices: InputNotice[] = [];
  const docs: Document.Parsed[] = [];
  let parsed: Document.Parsed[];
  try {
    const all = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
    parsed = Array.isArray(all) ? all : [];
  } catch (e) {
    notices.push({ file, severity: 'error', message: `cannot read YAML: ${(e as Error).message}` });
    return { file, index, docs, notices };
  }
  for (const doc of parsed) {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        notices.push({
          file,
          range: index.range(err.pos[0], err.pos[1]),
          severity: 'error',
          message: `invalid YAML: ${firstLine(err.message)}`,
        });
      }
      continue;
    }
    docs.push(doc);
  }
  return { file, index, docs, notices };
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i >= 0 ? s.slice(0, i) : s;
}

/** The location of a node (its value part, without trailing comments). */
export function nodeLocation(y: YamlFile, node: Node | null | undefined): Location | undefined {
  const r = node?.range;
  if (!r) return undefined;
  // Block collections end after their last line break; a range should end on the last character.
  let end = r[1];
  while (end > r[0] && /\s/.test(y.index.text[end - 1] ?? '')) end--;
  return y.index.location(y.file, r[0], end);
}

/** The pair for `key` in a mapping, if the mapping has it. */
export function pairOf(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  for (const item of map.items) {
    const k = item.key;
    if (isScalar(k) && String(k.value) === key) return item as Pair<Node, Node | null>;
  }
  return undefined;
}

/** The value node for `key`, if present and a mapping. */
export function mapAt(map: YAMLMap, key: string): YAMLMap | undefined {
  const v = pairOf(map, key)?.value;
  return isMap(v) ? v : undefined;
}

/** The value node for `key` (any kind). */
export function valueAt(map: YAMLMap, key: string): Node | undefined {
  return pairOf(map, key)?.value ?? undefined;
}

/** A scalar value as a string (numbers and booleans spelled as written), else undefined. */
export function scalarText(node: Node | null | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return node.source ?? String(v);
  return undefined;
}

/** A string-valued key: the text and the value's location. */
export function stringAt(y: YamlFile, map: YAMLMap, key: string): { value: string; location?: Location } | undefined {
  const node = valueAt(map, key);
  const value = scalarText(node);
  if (value === undefined) return undefined;
  const location = nodeLocation(y, node);
  return location ? { value, location } : { value };
}

/** The mapping items of a sequence, with their indices (non-mapping items are skipped). */
export function seqMaps(node: Node | null | undefined): { index: number; map: YAMLMap }[] {
  if (!isSeq(node)) return [];
  const out: { index: number; map: YAMLMap }[] = [];
  node.items.forEach((item, index) => {
    if (isMap(item)) out.push({ index, map: item });
  });
  return out;
}

/** The root mapping of a document, if its root is a mapping. */
export function rootMap(doc: Document.Parsed): YAMLMap | undefined {
  return isMap(doc.contents) ? doc.contents : undefined;
}

/** The key's string and location of every pair in a mapping. */
export function entries(y: YamlFile, map: YAMLMap): { key: string; keyLocation?: Location; value: Node | null; pair: Pair }[] {
  const out: { key: string; keyLocation?: Location; value: Node | null; pair: Pair }[] = [];
  for (const pair of map.items) {
    const k = pair.key as Node | null;
    const key = scalarText(k);
    if (key === undefined) continue;
    const keyLocation = nodeLocation(y, k);
    const entry: { key: string; keyLocation?: Location; value: Node | null; pair: Pair } = {
      key,
      value: (pair.value as Node | null) ?? null,
      pair,
    };
    if (keyLocation) entry.keyLocation = keyLocation;
    out.push(entry);
  }
  return out;
}
