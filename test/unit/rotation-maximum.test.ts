// Rule secret-rotation-too-slow against a configured maximum (`rotation.maxInterval`, the editor setting
// over it, 24h by default) and the CVE threshold: a hardened image over the threshold needs short-lived
// Secrets too. The fix sets refreshInterval to the maximum the finding was measured against, and the
// finding comes and goes incrementally with the reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/core/workspace.js';
import { applyFix, fixesFor } from '../../server/src/core/fixes/index.js';
import { parseManifest } from '../../server/src/core/kubernetes/index.js';
import { parseVulnReport } from '../../server/src/core/vulns/reports.js';
import { rotationFindingData } from '../../server/src/core/rules/secret-rotation-too-slow.js';
import type { WorkspaceSettings } from '../../server/src/core/model.js';

const RULE = 'secret-rotation-too-slow';

function manifest(image: string, refresh: string): string {
  return `apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata: { name: db, namespace: shop }
spec:
  refreshInterval: ${refresh}
  target: { name: db-credentials }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      automountServiceAccountToken: false
      containers:
        - name: app
          image: ${image}
          envFrom: [{ secretRef: { name: db-credentials } }]
`;
}

function workspace(files: Record<string, string>, settings: WorkspaceSettings = {}): Workspace {
  const ws = new Workspace({ settings });
  for (const [p, t] of Object.entries(files)) ws.setFile(p, t);
  return ws;
}

const rotation = (ws: Workspace) => ws.analyze().findings.filter((f) => f.rule === RULE);

test('the maximum comes from the setting, else rotation.maxInterval, else 24h', () => {
  const files = { 'k8s/api.yaml': manifest('node:20', '12h') };
  assert.equal(rotation(workspace(files)).length, 0, '12h is within the default 24h');
  const config = { ...files, '.secret-surface.yaml': 'version: 1\nrotation:\n  maxInterval: 6h\n' };
  const [f] = rotation(workspace(config));
  assert.ok(f, 'rotation.maxInterval: 6h makes 12h too slow');
  assert.match(f.message, /rotates every 12h, more slowly than the 6h maximum/);
  assert.equal(rotationFindingData(f).maxInterval, '6h');
  assert.equal(rotation(workspace(config, { rotationMaxInterval: '12h' })).length, 0, 'the setting wins over the config file');
  assert.match(rotation(workspace(files, { rotationMaxInterval: '90m' }))[0]?.message ?? '', /more slowly than the 90m maximum/);
  // A setting that is no duration is ignored: the config file's maximum holds.
  assert.equal(rotation(workspace(config, { rotationMaxInterval: 'daily' })).length, 1);
});

test('a bad rotation.maxInterval is an error on its value and the default holds', () => {
  const ws = workspace({ 'k8s/api.yaml': manifest('node:20', '72h'), '.secret-surface.yaml': 'version: 1\nrotation:\n  maxInterval: weekly\n' });
  const r = ws.analyze();
  const n = r.notices.find((x) => x.file === '.secret-surface.yaml' && x.severity === 'error');
  assert.match(n?.message ?? '', /rotation\.maxInterval: "weekly" is not a duration/);
  assert.match(rotation(ws)[0]?.message ?? '', /more slowly than the 24h maximum/);
});

test('the fix sets refreshInterval to the maximum the finding was measured against, and clears it', () => {
  const files = { 'k8s/api.yaml': manifest('node:20', '12h'), '.secret-surface.yaml': 'version: 1\nrotation:\n  maxInterval: 6h\n' };
  const ws = workspace(files);
  const [f] = rotation(ws);
  const [fix] = fixesFor(ws, f!);
  assert.ok(fix && !fix.unavailable, 'fix offered');
  assert.match(fix.title, /refreshInterval: 6h/);
  const out = applyFix(fix, (p) => (files as Record<string, string>)[p]);
  const text = out.get('k8s/api.yaml')!;
  assert.match(text, /refreshInterval: 6h\n/);
  assert.equal(parseManifest('k8s/api.yaml', text).notices.filter((n) => n.severity === 'error').length, 0);
  assert.equal(rotation(workspace({ ...files, 'k8s/api.yaml': text })).length, 0, 'the finding is gone');
  // A maxInterval coming back from the client that is not what formatSeconds writes is not used.
  assert.equal(rotationFindingData({ data: { ...f!.data, maxInterval: '6h\nspec: {}' } }).maxInterval, undefined);
});

function trivy(image: string, critical: number): string {
  const vulns = Array.from({ length: critical }, (_, i) => ({ VulnerabilityID: `CVE-2026-${1000 + i}`, PkgName: 'libssl3', Severity: 'CRITICAL' }));
  return JSON.stringify({ SchemaVersion: 2, ArtifactName: image, ArtifactType: 'container_image', Results: [{ Target: image, Vulnerabilities: vulns }] });
}

test('a hardened image over the CVE threshold needs short-lived Secrets too', () => {
  const image = 'gcr.io/distroless/static-debian12:nonroot';
  const ws = workspace({ 'k8s/api.yaml': manifest(image, '"0"') });
  assert.equal(rotation(ws).length, 0, 'hardened, no report: not reported');
  const report = parseVulnReport('scans/api.trivy.json', trivy(image, 3));
  assert.ok(report.ok);
  ws.setVulnerabilityReports([report.report]);
  const [f] = rotation(ws);
  assert.ok(f, 'over the default threshold (1 critical)');
  assert.match(f.message, /never rotates .* whose image has 3 critical CVEs, over the threshold/);
  assert.equal(f.vulnerabilities?.critical, 3);
  const row = ws.analyze().report.find((r) => r.container === 'app');
  assert.equal(row?.vulnerabilities?.critical, 3);
  assert.ok((row?.risk ?? 0) > 1, 'the row carries its risk');
  // The threshold given by the adapter wins over the default: 5 critical are needed, 3 are not enough.
  ws.setVulnerabilityReports([report.report], { severity: 'critical', count: 5 });
  assert.equal(rotation(ws).length, 0);
  // And the config file's threshold when the adapter gives none.
  ws.setFile('.secret-surface.yaml', 'version: 1\nvulnerabilities:\n  threshold: { severity: critical, count: 3 }\n');
  ws.setVulnerabilityReports([report.report]);
  assert.equal(rotation(ws).length, 1);
  ws.setVulnerabilityReports([]);
  assert.equal(rotation(ws).length, 0, 'reports cleared: the finding goes');
  assert.equal(ws.analyze().report.find((r) => r.container === 'app')?.vulnerabilities, undefined);
});

test('an unhardened image over the threshold says both reasons', () => {
  const ws = workspace({ 'k8s/api.yaml': manifest('node:20', '"0"') });
  const report = parseVulnReport('scans/node.trivy.json', trivy('node:20', 2));
  assert.ok(report.ok);
  ws.setVulnerabilityReports([report.report]);
  const [f] = rotation(ws);
  assert.match(f?.message ?? '', /whose image keeps .* and its image has 2 critical CVEs, over the threshold/);
  const shell = ws.analyze().findings.find((x) => x.rule === 'secret-in-shell-image');
  assert.equal(shell?.severity, 'error');
  assert.match(shell?.message ?? '', /The image has 2 critical CVEs \(scans\/node\.trivy\.json\)\./);
});
