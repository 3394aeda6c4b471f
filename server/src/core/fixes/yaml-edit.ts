// Text edits on Kubernetes YAML that leave everything else byte-identical: set or add a key in a block
// or flow mapping, append an item to a sequence, replace a value, remove an entry — each placed at
// line boundaries so comments stay where they are, in the file's own line breaks and indentation.
import type { ManifestSource, MappingEntry, MappingLayout } from '../kubernetes/index.js';
import type { TextEdit } from './types.js';

export type YamlValue = string | number | boolean | YamlValue[] | { [key: string]: YamlValue };

const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./ -]*$/;
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~|[-+]?[0-9._]+(e[-+]?[0-9]+)?)$/i;

export function scalar(v: string | number | boolean): string {
  if (typeof v !== 'string') return String(v);
  return PLAIN.test(v) && !RESERVED.test(v) && !v.endsWith(' ') ? v : JSON.stringify(v);
}

/** Flow text (`{a: 1, b: [x]}`), for flow collections and one-line values. */
export function flow(v: YamlValue): string {
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${scalar(k)}: ${flow(x)}`).join(', ')}}`;
  return scalar(v);
}

/** Block lines for `key: value`, relative to the key's column. Comments are `#…` keys with null-ish values. */
export function blockEntry(key: string, v: YamlValue, step = 2): string[] {
  if (Array.isArray(v)) {
    if (v.length === 0) return [`${scalar(key)}: []`];
    return [`${scalar(key)}:`, ...v.flatMap((item) => blockItem(item, step).map((l) => `${' '.repeat(step)}${l}`))];
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length === 0) return [`${scalar(key)}: {}`];
    return [`${scalar(key)}:`, ...entries.flatMap(([k, x]) => blockEntry(k, x, step)).map((l) => `${' '.repeat(step)}${l}`)];
  }
  return [`${scalar(key)}: ${scalar(v)}`];
}

/** Block lines for a sequence item (`- name: x` / `  key: y`). */
export function blockItem(v: YamlValue, step = 2): string[] {
  if (typeof v === 'object' && !Array.isArray(v)) {
    const lines = Object.entries(v).flatMap(([k, x]) => blockEntry(k, x, step));
    return lines.map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`));
  }
  return [`- ${flow(v)}`];
}

export class YamlEditor {
  constructor(readonly src: ManifestSource) {}

  get eol(): string {
    return this.src.index.eol;
  }

  edit(start: number, end: number, newText: string): TextEdit {
    return { range: this.src.index.range(start, end), newText };
  }

  /** Offset at the end of the line holding `offset` (past any trailing comment, before the break). */
  lineEndAt(offset: number): number {
    return this.src.index.lineEnd(this.src.index.positionAt(offset).line);
  }

  column(offset: number): number {
    return this.src.index.positionAt(offset).character;
  }

  /** Adds `key: value` as the mapping's last entry. */
  addEntry(layout: MappingLayout, key: string, value: YamlValue, comment?: string): TextEdit {
    if (layout.flow) {
      const close = this.src.text.lastIndexOf('}', layout.end - 1);
      const sep = layout.entries.length > 0 ? ', ' : '';
      return this.edit(close, close, `${sep}${scalar(key)}: ${flow(value)}`);
    }
    const lines = blockEntry(key, value);
    if (comment) lines.unshift(`# ${comment}`);
    const at = this.lineEndAt(layout.end);
    const pad = ' '.repeat(layout.indent);
    return this.edit(at, at, lines.map((l) => `${this.eol}${pad}${l}`).join(''));
  }

  /** Replaces the value of an existing entry with a scalar or flow value. */
  setValue(entry: MappingEntry, value: YamlValue): TextEdit {
    return this.edit(entry.valueStart, entry.end, typeof value === 'object' ? flow(value) : scalar(value));
  }

  /** Appends an item to the sequence that is `entry`'s value. */
  appendItem(entry: MappingEntry, item: YamlValue, comment?: string): TextEdit {
    const t = this.src.text;
    if (t[entry.valueStart] === '[') {
      const close = t.lastIndexOf(']', entry.end - 1);
      const empty = t.slice(entry.valueStart + 1, close).trim() === '';
      return this.edit(close, close, `${empty ? '' : ', '}${flow(item)}`);
    }
    const col = this.column(entry.valueStart);
    const lines = blockItem(item);
    if (comment) lines.unshift(`# ${comment}`);
    const at = this.lineEndAt(entry.end);
    return this.edit(at, at, lines.map((l) => `${this.eol}${' '.repeat(col)}${l}`).join(''));
  }

  /** Adds `item` to the sequence under `key` of a mapping, creating the key when absent. */
  addToList(layout: MappingLayout, key: string, item: YamlValue, comment?: string): TextEdit {
    const entry = layout.entries.find((e) => e.key === key);
    if (entry && this.isSequence(entry)) return this.appendItem(entry, item, comment);
    return this.addEntry(layout, key, [item], comment);
  }

  isSequence(entry: MappingEntry): boolean {
    const c = this.src.text[entry.valueStart];
    return c === '[' || c === '-';
  }

  /**
   * Replaces a whole `key: value` entry (possibly spanning lines) by block lines at the same column,
   * or by flow text inside a flow mapping.
   */
  replaceEntry(layout: MappingLayout, entry: MappingEntry, key: string, value: YamlValue): TextEdit {
    if (layout.flow) return this.edit(entry.start, entry.end, `${scalar(key)}: ${flow(value)}`);
    const col = this.column(entry.start);
    const lines = blockEntry(key, value);
    return this.edit(entry.start, entry.end, lines.map((l, i) => (i === 0 ? l : `${this.eol}${' '.repeat(col)}${l}`)).join(''));
  }
}
