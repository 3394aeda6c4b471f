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
  /**
   * The previous result's findings per partition, when `decorate` gives every partition's findings
   * as they are: with the join's `changed`, only the partitions it made anew are looked at.
   */
  previous?: ReadonlyMap<string, readonly Finding[]>;
  /** A partition's findings as reported (rendered ones say where they came from); the same array for the same input. */
  decorate?: (key: string, findings: readonly Finding[]) => readonly Finding[];
  summary?: (exposures: readonly Exposure[]) => AnalysisSummary;
}

export function analysisResult(joined: Joined, notices: InputNotice[], config: ProjectConfig, extras: ResultExtras = {}): AnalysisResult {
  const decorate = extras.decorate ?? ((_key: string, f: readonly Finding[]) => f);
  const byPartition = partitionFindings(joined, decorate, extras.previous);
  // Exposures in manifest order, gathered when first asked for (the language server reads partitions).
  let exposures: Exposure[] | undefined;
  const allExposures = (): Exposure[] => {
    if (exposures) return exposures;
    exposures = [];
    for (const part of joined.manifests.values()) for (const e of part.exposures) exposures.push(e);
    return exposures;
  };
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
    get exposures() {
      return allExposures();
    },
    get report() {
      return (report ??= buildExposureReport(allExposures(), flat()));
    },
    config,
  };
  // The summary walks every exposure; the language server asks for it only once a folder is quiet.
  const summarise = extras.summary;
  if (summarise) {
    let summary: AnalysisSummary | undefined;
    Object.defineProperty(result, 'summary', { enumerable: true, get: () => (summary ??= summarise(allExposures())) });
  }
  return result;
}

/**
 * The findings of every partition, manifests first, in path order. After a join that kept every key
 * in place, the previous map is copied and only the partitions the join made anew are set again.
 */
function partitionFindings(joined: Joined, decorate: (key: string, f: readonly Finding[]) => readonly Finding[], previous: ReadonlyMap<string, readonly Finding[]> | undefined): Map<string, readonly Finding[]> {
  const changed = joined.changed;
  if (previous && changed && previous.size === joined.manifests.size + joined.dockerfiles.size) {
    const out = new Map(previous);
    for (const key of changed) {
      const part = joined.manifests.get(key) ?? joined.dockerfiles.get(key);
      if (part && out.has(key)) out.set(key, joined.manifests.has(key) ? decorate(key, part.findings) : part.findings);
    }
    return out;
  }
  const out = new Map<string, readonly Finding[]>();
  for (const [key, part] of joined.manifests) out.set(key, decorate(key, part.findings));
  for (const [key, part] of joined.dockerfiles) out.set(key, part.findings);
  return out;
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
