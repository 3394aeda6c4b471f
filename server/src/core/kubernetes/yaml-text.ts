// Line-level facts about YAML source that are needed before (or without) parsing: where a line
// starts and whether a `#` there begins a comment rather than sitting inside a quoted value.

export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}

/**
 * Offset of the first comment `#` on the line holding `offset`, before `offset`; -1 when none.
 * Quotes are tracked within the line only: multi-line quoted scalars and block scalars are rare
 * enough in manifests that a line-local view is the right trade for not parsing.
 */
export function commentBefore(text: string, offset: number): number {
  return scanLine(text, offset).comment;
}

/** True when `offset` sits inside a quoted scalar that opened on its line. */
export function insideQuotes(text: string, offset: number): boolean {
  const s = scanLine(text, offset);
  return s.comment < 0 && s.quote !== 0;
}

function scanLine(text: string, offset: number): { comment: number; quote: number } {
  const start = lineStartOf(text, offset);
  let quote = 0;
  for (let i = start; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      // A quote only opens a quoted scalar at the start of a value, not inside a plain word.
      const prev = i === start ? 32 : text.charCodeAt(i - 1);
      if (prev === 32 || prev === 9 || prev === 58 /* : */ || prev === 91 /* [ */ || prev === 123 /* { */ || prev === 44 /* , */ || prev === 45 /* - */) quote = c;
    } else if (c === 35 /* # */) {
      const prev = i === start ? 32 : text.charCodeAt(i - 1);
      if (prev === 32 || prev === 9) return { comment: i, quote };
    }
  }
  return { comment: -1, quote };
}

/** True when the `#` at `offset` starts a comment. */
export function isCommentStart(text: string, offset: number): boolean {
  return text.charCodeAt(offset) === 35 && commentBefore(text, offset + 1) === offset;
}

function indentOf(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i === end ? -1 : i - start;
}

const BLOCK_HEADER = /(?:^|[:\s-])[|>][-+0-9]*[ \t]*(?:#.*)?$/;

/**
 * True when `offset` is inside a block scalar (`key: |` …): walks up through less-indented lines
 * until one opens a block scalar (inside) or a top-level line is reached (not inside).
 */
export function insideBlockScalar(text: string, offset: number): boolean {
  let lineStart = lineStartOf(text, offset);
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  let min = indentOf(text, lineStart, lineEnd);
  if (min <= 0) return false;
  // Bounded so a pathological file cannot make this quadratic.
  for (let steps = 0; lineStart > 0 && steps < 2000; steps++) {
    lineEnd = lineStart - 1;
    if (lineEnd > 0 && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    lineStart = lineStartOf(text, lineEnd);
    const indent = indentOf(text, lineStart, lineEnd);
    if (indent < 0 || indent >= min) continue;
    const line = text.slice(lineStart, lineEnd);
    if (line.trimStart().startsWith('#')) continue;
    if (BLOCK_HEADER.test(line) && commentBefore(text, lineEnd) < 0) return true;
    if (indent === 0) return false;
    min = indent;
  }
  return false;
}
