// The matrix: a virtualised grid that draws only the rows and columns in view (fixed row height and
// column widths, so nothing is measured), with the workload column frozen on the left and the header
// frozen on top. A header click asks for a sort; every cell part with a location is a link.
import { cellOf } from '../core/report-page/cells.js';
import type { ColumnId, PageColumn, PageModel } from '../core/report-page/model.js';
import type { ViewItem, ViewState } from '../core/report-page/view.js';
import { el, setLink } from './dom.js';

export const ROW_HEIGHT = 26;
const OVERSCAN = 8;

export class Matrix {
  readonly root: HTMLDivElement;
  private readonly head: HTMLDivElement;
  private readonly body: HTMLDivElement;
  private items: ViewItem[] = [];
  private columns: PageColumn[] = [];
  private offsets: number[] = [];
  private width = 0;
  private frame = 0;
  private state: ViewState = { filter: '', group: 'none' };

  constructor(private readonly onSort: (column: ColumnId) => void) {
    this.root = el('div', 'ss-matrix');
    this.root.setAttribute('role', 'grid');
    this.root.tabIndex = 0;
    this.head = el('div', 'ss-head');
    this.head.setAttribute('role', 'row');
    this.body = el('div', 'ss-body');
    this.root.append(this.head, this.body);
    this.root.addEventListener('scroll', () => this.schedule(), { passive: true });
    window.addEventListener('resize', () => this.schedule());
    const sortFrom = (ev: Event) => {
      const h = (ev.target as Element | null)?.closest('[data-col]');
      if (h) this.onSort(h.getAttribute('data-col') as ColumnId);
    };
    this.head.addEventListener('click', sortFrom);
    this.head.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Enter' && ev.key !== ' ') return;
      ev.preventDefault();
      sortFrom(ev);
    });
  }

  show(model: PageModel, items: ViewItem[], state: ViewState): void {
    this.items = items;
    this.state = state;
    this.columns = model.columns;
    this.offsets = [];
    let x = 0;
    for (const c of this.columns) {
      this.offsets.push(x);
      x += c.width;
    }
    this.width = x;
    this.body.style.height = `${items.length * ROW_HEIGHT}px`;
    this.body.style.width = `${x}px`;
    this.head.style.width = `${x}px`;
    this.draw();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Draws the header and the rows in view, with a margin above and below. */
  draw(): void {
    const top = this.root.scrollTop;
    const left = this.root.scrollLeft;
    const height = this.root.clientHeight || 600;
    const width = this.root.clientWidth || 1200;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.items.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    // Column 0 is frozen; the others are drawn when they overlap the visible band.
    const cols: number[] = [0];
    for (let i = 1; i < this.columns.length; i++) {
      const x = this.offsets[i]!;
      if (x + this.columns[i]!.width >= left && x <= left + width) cols.push(i);
    }
    this.head.replaceChildren(...cols.map((i) => this.headerCell(i, left)));
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) rows.push(this.itemElement(this.items[i]!, i, cols, left));
    this.body.replaceChildren(...rows);
    this.root.setAttribute('data-first', String(first));
    this.root.setAttribute('data-drawn', String(last - first));
  }

  private place(e: HTMLElement, i: number, left: number): void {
    e.style.left = `${i === 0 ? left : this.offsets[i]!}px`;
    e.style.width = `${this.columns[i]!.width}px`;
  }

  private headerCell(i: number, left: number): HTMLElement {
    const c = this.columns[i]!;
    const sorted = this.state.sort?.column === c.id ? (this.state.sort.descending ? ' ▼' : ' ▲') : '';
    const h = el('div', `ss-hcell${c.id.startsWith('secret:') ? ' ss-secret-col' : ''}${i === 0 ? ' ss-frozen' : ''}`, c.label + sorted);
    h.setAttribute('data-col', c.id);
    h.setAttribute('role', 'columnheader');
    h.setAttribute('aria-sort', sorted ? (this.state.sort!.descending ? 'descending' : 'ascending') : 'none');
    h.title = c.title;
    h.tabIndex = 0;
    this.place(h, i, left);
    return h;
  }

  private itemElement(item: ViewItem, index: number, cols: number[], left: number): HTMLElement {
    if (item.type === 'group') {
      const g = el('div', 'ss-group', item.label);
      g.setAttribute('data-group', item.key);
      g.append(el('span', 'ss-count', `${item.count}`));
      g.style.top = `${index * ROW_HEIGHT}px`;
      g.style.width = `${this.width}px`;
      g.style.paddingLeft = `${left + 8}px`;
      return g;
    }
    const r = el('div', 'ss-row');
    r.setAttribute('role', 'row');
    r.setAttribute('data-row', String(item.row.id));
    r.style.top = `${index * ROW_HEIGHT}px`;
    r.style.width = `${this.width}px`;
    for (const i of cols) {
      const col = this.columns[i]!;
      const cell = cellOf(item.row, col.id);
      const c = el('div', `ss-cell tone-${cell.tone}${i === 0 ? ' ss-frozen' : ''}`);
      c.setAttribute('data-col', col.id);
      c.setAttribute('role', 'gridcell');
      cell.parts.forEach((part, n) => {
        if (n > 0) c.append(cell.sep ?? ', ');
        const p = part.at ? el('a', undefined, part.text) : el('span', undefined, part.text);
        if (part.at) setLink(p, part.at);
        if (part.title) p.title = part.title;
        c.append(p);
      });
      this.place(c, i, left);
      r.append(c);
    }
    return r;
  }
}
