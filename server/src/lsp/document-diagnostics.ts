// Per-document diagnostics of one workspace folder, kept incrementally: which documents an analysis
// changed (found from the core's per-partition finding arrays, whose identity survives while a
// partition is reused), each document's diagnostics converted only when it is published, and the
// findings each document was last sent so equal diagnostics are never republished. Nothing converted
// is kept: on a large workspace the converted diagnostics would cost more memory than the findings.
import type { Diagnostic } from 'vscode-languageserver';
import { severityRank, type Finding, type InputNotice } from '../core/model.js';
import { findingFingerprint, noticeToDiagnostic, problemToDiagnostic } from './diagnostics.js';
import { ProblemMemo, problemsOf, type Problem } from '../core/problems.js';
import { STALE_SUFFIX } from './last-good.js';

const NONE: readonly Finding[] = [];
const NO_NOTICES: readonly InputNotice[] = [];

/** Equal content, element by element; the same objects (the usual case) cost nothing. */
function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a === b || (a.length === b.length && a.every((f, i) => f === b[i] || findingFingerprint(f) === findingFingerprint(b[i]!)));
}

function sameNotices(a: readonly InputNotice[], b: readonly InputNotice[]): boolean {
  const same = (x: InputNotice, y: InputNotice) =>
    x === y || (x.severity === y.severity && x.message === y.message && JSON.stringify(x.range) === JSON.stringify(y.range));
  return a === b || (a.length === b.length && a.every((n, i) => same(n, b[i]!)));
}

/** The core's order within one file (analysis/run-rules.ts compareFindings). */
function compareInFile(a: Finding, b: Finding): number {
  return (
    a.location.range.start.line - b.location.range.start.line ||
    a.location.range.start.character - b.location.range.start.character ||
    severityRank(a.severity) - severityRank(b.severity) ||
    a.rule.localeCompare(b.rule) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

function filesOf(findings: readonly Finding[]): Set<string> {
  const out = new Set<string>();
  for (const f of findings) out.add(f.location.file);
  return out;
}

/** Groups findings by file, for a core that does not hand out partitions. */
export function partitionByFile(findings: readonly Finding[]): Map<string, readonly Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = out.get(f.location.file);
    if (list) list.push(f);
    else out.set(f.location.file, [f]);
  }
  return out;
}

/**
 * The order problems are published in: by line, and on one line the most severe last. An editor that
 * shows one sign per line shows the one placed last among equal priorities — Neovim with its default
 * settings (`severity_sort` off) does — so the error's sign, not the info's, marks the line; VS Code
 * sorts the Problems panel by severity itself.
 */
export function forSigns(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) => a.location.range.start.line - b.location.range.start.line || severityRank(b.severity) - severityRank(a.severity) || a.location.range.start.character - b.location.range.start.character,
  );
}

function diagnosticOf(p: Problem, stale: boolean, toUri: (path: string) => string): Diagnostic {
  return problemToDiagnostic(stale ? { ...p, message: p.message + STALE_SUFFIX } : p, toUri);
}

export class DocumentDiagnostics {
  /** The finding array of each partition at the last update. */
  private parts: ReadonlyMap<string, readonly Finding[]> = new Map();
  /** Partitions with findings in a file other than their own (rare): file → partition keys. */
  private readonly foreign = new Map<string, Set<string>>();
  /** Notices that name a file, by file, at the last update. */
  private notices = new Map<string, readonly InputNotice[]>();
  /** What each document was last sent diagnostics from; absent when it was sent nothing (or []). */
  private readonly sent = new Map<string, { findings: readonly Finding[]; notices: readonly InputNotice[]; stale: boolean }>();
  /** Documents whose findings are from their last good version (the buffer does not parse; last-good.ts). */
  private stale: ReadonlySet<string> = new Set();
  /** For open documents (publish's `keep`): the problems of their findings and what each was converted to. */
  private readonly problems = new ProblemMemo();
  private readonly converted = new WeakMap<Problem, { stale: boolean; uri: string; diagnostic: Diagnostic }>();

  /**
   * Takes a new analysis and returns the paths whose diagnostics may have changed. Costs one map
   * lookup per partition; findings are only looked at in partitions whose array changed.
   */
  update(partitions: ReadonlyMap<string, readonly Finding[]>, notices: readonly InputNotice[], stale: ReadonlySet<string> = new Set()): Set<string> {
    const dirty = new Set<string>();
    for (const p of stale) if (!this.stale.has(p)) dirty.add(p);
    for (const p of this.stale) if (!stale.has(p)) dirty.add(p);
    this.stale = new Set(stale);
    const touch = (key: string, findings: readonly Finding[], add: boolean) => {
      dirty.add(key);
      for (const file of filesOf(findings)) {
        dirty.add(file);
        if (file === key) continue;
        let keys = this.foreign.get(file);
        if (add) {
          if (!keys) this.foreign.set(file, (keys = new Set()));
          keys.add(key);
        } else if (keys) {
          keys.delete(key);
          if (keys.size === 0) this.foreign.delete(file);
        }
      }
    };
    for (const [key, findings] of partitions) {
      const before = this.parts.get(key);
      if (before === findings) continue;
      if (before) touch(key, before, false);
      touch(key, findings, true);
    }
    for (const [key, before] of this.parts) if (!partitions.has(key)) touch(key, before, false);
    // The core builds a new map per analysis and never changes it afterwards.
    this.parts = partitions;

    const byFile = new Map<string, InputNotice[]>();
    for (const n of notices) {
      if (!n.file) continue;
      const list = byFile.get(n.file);
      if (list) list.push(n);
      else byFile.set(n.file, [n]);
    }
    for (const [file, list] of byFile) {
      const before = this.notices.get(file);
      if (!before || before.length !== list.length || list.some((n, i) => before[i] !== n)) dirty.add(file);
    }
    for (const file of this.notices.keys()) if (!byFile.has(file)) dirty.add(file);
    this.notices = byFile;
    return dirty;
  }

  /** The findings located in `path`, in the core's order. */
  findings(path: string): readonly Finding[] {
    const own = this.parts.get(path) ?? NONE;
    const others = this.foreign.get(path);
    if (!others) return own.length === 0 || own.every((f) => f.location.file === path) ? own : own.filter((f) => f.location.file === path);
    const keys = [...others];
    if (this.parts.has(path)) keys.push(path);
    keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const out: Finding[] = [];
    for (const k of keys) for (const f of this.parts.get(k) ?? NONE) if (f.location.file === path) out.push(f);
    return out.sort(compareInFile);
  }

  /**
   * The diagnostics to publish for `path` (none when `visible` is false), or undefined when the
   * document was last sent equal ones; records them as sent. Converts only what is published, and
   * with `keep` (an open document, published again at every keystroke) keeps the conversions of the
   * problems that stay the same; other documents' diagnostics live only until they are sent.
   */
  publish(path: string, visible: boolean, toUri: (path: string) => string, keep = false): Diagnostic[] | undefined {
    const findings = visible ? this.findings(path) : NONE;
    const notices = (visible && this.notices.get(path)) || NO_NOTICES;
    const stale = this.stale.has(path);
    const before = this.sent.get(path);
    if (findings.length === 0 && notices.length === 0) {
      if (!before) return undefined;
      this.sent.delete(path);
      return [];
    }
    this.sent.set(path, { findings, notices, stale });
    if (before && before.stale === stale && sameFindings(before.findings, findings) && sameNotices(before.notices, notices)) return undefined;
    // One diagnostic per problem: the tool rules' findings at one place merge (core/problems.ts).
    const problems = forSigns(problemsOf(findings, keep ? this.problems : undefined));
    const out = keep ? this.keptDiagnostics(problems, stale, toUri(path), toUri) : problems.map((p) => diagnosticOf(p, stale, toUri));
    for (const n of notices) out.push(noticeToDiagnostic(n));
    return out;
  }

  /**
   * The diagnostics of an open document's problems, each converted once while its problem stays the
   * same object (a keystroke changes one workload's findings; the file's other problems are the
   * same) and the document's URI and staleness are what they were.
   */
  private keptDiagnostics(problems: readonly Problem[], stale: boolean, uri: string, toUri: (path: string) => string): Diagnostic[] {
    return problems.map((p) => {
      const hit = this.converted.get(p);
      if (hit && hit.stale === stale && hit.uri === uri) return hit.diagnostic;
      const diagnostic = diagnosticOf(p, stale, toUri);
      this.converted.set(p, { stale, uri, diagnostic });
      return diagnostic;
    });
  }

  /** Paths that were sent diagnostics, forgetting them (the folder is going away). */
  clear(): string[] {
    const out = [...this.sent.keys()];
    this.sent.clear();
    return out;
  }
}
