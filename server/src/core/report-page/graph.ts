// The graph view's data: Secret → workload → image → Dockerfile → base image, as layered nodes and
// edges with positions from a small layered layout (nodes ordered by the mean position of what points
// at them, then pushed apart), so the join shows at a glance with no layout library. Pure.
import type { PageLink, PageRow } from './model.js';
import type { Tone } from './cells.js';

export type GraphLayer = 'secret' | 'workload' | 'image' | 'dockerfile' | 'base';
export const GRAPH_LAYERS: readonly GraphLayer[] = ['secret', 'workload', 'image', 'dockerfile', 'base'];

export interface GraphNode {
  id: string;
  layer: GraphLayer;
  label: string;
  tone: Tone;
  at?: PageLink;
  x: number;
  y: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  label?: string;
  tone: Tone;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  width: number;
  height: number;
  /** Workloads left out to keep the drawing readable (the filter narrows it). */
  omittedWorkloads: number;
}

export const NODE_WIDTH = 210;
export const NODE_HEIGHT = 26;
const COLUMN_GAP = 70;
const ROW_GAP = 10;

/** The left edge of a layer's column. */
export function layerX(layer: number): number {
  return layer * (NODE_WIDTH + COLUMN_GAP);
}

export function buildGraph(rows: readonly PageRow[], maxWorkloads = 150): Graph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const node = (layer: GraphLayer, key: string, label: string, tone: Tone, at?: PageLink): string => {
    const id = `${layer}:${key}`;
    const n = nodes.get(id);
    if (!n) nodes.set(id, { id, layer, label, tone, ...(at ? { at } : {}), x: 0, y: 0 });
    else if (rank(tone) < rank(n.tone)) n.tone = tone;
    return id;
  };
  const edge = (from: string, to: string, tone: Tone, label?: string) => {
    const key = `${from}\u0000${to}`;
    const e = edges.get(key);
    if (!e) edges.set(key, { from, to, tone, ...(label ? { label } : {}) });
    else {
      if (label && e.label && !e.label.split(', ').includes(label)) e.label = `${e.label}, ${label}`;
      if (rank(tone) < rank(e.tone)) e.tone = tone;
    }
  };
  const workloads = new Set<string>();
  let omitted = 0;
  const omittedKeys = new Set<string>();
  for (const r of rows) {
    const wkey = `${r.namespace}/${r.kind}/${r.name}`;
    if (!workloads.has(wkey)) {
      if (workloads.size >= maxWorkloads) {
        if (!omittedKeys.has(wkey)) omitted++;
        omittedKeys.add(wkey);
        continue;
      }
      workloads.add(wkey);
    }
    const tone: Tone = r.hardening === 'exposed' ? 'bad' : r.hardening === 'unknown' ? 'warn' : 'ok';
    const w = node('workload', wkey, `${r.kind} ${r.namespace}/${r.name}`, Object.keys(r.secrets).length ? tone : 'none', r.manifest);
    for (const [name, ds] of Object.entries(r.secrets)) {
      const s = node('secret', name, name, tone, ds[0]?.at);
      for (const d of ds) edge(s, w, tone, d.channel);
    }
    const img = node('image', r.image, r.image, tone, r.manifest);
    edge(w, img, tone, r.container);
    let last = img;
    if (r.dockerfile) {
      const df = node('dockerfile', r.dockerfile.at.label, r.dockerfile.at.label, 'none', r.dockerfile.at);
      edge(img, df, 'none', r.dockerfile.source || undefined);
      last = df;
    }
    if (r.baseImage && r.baseImage !== r.image) edge(last, node('base', r.baseImage, r.baseImage, tone), 'none');
  }
  return layout([...nodes.values()], [...edges.values()], omitted);
}

function rank(t: Tone): number {
  return { bad: 0, warn: 1, unknown: 2, ok: 3, none: 4 }[t];
}

function layout(nodes: GraphNode[], edges: GraphEdge[], omittedWorkloads: number): Graph {
  const byLayer = GRAPH_LAYERS.map((l) => nodes.filter((n) => n.layer === l));
  const step = NODE_HEIGHT + ROW_GAP;
  const preds = new Map<string, string[]>();
  const succs = new Map<string, string[]>();
  for (const e of edges) {
    (preds.get(e.to) ?? preds.set(e.to, []).get(e.to)!).push(e.from);
    (succs.get(e.from) ?? succs.set(e.from, []).get(e.from)!).push(e.to);
  }
  const y = new Map<string, number>();
  const mean = (ids: string[] | undefined) => {
    const ys = (ids ?? []).map((i) => y.get(i)).filter((v): v is number => v !== undefined);
    return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : undefined;
  };
  // Workloads are the spine: in name order, evenly spaced.
  const spine = byLayer[1]!;
  spine.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  spine.forEach((n, i) => y.set(n.id, i * step));
  // Secrets sit by the workloads they reach; images, Dockerfiles and bases by what points at them.
  place(byLayer[0]!, (n) => mean(succs.get(n.id)), y, step);
  for (const layer of byLayer.slice(2)) place(layer, (n) => mean(preds.get(n.id)), y, step);
  let height = 0;
  byLayer.forEach((layer, li) => {
    for (const n of layer) {
      n.x = layerX(li);
      n.y = y.get(n.id) ?? 0;
      height = Math.max(height, n.y + NODE_HEIGHT);
    }
  });
  const width = layerX(GRAPH_LAYERS.length - 1) + NODE_WIDTH;
  return { nodes: byLayer.flat(), edges, width, height, omittedWorkloads };
}

/** Orders a layer by its wanted position and pushes nodes down so none overlap. */
function place(layer: GraphNode[], wanted: (n: GraphNode) => number | undefined, y: Map<string, number>, step: number): void {
  const want = new Map(layer.map((n) => [n.id, wanted(n) ?? 0]));
  layer.sort((a, b) => want.get(a.id)! - want.get(b.id)! || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  let next = 0;
  for (const n of layer) {
    const at = Math.max(want.get(n.id)!, next);
    y.set(n.id, at);
    next = at + step;
  }
}
