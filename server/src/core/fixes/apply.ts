// Applying edits to text (through LineIndex, the one offset↔position module), and merging fixes. Pure:
// the language server sends edits to the editor instead; tests and the CLI use these.
import { LineIndex } from '../text/positions.js';
import type { FileChange, Fix, TextEdit } from './types.js';

/** Applies non-overlapping edits (positions refer to `text` before any edit). Throws on overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const spans = edits
    .map((e, i) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText, i }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) throw new Error(`overlapping edits at offset ${s.start}`);
    out += text.slice(at, s.start) + s.text;
    at = s.end;
  }
  return out + text.slice(at);
}

/**
 * The files a fix leaves behind: `read` gives the current text of a workspace file (undefined when
 * absent). A create whose file exists fails, as the editor's create operation would.
 */
export function applyFix(fix: Pick<Fix, 'edits'>, read: (file: string) => string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const change of fix.edits) {
    const current = out.has(change.file) ? out.get(change.file) : read(change.file);
    if (change.kind === 'create') {
      if (current !== undefined) throw new Error(`${change.file} exists: a fix never overwrites a file`);
      out.set(change.file, change.text);
    } else {
      if (current === undefined) throw new Error(`${change.file} is not in the workspace`);
      out.set(change.file, applyEdits(current, change.edits));
    }
  }
  return out;
}

function overlaps(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  const key = (p: { line: number; character: number }) => p.line * 1e7 + p.character;
  for (const x of a) {
    for (const y of b) {
      const xs = key(x.range.start);
      const xe = key(x.range.end);
      const ys = key(y.range.start);
      const ye = key(y.range.end);
      // Two insertions at one point, or a range touching another, still conflict in meaning.
      if (xs <= ye && ys <= xe) return true;
    }
  }
  return false;
}

/** Merges changes of several fixes, leaving out any fix that would touch what an earlier one touches. */
export function mergeChanges(fixes: readonly Fix[]): { changes: FileChange[]; merged: Fix[] } {
  const byFile = new Map<string, FileChange>();
  const merged: Fix[] = [];
  for (const fix of fixes) {
    const conflict = fix.edits.some((c) => {
      const prev = byFile.get(c.file);
      if (!prev) return false;
      if (prev.kind === 'create' || c.kind === 'create') return true;
      return overlaps(prev.edits, c.edits);
    });
    if (conflict) continue;
    for (const c of fix.edits) {
      const prev = byFile.get(c.file);
      if (prev && prev.kind === 'edit' && c.kind === 'edit') byFile.set(c.file, { kind: 'edit', file: c.file, edits: [...prev.edits, ...c.edits] });
      else byFile.set(c.file, c.kind === 'edit' ? { ...c, edits: [...c.edits] } : { ...c });
    }
    merged.push(fix);
  }
  return { changes: [...byFile.values()], merged };
}
