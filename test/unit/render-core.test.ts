// The pure render core without any tool: the plan (charts, leaf overlays, what only rendering reads,
// cycles, downloads refused), line alignment back to the template, and a recorded helm output fed
// through the Workspace — findings on the template line, the values file named, no fix offered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRenderPlan, readChart, readKustomization, alignLines } from '../../server/src/core/render/index.js';
import { Workspace } from '../../server/src/core/workspace.js';
import { fixesFor } from '../../server/src/core/fixes/index.js';

test('plan: a chart with a file:// dependency renders once, from the top chart; every chart file is left to it', () => {
  const shop = readChart('charts/shop/Chart.yaml', 'apiVersion: v2\nname: shop\nversion: 1.0.0\ndependencies:\n  - name: common\n    repository: file://../common\n');
  const common = readChart('charts/common/Chart.yaml', 'apiVersion: v2\nname: common\nversion: 1.0.0\n');
  const lib = readChart('libs/helpers/Chart.yaml', 'apiVersion: v2\nname: helpers\ntype: library\nversion: 1.0.0\n');
  const files = ['charts/shop/Chart.yaml', 'charts/shop/values.yaml', 'charts/shop/templates/a.yaml', 'charts/common/Chart.yaml', 'charts/common/templates/b.yaml', 'libs/helpers/Chart.yaml', 'k8s/plain.yaml'];
  const plan = buildRenderPlan({ files, charts: [shop, common, lib], kustomizations: [], chartSettings: { 'charts/shop': { release: 'prod', values: ['charts/shop/values-prod.yaml'] } } });
  assert.deepEqual(plan.units.map((u) => [u.id, u.release, u.values, u.defaultValues]), [['helm:charts/shop', 'prod', ['charts/shop/values-prod.yaml'], 'charts/shop/values.yaml']]);
  assert.deepEqual(plan.units[0]!.localDependencies, [{ name: 'common', dir: 'charts/common' }]);
  assert.deepEqual(plan.units[0]!.sourceRoots, [{ prefix: 'shop/charts/common/', dir: 'charts/common' }, { prefix: 'shop/', dir: 'charts/shop' }]);
  for (const f of files.slice(0, 5)) assert.deepEqual(plan.owned.get(f), { role: 'chart', units: ['helm:charts/shop'] }, f);
  assert.equal(plan.owned.get('k8s/plain.yaml'), undefined);
  assert.deepEqual(plan.notRendered.map((n) => n.file), ['charts/common/Chart.yaml', 'libs/helpers/Chart.yaml']);
});

test('plan: leaf overlays only; patches and included resources belong to them; a cycle and a remote base are reported, never run', () => {
  const k = (file: string, text: string) => readKustomization(file, text);
  const ks = [
    k('base/kustomization.yaml', 'resources: [deploy.yaml]\n'),
    k('overlays/prod/kustomization.yaml', 'namespace: prod\nresources: [../../base]\ncomponents: [../../parts/tls]\npatches:\n  - path: patch.yaml\n  - patch: |-\n      - op: remove\n        path: /spec/replicas\n'),
    k('parts/tls/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatchesStrategicMerge: [tls.yaml]\n'),
    k('remote/kustomization.yaml', 'resources:\n  - github.com/example/app//deploy?ref=v1\n'),
    k('loop/a/kustomization.yaml', 'resources: [../b]\n'),
    k('loop/b/kustomization.yaml', 'resources: [../a]\n'),
  ];
  const files = ['base/deploy.yaml', 'overlays/prod/patch.yaml', 'parts/tls/tls.yaml', ...ks.map((x) => x.file)];
  const plan = buildRenderPlan({ files, charts: [], kustomizations: ks });
  assert.deepEqual(plan.units.map((u) => [u.id, u.blocked ?? 'ok']), [
    ['kustomize:overlays/prod', 'ok'],
    ['kustomize:remote', 'remote/kustomization.yaml refers to the remote resource github.com/example/app//deploy?ref=v1, and Secret Surface never downloads anything'],
  ]);
  assert.equal(plan.units[0]!.namespace, 'prod');
  assert.deepEqual(plan.units[0]!.closure, ['overlays/prod/kustomization.yaml', 'base/kustomization.yaml', 'parts/tls/kustomization.yaml']);
  assert.deepEqual(plan.owned.get('base/deploy.yaml'), { role: 'resource', units: ['kustomize:overlays/prod'] });
  assert.deepEqual(plan.owned.get('overlays/prod/patch.yaml'), { role: 'patch', units: ['kustomize:overlays/prod'] });
  assert.deepEqual(plan.owned.get('parts/tls/tls.yaml'), { role: 'patch', units: ['kustomize:overlays/prod'] });
  assert.deepEqual(plan.notices.map((n) => [n.file, n.message]), [
    ['loop/a/kustomization.yaml', 'Kustomization cycle: loop/a/kustomization.yaml → loop/b/kustomization.yaml → loop/a/kustomization.yaml. kustomize cannot build it, so its resources are not analysed.'],
  ]);
});

test('align: verbatim lines map to themselves with columns, templated values to the line with the same key, in order', () => {
  const template = ['spec:', '  containers:', '    - name: {{ .Values.name }}', '      image: "{{ .Values.image }}"', '      env:', '        - name: TOKEN', '          valueFrom:', '            secretKeyRef:', '              name: {{ include "x" . }}'];
  const rendered = ['spec:', '  containers:', '    - name: api', '      image: "node:20"', '      env:', '        - name: TOKEN', '          valueFrom:', '            secretKeyRef:', '              name: shop-db'];
  const t = alignLines(rendered, { file: 't.yaml', lines: template });
  assert.deepEqual(t.map((x) => [x.line, x.exact]), [[0, true], [1, true], [2, false], [3, false], [4, true], [5, true], [6, true], [7, true], [8, false]]);
  // kustomize reorders keys and indents lists differently: a line only a patch writes maps to the patch.
  const base = ['kind: Deployment', 'spec:', '  containers:', '    - name: api', '      image: api'];
  const patch = ['spec:', '  containers:', '    - name: api', '      volumeMounts:', '        - name: tls', '          mountPath: /etc/tls'];
  const out = ['kind: Deployment', 'spec:', '  containers:', '  - image: node:20', '    name: api', '    volumeMounts:', '    - mountPath: /etc/tls', '      name: tls'];
  const k = alignLines(out, { file: 'base.yaml', lines: base }, [{ file: 'patch.yaml', lines: patch }]);
  assert.deepEqual(k.map((x) => `${x.file}:${x.line}`), ['base.yaml:0', 'base.yaml:1', 'base.yaml:2', 'base.yaml:4', 'base.yaml:3', 'patch.yaml:3', 'patch.yaml:5', 'patch.yaml:4']);
});

const CHART = 'apiVersion: v2\nname: shop\nversion: 1.0.0\n';
const VALUES = 'image:\n  repository: node\n  tag: "20"\n';
const TEMPLATE = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: {{ .Release.Name }}-api',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: api',
  '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
  '          env:',
  '            - name: DB_PASSWORD',
  '              valueFrom:',
  '                secretKeyRef:',
  '                  name: {{ .Release.Name }}-db',
  '                  key: password',
  '',
].join('\n');
// Recorded from `helm template shop charts/shop` on the chart above.
const OUTPUT = [
  '---',
  '# Source: shop/templates/api.yaml',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: shop-api',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: api',
  '          image: "node:20"',
  '          env:',
  '            - name: DB_PASSWORD',
  '              valueFrom:',
  '                secretKeyRef:',
  '                  name: shop-db',
  '                  key: password',
  '',
].join('\n');

function chartWorkspace(): Workspace {
  const ws = new Workspace();
  ws.setFile('charts/shop/Chart.yaml', CHART);
  ws.setFile('charts/shop/values.yaml', VALUES);
  ws.setFile('charts/shop/templates/api.yaml', TEMPLATE);
  return ws;
}

test('rendered output: findings on the template line that renders image:, the values file named and pointed at, no fix offered', () => {
  const ws = chartWorkspace();
  assert.deepEqual(ws.renderPlan().units.map((u) => u.id), ['helm:charts/shop']);
  // Before anything rendered: the template is not analysed as YAML, and the summary says the chart is pending.
  const before = ws.analyze();
  assert.equal(before.findings.length, 0);
  assert.ok(!before.notices.some((n) => /Helm template skipped/.test(n.message)));
  assert.deepEqual(before.summary?.unrendered.map((u) => [u.file, u.status]), [['charts/shop/Chart.yaml', 'pending']]);

  ws.setRenderOutcome('helm:charts/shop', { status: 'rendered', output: OUTPUT, tool: 'helm' });
  const r = ws.analyze();
  const shell = r.findings.find((f) => f.rule === 'secret-in-shell-image');
  assert.ok(shell, r.findings.map((f) => f.rule).join());
  assert.equal(shell.location.file, 'charts/shop/templates/api.yaml');
  assert.deepEqual(shell.location.range, { start: { line: 9, character: 17 }, end: { line: 9, character: 73 } });
  assert.equal(shell.workload?.name, 'shop-api');
  assert.match(shell.message, /\(rendered by helm template from charts\/shop with charts\/shop\/values\.yaml\)$/);
  // The Secret's env entry, the catalog's evidence on the image value, the values line that set the image.
  assert.deepEqual(shell.related.map((x) => [x.location.file, x.location.range.start.line]), [['charts/shop/templates/api.yaml', 11], ['charts/shop/templates/api.yaml', 9], ['charts/shop/values.yaml', 2]]);
  assert.deepEqual(fixesFor(ws, shell, {}), [], 'a YAML fix would edit the template as if it were the rendered YAML');
  assert.deepEqual(r.summary?.charts, { total: 1, rendered: 1 });
  assert.equal(r.summary?.unrendered.length, 0);
});

test('a failed render is one notice on Chart.yaml (or the template helm names) with helm’s own message', () => {
  const ws = chartWorkspace();
  ws.setRenderOutcome('helm:charts/shop', { status: 'failed', message: 'Error: execution error at (shop/templates/api.yaml:10:20): image.tag is required' });
  const n = ws.analyze().notices.filter((x) => x.severity === 'error');
  assert.deepEqual(n.map((x) => [x.file, x.range?.start.line, x.message]), [
    ['charts/shop/templates/api.yaml', 9, 'Chart charts/shop did not render: Error: execution error at (shop/templates/api.yaml:10:20): image.tag is required'],
  ]);
  ws.setRenderOutcome('helm:charts/shop', { status: 'failed', message: 'Error: found in Chart.yaml, but missing in charts/ directory: redis' });
  assert.match(ws.analyze().notices.find((x) => x.file === 'charts/shop/Chart.yaml')!.message, /Run `helm dependency build charts\/shop` to fetch them; Secret Surface never downloads anything itself\./);
});
