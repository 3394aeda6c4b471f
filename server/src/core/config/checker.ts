// The config reader's notice sink: every problem points at the node that caused it, value checks
// report and return undefined when a value is unusable, and an unknown key gets a "did you mean".
import type { Node } from 'yaml';
import type { InputNotice, Location } from '../model.js';
import { nodeLocation, scalarText, type DocContext } from '../yaml/index.js';

/** Collects notices with ranges; the value checks return undefined (and report) when a value is unusable. */
export class Checker {
  constructor(readonly doc: DocContext, readonly notices: InputNotice[]) {}

  error(node: Node | null | undefined, message: string): void {
    this.errorAt(nodeLocation(node, this.doc), message);
  }

  errorAt(location: Location | undefined, message: string): void {
    this.push('error', location, message);
  }

  warn(node: Node | null | undefined, message: string): void {
    this.push('warning', nodeLocation(node, this.doc), message);
  }

  unknownKey(location: Location | undefined, key: string, where: string, known: readonly string[]): void {
    const hint = closest(key, known);
    this.push('warning', location, `unknown key ${JSON.stringify(key)} in ${where} is ignored${hint ? ` — did you mean ${JSON.stringify(hint)}?` : ''}`);
  }

  string(node: Node | null | undefined, what: string): string | undefined {
    const v = scalarText(node);
    if (v === undefined || typeof (node as { value?: unknown }).value !== 'string') {
      this.error(node, `${what} must be a string`);
      return undefined;
    }
    return v;
  }

  boolean(node: Node | null | undefined, what: string): boolean | undefined {
    const v = (node as { value?: unknown } | null | undefined)?.value;
    if (typeof v !== 'boolean') {
      this.error(node, `${what} must be true or false`);
      return undefined;
    }
    return v;
  }

  private push(severity: InputNotice['severity'], location: Location | undefined, message: string): void {
    const n: InputNotice = { file: this.doc.file, severity, message };
    if (location) n.range = location.range;
    this.notices.push(n);
  }
}

/** The known key nearest to a misspelt one (edit distance ≤ 2), for "did you mean". */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
