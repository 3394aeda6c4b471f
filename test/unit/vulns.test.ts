// CVE-aware priority: Trivy and Grype reports (JSON and SARIF, fixtures written from each tool's documented
// output) read into counts, matched to the workspace's images by tag and by digest, a report for an unused image
// ignored and counted, malformed reports refused with a clear error, severities raised at the threshold, and the
// exposure report ordered by risk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { loadWorkspaceDir } from '../support/workspace.js';
import { parseVulnReport, type VulnReport } from '../../server/src/core/vulns/reports.js';
import { applyVulnReports, describeCounts, overThreshold, riskOf, vulnsForImage } from '../../server/src/core/vulns/apply.js';
import { toJsonReport } from '../../server/src/core/output/json.js';

const DIR = 'test/fixtures/vulns';
function report(name: string): VulnReport {
  const r = parseVulnReport(name, readFileSync(join(DIR, 'reports', name), 'utf8'));
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.report;
}
const all = () => readdirSync(join(DIR, 'reports')).sort().map(report);
const D1 = `sha256:${'a'.repeat(64)}`;

test('each format is read into counts by severity, a vulnerability in two packages counted once', () => {
  const trivy = report('python.trivy.json');
  assert.equal(trivy.format, 'trivy-json');
  assert.deepEqual(trivy.counts, { critical: 3, high: 1, medium: 1, low: 1, unknown: 0 });
  assert.deepEqual(trivy.references, ['python:3.12-slim', 'python']);
  assert.deepEqual(trivy.digests, [`sha256:${'b'.repeat(64)}`]);
  const grype = report('node.grype.json');
  assert.equal(grype.format, 'grype-json');
  assert.deepEqual(grype.counts, { critical: 0, high: 1, medium: 1, low: 1, unknown: 0 }, 'Negligible counts as low');
  assert.deepEqual(grype.digests, [D1]);
  const tsarif = report('redis.trivy.sarif');
  assert.equal(tsarif.format, 'trivy-sarif');
  assert.deepEqual(tsarif.counts, { critical: 1, high: 1, medium: 0, low: 0, unknown: 0 });
  assert.deepEqual(tsarif.references, ['redis:7.2']);
  const gsarif = report('nginx.grype.sarif');
  assert.equal(gsarif.format, 'grype-sarif');
  // Grype's security-severity is a CVSS score; the severity is the one its help text states.
  assert.deepEqual(gsarif.counts, { critical: 1, high: 0, medium: 1, low: 0, unknown: 0 });
  assert.deepEqual(gsarif.references, ['nginx:1.27']);
  assert.deepEqual(gsarif.ids, ['CVE-2024-3001', 'CVE-2024-3002']);
});

test('malformed or foreign reports are refused with a clear error each', () => {
  const errors = Object.fromEntries(
    readdirSync(join(DIR, 'malformed')).sort().map((f) => {
      const r = parseVulnReport(f, readFileSync(join(DIR, 'malformed', f), 'utf8'));
      assert.equal(r.ok, false, f);
      return [f, r.ok ? '' : r.error];
    }),
  );
  assert.equal(errors['codeql.sarif'], 'SARIF from CodeQL, not Trivy or Grype');
  assert.equal(errors['filesystem.trivy.json'], 'a Trivy report about a filesystem, not a container image');
  assert.match(errors['truncated.json']!, /^not JSON: /);
  assert.match((parseVulnReport('x', '[1]') as { error: string }).error, /top level is not an object/);
  assert.match((parseVulnReport('x', '{"a":1}') as { error: string }).error, /not a Trivy, Grype or SARIF report/);
});

test('images are matched by tag (normalised names) and by the digest they are pinned to; a moved tag is not assumed', () => {
  const reports = all();
  assert.equal(vulnsForImage('docker.io/library/python:3.12-slim', reports)?.matchedBy, 'reference');
  assert.equal(vulnsForImage('python:3.12', reports), undefined, 'another tag is another image');
  const pinned = vulnsForImage(`node:20@${D1}`, reports)!;
  assert.equal(pinned.matchedBy, 'digest');
  assert.deepEqual(pinned.reports, ['node.grype.json']);
  assert.equal(vulnsForImage(`python:3.12-slim@sha256:${'f'.repeat(64)}`, reports), undefined, 'a pinned digest no report names');
  assert.equal(vulnsForImage('redis', reports), undefined, 'no tag is latest, not 7.2');
});

test('findings carry the counts, tool findings are raised at the threshold, unused reports are counted', () => {
  const result = loadWorkspaceDir(join(DIR, 'workspace')).ws.analyze();
  const applied = applyVulnReports(result.findings, result.report, all(), { severity: 'critical', count: 1 });
  assert.deepEqual(applied.unused, ['alpine-unused.trivy.json']);
  assert.equal(applied.matchedImages, 4);
  const py = applied.findings.filter((f) => f.image === 'python:3.12-slim');
  assert.ok(py.length > 0);
  for (const f of py) {
    assert.equal(f.vulnerabilities?.critical, 3);
    assert.equal(f.vulnerabilities?.overThreshold, true);
    assert.match(f.message, /The image has 3 critical, 1 high CVEs \(python\.trivy\.json\)\.$/);
  }
  const shell = py.find((f) => f.rule === 'secret-in-shell-image')!;
  assert.equal(shell.severity, 'error');
  // node has no critical CVE: counts attached, severity unchanged.
  const before = result.findings.filter((f) => f.image?.startsWith('node:20@'));
  const after = applied.findings.filter((f) => f.image?.startsWith('node:20@'));
  assert.ok(after.length > 0);
  assert.deepEqual(after.map((f) => f.severity), before.map((f) => f.severity));
  assert.ok(after.every((f) => f.vulnerabilities?.matchedBy === 'digest' && !f.vulnerabilities.overThreshold));
  // A stricter threshold (3 high or worse) leaves redis (1 critical + 1 high = 2) below it.
  const strict = applyVulnReports(result.findings, result.report, all(), { severity: 'high', count: 3 });
  assert.ok(strict.findings.filter((f) => f.image === 'redis:7.2').every((f) => f.vulnerabilities?.overThreshold === false));
  // The inputs are not changed.
  assert.ok(result.findings.every((f) => f.vulnerabilities === undefined));
  // JSON output carries the counts and still validates against the findings schema.
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync('schemas/findings.schema.json', 'utf8')));
  const json = toJsonReport(applied.findings, []);
  assert.ok(validate(json), JSON.stringify(validate.errors, null, 2));
  assert.ok(json.findings.some((f) => f.vulnerabilities?.critical === 3));
});

test('the exposure report is ordered by risk: Secrets × hardening × CVEs', () => {
  const result = loadWorkspaceDir(join(DIR, 'workspace')).ws.analyze();
  const rows = applyVulnReports(result.findings, result.report, all()).report;
  const order = rows.map((r) => `${r.workload.name}:${r.risk}`);
  // python (3 critical) first; the hardened static image without a report last.
  assert.equal(rows[0]!.workload.name, 'reports', order.join(' '));
  assert.equal(rows[rows.length - 1]!.workload.name, 'static', order.join(' '));
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1]!.risk! >= rows[i]!.risk!, order.join(' '));
  // Without reports the order is by Secrets × hardening alone, and CVEs change it.
  const plain = applyVulnReports(result.findings, result.report, []).report;
  assert.deepEqual(plain.map((r) => r.vulnerabilities), plain.map(() => undefined));
  const withCves = rows.find((r) => r.workload.name === 'edge')!;
  assert.ok(withCves.risk! > riskOf({ ...withCves, vulnerabilities: undefined }));
});

test('counts read as people say them', () => {
  const c = { critical: 14, high: 2, medium: 0, low: 3, unknown: 0 };
  assert.equal(describeCounts(c), '14 critical, 2 high CVEs');
  assert.equal(describeCounts({ critical: 0, high: 1, medium: 0, low: 0, unknown: 0 }), '1 high CVE');
  assert.equal(describeCounts({ critical: 0, high: 0, medium: 0, low: 0, unknown: 2 }), '2 CVEs of unknown severity');
  assert.equal(overThreshold(c, { severity: 'critical', count: 15 }), false);
  assert.equal(overThreshold(c, { severity: 'high', count: 16 }), true);
  assert.equal(overThreshold(c, { severity: 'critical', count: 0 }), false, 'a zero count turns the threshold off');
});
