// Turns core findings and input notices into LSP diagnostics, grouped by document, and remembers
// what each document last received so only documents whose diagnostics changed are republished
// (a Dockerfile edit then refreshes exactly the manifests that depend on it).
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, InputNotice, Range, Severity } from '../core/model.js';
import { ruleDocUrl } from '../core/rules/index.js';
import { SERVER_SOURCE } from '../protocol.js';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function findingToDiagnostic(f: Finding, toUri: (path: string) => string): Diagnostic {
  const d: Diagnostic = {
    range: f.location.range,
    severity: SEVERITY[f.severity],
    source: SERVER_SOURCE,
    code: f.rule,
    codeDescription: { href: ruleDocUrl(f.rule) },
    message: f.message,
    // Fixes are matched to diagnostics by rule id and this data, never by message text.
    data: {
      rule: f.rule,
      ...(f.workload ? { workload: f.workload } : {}),
      ...(f.container !== undefined ? { container: f.container } : {}),
      ...(f.image !== undefined ? { image: f.image } : {}),
      ...(f.data ? { fix: f.data } : {}),
    },
  };
  if (f.related.length > 0) {
    d.relatedInformation = f.related.map((r) => ({ location: { uri: toUri(r.location.file), range: r.location.range }, message: r.message }));
  }
  return d;
}

export function noticeToDiagnostic(n: InputNotice): Diagnostic {
  return {
    range: n.range ?? ZERO,
    severity: n.severity === 'error' ? DiagnosticSeverity.Error : n.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    source: SERVER_SOURCE,
    message: n.message,
  };
}

/**
 * One document's diagnostics, with the conversion entries they came from: an entry is reused while
 * its finding's content is unchanged, so comparing entries by identity tells whether a document
 * needs republishing without serialising anything.
 */
export interface DocumentDiagnostics {
  entries: object[];
  diagnostics: Diagnostic[];
}

/**
 * Builds per-document diagnostics. Converting a finding (URIs for its related locations, the docs
 * link) is the expensive part on a large workspace, and after an edit
 * almost every finding is the same as before; so conversions are cached by a fingerprint of the
 * finding's content (the core hands out fresh objects each analysis), about five times cheaper than
 * converting. Only the previous analysis's entries are kept.
 */
export class DiagnosticBuilder {
  private previous = new Map<string, Converted>();
  private fingerprints = new WeakMap<object, string>();

  build(findings: readonly Finding[], notices: readonly InputNotice[], toUri: (path: string) => string): Map<string, DocumentDiagnostics> {
    const byPath = new Map<string, DocumentDiagnostics>();
    const current = new Map<string, Converted>();
    const add = (c: Converted) => {
      const doc = byPath.get(c.path);
      if (doc) {
        doc.entries.push(c);
        doc.diagnostics.push(c.diagnostic);
      } else byPath.set(c.path, { entries: [c], diagnostics: [c.diagnostic] });
    };
    const convert = (fp: string, path: string, make: () => Diagnostic) => {
      let c = current.get(fp) ?? this.previous.get(fp);
      if (!c) c = { path, diagnostic: make() };
      current.set(fp, c);
      add(c);
    };
    // A core that keeps unchanged findings as the same objects skips the fingerprint too.
    const fingerprint = <T extends object>(o: T, make: (o: T) => string) => {
      let fp = this.fingerprints.get(o);
      if (fp === undefined) this.fingerprints.set(o, (fp = make(o)));
      return fp;
    };
    for (const f of findings) convert(fingerprint(f, findingFingerprint), f.location.file, () => findingToDiagnostic(f, toUri));
    for (const n of notices) convert(fingerprint(n, noticeFingerprint), n.file, () => noticeToDiagnostic(n));
    this.previous = current;
    return byPath;
  }
}

interface Converted {
  path: string;
  diagnostic: Diagnostic;
}

function rangeKey(r: Range): string {
  return `${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}`;
}

/** Everything findingToDiagnostic reads, as one string. */
export function findingFingerprint(f: Finding): string {
  let s = `F\u0001${f.rule}\u0001${f.severity}\u0001${f.location.file}\u0001${rangeKey(f.location.range)}\u0001${f.message}\u0001${f.container ?? ''}\u0001${f.image ?? ''}`;
  if (f.workload) s += `\u0001${f.workload.kind}/${f.workload.namespace}/${f.workload.name}`;
  for (const r of f.related) s += `\u0002${r.location.file}\u0001${rangeKey(r.location.range)}\u0001${r.message}`;
  if (f.data) s += `\u0003${JSON.stringify(f.data)}`;
  return s;
}

function noticeFingerprint(n: InputNotice): string {
  return `N\u0001${n.file}\u0001${n.severity}\u0001${n.range ? rangeKey(n.range) : ''}\u0001${n.message}`;
}

/** What each document was last sent, to publish only the differences. */
export class PublishedState {
  private readonly sent = new Map<string, object[]>();

  /** Returns the documents whose diagnostics differ from what was sent, and records them as sent. */
  diff(next: Map<string, DocumentDiagnostics>): { uri: string; diagnostics: Diagnostic[] }[] {
    const out: { uri: string; diagnostics: Diagnostic[] }[] = [];
    for (const [uri, doc] of next) {
      const before = this.sent.get(uri);
      if (before && before.length === doc.entries.length && before.every((e, i) => e === doc.entries[i])) continue;
      this.sent.set(uri, doc.entries);
      out.push({ uri, diagnostics: doc.diagnostics });
    }
    for (const uri of [...this.sent.keys()]) {
      if (next.has(uri)) continue;
      this.sent.delete(uri);
      out.push({ uri, diagnostics: [] });
    }
    return out;
  }

  clear(): { uri: string; diagnostics: Diagnostic[] }[] {
    return this.diff(new Map());
  }
}
