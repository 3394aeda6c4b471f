// Reads the two kinds of render source a repository holds — a Helm chart's `Chart.yaml` and a
// kustomization — into the plain facts the render plan needs: a chart's name, type and dependencies; a
// kustomization's references (resources, bases, components, patches) with the line each is written on.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { baseName, dirOf, isAbsolutePath, joinPath } from '../paths.js';
import type { InputNotice, Range } from '../model.js';

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

interface Reader {
  get(node: unknown, key: string): unknown;
  range(node: unknown): Range | undefined;
}

function reader(text: string): { root: unknown; r: Reader; errors: string[] } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false });
  const pos = (offset: number) => {
    const p = lc.linePos(offset);
    return { line: p.line - 1, character: p.col - 1 };
  };
  const r: Reader = {
    get(node, key) {
      if (!isMap(node)) return undefined;
      for (const pair of node.items) if (isScalar(pair.key) && pair.key.value === key) return pair.value;
      return undefined;
    },
    range(node) {
      const n = node as Node | null | undefined;
      if (!n || !n.range) return undefined;
      return { start: pos(n.range[0]), end: pos(n.range[1]) };
    },
  };
  return { root: doc.contents, r, errors: doc.errors.map((e) => e.message.split('\n')[0]!) };
}

function str(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
}

export function readChart(file: string, text: string): ChartSource {
  const dir = dirOf(file);
  const { root, r, errors } = reader(text);
  const chart: ChartSource = { dir, file, name: baseName(dir) || 'chart', type: 'application', dependencies: [], notices: [] };
  if (errors.length) {
    chart.notices.push({ file, severity: 'error', message: `Chart.yaml is not valid YAML (${errors[0]}): the chart is not rendered.` });
    return chart;
  }
  const name = str(r.get(root, 'name'));
  if (name) chart.name = name;
  const type = str(r.get(root, 'type'));
  if (type) chart.type = type;
  const deps = r.get(root, 'dependencies');
  if (isSeq(deps)) {
    for (const item of deps.items) {
      const depName = str(r.get(item, 'name'));
      if (!depName) continue;
      const dep: ChartDependency = { name: depName };
      const alias = str(r.get(item, 'alias'));
      if (alias) dep.alias = alias;
      const repo = str(r.get(item, 'repository'));
      if (repo) {
        dep.repository = repo;
        if (repo.startsWith('file://')) {
          const rel = repo.slice('file://'.length);
          if (!isAbsolutePath(rel)) dep.localDir = joinPath(dir, rel);
        }
      }
      chart.dependencies.push(dep);
    }
  }
  return chart;
}

const REMOTE = /^[a-z][a-z0-9+.-]*:\/\/|^(?:github\.com|gitlab\.com|bitbucket\.org)\/|^git@|\?ref=|\/\/.*\?/i;

export function readKustomization(file: string, text: string): KustomizationSource {
  const dir = dirOf(file);
  const { root, r, errors } = reader(text);
  const k: KustomizationSource = { dir, file, component: false, refs: [], helmCharts: false, notices: [] };
  if (errors.length) {
    k.notices.push({ file, severity: 'error', message: `The kustomization is not valid YAML (${errors[0]}).` });
    return k;
  }
  if (str(r.get(root, 'kind')) === 'Component') k.component = true;
  const ns = str(r.get(root, 'namespace'));
  if (ns) k.namespace = ns;
  if (r.get(root, 'helmCharts') !== undefined) k.helmCharts = true;
  const add = (kind: KustomizeRefKind, node: unknown) => {
    const raw = str(node);
    if (raw === undefined || raw.includes('\n')) return; // inline patches live in the kustomization itself
    const remote = REMOTE.test(raw);
    const ref: KustomizeRef = { kind, raw, path: remote || isAbsolutePath(raw) ? raw : joinPath(dir, raw), remote };
    const range = r.range(node);
    if (range) ref.range = range;
    k.refs.push(ref);
  };
  const list = (key: string, kind: KustomizeRefKind, pick?: (item: unknown) => unknown) => {
    const v = r.get(root, key);
    if (!isSeq(v)) return;
    for (const item of v.items) add(kind, pick ? pick(item) : item);
  };
  list('resources', 'resource');
  list('bases', 'resource');
  list('components', 'component');
  list('crds', 'crd');
  list('patchesStrategicMerge', 'patch');
  list('patchesJson6902', 'patch', (i) => r.get(i, 'path'));
  list('patches', 'patch', (i) => (isScalar(i) ? i : r.get(i, 'path')));
  return k;
}
