// Turns core findings and input notices into LSP diagnostics, grouped by document, and remembers
// what each document last received so only documents whose diagnostics changed are republished
// (a Dockerfile edit then refreshes exactly the manifests that depend on it).
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, InputNotice, Severity } from '../core/model.js';
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

/** One document's diagnostics, with their serialised form for cheap comparison. */
export interface DocumentDiagnostics {
  json: string[];
  diagnostics: Diagnostic[];
}

/**
 * Builds per-document diagnostics. Findings are converted once and cached by object identity, so a
 * core that keeps unchanged findings between analyses pays only for what an edit touched.
 */
export class DiagnosticBuilder {
  private cache = new WeakMap<object, { path: string; json: string; diagnostic: Diagnostic }>();

  build(findings: readonly Finding[], notices: readonly InputNotice[], toUri: (path: string) => string): Map<string, DocumentDiagnostics> {
    const byPath = new Map<string, DocumentDiagnostics>();
    const add = (c: { path: string; json: string; diagnostic: Diagnostic }) => {
      const doc = byPath.get(c.path);
      if (doc) {
        doc.json.push(c.json);
        doc.diagnostics.push(c.diagnostic);
      } else byPath.set(c.path, { json: [c.json], diagnostics: [c.diagnostic] });
    };
    for (const f of findings) {
      let c = this.cache.get(f);
      if (!c) {
        const diagnostic = findingToDiagnostic(f, toUri);
        c = { path: f.location.file, json: JSON.stringify(diagnostic), diagnostic };
        this.cache.set(f, c);
      }
      add(c);
    }
    for (const n of notices) {
      let c = this.cache.get(n);
      if (!c) {
        const diagnostic = noticeToDiagnostic(n);
        c = { path: n.file, json: JSON.stringify(diagnostic), diagnostic };
        this.cache.set(n, c);
      }
      add(c);
    }
    return byPath;
  }
}

/** What each document was last sent, to publish only the differences. */
export class PublishedState {
  private readonly sent = new Map<string, string>();

  /** Returns the documents whose diagnostics differ from what was sent, and records them as sent. */
  diff(next: Map<string, DocumentDiagnostics>): { uri: string; diagnostics: Diagnostic[] }[] {
    const out: { uri: string; diagnostics: Diagnostic[] }[] = [];
    for (const [uri, doc] of next) {
      const key = doc.json.join('\n');
      if (this.sent.get(uri) === key) continue;
      this.sent.set(uri, key);
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
