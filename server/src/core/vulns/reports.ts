// Vulnerability reports people already produce, read into one shape: which image a report is about (its
// references and digests) and how many vulnerabilities it lists by severity. Trivy JSON (`trivy image -f json`),
// Grype JSON (`grype -o json`) and the SARIF both write. Pure: the adapter reads the files; a malformed report
// is an error for that file only.

export const VULN_SEVERITIES = ['critical', 'high', 'medium', 'low', 'unknown'] as const;
export type VulnSeverity = (typeof VULN_SEVERITIES)[number];
export type VulnCounts = Record<VulnSeverity, number>;

export type VulnReportFormat = 'trivy-json' | 'grype-json' | 'trivy-sarif' | 'grype-sarif';

export interface VulnReport {
  /** Where the report was read from (as the user named it). */
  file: string;
  format: VulnReportFormat;
  /** References the report names for the image (`alpine:3.20`, `registry.example.com/shop/api:1.4.2`). */
  references: string[];
  /** Image digests the report names (`sha256:…`): manifest / repo digests, not the config digest. */
  digests: string[];
  counts: VulnCounts;
  /** Distinct vulnerability ids, for messages (`CVE-2024-…`), at most a few hundred kept. */
  ids: string[];
}

export type VulnReportResult = { ok: true; report: VulnReport } | { ok: false; error: string };

/** Reports beyond this size are refused (a whole-registry dump is not a report about one image). */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

export function emptyCounts(): VulnCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
}

export function severityOf(raw: unknown): VulnSeverity {
  const s = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (s === 'critical' || s === 'high' || s === 'medium' || s === 'low') return s;
  if (s === 'negligible') return 'low';
  return 'unknown';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []);

/** `repo@sha256:…` → `sha256:…`; a bare digest stays. */
function digestOf(s: string): string | undefined {
  const at = s.lastIndexOf('@');
  const d = at >= 0 ? s.slice(at + 1) : s;
  return /^sha256:[0-9a-f]{64}$/.test(d) ? d : undefined;
}

function collect(file: string, format: VulnReportFormat, refs: string[], digests: string[], vulns: { id: string; severity: VulnSeverity }[]): VulnReport {
  const counts = emptyCounts();
  const seen = new Set<string>();
  for (const v of vulns) {
    // One vulnerability in two packages (or two layers) is counted once per report.
    const key = `${v.id}|${v.severity}`;
    if (v.id && seen.has(key)) continue;
    seen.add(key);
    counts[v.severity]++;
  }
  const repoRefs = refs.map((r) => r.replace(/@sha256:[0-9a-f]{64}$/, '')).filter((r) => r !== '');
  const allDigests = [...digests, ...refs].map(digestOf).filter((d): d is string => d !== undefined);
  return {
    file,
    format,
    references: [...new Set(repoRefs)],
    digests: [...new Set(allDigests)],
    counts,
    ids: [...new Set(vulns.map((v) => v.id).filter(Boolean))].slice(0, 500),
  };
}

function trivyJson(file: string, doc: Record<string, unknown>): VulnReportResult {
  if (doc['ArtifactType'] !== undefined && doc['ArtifactType'] !== 'container_image') {
    return { ok: false, error: `a Trivy report about a ${String(doc['ArtifactType'])}, not a container image` };
  }
  const meta = isRecord(doc['Metadata']) ? doc['Metadata'] : {};
  const refs = [typeof doc['ArtifactName'] === 'string' ? doc['ArtifactName'] : '', ...strings(meta['RepoTags']), ...strings(meta['RepoDigests'])];
  const vulns: { id: string; severity: VulnSeverity }[] = [];
  if (!Array.isArray(doc['Results'])) return { ok: false, error: 'a Trivy report without a Results list' };
  for (const r of doc['Results']) {
    if (!isRecord(r)) continue;
    const list = r['Vulnerabilities'];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) return { ok: false, error: 'Results[].Vulnerabilities is not a list' };
    for (const v of list) if (isRecord(v)) vulns.push({ id: String(v['VulnerabilityID'] ?? ''), severity: severityOf(v['Severity']) });
  }
  return { ok: true, report: collect(file, 'trivy-json', refs, strings(meta['RepoDigests']), vulns) };
}

function grypeJson(file: string, doc: Record<string, unknown>): VulnReportResult {
  const source = isRecord(doc['source']) ? doc['source'] : undefined;
  if (!source) return { ok: false, error: 'a Grype report without its source' };
  if (source['type'] !== 'image') return { ok: false, error: `a Grype report about a ${String(source['type'])}, not an image` };
  const target = isRecord(source['target']) ? source['target'] : {};
  const refs = [typeof target['userInput'] === 'string' ? target['userInput'] : '', ...strings(target['tags']), ...strings(target['repoDigests'])];
  const digests = [...strings(target['repoDigests']), typeof target['manifestDigest'] === 'string' ? target['manifestDigest'] : ''];
  if (!Array.isArray(doc['matches'])) return { ok: false, error: 'a Grype report without a matches list' };
  const vulns = doc['matches'].filter(isRecord).map((m) => {
    const v = isRecord(m['vulnerability']) ? m['vulnerability'] : {};
    return { id: String(v['id'] ?? ''), severity: severityOf(v['severity']) };
  });
  return { ok: true, report: collect(file, 'grype-json', refs, digests, vulns) };
}

/** A SARIF rule's severity: the tag Trivy writes, else the `Severity:` line both tools put in the help text. */
function sarifRuleSeverity(rule: Record<string, unknown> | undefined): VulnSeverity | undefined {
  if (!rule) return undefined;
  const props = isRecord(rule['properties']) ? rule['properties'] : {};
  for (const t of strings(props['tags'])) {
    const s = severityOf(t);
    if (s !== 'unknown' || t.toUpperCase() === 'UNKNOWN') return s;
  }
  const help = isRecord(rule['help']) && typeof rule['help']['text'] === 'string' ? rule['help']['text'] : '';
  const m = /^Severity:\s*(\w+)/m.exec(help);
  return m ? severityOf(m[1]) : undefined;
}

function sarif(file: string, doc: Record<string, unknown>): VulnReportResult {
  const runs = doc['runs'];
  if (!Array.isArray(runs) || runs.length === 0) return { ok: false, error: 'a SARIF file without runs' };
  const refs: string[] = [];
  const digests: string[] = [];
  const vulns: { id: string; severity: VulnSeverity }[] = [];
  let format: VulnReportFormat | undefined;
  for (const run of runs) {
    if (!isRecord(run)) continue;
    const driver = isRecord(run['tool']) && isRecord(run['tool']['driver']) ? run['tool']['driver'] : {};
    const name = String(driver['name'] ?? '').toLowerCase();
    if (name !== 'trivy' && name !== 'grype') return { ok: false, error: `SARIF from ${String(driver['name'] ?? 'an unnamed tool')}, not Trivy or Grype` };
    format = name === 'trivy' ? 'trivy-sarif' : 'grype-sarif';
    const props = isRecord(run['properties']) ? run['properties'] : {};
    if (typeof props['imageName'] === 'string') refs.push(props['imageName']);
    refs.push(...strings(props['repoTags']), ...strings(props['repoDigests']));
    digests.push(...strings(props['repoDigests']));
    const rules = new Map<string, Record<string, unknown>>();
    for (const r of Array.isArray(driver['rules']) ? driver['rules'] : []) if (isRecord(r) && typeof r['id'] === 'string') rules.set(r['id'], r);
    for (const res of Array.isArray(run['results']) ? run['results'] : []) {
      if (!isRecord(res)) continue;
      const ruleId = String(res['ruleId'] ?? '');
      const severity = sarifRuleSeverity(rules.get(ruleId)) ?? 'unknown';
      // Grype's rule ids are `<vulnerability>-<package>`; the vulnerability id is what is counted.
      const id = format === 'grype-sarif' ? (/^(CVE-\d{4}-\d+|GHSA(?:-[a-z0-9]{4}){3}|[A-Z]+-\d{4}-\d+(?::\d+)?)-/i.exec(ruleId)?.[1] ?? ruleId) : ruleId;
      vulns.push({ id, severity });
      if (format === 'grype-sarif') {
        // Grype names the image in each location: `<user input>@<digest>:<path in the image>`.
        for (const loc of Array.isArray(res['locations']) ? res['locations'] : []) {
          const logical = isRecord(loc) && Array.isArray(loc['logicalLocations']) ? loc['logicalLocations'] : [];
          for (const l of logical) {
            const fqn = isRecord(l) && typeof l['fullyQualifiedName'] === 'string' ? l['fullyQualifiedName'] : '';
            const cut = fqn.indexOf(':/');
            if (cut <= 0) continue;
            const image = fqn.slice(0, cut);
            const at = image.lastIndexOf('@');
            const ref = at >= 0 ? image.slice(0, at) : image;
            const digest = at >= 0 ? image.slice(at + 1) : '';
            if (ref) refs.push(ref);
            if (digest) digests.push(digest);
          }
        }
      }
    }
  }
  if (!format) return { ok: false, error: 'a SARIF file without a Trivy or Grype run' };
  return { ok: true, report: collect(file, format, [...new Set(refs)], digests, vulns) };
}

/** Reads one report; the format is recognised from its content, never from the file name. */
export function parseVulnReport(file: string, text: string): VulnReportResult {
  if (text.length > MAX_REPORT_BYTES) return { ok: false, error: `larger than ${MAX_REPORT_BYTES / (1024 * 1024)} MiB` };
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message}` };
  }
  if (!isRecord(doc)) return { ok: false, error: 'not a Trivy, Grype or SARIF report (the top level is not an object)' };
  if (typeof doc['version'] === 'string' && Array.isArray(doc['runs'])) return sarif(file, doc);
  if ('SchemaVersion' in doc || 'Results' in doc) return trivyJson(file, doc);
  if ('matches' in doc && 'source' in doc) return grypeJson(file, doc);
  return { ok: false, error: 'not a Trivy, Grype or SARIF report (no SchemaVersion/Results, matches/source or runs)' };
}
