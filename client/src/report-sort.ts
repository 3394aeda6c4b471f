// How the exposure report view orders its rows. Kept free of the `vscode` module so plain Node tests
// can check the ordering.
import { severityRank, type ExposureReportRow } from '../../server/src/protocol.js';

export type SortKey = 'severity' | 'workload' | 'image';

const HARDENING_RANK: Record<string, number> = { exposed: 0, unknown: 1, hardened: 2 };

export function sortRows(rows: readonly ExposureReportRow[], key: SortKey): ExposureReportRow[] {
  const workload = (r: ExposureReportRow) => `${r.workload.namespace}/${r.workload.kind}/${r.workload.name}/${r.container}`;
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const bySeverity = (a: ExposureReportRow, b: ExposureReportRow) =>
    (a.worstSeverity ? severityRank(a.worstSeverity) : 9) - (b.worstSeverity ? severityRank(b.worstSeverity) : 9) ||
    HARDENING_RANK[a.hardening]! - HARDENING_RANK[b.hardening]! ||
    // Secrets × hardening × CVEs, when vulnerability reports gave the rows a risk.
    (b.risk ?? 0) - (a.risk ?? 0) ||
    b.secrets.length - a.secrets.length;
  return [...rows].sort((a, b) => {
    switch (key) {
      case 'severity':
        return bySeverity(a, b) || cmp(workload(a), workload(b));
      case 'workload':
        return cmp(workload(a), workload(b));
      case 'image':
        return cmp(a.image, b.image) || cmp(workload(a), workload(b));
    }
  });
}
