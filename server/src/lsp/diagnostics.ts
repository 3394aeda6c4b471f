// Turns core findings and input notices into LSP diagnostics (source, rule id as code, docs link,
// related locations in the other file, fix data). Which documents to republish is decided in
// document-diagnostics.ts.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, InputNotice, Range, Severity } from '../core/model.js';
import { ruleDocUrl } from '../core/rules/index.js';
import type { Problem } from '../core/problems.js';
import { SERVER_SOURCE } from '../protocol.js';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function findingToDiagnostic(f: Finding, toUri: (path: string) => string): Diagnostic {
  return problemToDiagnostic({ rule: f.rule, severity: f.severity, message: f.message, location: f.location, related: f.related, members: [f] }, toUri);
}

/** One problem (core/problems.ts): the lead rule as `code`, every member rule in `data.rules`. */
export function problemToDiagnostic(p: Problem, toUri: (path: string) => string): Diagnostic {
  const f = p.members[0]!;
  const d: Diagnostic = {
    range: p.location.range,
    severity: SEVERITY[p.severity],
    source: SERVER_SOURCE,
    code: p.rule,
    codeDescription: { href: ruleDocUrl(p.rule) },
    message: p.message,
    // Fixes are matched to diagnostics by rule id and this data, never by message text.
    data: {
      rule: p.rule,
      ...(p.members.length > 1 ? { rules: p.members.map((m) => m.rule) } : {}),
      ...(f.workload ? { workload: f.workload } : {}),
      ...(f.container !== undefined ? { container: f.container } : {}),
      ...(f.image !== undefined ? { image: f.image } : {}),
      ...(f.data ? { fix: f.data } : {}),
    },
  };
  if (p.related.length > 0) {
    d.relatedInformation = p.related.map((r) => ({ location: { uri: toUri(r.location.file), range: r.location.range }, message: r.message }));
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
