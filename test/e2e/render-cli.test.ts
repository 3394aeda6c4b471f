// The scan CLI over Helm charts and kustomize overlays rendered by the real helm and kustomize
// (scripts/e2e/setup-render.sh): exact findings at the template / base line, values files and overlays
// named, a repository of charts with helm absent failing loudly, and bad input (a chart that fails, a
// template that renders invalid YAML, a kustomization cycle, 50 MB of output, helm hanging) each reported
// on its own file while the rest is analysed and nothing is left running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findHelm, findKustomize } from './support/render-tools.js';

const CLI = 'server/out/cli.js';
const HELM_WS = 'test/fixtures/render/helm';
const KUSTOMIZE_WS = 'test/fixtures/render/kustomize';

interface JsonFinding {
  rule: string;
  file: string;
  range: { start: { line: number; character: number } };
  message: string;
  workload: { kind: string; name: string; namespace: string };
  image: string;
  related: { file: string; range: { start: { line: number } }; message: string }[];
}
interface Unit {
  tool: string;
  dir: string;
  file: string;
  status: string;
  reason?: string;
}
interface Report {
  findings: JsonFinding[];
  notices: { file: string; severity: string; message: string; range?: { start: { line: number } } }[];
  summary: { workloads: number; containers: number; units: Unit[]; unrendered: Unit[]; charts: { total: number; rendered: number }; overlays: { total: number; rendered: number } };
}

function run(args: string[], env: NodeJS.ProcessEnv = process.env): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[], env?: NodeJS.ProcessEnv): { code: number; report: Report; stderr: string } {
  const r = run([...args, '--format', 'json'], env);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

/** `rule file:line (namespace/name image) ↳ related file:line …` — one string per finding, 1-based lines. */
function lines(report: Report): string[] {
  return report.findings.map(
    (f) =>
      `${f.rule} ${f.file}:${f.range.start.line + 1} ${f.workload.namespace}/${f.workload.name} ${f.image}` +
      f.related.map((r) => ` ↳ ${r.file}:${r.range.start.line + 1}`).join(''),
  );
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ss-render-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

/** A PATH with neither helm nor kustomize nor kubectl on it (the CLI itself runs from process.execPath). */
const noToolsEnv = (): NodeJS.ProcessEnv => ({ ...process.env, PATH: mkdtempSync(join(tmpdir(), 'ss-empty-path-')) });

test('helm: templated env and volume Secrets at the template line, the values file chosen by config, a file:// dependency, a disabled if-block absent', () => {
  const { code, report } = json(['scan', HELM_WS, '--helm', findHelm()]);
  assert.equal(code, 1);
  assert.deepEqual(lines(report), [
    'secret-in-network-client-image charts/common/templates/migrate.yaml:12 shop/prod-migrate busybox:1.36 ↳ charts/common/templates/migrate.yaml:14 ↳ charts/common/templates/migrate.yaml:12 ↳ charts/common/values.yaml:1',
    'secret-in-shell-image charts/common/templates/migrate.yaml:12 shop/prod-migrate busybox:1.36 ↳ charts/common/templates/migrate.yaml:14 ↳ charts/common/templates/migrate.yaml:12 ↳ charts/common/values.yaml:1',
    'secret-as-env-var charts/common/templates/migrate.yaml:14 shop/prod-migrate busybox:1.36 ↳ charts/common/templates/migrate.yaml:14 ↳ charts/common/values.yaml:1',
    'secret-in-network-client-image charts/shop/templates/api.yaml:19 shop/prod-shop-api node:20 ↳ charts/shop/templates/api.yaml:23 ↳ charts/shop/templates/api.yaml:19 ↳ charts/shop/values-prod.yaml:4',
    'secret-in-shell-image charts/shop/templates/api.yaml:19 shop/prod-shop-api node:20 ↳ charts/shop/templates/api.yaml:23 ↳ charts/shop/templates/api.yaml:19 ↳ charts/shop/values-prod.yaml:4',
    'secret-in-interpreter-image charts/shop/templates/api.yaml:19 shop/prod-shop-api node:20 ↳ charts/shop/templates/api.yaml:23 ↳ charts/shop/templates/api.yaml:19 ↳ charts/shop/values-prod.yaml:4',
    'secret-as-env-var charts/shop/templates/api.yaml:25 shop/prod-shop-api node:20 ↳ charts/shop/templates/api.yaml:23 ↳ charts/shop/values-prod.yaml:4',
    'secret-in-shell-image charts/shop/templates/worker.yaml:16 shop/prod-shop-worker python:3.12-slim ↳ charts/shop/templates/worker.yaml:18 ↳ charts/shop/templates/worker.yaml:16 ↳ charts/shop/values.yaml:11',
    'secret-in-interpreter-image charts/shop/templates/worker.yaml:16 shop/prod-shop-worker python:3.12-slim ↳ charts/shop/templates/worker.yaml:18 ↳ charts/shop/templates/worker.yaml:16 ↳ charts/shop/values.yaml:11',
    'secret-in-network-client-image charts/shop/templates/worker.yaml:16 shop/prod-shop-worker python:3.12-slim ↳ charts/shop/templates/worker.yaml:18 ↳ charts/shop/templates/worker.yaml:16 ↳ charts/shop/values.yaml:11',
    'secret-volume-not-csi charts/shop/templates/worker.yaml:23 shop/prod-shop-worker python:3.12-slim ↳ charts/shop/templates/worker.yaml:18 ↳ charts/shop/values.yaml:11',
  ]);
  const api = report.findings.find((f) => f.file === 'charts/shop/templates/api.yaml')!;
  // The range is the templated value on the line that renders image:, and the message names the values files.
  const line = readFileSync(join(HELM_WS, 'charts/shop/templates/api.yaml'), 'utf8').split('\n')[api.range.start.line]!;
  assert.equal(line.slice(api.range.start.character), '"{{ .Values.image.repository }}:{{ .Values.image.tag }}"');
  assert.match(api.message, /rendered by helm template from charts\/shop with charts\/shop\/values\.yaml, charts\/shop\/values-prod\.yaml/);
  assert.ok(!report.findings.some((f) => f.file.endsWith('debug.yaml')), 'the debug pod is behind an if that is off by default');
  assert.deepEqual(report.summary.charts, { total: 1, rendered: 1 });
  assert.equal(report.summary.workloads, 3);
  assert.ok(!report.notices.some((n) => /Helm template skipped/.test(n.message)), 'no per-template notice for a rendered chart');
});

test('helm: without the config the chart renders with its own values.yaml — distroless API, worker and debug off', () => {
  const config = join(mkdtempSync(join(tmpdir(), 'ss-render-cfg-')), 'config.yaml');
  writeFileSync(config, 'version: 1\n');
  const { code, report } = json(['scan', HELM_WS, '--helm', findHelm(), '--config', config, '--fail-on', 'info']);
  assert.equal(code, 1);
  assert.deepEqual(lines(report), [
    'secret-in-network-client-image charts/common/templates/migrate.yaml:12 default/shop-migrate busybox:1.36 ↳ charts/common/templates/migrate.yaml:14 ↳ charts/common/templates/migrate.yaml:12 ↳ charts/common/values.yaml:1',
    'secret-in-shell-image charts/common/templates/migrate.yaml:12 default/shop-migrate busybox:1.36 ↳ charts/common/templates/migrate.yaml:14 ↳ charts/common/templates/migrate.yaml:12 ↳ charts/common/values.yaml:1',
    'secret-as-env-var charts/common/templates/migrate.yaml:14 default/shop-migrate busybox:1.36 ↳ charts/common/templates/migrate.yaml:14 ↳ charts/common/values.yaml:1',
    'secret-as-env-var charts/shop/templates/api.yaml:25 default/shop-shop-api gcr.io/distroless/nodejs20-debian12:nonroot ↳ charts/shop/templates/api.yaml:23 ↳ charts/shop/values.yaml:4',
  ]);
});

test('a repository whose only manifests are charts, with helm absent: exit 3 and one line per chart', () => {
  const r = run(['scan', HELM_WS], noToolsEnv());
  assert.equal(r.code, 3, r.stderr);
  const errs = r.stderr.trim().split('\n');
  assert.deepEqual(errs, [
    'secret-surface: charts/shop/Chart.yaml: chart charts/shop was not rendered: helm was not found on PATH (install Helm 3 or 4, or configure its path: --helm / secretSurface.render.helmPath) — its Secrets were not checked',
  ]);
  assert.match(r.stdout, /^Analysed 0 workloads with 0 containers; 0 of 1 Helm chart rendered\.$/m);
  assert.ok(!/Helm template skipped/.test(r.stdout), 'one line per chart, not one per template');
  // Opting out keeps the report and exits by findings alone.
  assert.equal(run(['scan', HELM_WS, '--allow-unrendered'], noToolsEnv()).code, 0);
  // SARIF carries the same fact as a notification.
  const sarif = JSON.parse(run(['scan', HELM_WS, '--format', 'sarif'], noToolsEnv()).stdout) as {
    runs: { invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[];
  };
  const notes = sarif.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => n.message.text);
  assert.ok(notes.some((t) => t.startsWith('charts/shop/Chart.yaml: chart charts/shop was not rendered: helm was not found')), notes.join('\n'));
});

test('kustomize: base + overlay — namespace, images:, a patch adding a Secret volume, a patch removing a Secret; patches are no workloads', () => {
  const { code, report } = json(['scan', KUSTOMIZE_WS, '--kustomize', findKustomize()]);
  assert.equal(code, 1);
  assert.deepEqual(lines(report), [
    'secret-in-network-client-image base/api.yaml:15 shop-prod/prod-api node:20 ↳ overlays/prod/tls-volume.yaml:13 ↳ base/api.yaml:15 ↳ overlays/prod/kustomization.yaml:10 ↳ overlays/prod/kustomization.yaml:3',
    'secret-in-shell-image base/api.yaml:15 shop-prod/prod-api node:20 ↳ overlays/prod/tls-volume.yaml:13 ↳ base/api.yaml:15 ↳ overlays/prod/kustomization.yaml:10 ↳ overlays/prod/kustomization.yaml:3',
    'secret-in-interpreter-image base/api.yaml:15 shop-prod/prod-api node:20 ↳ overlays/prod/tls-volume.yaml:13 ↳ base/api.yaml:15 ↳ overlays/prod/kustomization.yaml:10 ↳ overlays/prod/kustomization.yaml:3',
    'secret-in-shell-image base/worker.yaml:15 shop-dev/worker python:3.12-slim ↳ base/worker.yaml:17 ↳ base/worker.yaml:15 ↳ overlays/dev/kustomization.yaml:3',
    'secret-in-interpreter-image base/worker.yaml:15 shop-dev/worker python:3.12-slim ↳ base/worker.yaml:17 ↳ base/worker.yaml:15 ↳ overlays/dev/kustomization.yaml:3',
    'secret-in-network-client-image base/worker.yaml:15 shop-dev/worker python:3.12-slim ↳ base/worker.yaml:17 ↳ base/worker.yaml:15 ↳ overlays/dev/kustomization.yaml:3',
    'secret-as-env-var base/worker.yaml:19 shop-dev/worker python:3.12-slim ↳ base/worker.yaml:17 ↳ overlays/dev/kustomization.yaml:3',
    'secret-volume-not-csi overlays/prod/tls-volume.yaml:17 shop-prod/prod-api node:20 ↳ overlays/prod/tls-volume.yaml:13 ↳ overlays/prod/kustomization.yaml:10 ↳ overlays/prod/kustomization.yaml:3',
  ]);
  // The prod worker's Secret was removed by a patch, and the dev api receives none.
  assert.ok(!report.findings.some((f) => f.workload.name === 'prod-worker' || f.workload.name === 'api'));
  // A patch is never a workload of its own: only a delivery the patch adds (its Secret volume) sits in it.
  assert.ok(
    report.findings.every((f) => !f.file.startsWith('overlays/') || (f.rule === 'secret-volume-not-csi' && f.workload.name === 'prod-api')),
    'a patch is never a workload of its own',
  );
  assert.deepEqual(report.summary.overlays, { total: 2, rendered: 2 });
  assert.match(report.findings[0]!.message, /\(rendered by kustomize build overlays\/prod\)$/);
});

test('kustomize absent: the overlays say so, the base resources are still read as written (exit 3)', () => {
  const r = json(['scan', KUSTOMIZE_WS, '--fail-on', 'never'], noToolsEnv());
  assert.equal(r.code, 3);
  assert.deepEqual(r.stderr.trim().split('\n').map((l) => l.replace(/: neither.*/, '')), [
    'secret-surface: overlays/dev/kustomization.yaml: overlay overlays/dev was not rendered',
    'secret-surface: overlays/prod/kustomization.yaml: overlay overlays/prod was not rendered',
  ]);
  assert.ok(r.report.findings.some((f) => f.file === 'base/worker.yaml' && f.workload.namespace === 'default'));
  assert.ok(r.report.findings.every((f) => !f.file.startsWith('overlays/')));
});

const GOOD = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ok\nspec:\n  template:\n    spec:\n      containers:\n        - name: ok\n          image: node:20\n          envFrom:\n            - secretRef:\n                name: ok-env\n';

test('bad input: a failing chart, a template rendering invalid YAML, a kustomization cycle — each on its own file, the rest analysed', () => {
  const dir = workspace({
    'k8s/ok.yaml': GOOD,
    'charts/needs-tag/Chart.yaml': 'apiVersion: v2\nname: needs-tag\nversion: 0.1.0\n',
    'charts/needs-tag/templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: p\n      image: "busybox:{{ required "tag is required" .Values.tag }}"\n',
    'charts/broken-yaml/Chart.yaml': 'apiVersion: v2\nname: broken-yaml\nversion: 0.1.0\n',
    'charts/broken-yaml/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: {{ "b" }}\n    c: d\n',
    'charts/missing-dep/Chart.yaml': 'apiVersion: v2\nname: missing-dep\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n    repository: https://charts.example.com\n',
    'charts/missing-dep/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\n',
    'cycle/a/kustomization.yaml': 'resources:\n  - ../b\n',
    'cycle/b/kustomization.yaml': 'resources:\n  - ../a\n',
  });
  const { code, report, stderr } = json(['scan', dir, '--helm', findHelm(), '--kustomize', findKustomize()]);
  assert.equal(code, 1, stderr); // ok.yaml's findings
  assert.ok(report.findings.some((f) => f.file === 'k8s/ok.yaml' && f.rule === 'secret-in-shell-image'));
  const on = (file: string) => report.notices.filter((n) => n.file === file && n.severity === 'error').map((n) => n.message);
  // helm names the template and line it failed on: the notice sits there.
  const needs = report.notices.find((n) => n.file === 'charts/needs-tag/templates/pod.yaml');
  assert.match(needs?.message ?? '', /Chart charts\/needs-tag did not render: .*tag is required/);
  assert.equal(needs?.range?.start.line, 7);
  assert.match(on('charts/broken-yaml/templates/cm.yaml').join('\n'), /Chart charts\/broken-yaml did not render: .*YAML/);
  assert.match(on('charts/missing-dep/Chart.yaml').join('\n'), /missing in charts\/ directory: redis.*helm dependency build/);
  assert.match(on('cycle/a/kustomization.yaml').join('\n'), /Kustomization cycle: cycle\/a\/kustomization\.yaml → cycle\/b\/kustomization\.yaml → cycle\/a\/kustomization\.yaml/);
  const failed = report.summary.unrendered.map((u) => `${u.dir}:${u.status}`).sort();
  assert.deepEqual(failed, ['charts/broken-yaml:failed', 'charts/missing-dep:failed', 'charts/needs-tag:failed']);
});

test('50 MB of render output is stopped at the cap with a clear message; the rest is analysed', () => {
  const dir = workspace({
    'k8s/ok.yaml': GOOD,
    'charts/big/Chart.yaml': 'apiVersion: v2\nname: big\nversion: 0.1.0\n',
    'charts/big/templates/cm.yaml': '{{- range $i := until 520 }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: filler-{{ $i }}\ndata:\n  blob: {{ repeat 100000 "a" | quote }}\n{{- end }}\n',
  });
  const { code, report } = json(['scan', dir, '--helm', findHelm()]);
  assert.equal(code, 1);
  assert.ok(report.findings.some((f) => f.file === 'k8s/ok.yaml'));
  const n = report.notices.find((x) => x.file === 'charts/big/Chart.yaml');
  assert.match(n?.message ?? '', /helm printed more than 32 MiB for charts\/big and was stopped; the output is not analysed/);
});

test('helm hanging past its timeout is killed with everything it started; the message names the timeout', () => {
  const marker = `ss-hang-${process.pid}-${Date.now()}`;
  const dir = workspace({
    'k8s/ok.yaml': GOOD,
    'charts/slow/Chart.yaml': 'apiVersion: v2\nname: slow\nversion: 0.1.0\n',
    'charts/slow/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n',
  });
  const fake = join(dir, 'fake-helm');
  // A helm that never answers, with a child of its own (a real hang leaves both behind if not killed).
  writeFileSync(fake, `#!/bin/sh\nsh -c 'sleep 300; :' ${marker} &\nexec sh -c 'sleep 300; :' ${marker}\n`);
  chmodSync(fake, 0o755);
  const started = Date.now();
  const { code, report } = json(['scan', dir, '--helm', fake, '--render-timeout', '1']);
  assert.ok(Date.now() - started < 20_000, 'the scan did not wait for the hung helm');
  assert.equal(code, 1);
  assert.ok(report.findings.some((f) => f.file === 'k8s/ok.yaml'));
  const n = report.notices.find((x) => x.file === 'charts/slow/Chart.yaml');
  assert.match(n?.message ?? '', /Chart charts\/slow did not render: helm did not finish within 1 s and was stopped/);
  const left = spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' });
  assert.equal(left.stdout.trim(), '', `processes left running: ${left.stdout}`);
});
