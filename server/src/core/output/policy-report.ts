// Findings as Kubernetes policy reports, so Policy Reporter, dashboards and anything that reads what
// Kyverno, Kubescape and Trivy Operator write picks them up: wgpolicyk8s.io/v1alpha2 PolicyReport (one
// per namespace) and ClusterPolicyReport (findings that name no namespaced workload, e.g. Dockerfile-side
// ones), or the same shape as openreports.io/v1alpha1 Report / ClusterReport. Results are keyed to the
// workload (`resources`), with the container, image and file in `properties`; a container that receives
// Secrets and has no finding is a `pass`, so a clean namespace reads as checked, not as empty.
import type { Finding, Severity, WorkloadRef } from '../model.js';
import { writeYamlDocument } from '../yaml/index.js';

export type ReportApi = 'wgpolicyk8s' | 'openreports';

export const REPORT_KINDS: Record<ReportApi, { apiVersion: string; namespaced: string; cluster: string }> = {
  wgpolicyk8s: { apiVersion: 'wgpolicyk8s.io/v1alpha2', namespaced: 'PolicyReport', cluster: 'ClusterPolicyReport' },
  openreports: { apiVersion: 'openreports.io/v1alpha1', namespaced: 'Report', cluster: 'ClusterReport' },
};

export const REPORT_NAME = 'secret-surface';
export const REPORT_POLICY = 'secret-surface';

/** A container that was checked (an exposure report row, or a cluster-check container). */
export interface CheckedContainer {
  workload: WorkloadRef;
  container: string;
  image: string;
  secrets: readonly unknown[];
  tokenMounted: boolean;
}

export interface PolicyReportOptions {
  api: ReportApi;
  /** The time the reports are stamped with (adapters pass the clock; tests a fixed date). */
  now: Date;
  /** `secret-surface 0.1.0 scan of shop/` — written as a comment and an annotation. */
  source: string;
}

type Result = Record<string, unknown> & { result: string; resources?: unknown[] };
type Report = { apiVersion: string; kind: string; metadata: Record<string, unknown>; summary: Record<string, number>; results: Result[] };

const RESULT: Record<Severity, string> = { error: 'fail', warning: 'warn', info: 'warn', hint: 'warn' };
const SEVERITY: Record<Severity, string> = { error: 'high', warning: 'medium', info: 'low', hint: 'info' };

const API_VERSION: Record<string, string> = {
  Pod: 'v1',
  ReplicationController: 'v1',
  PodTemplate: 'v1',
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
};

function resource(w: WorkloadRef): Record<string, string> {
  return { apiVersion: API_VERSION[w.kind] ?? 'v1', kind: w.kind, name: w.name, namespace: w.namespace };
}

export function toPolicyReports(findings: readonly Finding[], checked: readonly CheckedContainer[], options: PolicyReportOptions): Report[] {
  const kinds = REPORT_KINDS[options.api];
  const ms = options.now.getTime();
  const timestamp = { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
  const byNamespace = new Map<string, Result[]>();
  const clusterResults: Result[] = [];
  const failing = new Set<string>();
  const key = (w: WorkloadRef, c?: string) => `${w.namespace}/${w.kind}/${w.name}/${c ?? ''}`;
  for (const f of findings) {
    const properties: Record<string, string> = { file: `${f.location.file}:${f.location.range.start.line + 1}` };
    if (f.container) properties['container'] = f.container;
    if (f.image) properties['image'] = f.image;
    const r: Result = {
      source: REPORT_POLICY,
      policy: REPORT_POLICY,
      rule: f.rule,
      category: 'Secret exposure',
      result: RESULT[f.severity],
      severity: SEVERITY[f.severity],
      scored: true,
      message: f.message,
      timestamp,
      properties,
    };
    if (f.workload) {
      r.resources = [resource(f.workload)];
      failing.add(key(f.workload, f.container));
      const list = byNamespace.get(f.workload.namespace) ?? [];
      list.push(r);
      byNamespace.set(f.workload.namespace, list);
    } else clusterResults.push(r);
  }
  for (const c of checked) {
    if (c.secrets.length === 0 && !c.tokenMounted) continue;
    if (failing.has(key(c.workload, c.container))) continue;
    const list = byNamespace.get(c.workload.namespace) ?? [];
    list.push({
      source: REPORT_POLICY,
      policy: REPORT_POLICY,
      rule: 'secret-exposure',
      category: 'Secret exposure',
      result: 'pass',
      scored: true,
      message: `Container "${c.container}" of ${c.workload.kind} ${c.workload.namespace}/${c.workload.name} receives Secrets and no rule found a shell, interpreter or network client in its image ${c.image}.`,
      timestamp,
      resources: [resource(c.workload)],
      properties: { container: c.container, image: c.image },
    });
    byNamespace.set(c.workload.namespace, list);
  }
  const metadata = (namespace?: string) => ({
    name: REPORT_NAME,
    ...(namespace ? { namespace } : {}),
    labels: { 'app.kubernetes.io/managed-by': 'secret-surface' },
    annotations: { 'secret-surface.io/generated-from': options.source },
  });
  const summary = (rs: Result[]) => {
    const s = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 } as Record<string, number>;
    for (const r of rs) s[r.result] = (s[r.result] ?? 0) + 1;
    return s;
  };
  const reports: Report[] = [...byNamespace]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([ns, rs]) => ({ apiVersion: kinds.apiVersion, kind: kinds.namespaced, metadata: metadata(ns), summary: summary(rs), results: rs }));
  if (clusterResults.length) reports.push({ apiVersion: kinds.apiVersion, kind: kinds.cluster, metadata: metadata(), summary: summary(clusterResults), results: clusterResults });
  return reports;
}

/** The reports as a multi-document YAML stream, each with a comment naming what produced it. */
export function policyReportsYaml(reports: readonly Report[], source: string): string {
  return reports
    .map((r) => writeYamlDocument(r, [`${r.kind} written by ${source}: ${r.results.length} results (${Object.entries(r.summary).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}).`]))
    .join('---\n');
}
