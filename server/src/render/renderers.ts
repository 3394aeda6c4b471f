// The render adapter: runs the real `helm template` and `kustomize build` (or `kubectl kustomize`) for
// each unit of the core's render plan and hands the output back to the Workspace. Bounded (timeout,
// output cap, one process group killed on timeout or cancel), no plugins or post-renderers, no cluster
// (KUBECONFIG=/dev/null, so `lookup` finds nothing), no downloads, and nothing at all in an untrusted
// workspace. A `file://` dependency is placed into a temporary copy of the chart — never into the
// user's tree.
import { accessSync, constants, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import type { Workspace } from '../core/workspace.js';
import { readChart, type RenderOutcome, type RenderUnit } from '../core/render/index.js';
import { runTool, type RunResult } from './run-tool.js';

export interface RenderOptions {
  /** The workspace folder on disk. */
  root: string;
  /** False in an untrusted workspace: nothing is executed. */
  trusted: boolean;
  /** A configured helm binary; else `helm` from PATH. */
  helmPath?: string;
  /** A configured kustomize binary; else `kustomize`, else `kubectl kustomize`, from PATH. */
  kustomizePath?: string;
  timeoutMs?: number;
  maxOutputBytes?: number;
  /** Units run at once. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Only these units (the editor re-renders what a save touched); all by default. */
  only?: readonly string[];
  /** PATH to look tools up in (tests narrow it); process.env.PATH by default. */
  path?: string;
}

export const DEFAULT_RENDER_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RENDER_BYTES = 32 * 1024 * 1024;

export interface RenderReport {
  units: { id: string; status: RenderOutcome['status']; millis: number }[];
  millis: number;
}

/** Renders the plan's units and records each outcome in the workspace. Never rejects. */
export async function renderWorkspace(ws: Workspace, options: RenderOptions): Promise<RenderReport> {
  const started = Date.now();
  const plan = ws.renderPlan();
  const units = plan.units.filter((u) => !u.blocked && (!options.only || options.only.includes(u.id)));
  const report: RenderReport = { units: [], millis: 0 };
  const queue = [...units];
  const worker = async () => {
    for (let u = queue.shift(); u; u = queue.shift()) {
      if (options.signal?.aborted) return;
      const t = Date.now();
      const outcome = await renderUnit(u, options);
      if (options.signal?.aborted && outcome.status !== 'rendered') return;
      ws.setRenderOutcome(u.id, outcome);
      report.units.push({ id: u.id, status: outcome.status, millis: Date.now() - t });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 2, units.length)) }, worker));
  report.millis = Date.now() - started;
  return report;
}

export async function renderUnit(unit: RenderUnit, options: RenderOptions): Promise<RenderOutcome> {
  if (!options.trusted) return { status: 'not-rendered', reason: `the workspace is not trusted, so ${unit.tool} is not run` };
  try {
    return unit.tool === 'helm' ? await renderChart(unit, options) : await renderOverlay(unit, options);
  } catch (err) {
    return { status: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
}

/** An executable named `name` on PATH, or undefined. */
export function findOnPath(name: string, path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      if (statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Only what the tools need: no credentials, no kubeconfig, no plugins, a throw-away home. */
function toolEnv(scratch: string, path: string): NodeJS.ProcessEnv {
  const dir = (n: string) => join(scratch, n);
  return {
    PATH: path,
    HOME: dir('home'),
    KUBECONFIG: '/dev/null',
    HELM_PLUGINS: dir('plugins'),
    HELM_NO_PLUGINS: '1',
    HELM_CONFIG_HOME: dir('config'),
    HELM_CACHE_HOME: dir('cache'),
    HELM_DATA_HOME: dir('data'),
    HELM_REGISTRY_CONFIG: dir('registry.json'),
    HELM_REPOSITORY_CONFIG: dir('repositories.yaml'),
    KUSTOMIZE_PLUGIN_HOME: dir('plugins'),
    LANG: 'C.UTF-8',
  };
}

function scratchDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'secret-surface-render-'));
  return d;
}

async function renderChart(unit: RenderUnit, options: RenderOptions): Promise<RenderOutcome> {
  const path = options.path ?? process.env['PATH'] ?? '';
  const helm = options.helmPath ?? findOnPath('helm', path);
  if (!helm) return { status: 'not-rendered', reason: 'helm was not found on PATH (install Helm 3 or 4, or configure its path: --helm / secretSurface.render.helmPath)' };
  const scratch = scratchDir();
  try {
    let chartDir = resolve(options.root, unit.dir);
    if (unit.localDependencies?.some((d) => !present(chartDir, d.name))) {
      // Helm reads dependencies from charts/; a file:// one is placed there in a copy, as
      // `helm dependency build` would, without writing into the workspace.
      const copy = join(scratch, 'chart');
      copyChart(chartDir, copy);
      placeLocalDependencies(copy, chartDir, options.root, 0);
      chartDir = copy;
    }
    const args = ['template', unit.release ?? 'release-name', chartDir];
    for (const v of unit.values ?? []) args.push('-f', resolve(options.root, v));
    if (unit.namespace) args.push('--namespace', unit.namespace);
    const r = await runTool(helm, args, { cwd: options.root, env: toolEnv(scratch, path), timeoutMs: options.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS, maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_RENDER_BYTES, ...(options.signal ? { signal: options.signal } : {}) });
    return outcomeOf('helm', r, options, unit);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function renderOverlay(unit: RenderUnit, options: RenderOptions): Promise<RenderOutcome> {
  const path = options.path ?? process.env['PATH'] ?? '';
  let command: string | undefined = options.kustomizePath ?? findOnPath('kustomize', path);
  let args = ['build', resolve(options.root, unit.dir)];
  if (!command) {
    const kubectl = findOnPath('kubectl', path);
    if (kubectl) {
      command = kubectl;
      args = ['kustomize', resolve(options.root, unit.dir)];
    }
  }
  if (!command) return { status: 'not-rendered', reason: 'neither kustomize nor kubectl was found on PATH (or configure its path: --kustomize / secretSurface.render.kustomizePath)' };
  const scratch = scratchDir();
  try {
    const r = await runTool(command, args, { cwd: options.root, env: toolEnv(scratch, path), timeoutMs: options.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS, maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_RENDER_BYTES, ...(options.signal ? { signal: options.signal } : {}) });
    return outcomeOf(command.endsWith('kubectl') ? 'kubectl kustomize' : 'kustomize', r, options, unit);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function outcomeOf(tool: string, r: RunResult, options: RenderOptions, unit: RenderUnit): RenderOutcome {
  const seconds = ((options.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS) / 1000).toString();
  switch (r.kind) {
    case 'ok':
      return { status: 'rendered', output: r.stdout, tool, millis: r.millis };
    case 'exit': {
      const msg = cleanToolMessage(r.stderr, options) || `${tool} exited with ${r.code ?? r.signal}`;
      return { status: 'failed', message: msg, tool, millis: r.millis };
    }
    case 'timeout':
      return { status: 'failed', message: `${tool} did not finish within ${seconds} s and was stopped`, tool, millis: r.millis };
    case 'too-large':
      return { status: 'failed', message: `${tool} printed more than ${Math.round((options.maxOutputBytes ?? DEFAULT_MAX_RENDER_BYTES) / (1024 * 1024))} MiB for ${unit.dir || './'} and was stopped; the output is not analysed`, tool, millis: r.millis };
    case 'cancelled':
      return { status: 'not-rendered', reason: 'the render was cancelled' };
    case 'spawn-error':
      return r.code === 'ENOENT' || r.code === 'EACCES'
        ? { status: 'not-rendered', reason: `${tool} could not be run (${r.code === 'ENOENT' ? 'not found' : 'not executable'}: ${r.message})` }
        : { status: 'failed', message: `${tool} could not be started: ${r.message}`, tool };
  }
}

/** The tool's own message, without our temporary paths. */
function cleanToolMessage(stderr: string, options: RenderOptions): string {
  return stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^(?:WARNING: Kubernetes configuration file|walk\.go)/.test(l))
    .map((l) => l.replaceAll(resolve(options.root) + '/', '').replace(/\/tmp\/secret-surface-render-[^/\s]+\/chart\/?/g, ''))
    .join('\n')
    .trim();
}

function present(chartDir: string, name: string): boolean {
  const charts = join(chartDir, 'charts');
  if (existsSync(join(charts, name, 'Chart.yaml'))) return true;
  try {
    return readdirSync(charts).some((f) => f.startsWith(`${name}-`) && f.endsWith('.tgz'));
  } catch {
    return false;
  }
}

function copyChart(from: string, to: string): void {
  cpSync(from, to, { recursive: true, dereference: false, filter: (src) => !/[\\/](?:\.git|node_modules)$/.test(src) });
}

/** Copies each file:// dependency the chart lacks into its charts/ folder (and theirs, a few levels deep). */
function placeLocalDependencies(copy: string, original: string, root: string, depth: number): void {
  if (depth > 5) return;
  let text: string;
  try {
    text = readFileSync(join(copy, 'Chart.yaml'), 'utf8');
  } catch {
    return;
  }
  for (const d of readChart('Chart.yaml', text).dependencies) {
    if (!d.repository?.startsWith('file://') || present(copy, d.name)) continue;
    const src = resolve(original, d.repository.slice('file://'.length));
    // Only folders inside the workspace: a file:// path out of it is not something we copy.
    if (!src.startsWith(resolve(root)) || !existsSync(join(src, 'Chart.yaml'))) continue;
    const dest = join(copy, 'charts', d.name);
    copyChart(src, dest);
    placeLocalDependencies(dest, src, root, depth + 1);
  }
}
