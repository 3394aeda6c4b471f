// `--format policyreport|openreports` for `scan` and `cluster`: the findings as wgpolicyk8s.io/v1alpha2
// PolicyReports or openreports.io/v1alpha1 Reports, one per namespace (YAML for `kubectl apply -f -`).
import { policyReportsYaml, toPolicyReports, type CheckedContainer } from '../core/output/policy-report.js';
import type { Finding } from '../core/model.js';
import { VERSION } from './version.js';

export function formatPolicyReports(format: 'policyreport' | 'openreports', findings: readonly Finding[], checked: readonly CheckedContainer[], what: string, now = new Date()): string {
  const source = `secret-surface ${VERSION} ${what}`;
  const reports = toPolicyReports(findings, checked, { api: format === 'openreports' ? 'openreports' : 'wgpolicyk8s', now, source });
  // Never an empty answer that looks like a clean one.
  if (reports.length === 0) return `# No policy report from ${source}: no finding, and no container that receives Secrets was found.\n`;
  return policyReportsYaml(reports, source);
}
