// A shell script held in a YAML scalar (a workflow's `run: |`, a GitLab `script:` item) → its logical
// lines, each with the file line it is written on, so a link's location points at the command.
import type { Node } from 'yaml';
import { lineLocation } from './docker-build.js';
import { logicalLines } from './shell-words.js';
import { deref, nodeSpan, scalarString, type DocContext } from '../../yaml/index.js';
import type { Location } from '../../model.js';

export function scriptLines(node: unknown, doc: DocContext): { line: number; text: string }[] {
  const n = deref(node, doc);
  const value = scalarString(n);
  if (value === undefined) return [];
  const span = nodeSpan(n as Node, doc.text);
  const startLine = span ? doc.index.positionAt(span[0]).line : 0;
  // A block scalar's first line is the one after its `|` / `>` header.
  const block = span ? /^[|>]/.test(doc.text.slice(span[0], span[0] + 1)) : false;
  const first = block ? startLine + 1 : startLine;
  return logicalLines(value).map((l) => ({ line: first + l.line, text: l.text }));
}

/** The location of file line `line` (0-based) of a YAML build config. */
export function yamlLineLocation(doc: DocContext, line: number): Location {
  return lineLocation(doc.index, doc.file, line);
}
