// The exposure page in the browser (the HTML report) and in the VS Code webview: reads the model from
// its JSON data block, draws the toolbar (text filter, grouping, matrix or graph), and redraws the
// view the core's view.ts computes whenever the state changes. In the editor, a newer model arrives
// as a message and links open files through the extension.
import type { ColumnId, PageModel } from '../core/report-page/model.js';
import { unpackModel, type PackedModel } from '../core/report-page/pack.js';
import { GROUPS, itemRows, viewItems, type GroupBy, type ViewState } from '../core/report-page/view.js';
import { el, onLinkClick, type Host } from './dom.js';
import { GraphView } from './graph-view.js';
import { Matrix } from './matrix.js';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };

type Tab = 'matrix' | 'graph';
interface Saved extends ViewState {
  tab: Tab;
}

const GROUP_LABELS: Record<GroupBy, string> = { none: 'No grouping', workload: 'Group by workload', image: 'Group by image', secret: 'Group by Secret' };

function start(): void {
  const data = document.getElementById('ss-model');
  let model = unpackModel(JSON.parse(data?.textContent ?? '{}') as PackedModel);
  const api = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  const host: Host = api ? { kind: 'vscode', post: (m) => api.postMessage(m) } : { kind: 'file' };
  const saved = (api?.getState() as Saved | undefined) ?? undefined;
  const state: Saved = { filter: saved?.filter ?? '', group: saved?.group ?? 'none', tab: saved?.tab ?? 'matrix', ...(saved?.sort ? { sort: saved.sort } : {}) };

  const bar = el('div', 'ss-bar');
  const title = el('h1');
  const summary = el('span', 'ss-summary');
  const filter = el('input');
  filter.type = 'search';
  filter.id = 'ss-filter';
  filter.placeholder = 'Filter: workload, Secret, image, tool, file…';
  filter.setAttribute('aria-label', 'Filter rows');
  filter.value = state.filter;
  const group = el('select');
  group.id = 'ss-group';
  group.setAttribute('aria-label', 'Group rows');
  for (const g of GROUPS) {
    const o = el('option', undefined, GROUP_LABELS[g]);
    o.value = g;
    group.append(o);
  }
  group.value = state.group;
  const tabs = el('span', 'ss-tabs');
  const tabButton = (tab: Tab, label: string) => {
    const b = el('button', undefined, label);
    b.id = `ss-tab-${tab}`;
    b.type = 'button';
    b.addEventListener('click', () => {
      state.tab = tab;
      update();
    });
    tabs.append(b);
    return b;
  };
  const matrixTab = tabButton('matrix', 'Matrix');
  const graphTab = tabButton('graph', 'Graph');
  const count = el('span', 'ss-count');
  count.id = 'ss-count';
  bar.append(title, summary, filter, group, tabs, count);

  const notes = el('div', 'ss-note');
  notes.id = 'ss-notes';
  const main = el('div', 'ss-main');
  const matrix = new Matrix((column: ColumnId) => {
    // Ascending, then descending, then the report's own order.
    if (state.sort?.column !== column) state.sort = { column, descending: false };
    else if (!state.sort.descending) state.sort = { column, descending: true };
    else delete state.sort;
    update();
  });
  const graph = new GraphView();
  main.append(matrix.root, graph.root);
  document.body.append(bar, notes, main);
  onLinkClick(document.body, host);

  function update(): void {
    title.textContent = model.title;
    const s = model.summary;
    summary.replaceChildren(
      s.containers === 0 ? 'No container was found: nothing was analysed.' : `${s.withSecrets} of ${s.containers} containers receive Secrets: `,
      ...(s.containers === 0 ? [] : [el('b', undefined, `${s.exposed} exposed`), `, ${s.unknown} unknown, ${s.hardened} hardened`]),
    );
    notes.replaceChildren(...(model.notes.length ? ['Not analysed: ', ...model.notes.flatMap((n, i) => (i ? ['; ', n] : [n]))] : []));
    notes.classList.toggle('ss-hidden', model.notes.length === 0);
    const items = viewItems(model, state);
    const rows = itemRows(items);
    count.textContent = `${rows.length} of ${model.rows.length} containers`;
    matrixTab.setAttribute('aria-pressed', String(state.tab === 'matrix'));
    graphTab.setAttribute('aria-pressed', String(state.tab === 'graph'));
    matrix.root.classList.toggle('ss-hidden', state.tab !== 'matrix');
    graph.root.classList.toggle('ss-hidden', state.tab !== 'graph');
    if (state.tab === 'matrix') matrix.show(model, items, state);
    else graph.show(rows);
    api?.setState(state);
    document.body.setAttribute('data-ready', String(Number(document.body.getAttribute('data-ready') ?? '0') + 1));
  }

  let typing = 0;
  filter.addEventListener('input', () => {
    clearTimeout(typing);
    typing = window.setTimeout(() => {
      state.filter = filter.value;
      matrix.root.scrollTop = 0;
      update();
    }, 120);
  });
  group.addEventListener('change', () => {
    state.group = group.value as GroupBy;
    update();
  });
  if (api) window.addEventListener('message', (ev: MessageEvent<{ type?: string; model?: PackedModel }>) => {
    if (ev.data?.type === 'model' && ev.data.model) {
      model = unpackModel(ev.data.model);
      update();
    }
  });
  update();
}

start();
