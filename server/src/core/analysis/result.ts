// What an analysis hands its callers: findings (per partition, and as one sorted list built on first
// use), input notices, exposures, the exposure report and the project config it ran with.
import type { Finding, InputNotice } from '../model.js';
import type { Exposure } from '../exposure.js';
import type { ProjectConfig } from '../config/index.js';
import { buildExposureReport, type ExposureRow } from '../report.js';
import type { Joined } from './join.js';
import type { AnalysisSummary } from '../render/summary.js';
import { compareFindings, compareText } from './run-rules.js';

export interface AnalysisResult {
  findings: Finding[];
  /**
   * The findings of each partition (a manifest's or a Dockerfile's path), sorted. A partition that is
   * reused keeps the same array, so comparing arrays tells a consumer which partitions changed
   * without looking at the findings. Findings usually sit in the partition's own file, but need not.
   */
  partitions?: ReadonlyMap<string, readonly Finding[]>;
  notices: InputNotice[];
  /** One row per container, manifests in path order. */
  exposures: Exposure[];
  report: ExposureRow[];
  config: ProjectConfig;
  /** What was analysed and what was not (rendered charts and overlays, skipped files). */
  summary?: AnalysisSummary;
}

export interface ResultExtras {
  /** A partition's findings as reported (rendered ones say where they came from); the same array for the same input. */
  decorate?: (key: string, findings: readonly Finding[]) => readonly Finding[];
  summary?: (exposures: readonly Exposure[]) => AnalysisSummary;
}

export function analysisResult(joined: Joined, notices: InputNotice[], config: ProjectConfig, extras: ResultExtras = {}): AnalysisResult {
  const decorate = extras.decorate ?? ((_key: string, f: readonly Finding[]) => f);
  const byPartition = new Map<string, readonly Finding[]>();
  const exposures: Exposure[] = [];
  for (const [key, part] of joined.manifests) {
    byPartition.set(key, decorate(key, part.findings));
    for (const e of part.exposures) exposures.push(e);
  }
  for (const [key, part] of joined.dockerfiles) byPartition.set(key, part.findings);
  // The flat list and the report are built when first asked for: the language server reads the
  // partitions instead, and an edit then costs nothing per unchanged finding.
  let findings: Finding[] | undefined;
  const flat = (): Finding[] => {
    if (findings) return findings;
    // Each partition's findings are sorted and usually sit in its own file, so path order is enough.
    const out: Finding[] = [];
    let spansFiles = false;
    for (const key of mergeSorted([...joined.manifests.keys()], [...joined.dockerfiles.keys()])) {
      for (const f of byPartition.get(key)!) {
        if (f.location.file !== key) spansFiles = true;
        out.push(f);
      }
    }
    if (spansFiles) out.sort(compareFindings);
    return (findings = out);
  };
  let report: ExposureRow[] | undefined;
  const result: AnalysisResult = {
    get findings() {
      return flat();
    },
    partitions: byPartition,
    notices,
    exposures,
    get report() {
      return (report ??= buildExposureReport(exposures, flat()));
    },
    config,
  };
  // The summary walks every exposure; the language server asks for it only once a folder is quiet.
  const summarise = extras.summary;
  if (summarise) {
    let summary: AnalysisSummary | undefined;
    Object.defineProperty(result, 'summary', { enumerable: true, get: () => (summary ??= summarise(exposures)) });
  }
  return result;
}

/** Two lists already in path order, merged into one. */
function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && compareText(a[i]!, b[j]!) <= 0)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}
