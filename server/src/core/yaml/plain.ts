// Plain-data YAML for inputs and outputs that are not source files with ranges: reading a small documented
// file (an observed-process baseline) into JS values, and writing generated policies as commented YAML. The
// readers of manifests and build configs keep to ./nodes.ts and ./file.ts.
import { Document, isSeq, parseDocument } from 'yaml';

/** One document's value, or its syntax errors (first line of each). Aliases are bounded. */
export function readYamlValue(text: string): { ok: true; value: unknown } | { ok: false; errors: string[] } {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) return { ok: false, errors: doc.errors.map((e) => e.message.split('\n', 1)[0]!) };
  return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
}

const asComment = (lines: readonly string[]) => lines.map((l) => ` ${l}`).join('\n');

/** One YAML document with `lines` as a comment above it; repeated objects are written out, never aliased. */
export function writeYamlDocument(value: unknown, lines: readonly string[]): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  if (lines.length) doc.commentBefore = asComment(lines);
  return doc.toString({ lineWidth: 0 });
}

/** A YAML list with a comment above it and one above each item (`itemLines[i]`, empty for none). */
export function writeYamlList(items: readonly unknown[], lines: readonly string[], itemLines: readonly (readonly string[])[]): string {
  const doc = new Document(items, { aliasDuplicateObjects: false });
  if (lines.length) doc.commentBefore = asComment(lines);
  const seq = doc.contents;
  if (isSeq(seq)) {
    itemLines.forEach((l, i) => {
      const node = seq.items[i] as { commentBefore?: string | null } | undefined;
      if (node && l.length) node.commentBefore = asComment(l);
    });
  }
  return doc.toString({ lineWidth: 0 });
}
