// The summary every scan ends with: what was analysed (workloads, containers), which charts and overlays
// were rendered and which were not (and why), and which files were skipped — so a scan that analysed
// nothing can never look like a clean one.
import type { Exposure } from '../exposure.js';
import type { UnitStatus } from './state.js';

export interface UnitSummary {
  tool: 'helm' | 'kustomize';
  /** Chart or overlay directory, `''` for the workspace root. */
  dir: string;
  /** Chart.yaml or the kustomization file. */
  file: string;
  status: UnitStatus['status'];
  reason?: string;
  /** Manifests read from the output. */
  manifests: number;
  millis?: number;
}

export interface AnalysisSummary {
  workloads: number;
  containers: number;
  charts: { total: number; rendered: number };
  overlays: { total: number; rendered: number };
  /** Every chart and overlay with what happened to it. */
  units: UnitSummary[];
  /** Charts and overlays that were not rendered, or failed: none of their Secrets were checked. */
  unrendered: UnitSummary[];
  /** Sources deliberately left to another render (subcharts, library charts, components). */
  notRendered: { file: string; reason: string }[];
  skippedFiles: { file: string; reason: string }[];
  /** Candidate files under the default excludes (vendor/, testdata/ …), left out; absent when none. */
  excludedByDefault?: number;
}

export function summarize(input: {
  exposures: readonly Exposure[];
  units: readonly UnitStatus[];
  notRendered: readonly { file: string; reason: string }[];
  skippedFiles: readonly { file: string; reason: string }[];
  excludedByDefault?: number;
}): AnalysisSummary {
  const workloads = new Set<object>();
  for (const e of input.exposures) workloads.add(e.workload);
  const units: UnitSummary[] = input.units.map((s) => {
    const u: UnitSummary = { tool: s.unit.tool, dir: s.unit.dir, file: s.unit.file, status: s.status, manifests: s.manifests };
    if (s.reason !== undefined) u.reason = s.reason;
    if (s.millis !== undefined) u.millis = s.millis;
    return u;
  });
  const count = (tool: 'helm' | 'kustomize') => ({
    total: units.filter((u) => u.tool === tool).length,
    rendered: units.filter((u) => u.tool === tool && u.status === 'rendered').length,
  });
  const summary: AnalysisSummary = {
    workloads: workloads.size,
    containers: input.exposures.length,
    charts: count('helm'),
    overlays: count('kustomize'),
    units,
    unrendered: units.filter((u) => u.status !== 'rendered'),
    notRendered: [...input.notRendered],
    skippedFiles: [...input.skippedFiles],
  };
  if (input.excludedByDefault) summary.excludedByDefault = input.excludedByDefault;
  return summary;
}

/** One line per chart or overlay that was not analysed, e.g. for the CLI's stderr. */
export function unrenderedLine(u: UnitSummary): string {
  const what = u.tool === 'helm' ? 'chart' : 'overlay';
  const verb = u.status === 'failed' ? 'failed to render' : 'was not rendered';
  return `${u.file}: ${what} ${u.dir || './'} ${verb}: ${firstLine(u.reason ?? 'no renderer ran')} — its Secrets were not checked`;
}

/** The summary as the text output's closing lines. */
export function summaryText(s: AnalysisSummary): string[] {
  const lines: string[] = [];
  const rendered = [s.charts.total ? `${s.charts.rendered} of ${s.charts.total} Helm chart${s.charts.total === 1 ? '' : 's'} rendered` : '', s.overlays.total ? `${s.overlays.rendered} of ${s.overlays.total} kustomize overlay${s.overlays.total === 1 ? '' : 's'} rendered` : '']
    .filter(Boolean)
    .join(', ');
  lines.push(`Analysed ${s.workloads} workload${s.workloads === 1 ? '' : 's'} with ${s.containers} container${s.containers === 1 ? '' : 's'}${rendered ? `; ${rendered}` : ''}${s.skippedFiles.length ? `; ${s.skippedFiles.length} file${s.skippedFiles.length === 1 ? '' : 's'} skipped` : ''}${s.excludedByDefault ? `; ${s.excludedByDefault} file${s.excludedByDefault === 1 ? '' : 's'} excluded by default (vendor/, node_modules/, testdata/, golden*/ …)` : ''}.`);
  for (const u of s.unrendered) lines.push(`  not analysed: ${unrenderedLine(u)}`);
  for (const f of s.skippedFiles) lines.push(`  skipped: ${f.file}: ${firstLine(f.reason)}`);
  return lines;
}

function firstLine(s: string): string {
  const l = s.split('\n').find((x) => x.trim() !== '') ?? s;
  return l.trim();
}
