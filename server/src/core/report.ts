// The workspace exposure report: every workload × container × its Secrets × its image's hardening —
// "which images have access to Secrets, and how hardened are they".
import type { Exposure } from './exposure.js';
import { foreignInterpreters, toolsOf } from './exposure.js';
import { riskOf } from './vulns/apply.js';
import { severityRank, type Finding, type FindingVulnerabilities, type LinkSource, type Location, type Severity, type ToolFact, type WorkloadRef } from './model.js';

export type Hardening = 'hardened' | 'exposed' | 'unknown';

export interface ExposureRow {
  workload: WorkloadRef;
  container: string;
  containerKind: string;
  /** The container's image value in its manifest. */
  location: Location;
  image: string;
  /** The Dockerfile that builds the image, why it was linked (and by what), and its FROM line when known. */
  dockerfile?: { file: string; reason: string; target?: string; source?: LinkSource; from?: Location };
  /** Where the image facts came from. */
  source: 'dockerfile' | 'registry' | 'catalog' | 'unknown';
  baseImage?: string;
  /** Each delivery: the Secret (for `csi` the SecretProviderClass), its channel, and where it is written. */
  secrets: { name: string; channel: string; optional: boolean; location?: Location }[];
  tokenMounted: boolean;
  /** What decided the token (the pod, its ServiceAccount or the default) and the key that did, if one did. */
  token?: { reason: 'pod' | 'service-account' | 'default'; serviceAccount: string; location?: Location };
  /** The shell, network and foreign-interpreter tools one by one, each with where it came from. */
  tools?: ReportTool[];
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

export interface ReportTool {
  tool: string;
  category: 'shell' | 'network' | 'interpreter';
  /** Where it came from, as a user reads it: `base node:20`, `RUN apt-get install curl`. */
  origin: string;
  location?: Location;
  unverified?: boolean;
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
      secrets: e.secrets.map((s) => ({ name: s.secretName, channel: s.channel, optional: s.optional, location: s.location })),
      tokenMounted: e.token.mounted,
      token: { reason: e.token.reason, serviceAccount: e.token.serviceAccountName, ...(e.token.location ? { location: e.token.location } : {}) },
      tools: reportTools(e),
      shells,
      networkClients,
      interpreters,
      hardening,
      findings: fs.length,
    };
    if (e.link?.dockerfile !== undefined) {
      const from = e.image.stage && e.image.stage.file === e.link.dockerfile ? e.image.stage.location : undefined;
      row.dockerfile = { file: e.link.dockerfile, reason: e.link.reason, ...(e.link.target ? { target: e.link.target } : {}), source: e.link.source, ...(from ? { from } : {}) };
    }
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

function reportTools(e: Exposure): ReportTool[] {
  const foreign = new Set(foreignInterpreters(e.image));
  const out: ReportTool[] = [];
  const seen = new Set<string>();
  for (const t of e.image.tools) {
    if (t.category !== 'shell' && t.category !== 'network' && !(t.category === 'interpreter' && foreign.has(t))) continue;
    const key = `${t.category}|${t.tool}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const location = 'location' in t.origin ? t.origin.location : undefined;
    out.push({ tool: t.tool, category: t.category, origin: originText(t), ...(location ? { location } : {}), ...(t.unverified ? { unverified: true } : {}) });
  }
  return out.sort((a, b) => (a.category === b.category ? (a.tool < b.tool ? -1 : 1) : a.category < b.category ? -1 : 1));
}

function originText(t: ToolFact): string {
  const o = t.origin;
  switch (o.kind) {
    case 'base':
      return `base image ${o.image}`;
    case 'run':
      return `${o.manager} installs ${o.package}`;
    case 'copy':
      return `COPY --from=${o.from} ${o.path}`;
    case 'layer':
      return `image layer ${o.path}`;
    case 'config':
      return o.detail;
    case 'evidence':
      return o.detail;
  }
}

function rowKey(file: string, w: WorkloadRef, container: string): string {
  return `${file}|${w.kind}|${w.namespace}|${w.name}|${container}`;
}
