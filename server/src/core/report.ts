// The workspace exposure report: every workload × container × its Secrets × its image's hardening —
// "which images have access to Secrets, and how hardened are they".
import type { Exposure } from './exposure.js';
import { foreignInterpreters, toolsOf } from './exposure.js';
import { riskOf } from './vulns/apply.js';
import { severityRank, type Finding, type FindingVulnerabilities, type Location, type Severity, type WorkloadRef } from './model.js';

export type Hardening = 'hardened' | 'exposed' | 'unknown';

export interface ExposureRow {
  workload: WorkloadRef;
  container: string;
  containerKind: string;
  /** The container's image value in its manifest. */
  location: Location;
  image: string;
  /** The Dockerfile that builds the image, and why it was linked. */
  dockerfile?: { file: string; reason: string; target?: string };
  /** Where the image facts came from. */
  source: 'dockerfile' | 'registry' | 'catalog' | 'unknown';
  baseImage?: string;
  secrets: { name: string; channel: string; optional: boolean }[];
  tokenMounted: boolean;
  shells: string[];
  networkClients: string[];
  interpreters: string[];
  hardening: Hardening;
  /** Why the hardening is unknown, when it is. */
  unresolved?: string;
  findings: number;
  worstSeverity?: Severity;
  /** CVE counts of the image, when vulnerability reports were given (core/vulns). */
  vulnerabilities?: FindingVulnerabilities;
  /** Secrets × hardening × CVEs (core/vulns/apply.ts `riskOf`); set when rows are ordered by risk. */
  risk?: number;
}

export function buildExposureReport(exposures: readonly Exposure[], findings: readonly Finding[]): ExposureRow[] {
  const byContainer = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.workload || !f.container) continue;
    const key = rowKey(f.location.file, f.workload, f.container);
    const list = byContainer.get(key) ?? [];
    list.push(f);
    byContainer.set(key, list);
  }
  const rows: ExposureRow[] = [];
  for (const e of exposures) {
    const names = (ts: { tool: string }[]) => [...new Set(ts.map((t) => t.tool))].sort();
    const shells = names(toolsOf(e.image, 'shell'));
    const networkClients = names(toolsOf(e.image, 'network'));
    const interpreters = names(foreignInterpreters(e.image));
    const unknown = e.image.source === 'unknown' || Boolean(e.image.unresolved);
    const hardening: Hardening = unknown ? 'unknown' : shells.length + networkClients.length + interpreters.length > 0 ? 'exposed' : 'hardened';
    const fs = byContainer.get(rowKey(e.file, e.workload.ref, e.container.name)) ?? [];
    const row: ExposureRow = {
      workload: e.workload.ref,
      container: e.container.name,
      containerKind: e.container.kind,
      location: e.container.imageLocation,
      image: e.container.image,
      source: e.image.source,
      secrets: e.secrets.map((s) => ({ name: s.secretName, channel: s.channel, optional: s.optional })),
      tokenMounted: e.token.mounted,
      shells,
      networkClients,
      interpreters,
      hardening,
      findings: fs.length,
    };
    if (e.link?.dockerfile !== undefined) row.dockerfile = { file: e.link.dockerfile, reason: e.link.reason, ...(e.link.target ? { target: e.link.target } : {}) };
    if (e.image.baseImage) row.baseImage = e.image.baseImage;
    if (unknown) row.unresolved = e.image.unresolved ?? 'image not linked to a Dockerfile and not in the catalog';
    const worst = fs.map((f) => f.severity).sort((a, b) => severityRank(a) - severityRank(b))[0];
    if (worst) row.worstSeverity = worst;
    if (e.vulnerabilities) {
      row.vulnerabilities = e.vulnerabilities;
      row.risk = riskOf(row);
    }
    rows.push(row);
  }
  return rows;
}

function rowKey(file: string, w: WorkloadRef, container: string): string {
  return `${file}|${w.kind}|${w.namespace}|${w.name}|${container}`;
}
