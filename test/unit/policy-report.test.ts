// Findings as policy reports: one PolicyReport per namespace keyed to workloads, a ClusterPolicyReport
// for findings without a namespaced workload, passes for clean Secret-receiving containers, summaries
// that add up, and the openreports.io kinds; an analysis with nothing to report says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { loadWorkspaceDir } from '../support/workspace.js';
import { policyReportsYaml, toPolicyReports } from '../../server/src/core/output/policy-report.js';
import { formatPolicyReports } from '../../server/src/cli/report-output.js';

const now = new Date('2026-12-04T12:00:00.250Z');

test('examples/: one PolicyReport per namespace, results keyed to workloads, summaries that add up', () => {
  const r = loadWorkspaceDir('examples').ws.analyze();
  const reports = toPolicyReports(r.findings, r.report, { api: 'wgpolicyk8s', now, source: 'test' });
  const namespaced = reports.filter((x) => x.kind === 'PolicyReport');
  assert.deepEqual(namespaced.map((x) => x.metadata['namespace']), ['payments', 'shop']);
  for (const rep of reports) {
    assert.equal(rep.apiVersion, 'wgpolicyk8s.io/v1alpha2');
    const total = Object.values(rep.summary).reduce((a, b) => a + b, 0);
    assert.equal(total, rep.results.length);
    for (const res of rep.results) {
      assert.deepEqual(res['timestamp'], { seconds: 1796385600, nanos: 250_000_000 });
      if (rep.kind === 'PolicyReport') assert.equal((res.resources as { namespace: string }[])[0]!.namespace, rep.metadata['namespace']);
    }
  }
  const shop = namespaced.find((x) => x.metadata['namespace'] === 'shop')!;
  const api = shop.results.filter((x) => (x.resources as { name: string }[])[0]!.name === 'api');
  assert.ok(api.some((x) => x['rule'] === 'secret-in-shell-image' && x.result === 'fail' && x['severity'] === 'high'));
  // The hardened payments Deployment is a pass, not an absence.
  const payments = shop.results.filter((x) => (x.resources as { name: string }[])[0]!.name === 'payments');
  assert.deepEqual(payments.map((x) => [x['rule'], x.result]), [['secret-exposure', 'pass']]);
  // Dockerfile-side findings name no namespaced workload: they go to the ClusterPolicyReport with their file.
  const cluster = reports.find((x) => x.kind === 'ClusterPolicyReport');
  assert.ok(cluster && cluster.results.every((x) => /Dockerfile:\d+$/.test((x['properties'] as { file: string }).file)));
  assert.equal(cluster.metadata['namespace'], undefined);
});

test('openreports.io/v1alpha1: the same results as Report and ClusterReport', () => {
  const r = loadWorkspaceDir('examples').ws.analyze();
  const reports = toPolicyReports(r.findings, r.report, { api: 'openreports', now, source: 'test' });
  assert.deepEqual([...new Set(reports.map((x) => `${x.apiVersion} ${x.kind}`))], ['openreports.io/v1alpha1 Report', 'openreports.io/v1alpha1 ClusterReport']);
  const wg = toPolicyReports(r.findings, r.report, { api: 'wgpolicyk8s', now, source: 'test' });
  assert.deepEqual(reports.map((x) => x.results), wg.map((x) => x.results));
});

test('the YAML parses back to the reports, each with its comment; nothing to report is said, not empty', () => {
  const r = loadWorkspaceDir('examples').ws.analyze();
  const reports = toPolicyReports(r.findings, r.report, { api: 'wgpolicyk8s', now, source: 'secret-surface test scan' });
  const docs = parseAllDocuments(policyReportsYaml(reports, 'secret-surface test scan'));
  assert.ok(Array.isArray(docs));
  assert.deepEqual(docs.map((d) => d.toJSON()), JSON.parse(JSON.stringify(reports)));
  assert.match(docs[0]!.commentBefore ?? '', /PolicyReport written by secret-surface test scan: \d+ results/);
  assert.match(formatPolicyReports('policyreport', [], [], 'scan of empty/'), /^# No policy report from secret-surface \S+ scan of empty\/: no finding/);
});
