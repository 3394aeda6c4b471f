// Maps facts' Locations back onto the YAML they came from, for fixes that compute text edits: the
// node (or key/value pair) at a location, a mapping's layout (flow or block, key column, entries)
// and the whole-line span of a block sequence item. Parses the text the same way parseManifest
// does (BOM dropped), so offsets and positions agree with the facts.
import { parseAllDocuments } from 'yaml';
import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { Location, Range } from '../model.js';
import { LineIndex } from '../text/positions.js';
import { type DocContext, isMap, isPair, isSeq, nodeSpan, scalarString } from '../yaml/index.js';

export interface Found {
  /** The node at the location; a Pair when the location spans `key: value`. */
  node: Node | Pair;
  /** The collection holding it (a map for pairs and values, a sequence for items). */
  parent?: YAMLMap | YAMLSeq;
  /** For a map value: the pair it is the value of. */
  pair?: Pair;
}

export interface MappingEntry {
  key: string;
  /** `key: value` from the key's first character to the value's last. */
  start: number;
  end: number;
  keyEnd: number;
  valueStart: number;
}

export interface MappingLayout {
  start: number;
  end: number;
  flow: boolean;
  /** Block mappings: the column (UTF-16 units) at which their keys start. */
  indent: number;
  entries: MappingEntry[];
}

export class ManifestSource {
  readonly text: string;
  readonly index: LineIndex;
  private readonly docs: Document.Parsed[];

  constructor(readonly file: string, text: string) {
    this.text = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    this.index = new LineIndex(this.text);
    const docs = parseAllDocuments(this.text, { uniqueKeys: false });
    this.docs = Array.isArray(docs) ? (docs as Document.Parsed[]) : [];
  }

  offsets(where: Location | Range): [number, number] {
    const range = 'range' in where ? where.range : where;
    return [this.index.offsetAt(range.start), this.index.offsetAt(range.end)];
  }

  /** The node (or pair) whose own text is exactly `where`. */
  find(where: Location | Range): Found | undefined {
    const [start, end] = this.offsets(where);
    for (const doc of this.docs) {
      const r = doc.contents?.range;
      if (!r || start < r[0] || start > r[2]) continue;
      const hit = this.search(doc.contents as Node, start, end, undefined, undefined);
      if (hit) return hit;
    }
    return undefined;
  }

  private search(node: Node | Pair, start: number, end: number, parent: YAMLMap | YAMLSeq | undefined, pair: Pair | undefined): Found | undefined {
    const span = nodeSpan(node, this.text);
    if (!span || start < span[0] || end > span[1]) return undefined;
    if (span[0] === start && span[1] === end) {
      // The value of `key: value` and the pair can share a span only for empty values; prefer the
      // innermost match by looking further first when this is a pair.
      const found: Found = { node };
      if (parent) found.parent = parent;
      if (pair) found.pair = pair;
      if (!isPair(node)) return found;
      return this.searchPair(node, start, end, parent) ?? found;
    }
    if (isPair(node)) return this.searchPair(node, start, end, parent);
    if (isMap(node)) {
      for (const p of node.items) {
        const hit = this.search(p, start, end, node, undefined);
        if (hit) return hit;
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        if (!item) continue;
        const hit = this.search(item as Node, start, end, node, undefined);
        if (hit) return hit;
      }
    }
    return undefined;
  }

  private searchPair(p: Pair, start: number, end: number, parent: YAMLMap | YAMLSeq | undefined): Found | undefined {
    for (const part of [p.key, p.value]) {
      if (!part || typeof part !== 'object') continue;
      const hit = this.search(part as Node, start, end, parent, p);
      if (hit) return hit;
    }
    return undefined;
  }

  /** Layout of the mapping at `where` (a pod spec, container, volume entry …). */
  mapping(where: Location | Range): MappingLayout | undefined {
    const found = this.find(where);
    const node = found && (isPair(found.node) ? found.node.value : found.node);
    if (!isMap(node)) return undefined;
    const span = nodeSpan(node, this.text)!;
    const entries: MappingEntry[] = [];
    for (const p of node.items) {
      const ps = nodeSpan(p, this.text);
      const ks = nodeSpan(p.key as Node, this.text);
      if (!ps || !ks) continue;
      const vs = p.value ? nodeSpan(p.value as Node, this.text) : undefined;
      entries.push({
        key: scalarString(p.key) ?? '',
        start: ps[0],
        end: ps[1],
        keyEnd: ks[1],
        valueStart: vs ? vs[0] : ks[1],
      });
    }
    return {
      start: span[0],
      end: span[1],
      flow: !!node.flow,
      indent: this.index.positionAt(span[0]).character,
      entries,
    };
  }

  /**
   * Whole lines of the block sequence item at `where`, from the start of the line holding its `-`
   * to just past the line break after its last line — what deleting the item removes. Undefined
   * for flow sequences and for items sharing a line with other content.
   */
  itemLines(where: Location | Range): { start: number; end: number } | undefined {
    const found = this.find(where);
    if (!found || !isSeq(found.parent) || found.parent.flow) return undefined;
    const [start, end] = this.offsets(where);
    const dash = this.text.lastIndexOf('-', start - 1);
    if (dash < 0 || this.text.slice(dash + 1, start).trim() !== '') return undefined;
    const lineStart = this.index.lineStart(this.index.positionAt(dash).line);
    if (this.text.slice(lineStart, dash).trim() !== '') return undefined;
    const lastLine = this.index.positionAt(end).line;
    const after = this.text.slice(end, this.index.lineEnd(lastLine));
    if (after.trim() !== '' && !after.trim().startsWith('#')) return undefined;
    const next = lastLine + 1 < this.index.lineCount ? this.index.lineStart(lastLine + 1) : this.text.length;
    return { start: lineStart, end: next };
  }

  /** The `key: value` entry for `key` in the mapping at `where`. */
  entry(where: Location | Range, key: string): MappingEntry | undefined {
    return this.mapping(where)?.entries.find((e) => e.key === key);
  }

  /** A reader context for one document, for callers that want the helpers in ../yaml. */
  contextAt(offset: number): DocContext | undefined {
    const doc = this.docs.find((d) => offset >= d.range[0] && offset <= d.range[2]);
    return doc ? { file: this.file, text: this.text, index: this.index, doc } : undefined;
  }
}
