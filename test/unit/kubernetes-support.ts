// Test support for the Kubernetes reader: fixtures under both line endings, and ranges found by
// searching the fixture text (never typed in by hand).
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Range } from '../../server/src/core/model.js';
import { LineIndex } from '../../server/src/core/text/positions.js';

const FIXTURES = new URL('../../../test/fixtures/kubernetes/', import.meta.url);
export const EOLS = { LF: '\n', CRLF: '\r\n' } as const;

/** A fixture with its line endings converted to `eol`. */
export function fixture(name: string, eol: string = '\n'): string {
  const text = readFileSync(new URL(name, FIXTURES), 'utf8').replace(/\r\n/g, '\n');
  return eol === '\n' ? text : text.replace(/\n/g, eol);
}

/** Registers one test per line ending, each with the fixture converted to it. */
export function eolTest(title: string, name: string, fn: (text: string, eol: string) => void): void {
  for (const [label, eol] of Object.entries(EOLS)) {
    test(`${title} (${label})`, () => fn(fixture(name, eol), eol));
  }
}

export interface Find {
  /** Search only after the first occurrence of this text. */
  after?: string;
  /** Which occurrence (0-based) after that. */
  nth?: number;
}

export function offsetOf(text: string, needle: string, find: Find = {}): number {
  let from = 0;
  if (find.after !== undefined) {
    const a = text.indexOf(find.after);
    if (a < 0) throw new Error(`anchor not found in fixture: ${find.after}`);
    from = a + find.after.length;
  }
  let at = text.indexOf(needle, from);
  for (let i = 0; i < (find.nth ?? 0) && at >= 0; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`text not found in fixture: ${needle}`);
  return at;
}

/** The range of `needle` itself. */
export function rangeOf(text: string, needle: string, find: Find = {}): Range {
  const start = offsetOf(text, needle, find);
  return new LineIndex(text).range(start, start + needle.length);
}

/** From the start of `first` to the end of the next `last` after it. */
export function spanOf(text: string, first: string, last: string, find: Find = {}): Range {
  const start = offsetOf(text, first, find);
  const end = text.indexOf(last, start + first.length);
  if (end < 0) throw new Error(`text not found in fixture after ${first}: ${last}`);
  return new LineIndex(text).range(start, end + last.length);
}

/** The text a range covers (to check a range against what it should hold). */
export function textAt(text: string, range: Range): string {
  const idx = new LineIndex(text);
  return text.slice(idx.offsetAt(range.start), idx.offsetAt(range.end));
}
