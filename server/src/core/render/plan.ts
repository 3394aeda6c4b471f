// The render plan: which charts and kustomize overlays a repository deploys, and which of its files only
// exist to be rendered (chart templates and values, kustomize patches and included resources), so those
// are analysed through the rendered output instead of as workloads of their own. Pure: adapters run the
// tools the plan names and hand the output back.
import { joinPath } from '../paths.js';
import type { InputNotice } from '../model.js';
import type { ChartSource, KustomizationSource } from './sources.js';

/** Per-chart settings from `.secret-surface.yaml` `charts:` (or the editor setting), keyed by chart directory. */
export interface ChartSettings {
  release?: string;
  namespace?: string;
  /** Workspace-relative value files, in the order helm receives them (after the chart's values.yaml). */
  values?: string[];
}

export interface RenderUnit {
  /** `helm:<dir>` or `kustomize:<dir>`. */
  id: string;
  tool: 'helm' | 'kustomize';
  /** The chart or overlay directory (workspace-relative; `''` for the root). */
  dir: string;
  /** Chart.yaml or the kustomization file: where a failure is reported. */
  file: string;
  /** Helm: the release name (`helm template <release> <chart>`). */
  release?: string;
  namespace?: string;
  /** Helm: value files passed with -f, workspace-relative. */
  values?: string[];
  /** Helm: the chart's values.yaml, when it has one. */
  defaultValues?: string;
  /** Helm: `file://` dependencies, which the adapter places into the chart's charts/ folder of a copy. */
  localDependencies?: { name: string; dir: string }[];
  /** Helm: a `# Source:` path prefix → the workspace directory it comes from (longest first). */
  sourceRoots?: { prefix: string; dir: string }[];
  /** Kustomize: every kustomization this overlay includes, itself first. */
  closure?: string[];
  /** Set when the unit must not be run (remote resource, cycle …): the reason, for the summary and the notice. */
  blocked?: string;
}

export type OwnedRole = 'chart' | 'patch' | 'resource';

export interface RenderPlan {
  units: RenderUnit[];
  /** Files analysed only through rendering: path → role and the units whose output covers them. */
  owned: ReadonlyMap<string, { role: OwnedRole; units: string[] }>;
  /** Sources that are deliberately not rendered on their own (library charts, subcharts, components). */
  notRendered: { file: string; reason: string }[];
  notices: InputNotice[];
}

export function emptyPlan(): RenderPlan {
  return { units: [], owned: new Map(), notRendered: [], notices: [] };
}

const under = (path: string, dir: string) => dir === '' || path === dir || path.startsWith(`${dir}/`);

export function buildRenderPlan(input: {
  files: readonly string[];
  charts: readonly ChartSource[];
  kustomizations: readonly KustomizationSource[];
  chartSettings?: Readonly<Record<string, ChartSettings>>;
}): RenderPlan {
  const owned = new Map<string, { role: OwnedRole; units: string[] }>();
  const plan: RenderPlan = { units: [], owned, notRendered: [], notices: [] };
  const own = (path: string, role: OwnedRole, units: string[]) => {
    const prev = owned.get(path);
    // A patch stays a patch whoever else includes it; units add up.
    if (prev) owned.set(path, { role: prev.role === 'patch' || role === 'patch' ? 'patch' : prev.role === 'chart' ? 'chart' : role, units: [...new Set([...prev.units, ...units])] });
    else owned.set(path, { role, units });
  };
  planCharts(plan, input, own);
  planKustomize(plan, input, own);
  plan.units.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return plan;
}

function planCharts(
  plan: RenderPlan,
  input: Parameters<typeof buildRenderPlan>[0],
  own: (path: string, role: OwnedRole, units: string[]) => void,
): void {
  const byDir = new Map(input.charts.map((c) => [c.dir, c]));
  const files = new Set(input.files);
  // A chart inside another chart's directory (charts/<sub>/) or named by another chart's file://
  // dependency renders as part of that chart only.
  const parentOf = new Map<string, string>();
  for (const c of input.charts) {
    for (const other of input.charts) if (other !== c && other.dir !== c.dir && under(c.dir, other.dir) && other.dir.length >= (parentOf.get(c.dir)?.length ?? -1)) parentOf.set(c.dir, other.dir);
    for (const d of c.dependencies) if (d.localDir !== undefined && byDir.has(d.localDir) && d.localDir !== c.dir && !parentOf.has(d.localDir)) parentOf.set(d.localDir, c.dir);
  }
  const topOf = (dir: string): string => {
    const seen = new Set<string>();
    let d = dir;
    while (parentOf.has(d) && !seen.has(d)) {
      seen.add(d);
      d = parentOf.get(d)!;
    }
    return d;
  };
  for (const c of input.charts) plan.notices.push(...c.notices);
  for (const c of input.charts) {
    const top = topOf(c.dir);
    if (top !== c.dir) {
      plan.notRendered.push({ file: c.file, reason: `rendered as part of the chart in ${top || './'}` });
      continue;
    }
    if (c.type === 'library') {
      plan.notRendered.push({ file: c.file, reason: 'library chart: it renders nothing on its own' });
      continue;
    }
    if (c.notices.some((n) => n.severity === 'error')) continue;
    const id = `helm:${c.dir}`;
    const settings = input.chartSettings?.[c.dir] ?? input.chartSettings?.[c.dir === '' ? '.' : `${c.dir}/`];
    const unit: RenderUnit = { id, tool: 'helm', dir: c.dir, file: c.file, release: settings?.release ?? c.name, values: settings?.values ?? [] };
    if (settings?.namespace) unit.namespace = settings.namespace;
    const dv = joinPath(c.dir, 'values.yaml');
    if (files.has(dv)) unit.defaultValues = dv;
    // `# Source:` paths start with the chart's name; subcharts follow under charts/<name or alias>/.
    const roots: { prefix: string; dir: string }[] = [];
    const local: { name: string; dir: string }[] = [];
    const walk = (chart: ChartSource, prefix: string, depth: number) => {
      roots.push({ prefix, dir: chart.dir });
      if (depth > 8) return;
      for (const d of chart.dependencies) {
        const as = d.alias ?? d.name;
        const inside = byDir.get(joinPath(chart.dir, 'charts', d.name)) ?? byDir.get(joinPath(chart.dir, 'charts', as));
        const sub = inside ?? (d.localDir !== undefined ? byDir.get(d.localDir) : undefined);
        if (!sub) continue;
        if (!inside && depth === 0 && d.localDir !== undefined) local.push({ name: d.name, dir: d.localDir });
        walk(sub, `${prefix}charts/${as}/`, depth + 1);
      }
    };
    walk(c, `${c.name}/`, 0);
    unit.sourceRoots = roots.sort((a, b) => b.prefix.length - a.prefix.length);
    if (local.length) unit.localDependencies = local;
    plan.units.push(unit);
  }
  // Every file of a chart (templates, values, subcharts) is read through the render of its top chart.
  const chartDirs = input.charts.map((c) => c.dir).sort((a, b) => b.length - a.length);
  for (const f of input.files) {
    const dir = chartDirs.find((d) => under(f, d));
    if (dir === undefined) continue;
    const top = topOf(dir);
    own(f, 'chart', plan.units.some((u) => u.id === `helm:${top}`) ? [`helm:${top}`] : []);
  }
}

function planKustomize(
  plan: RenderPlan,
  input: Parameters<typeof buildRenderPlan>[0],
  own: (path: string, role: OwnedRole, units: string[]) => void,
): void {
  const byDir = new Map(input.kustomizations.map((k) => [k.dir, k]));
  const files = new Set(input.files);
  const edges = new Map<string, string[]>();
  const included = new Set<string>();
  for (const k of input.kustomizations) {
    plan.notices.push(...k.notices);
    const out: string[] = [];
    for (const r of k.refs) {
      if (r.remote) continue;
      const target = byDir.get(r.path);
      if (target && (r.kind === 'resource' || r.kind === 'component')) {
        out.push(target.dir);
        included.add(target.dir);
      }
    }
    edges.set(k.dir, out);
  }
  // Cycles: kustomize refuses them, and an overlay set that only includes itself has no leaf to report on.
  const cycles = findCycles(edges);
  const inCycle = new Map<string, string>();
  for (const cycle of cycles) {
    const shown = [...cycle, cycle[0]!].map((d) => byDir.get(d)!.file).join(' → ');
    for (const d of cycle) inCycle.set(d, shown);
    const first = byDir.get(cycle[0]!)!;
    plan.notices.push({ file: first.file, severity: 'error', message: `Kustomization cycle: ${shown}. kustomize cannot build it, so its resources are not analysed.` });
  }
  const closureOf = (dir: string): string[] => {
    const seen: string[] = [];
    const visit = (d: string) => {
      if (seen.includes(d)) return;
      seen.push(d);
      for (const n of edges.get(d) ?? []) visit(n);
    };
    visit(dir);
    return seen;
  };
  for (const k of input.kustomizations) {
    if (k.component) {
      if (!included.has(k.dir)) plan.notRendered.push({ file: k.file, reason: 'kustomize component: rendered only where an overlay includes it' });
      continue;
    }
    if (included.has(k.dir) && !inCycle.has(k.dir)) continue;
    if (inCycle.has(k.dir)) continue;
    const closure = closureOf(k.dir);
    const unit: RenderUnit = { id: `kustomize:${k.dir}`, tool: 'kustomize', dir: k.dir, file: k.file, closure: closure.map((d) => byDir.get(d)!.file) };
    if (k.namespace) unit.namespace = k.namespace;
    const cyc = closure.find((d) => inCycle.has(d));
    const remote = closure.flatMap((d) => byDir.get(d)!.refs.filter((r) => r.remote).map((r) => ({ r, k: byDir.get(d)! })))[0];
    const helm = closure.map((d) => byDir.get(d)!).find((x) => x.helmCharts);
    if (cyc !== undefined) unit.blocked = `it includes a kustomization cycle (${inCycle.get(cyc)})`;
    else if (remote) unit.blocked = `${remote.k.file} refers to the remote resource ${remote.r.raw}, and Secret Surface never downloads anything`;
    else if (helm) unit.blocked = `${helm.file} inflates Helm charts (helmCharts:), which needs kustomize --enable-helm and may download charts`;
    plan.units.push(unit);
  }
  // Files an overlay reads: patches are never workloads of their own; resources are analysed through the
  // overlays that include them (or, when none of those could be rendered, as written).
  for (const k of input.kustomizations) {
    const leaves = plan.units.filter((u) => u.tool === 'kustomize' && u.closure?.includes(k.file)).map((u) => u.id);
    for (const r of k.refs) {
      if (r.remote || byDir.has(r.path) || !files.has(r.path)) continue;
      own(r.path, r.kind === 'patch' ? 'patch' : 'resource', leaves);
    }
  }
}

/** The strongly connected parts of the include graph that hold a cycle, each as a list of directories. */
function findCycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const strong = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const part: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        part.push(w);
      } while (w !== v);
      if (part.length > 1 || (edges.get(v) ?? []).includes(v)) out.push(part.reverse());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) strong(v);
  return out;
}
