// Rendering figures: a workspace of 50 Helm charts and 50 kustomize overlays (each on its own base),
// rendered by the real helm and kustomize (scripts/e2e/setup-render.sh), with render time and analysis
// time printed apart; then the editor's path after one values-file save (the re-render watcher, the
// render and the re-analysis), p50/p95. Run by `npm run bench` or alone: `node build/bench/render.js`.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Workspace } from '../server/src/core/workspace.js';
import { walkFolderSync } from '../server/src/files/walk.js';
import { renderWorkspace } from '../server/src/render/renderers.js';
import { RenderWatch, type RenderFolder } from '../server/src/lsp/render-watch.js';

const CHARTS = Number(process.env['BENCH_RENDER_CHARTS'] ?? 50);
const OVERLAYS = Number(process.env['BENCH_RENDER_OVERLAYS'] ?? 50);
const SAVES = Number(process.env['BENCH_RENDER_SAVES'] ?? 20);
const ROOT = resolve('bench/.work/render');

function tool(prefix: string): string | undefined {
  const dir = process.env['SECRET_SURFACE_TOOLS'] ?? join(homedir(), '.cache', 'secret-surface');
  if (!existsSync(dir)) return undefined;
  const found = readdirSync(dir).filter((f) => new RegExp(`^${prefix}-v\\d+\\.\\d+\\.\\d+$`).test(f)).sort().reverse();
  return found[0] ? join(dir, found[0]) : undefined;
}

function write(rel: string, text: string): void {
  const p = join(ROOT, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}

function generate(): void {
  rmSync(ROOT, { recursive: true, force: true });
  for (let i = 0; i < CHARTS; i++) {
    const c = `charts/svc-${i}`;
    write(`${c}/Chart.yaml`, `apiVersion: v2\nname: svc-${i}\nversion: 0.1.0\n`);
    write(`${c}/values.yaml`, `image:\n  repository: ${i % 2 ? 'node' : 'python'}\n  tag: "${i % 2 ? '20' : '3.12-slim'}"\nreplicas: 2\n`);
    write(
      `${c}/templates/deployment.yaml`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-api\nspec:\n  replicas: {{ .Values.replicas }}\n  template:\n    spec:\n      containers:\n        - name: api\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: {{ .Release.Name }}-db\n                  key: password\n`,
    );
    write(`${c}/templates/service.yaml`, `apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  ports:\n    - port: 80\n`);
  }
  for (let i = 0; i < OVERLAYS; i++) {
    const b = `kustomize/app-${i}/base`;
    write(`${b}/kustomization.yaml`, 'resources:\n  - deployment.yaml\n');
    write(`${b}/deployment.yaml`, `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app-${i}\n`);
    const o = `kustomize/app-${i}/overlays/prod`;
    write(`${o}/kustomization.yaml`, `namespace: prod\nresources:\n  - ../../base\nimages:\n  - name: registry.example.com/app-${i}\n    newName: node\n    newTag: "20"\npatches:\n  - path: secret.yaml\n`);
    write(`${o}/secret.yaml`, `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          envFrom:\n            - secretRef:\n                name: app-${i}-env\n`);
  }
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function main(): Promise<void> {
  const helm = tool('helm');
  const kustomize = tool('kustomize');
  if (!helm || !kustomize) {
    console.log('\n== render: skipped — helm/kustomize not built (bash scripts/e2e/setup-render.sh)');
    return;
  }
  generate();
  const ws = new Workspace();
  for (const f of walkFolderSync(ROOT).files) ws.setFile(f.path, f.text);
  const t0 = performance.now();
  const report = await renderWorkspace(ws, { root: ROOT, trusted: true, helmPath: helm, kustomizePath: kustomize });
  const renderMs = performance.now() - t0;
  const t1 = performance.now();
  const result = ws.analyze();
  const analysisMs = performance.now() - t1;
  const per = (tool: string) => report.units.filter((u) => u.id.startsWith(tool)).map((u) => u.millis);
  const helmMs = per('helm:');
  const kMs = per('kustomize:');
  console.log(`\n== render: ${CHARTS} Helm charts + ${OVERLAYS} kustomize overlays (helm ${helm.replace(/.*-v/, 'v')}, kustomize ${kustomize.replace(/.*-v/, 'v')}, 2 at a time)`);
  console.log(`units rendered             ${result.summary?.charts.rendered}/${CHARTS} charts, ${result.summary?.overlays.rendered}/${OVERLAYS} overlays`);
  console.log(`render wall time           ${renderMs.toFixed(0)} ms`);
  console.log(`  helm template per chart  p50 ${pct(helmMs, 50)} ms, p95 ${pct(helmMs, 95)} ms`);
  console.log(`  kustomize build per overlay  p50 ${pct(kMs, 50)} ms, p95 ${pct(kMs, 95)} ms`);
  console.log(`analysis of the rendered output (map back + join + rules)  ${analysisMs.toFixed(0)} ms`);
  console.log(`workloads / findings       ${result.summary?.workloads} / ${result.findings.length}`);

  // The editor's path after saving one values file: debounce 0, the watcher renders that chart alone.
  const folder: RenderFolder = { key: 'bench', fsPath: ROOT, workspace: ws };
  const watch = new RenderWatch({ trusted: () => true, settings: () => ({ helmPath: helm, kustomizePath: kustomize }), rendered: () => undefined, debounceMs: 0 });
  const saves: number[] = [];
  const values = 'charts/svc-1/values.yaml';
  for (let i = 0; i < SAVES; i++) {
    const text = `image:\n  repository: node\n  tag: "${i % 2 ? '20' : '22'}"\nreplicas: 2\n`;
    writeFileSync(join(ROOT, values), text);
    const t = performance.now();
    ws.setFile(values, text);
    watch.saved(folder, values);
    await watch.idle();
    ws.analyze();
    saves.push(performance.now() - t);
  }
  watch.dispose();
  console.log(`re-render + re-analysis after one values-file save (${SAVES} saves)  p50 ${pct(saves, 50).toFixed(0)} ms, p95 ${pct(saves, 95).toFixed(0)} ms   (target: p95 <= 1,000 ms)`);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
