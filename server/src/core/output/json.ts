// The CLI's JSON output (schemas/findings.schema.json): findings with workspace-relative paths and
// 0-based LSP ranges, plus the inputs that could not be analysed.
import type { Finding, FindingVulnerabilities, InputNotice, Range } from '../model.js';
import type { AnalysisSummary } from '../render/summary.js';

export interface JsonFinding {
  rule: string;
  severity: Finding['severity'];
  message: string;
  file: string;
  range: Range;
  workload?: { kind: string; name: string; namespace: string };
  container?: string;
  image?: string;
  related: { file: string; range: Range; message: string }[];
  /** `unverified`: "may have" — rests on tools the catalog does not confirm; one severity below the rule's. */
  certainty?: 'unverified';
  /** CVE counts by severity of the image, when vulnerability reports were given. */
  vulnerabilities?: FindingVulnerabilities;
  /** Which source decided what the image holds: a Dockerfile (and its base's source), the registry at a digest, a catalog entry, or nothing. */
  decidedBy?: string;
}

export interface JsonReport {
  version: 1;
  findings: JsonFinding[];
  notices: { file: string; severity: string; message: string; range?: Range }[];
  /** What was analysed: workloads, containers, charts and overlays rendered (or not, and why), skipped files. */
  summary?: AnalysisSummary;
}

export function toJsonReport(findings: readonly Finding[], notices: readonly InputNotice[], summary?: AnalysisSummary): JsonReport {
  const report: JsonReport = {
    version: 1,
    findings: findings.map((f) => {
      const j: JsonFinding = {
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        file: f.location.file,
        range: f.location.range,
        related: f.related.map((r) => ({ file: r.location.file, range: r.location.range, message: r.message })),
      };
      if (f.workload) j.workload = { kind: f.workload.kind, name: f.workload.name, namespace: f.workload.namespace };
      if (f.container) j.container = f.container;
      if (f.image) j.image = f.image;
      if (f.certainty) j.certainty = f.certainty;
      if (f.vulnerabilities) j.vulnerabilities = f.vulnerabilities;
      if (f.decidedBy) j.decidedBy = f.decidedBy;
      return j;
    }),
    notices: notices.map((n) => ({ file: n.file, severity: n.severity, message: n.message, ...(n.range ? { range: n.range } : {}) })),
  };
  if (summary) report.summary = summary;
  return report;
}
