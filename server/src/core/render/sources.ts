// Reads the two kinds of render source a repository holds — a Helm chart's `Chart.yaml` and a
// kustomization — into the plain facts the render plan needs: a chart's name, type and dependencies; a
// kustomization's references (resources, bases, components, patches) with the line each is written on.
import { baseName, dirOf, isAbsolutePath, joinPath } from '../paths.js';
import type { InputNotice, Range } from '../model.js';
import { get, getSeq, items, nodeLocation, parseYamlFile, rootMap, scalarText, type DocContext } from '../yaml/index.js';

export const KUSTOMIZATION_NAMES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function isKustomizationFile(path: string): boolean {
  return KUSTOMIZATION_NAMES.includes(baseName(path));
}

export function isChartFile(path: string): boolean {
  return baseName(path) === 'Chart.yaml';
}

export interface ChartDependency {
  name: string;
  /** `alias:` when set: the name the subchart's templates are rendered under. */
  alias?: string;
  repository?: string;
  /** Workspace-relative directory of a `file://` dependency. */
  localDir?: string;
}

export interface ChartSource {
  /** The chart's directory (workspace-relative; `''` for the root). */
  dir: string;
  /** Its Chart.yaml. */
  file: string;
  /** `name:` — what `# Source:` comments start with. */
  name: string;
  /** `application` (default) or `library` (never rendered on its own). */
  type: string;
  dependencies: ChartDependency[];
  notices: InputNotice[];
}

export type KustomizeRefKind = 'resource' | 'component' | 'patch' | 'crd';

export interface KustomizeRef {
  kind: KustomizeRefKind;
  /** As written. */
  raw: string;
  /** Workspace-relative path it points to (a file or a directory). */
  path: string;
  /** A URL or remote reference that kustomize would download. */
  remote: boolean;
  range?: Range;
}

export interface KustomizationSource {
  dir: string;
  file: string;
  /** `kind: Component` kustomizations are only ever included. */
  component: boolean;
  namespace?: string;
  refs: KustomizeRef[];
  /** `helmCharts:` present: kustomize would need --enable-helm (and may download charts). */
  helmCharts: boolean;
  notices: InputNotice[];
}

/** The first document of a file as the accessors read it, or the first syntax error's message. */
function firstDoc(file: string, text: string): { ctx?: DocContext; error?: string } {
  const y = parseYamlFile(file, text);
  const error = y.notices.find((n) => n.severity === 'error')?.message;
  const ctx = y.docs[0];
  return error ? { error } : ctx ? { ctx } : {};
}

export function readChart(file: string, text: string): ChartSource {
  const dir = dirOf(file);
  const { ctx, error } = firstDoc(file, text);
  const chart: ChartSource = { dir, file, name: baseName(dir) || 'chart', type: 'application', dependencies: [], notices: [] };
  if (error) {
    chart.notices.push({ file, severity: 'error', message: `Chart.yaml is not valid YAML (${error}): the chart is not rendered.` });
    return chart;
  }
  const root = ctx && rootMap(ctx);
  if (!ctx || !root) return chart;
  const str = (map: unknown, key: string) => scalarText(get(map, key, ctx));
  const name = str(root, 'name');
  if (name) chart.name = name;
  const type = str(root, 'type');
  if (type) chart.type = type;
  for (const item of items(getSeq(root, 'dependencies', ctx), ctx)) {
    const depName = str(item, 'name');
    if (!depName) continue;
    const dep: ChartDependency = { name: depName };
    const alias = str(item, 'alias');
    if (alias) dep.alias = alias;
    const repo = str(item, 'repository');
    if (repo) {
      dep.repository = repo;
      if (repo.startsWith('file://')) {
        const rel = repo.slice('file://'.length);
        if (!isAbsolutePath(rel)) dep.localDir = joinPath(dir, rel);
      }
    }
    chart.dependencies.push(dep);
  }
  return chart;
}

const REMOTE = /^[a-z][a-z0-9+.-]*:\/\/|^(?:github\.com|gitlab\.com|bitbucket\.org)\/|^git@|\?ref=|\/\/.*\?/i;

export function readKustomization(file: string, text: string): KustomizationSource {
  const dir = dirOf(file);
  const { ctx, error } = firstDoc(file, text);
  const k: KustomizationSource = { dir, file, component: false, refs: [], helmCharts: false, notices: [] };
  if (error) {
    k.notices.push({ file, severity: 'error', message: `The kustomization is not valid YAML (${error}).` });
    return k;
  }
  const root = ctx && rootMap(ctx);
  if (!ctx || !root) return k;
  const str = (map: unknown, key: string) => scalarText(get(map, key, ctx));
  if (str(root, 'kind') === 'Component') k.component = true;
  const ns = str(root, 'namespace');
  if (ns) k.namespace = ns;
  if (get(root, 'helmCharts', ctx) !== undefined) k.helmCharts = true;
  const add = (kind: KustomizeRefKind, node: unknown) => {
    const raw = scalarText(node);
    if (raw === undefined || raw.includes('\n')) return; // inline patches live in the kustomization itself
    const remote = REMOTE.test(raw);
    const ref: KustomizeRef = { kind, raw, path: remote || isAbsolutePath(raw) ? raw : joinPath(dir, raw), remote };
    const range: Range | undefined = nodeLocation(node as Parameters<typeof nodeLocation>[0], ctx)?.range;
    if (range) ref.range = range;
    k.refs.push(ref);
  };
  const list = (key: string, kind: KustomizeRefKind, pick?: (item: unknown) => unknown) => {
    for (const item of items(getSeq(root, key, ctx), ctx)) add(kind, pick ? pick(item) : item);
  };
  list('resources', 'resource');
  list('bases', 'resource');
  list('components', 'component');
  list('crds', 'crd');
  list('patchesStrategicMerge', 'patch');
  list('patchesJson6902', 'patch', (i) => get(i, 'path', ctx));
  list('patches', 'patch', (i) => (scalarText(i) !== undefined ? i : get(i, 'path', ctx)));
  return k;
}
