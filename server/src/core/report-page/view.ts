// What the page shows for a given state: the rows a text filter keeps, in the order a column sorts
// them, grouped by workload, image or Secret into a flat list of items (group headers and rows) that
// the browser's virtualised matrix draws a window of. Pure, so the unit tests drive the same code
// the page runs.
import { cellOf, cellText } from './cells.js';
import type { ColumnId, PageModel, PageRow } from './model.js';

export type GroupBy = 'none' | 'workload' | 'image' | 'secret';
export const GROUPS: readonly GroupBy[] = ['none', 'workload', 'image', 'secret'];

export interface ViewState {
  filter: string;
  sort?: { column: ColumnId; descending: boolean };
  group: GroupBy;
}

export type ViewItem = { type: 'group'; key: string; label: string; count: number } | { type: 'row'; row: PageRow };

const searchText = new WeakMap<PageRow, string>();

/** Everything a filter term may match in a row: every cell's text, tooltips and file paths. */
export function rowSearchText(model: PageModel, row: PageRow): string {
  let t = searchText.get(row);
  if (t !== undefined) return t;
  const bits: string[] = [];
  // The Secrets column names every Secret and channel, so the one column per Secret adds nothing.
  for (const c of model.columns) {
    if (c.id.startsWith('secret:')) continue;
    const cell = cellOf(row, c.id);
    bits.push(cellText(cell));
    for (const p of cell.parts) {
      if (p.title) bits.push(p.title);
      if (p.at) bits.push(p.at.label);
    }
  }
  t = bits.join('\n').toLowerCase();
  searchText.set(row, t);
  return t;
}

/** Rows that contain every whitespace-separated term of `filter` (case-insensitive), in model order. */
export function filterRows(model: PageModel, filter: string): PageRow[] {
  const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return model.rows;
  return model.rows.filter((r) => {
    const t = rowSearchText(model, r);
    return terms.every((term) => t.includes(term));
  });
}

/** A stable sort by one column: numbers and text each in their natural order, ties in model order. */
export function sortRows(rows: readonly PageRow[], column: ColumnId, descending = false): PageRow[] {
  const keyed = rows.map((row) => ({ row, key: cellOf(row, column).sort }));
  const dir = descending ? -1 : 1;
  keyed.sort((a, b) => {
    const c = compareKeys(a.key, b.key);
    return c !== 0 ? c * dir : a.row.id - b.row.id;
  });
  return keyed.map((k) => k.row);
}

function compareKeys(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Rows as items under group headers. Groups come in label order; rows keep their order inside a
 * group. By Secret, a container receiving two Secrets appears under both, and containers that
 * receive none under "(no Secret)".
 */
export function groupItems(rows: readonly PageRow[], group: GroupBy): ViewItem[] {
  if (group === 'none') return rows.map((row) => ({ type: 'row', row }));
  const groups = new Map<string, { label: string; rows: PageRow[] }>();
  const add = (key: string, label: string, row: PageRow) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { label, rows: [] }));
    g.rows.push(row);
  };
  for (const row of rows) {
    if (group === 'workload') add(`${row.namespace}/${row.kind}/${row.name}`, `${row.kind} ${row.namespace}/${row.name}`, row);
    else if (group === 'image') add(row.image, row.image, row);
    else {
      const names = Object.keys(row.secrets);
      if (names.length === 0) add('\uffff', '(no Secret)', row);
      for (const n of names) add(n, `Secret ${n}`, row);
    }
  }
  const keys = [...groups.keys()].sort();
  const items: ViewItem[] = [];
  for (const key of keys) {
    const g = groups.get(key)!;
    items.push({ type: 'group', key, label: g.label, count: g.rows.length });
    for (const row of g.rows) items.push({ type: 'row', row });
  }
  return items;
}

export function viewItems(model: PageModel, state: ViewState): ViewItem[] {
  const kept = filterRows(model, state.filter);
  const sorted = state.sort ? sortRows(kept, state.sort.column, state.sort.descending) : kept;
  return groupItems(sorted, state.group);
}

/** The rows the items show, once each (the graph draws these). */
export function itemRows(items: readonly ViewItem[]): PageRow[] {
  const seen = new Set<number>();
  const out: PageRow[] = [];
  for (const it of items) {
    if (it.type === 'row' && !seen.has(it.row.id)) {
      seen.add(it.row.id);
      out.push(it.row);
    }
  }
  return out;
}
