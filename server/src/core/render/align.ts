// From a rendered line back to the source line a person edits. A rendered document is compared line by
// line with its template (Helm) or base resource and patches (kustomize): a line written out verbatim
// maps to itself; a line whose value was templated maps to the source line with the same key, taken in
// document order; anything else maps to the nearest line above that did map.
import type { Location, Range } from '../model.js';

export interface SourceText {
  file: string;
  lines: readonly string[];
  /** The first and last line (inclusive) of the part of the file this document comes from. */
  from?: number;
  to?: number;
}

export interface LineTarget {
  file: string;
  line: number;
  /** The source line is the rendered line itself (up to indentation): columns carry over. */
  exact: boolean;
  /** Columns to add to a rendered column to land on the same character of the source line. */
  shift: number;
}

const keyOf = (line: string): string | undefined => {
  const m = /^\s*(?:-\s+)*([A-Za-z0-9_.\-/"']+)\s*:(?:\s|$)/.exec(line);
  return m ? m[1]!.replace(/^["']|["']$/g, '') : undefined;
};
const indentOf = (line: string): number => line.length - line.trimStart().length;
const normal = (line: string): string => line.trim().replace(/^(?:-\s+)+/, '');

/**
 * Maps each line of `rendered` to a line of `primary` (the template or base resource), or of one of
 * `secondary` (patches) when only a patch holds it verbatim.
 */
export function alignLines(rendered: readonly string[], primary: SourceText, secondary: readonly SourceText[] = []): LineTarget[] {
  const from = primary.from ?? 0;
  const to = Math.min(primary.to ?? primary.lines.length - 1, primary.lines.length - 1);
  const exactIndex = new Map<string, number[]>();
  const keyIndex = new Map<string, number[]>();
  for (let i = from; i <= to; i++) {
    const line = primary.lines[i]!;
    const t = normal(line);
    if (t === '' || t.startsWith('#') || t.startsWith('{{')) continue;
    if (!line.includes('{{')) push(exactIndex, t, i);
    const k = keyOf(line);
    if (k) push(keyIndex, k, i);
  }
  const patchIndex = new Map<string, { file: string; line: number; text: string }>();
  for (const s of secondary) {
    for (let i = s.from ?? 0; i <= Math.min(s.to ?? s.lines.length - 1, s.lines.length - 1); i++) {
      const t = normal(s.lines[i]!);
      if (t === '' || t.startsWith('#')) continue;
      if (!patchIndex.has(t)) patchIndex.set(t, { file: s.file, line: i, text: s.lines[i]! });
    }
  }
  const out: LineTarget[] = [];
  let cursor = from;
  let last: LineTarget = { file: primary.file, line: from, exact: false, shift: 0 };
  const at = (file: string, line: number, src: string, r: string, exact: boolean): LineTarget => ({
    file,
    line,
    exact,
    shift: exact ? indentOf(src) - indentOf(r) : 0,
  });
  for (const r of rendered) {
    const t = normal(r);
    if (t === '' || t.startsWith('#') || t === '---') {
      out.push({ ...last, exact: false, shift: 0 });
      continue;
    }
    const exact = firstFrom(exactIndex.get(t), cursor);
    if (exact !== undefined) {
      const src = primary.lines[exact]!;
      last = sameShape(src, r) ? at(primary.file, exact, src, r, true) : { file: primary.file, line: exact, exact: false, shift: 0 };
      cursor = exact;
      out.push(last);
      continue;
    }
    // Written verbatim only in a patch: that is where a person changes it, whatever the base has under the same key.
    const patched = patchIndex.get(t);
    if (patched) {
      out.push(sameShape(patched.text, r) ? at(patched.file, patched.line, patched.text, r, true) : { file: patched.file, line: patched.line, exact: false, shift: 0 });
      continue;
    }
    const k = keyOf(r);
    const byKey = k ? firstFrom(keyIndex.get(k), cursor) : undefined;
    if (byKey !== undefined) {
      last = { file: primary.file, line: byKey, exact: false, shift: 0 };
      cursor = byKey;
      out.push(last);
      continue;
    }
    out.push({ ...last, exact: false, shift: 0 });
  }
  return out;
}

/** The two lines differ only in indentation (and list dashes written the same way). */
function sameShape(src: string, rendered: string): boolean {
  return src.trim() === rendered.trim();
}

function push(m: Map<string, number[]>, k: string, v: number): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** The first entry at or after `cursor`, else the last one before it. */
function firstFrom(list: readonly number[] | undefined, cursor: number): number | undefined {
  if (!list || list.length === 0) return undefined;
  for (const v of list) if (v >= cursor) return v;
  return list[list.length - 1];
}

/** Maps a range of the rendered text through per-line targets; `lines` are the source files' lines. */
export function mapRange(range: Range, targets: readonly LineTarget[], sourceLines: (file: string) => readonly string[] | undefined): Location | undefined {
  const s = targets[range.start.line];
  if (!s) return undefined;
  const lines = sourceLines(s.file) ?? [];
  const srcLine = lines[s.line] ?? '';
  // A templated line: its value part (`image: "{{ .Values.image }}"` → the template expression), else the line.
  const whole = (line: number, text: string) => {
    const m = /^(\s*(?:-\s+)*[A-Za-z0-9_.\-/"']+\s*:\s+)(\S.*?)\s*$/.exec(text);
    const start = m ? m[1]!.length : indentOf(text);
    return { start: { line, character: start }, end: { line, character: Math.max(start, text.trimEnd().length) } };
  };
  if (!s.exact) return { file: s.file, range: whole(s.line, srcLine) };
  const e = targets[range.end.line];
  const start = { line: s.line, character: clamp(range.start.character + s.shift, srcLine.length) };
  if (range.end.line === range.start.line) {
    return { file: s.file, range: { start, end: { line: s.line, character: clamp(range.end.character + s.shift, srcLine.length) } } };
  }
  if (e && e.file === s.file && e.line >= s.line) {
    const endLine = lines[e.line] ?? '';
    return { file: s.file, range: { start, end: e.exact ? { line: e.line, character: clamp(range.end.character + e.shift, endLine.length) } : { line: e.line, character: endLine.length } } };
  }
  return { file: s.file, range: { start, end: { line: s.line, character: srcLine.length } } };
}

function clamp(n: number, max: number): number {
  return Math.max(0, Math.min(n, max));
}
