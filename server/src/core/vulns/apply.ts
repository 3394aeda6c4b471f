// CVE-aware priority: vulnerability reports matched to the workspace's images (by the digest an image is
// pinned to, else by repository and tag), their counts added to the findings and to the exposure report, a
// configurable threshold that raises a finding's severity, and the exposure report ordered by risk
// (Secrets × hardening × CVEs). Pure: reports come in already parsed; nothing here reads a file.
import type { Finding, FindingVulnerabilities, InputNotice, Severity } from '../model.js';
import type { Exposure } from '../exposure.js';
import type { ExposureRow } from '../report.js';
import { parseImageRef } from '../catalog/image-ref.js';
import { VULN_SEVERITIES, emptyCounts, type VulnCounts, type VulnReport, type VulnSeverity } from './reports.js';

/** Raise severity when an image has at least `count` vulnerabilities of `severity` or worse. */
export interface VulnThreshold {
  severity: VulnSeverity;
  count: number;
}

export const DEFAULT_VULN_THRESHOLD: VulnThreshold = { severity: 'critical', count: 1 };

export interface ImageVulns {
  counts: VulnCounts;
  reports: string[];
  matchedBy: 'digest' | 'reference';
}

/** The reports about one image as written in a manifest; several reports (two scanners) give the higher count. */
export function vulnsForImage(image: string, reports: readonly VulnReport[]): ImageVulns | undefined {
  const ref = parseImageRef(image);
  let matched: VulnReport[] = [];
  let matchedBy: ImageVulns['matchedBy'] = 'reference';
  if (ref.digest) {
    matched = reports.filter((r) => r.digests.includes(ref.digest!));
    matchedBy = 'digest';
  }
  if (matched.length === 0) {
    // A digest-pinned image whose digest no report names is not matched by tag: the tag may have moved.
    if (ref.digest) return undefined;
    const tag = ref.tag ?? 'latest';
    matched = reports.filter((r) =>
      r.references.some((x) => {
        const o = parseImageRef(x);
        return o.name === ref.name && (o.tag ?? 'latest') === tag;
      }),
    );
    matchedBy = 'reference';
  }
  if (matched.length === 0) return undefined;
  const counts = emptyCounts();
  for (const r of matched) for (const s of VULN_SEVERITIES) counts[s] = Math.max(counts[s], r.counts[s]);
  return { counts, reports: [...new Set(matched.map((r) => r.file))].sort(), matchedBy };
}

export function overThreshold(counts: VulnCounts, t: VulnThreshold): boolean {
  const at = VULN_SEVERITIES.indexOf(t.severity);
  const n = VULN_SEVERITIES.slice(0, at + 1).reduce((sum, s) => sum + counts[s], 0);
  return t.count > 0 && n >= t.count;
}

/** `14 critical, 3 high CVEs` — the two worst non-zero severities. */
export function describeCounts(c: VulnCounts): string {
  const shown = VULN_SEVERITIES.filter((s) => c[s] > 0 && s !== 'unknown').slice(0, 2);
  if (shown.length === 0) return c.unknown > 0 ? `${c.unknown} CVE${c.unknown === 1 ? '' : 's'} of unknown severity` : 'no known CVEs';
  const total = shown.reduce((n, s) => n + c[s], 0);
  return `${shown.map((s) => `${c[s]} ${s}`).join(', ')} CVE${total === 1 ? '' : 's'}`;
}

/** The hover's line: every severity's count, the reports, how the image was matched and whether it is over the threshold. */
export function vulnerabilityLine(v: FindingVulnerabilities): string {
  const counts = VULN_SEVERITIES.map((s) => `${v[s]} ${s}`).join(', ');
  return `**CVEs:** ${counts} — ${v.reports.join(', ')} (matched by ${v.matchedBy === 'digest' ? 'digest' : 'name and tag'})${v.overThreshold ? '; over the threshold: tool findings are errors and Secrets must rotate within the maximum' : ''}.`;
}

/** Tool findings whose severity a CVE count can raise: the image is not hardened and it receives Secrets. */
const RAISES = new Set(['secret-in-shell-image', 'secret-in-network-client-image', 'secret-in-interpreter-image', 'token-automount-in-unhardened-image', 'secret-image-unverified']);

/**
 * The counts of an image as findings and exposures carry them, or undefined when no report is about it.
 * The same image gets the same object for as long as the lookup lives (the join compares answers by identity).
 */
export function imageVulnLookup(reports: readonly VulnReport[], threshold: VulnThreshold = DEFAULT_VULN_THRESHOLD): (image: string) => FindingVulnerabilities | undefined {
  const cache = new Map<string, FindingVulnerabilities | undefined>();
  return (image) => {
    if (reports.length === 0) return undefined;
    if (cache.has(image)) return cache.get(image);
    const v = vulnsForImage(image, reports);
    const out = v ? { ...v.counts, reports: v.reports, matchedBy: v.matchedBy, overThreshold: overThreshold(v.counts, threshold) } : undefined;
    cache.set(image, out);
    return out;
  };
}

/** A finding with its image's counts: said in the message, and a tool finding raised to `error` at the threshold. */
export function withVulnerabilities(f: Finding, v: FindingVulnerabilities): Finding {
  const severity: Severity = v.overThreshold && RAISES.has(f.rule) ? 'error' : f.severity;
  return { ...f, severity, message: `${f.message} The image has ${describeCounts(v)} (${v.reports.join(', ')}).`, vulnerabilities: v };
}

/**
 * What an analysis made of the reports it was given: a notice per report no image of the workspace matched
 * (ignored, counted) after the read notices, and one summary line on `summaryFile`.
 */
export function vulnerabilityNotices(
  read: { reports: readonly VulnReport[]; notices: readonly InputNotice[] },
  analysed: { exposures: readonly Exposure[]; findings: readonly Finding[] },
  summaryFile = '--vulns',
): InputNotice[] {
  const used = new Set<string>();
  const images = new Set<string>();
  for (const e of analysed.exposures) {
    if (!e.vulnerabilities) continue;
    images.add(e.container.image);
    for (const f of e.vulnerabilities.reports) used.add(f);
  }
  for (const f of analysed.findings) for (const r of f.vulnerabilities?.reports ?? []) used.add(r);
  const unused = [...new Set(read.reports.map((r) => r.file))].filter((f) => !used.has(f));
  const unreadable = read.notices.filter((n) => n.severity === 'error').length;
  return [
    ...read.notices,
    ...unused.map((file): InputNotice => ({ file, severity: 'info', message: 'vulnerability report ignored: no image in the workspace matches it' })),
    {
      file: summaryFile,
      severity: 'info',
      message: `vulnerability reports: ${read.reports.length} read, ${images.size} image${images.size === 1 ? '' : 's'} matched, ${unused.length} unused, ${unreadable} not readable`,
    },
  ];
}

export interface VulnApplication {
  findings: Finding[];
  report: ExposureRow[];
  /** Reports that matched no image of the workspace (ignored, counted). */
  unused: string[];
  /** Images with at least one report. */
  matchedImages: number;
}

/**
 * Adds counts to every finding and exposure row whose image a report is about, raises tool findings to `error`
 * at the threshold, and orders the exposure rows by risk. Inputs are not changed.
 */
export function applyVulnReports(
  findings: readonly Finding[],
  rows: readonly ExposureRow[],
  reports: readonly VulnReport[],
  threshold: VulnThreshold = DEFAULT_VULN_THRESHOLD,
): VulnApplication {
  const byImage = new Map<string, ImageVulns | undefined>();
  const lookup = (image: string) => {
    if (!byImage.has(image)) byImage.set(image, vulnsForImage(image, reports));
    return byImage.get(image);
  };
  const used = new Set<string>();
  const attach = (v: ImageVulns): FindingVulnerabilities => {
    for (const f of v.reports) used.add(f);
    return { ...v.counts, reports: v.reports, matchedBy: v.matchedBy, overThreshold: overThreshold(v.counts, threshold) };
  };
  const outFindings = findings.map((f) => {
    const v = f.image ? lookup(f.image) : undefined;
    return v ? withVulnerabilities(f, attach(v)) : f;
  });
  const outRows = rows.map((r) => {
    const v = lookup(r.image);
    const row: ExposureRow = { ...r };
    if (v) row.vulnerabilities = attach(v);
    row.risk = riskOf(row);
    return row;
  });
  outRows.sort(byRisk);
  const images = new Set([...byImage.entries()].filter(([, v]) => v !== undefined).map(([k]) => k));
  return { findings: outFindings, report: outRows, unused: reports.map((r) => r.file).filter((f) => !used.has(f)), matchedImages: images.size };
}

/**
 * Risk of one container: how much it receives × how little its image is hardened × how vulnerable it is.
 * Secrets count one each and the token one; a hardened image weighs 1, an unknown one 2, an exposed one 2 plus
 * one per tool; CVEs multiply by 1 + (10·critical + 4·high + medium + low/10) / 10.
 */
export function riskOf(r: ExposureRow): number {
  const secrets = r.secrets.length + (r.tokenMounted ? 1 : 0);
  const hardening = r.hardening === 'hardened' ? 1 : r.hardening === 'unknown' ? 2 : 2 + r.shells.length + r.networkClients.length + r.interpreters.length;
  const v = r.vulnerabilities;
  const cves = v ? 1 + (10 * v.critical + 4 * v.high + v.medium + v.low / 10) / 10 : 1;
  return Math.round(secrets * hardening * cves * 100) / 100;
}

export function byRisk(a: ExposureRow, b: ExposureRow): number {
  return (
    (b.risk ?? riskOf(b)) - (a.risk ?? riskOf(a)) ||
    `${a.workload.namespace}/${a.workload.name}/${a.container}`.localeCompare(`${b.workload.namespace}/${b.workload.name}/${b.container}`)
  );
}
