// The graph view: the rows the filter keeps, drawn as Secret → workload → image → Dockerfile → base
// columns of boxes joined by curves (red where the image is exposed). Layout comes from the core's
// graph.ts; this file only turns it into SVG. Boxes with a location are links.
import { buildGraph, GRAPH_LAYERS, layerX, NODE_HEIGHT, NODE_WIDTH, type GraphNode } from '../core/report-page/graph.js';
import type { PageRow } from '../core/report-page/model.js';
import { el, setLink, svg } from './dom.js';

const TOP = 28;
const LAYER_TITLES: Record<(typeof GRAPH_LAYERS)[number], string> = {
  secret: 'Secret',
  workload: 'Workload',
  image: 'Image',
  dockerfile: 'Dockerfile',
  base: 'Base image',
};

export class GraphView {
  readonly root: HTMLDivElement;

  constructor() {
    this.root = el('div', 'ss-graph');
  }

  show(rows: readonly PageRow[]): void {
    const g = buildGraph(rows);
    const children: Element[] = [];
    if (g.omittedWorkloads > 0) children.push(el('div', 'ss-note', `${g.omittedWorkloads} more workloads are not drawn; type in the filter to narrow the graph.`));
    if (g.nodes.length === 0) {
      children.push(el('div', 'ss-empty', 'No container matches the filter.'));
      this.root.replaceChildren(...children);
      return;
    }
    const root = svg('svg', { width: g.width + 2, height: g.height + TOP + 2, viewBox: `0 0 ${g.width + 2} ${g.height + TOP + 2}`, role: 'img', 'aria-label': 'Secrets, workloads, images and Dockerfiles' });
    GRAPH_LAYERS.forEach((layer, i) => {
      const t = svg('text', { x: layerX(i) + 1, y: 14, class: 'ss-layer-title' });
      t.textContent = LAYER_TITLES[layer];
      root.append(t);
    });
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    const edges = svg('g', { class: 'ss-edges' });
    const labels = g.edges.length <= 400;
    for (const e of g.edges) {
      const a = byId.get(e.from)!;
      const b = byId.get(e.to)!;
      const x1 = a.x + NODE_WIDTH;
      const y1 = a.y + TOP + NODE_HEIGHT / 2;
      const x2 = b.x;
      const y2 = b.y + TOP + NODE_HEIGHT / 2;
      const mid = (x1 + x2) / 2;
      const p = svg('path', { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, class: `ss-edge tone-${e.tone}`, 'data-from': e.from, 'data-to': e.to });
      edges.append(p);
      if (labels && e.label) {
        const t = svg('text', { x: x1 + 4, y: y1 - 3, class: 'ss-edge-label' });
        t.textContent = e.label;
        edges.append(t);
      }
    }
    root.append(edges);
    for (const n of g.nodes) root.append(nodeElement(n));
    children.push(root);
    this.root.replaceChildren(...children);
  }
}

function nodeElement(n: GraphNode): SVGElement {
  const g = svg('g', { class: `ss-node tone-${n.tone}`, 'data-id': n.id, 'data-layer': n.layer, transform: `translate(${n.x + 1},${n.y + TOP})` });
  const title = svg('title');
  title.textContent = n.label;
  const rect = svg('rect', { width: NODE_WIDTH, height: NODE_HEIGHT });
  const label = svg('text', { x: 8, y: NODE_HEIGHT / 2 + 4 });
  label.textContent = n.label.length > 28 ? `…${n.label.slice(-27)}` : n.label;
  if (n.at) {
    const a = svg('a');
    setLink(a, n.at);
    a.append(title, rect, label);
    g.append(a);
  } else {
    g.append(title, rect, label);
  }
  return g;
}
