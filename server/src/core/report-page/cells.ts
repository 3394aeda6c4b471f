// What each matrix cell says: its parts (text, the file and line it opens, a tooltip), the value it is
// sorted by and its tone. The browser draws these, the filter searches their text and the Markdown
// table prints it, so a cell reads the same everywhere.
import type { ColumnId, PageLink, PageRow, PageTool } from './model.js';

export type Tone = 'bad' | 'warn' | 'ok' | 'unknown' | 'none';

export interface CellPart {
  text: string;
  at?: PageLink;
  title?: string;
}

export interface Cell {
  parts: CellPart[];
  /** Sorted as a number when it is one (descending first), else as text. */
  sort: string | number;
  tone: Tone;
  /** Between parts (default ", "). */
  sep?: string;
}

const KIND_WORDS: Record<string, string> = { initContainer: 'init', sidecar: 'sidecar', ephemeralContainer: 'ephemeral' };

const HARDENING_RANK = { exposed: 0, unknown: 1, hardened: 2 } as const;

export function cellOf(row: PageRow, column: ColumnId): Cell {
  switch (column) {
    case 'workload':
      return { parts: [{ text: `${row.kind} ${row.name}`, at: row.manifest, title: `${row.manifest.label}:${row.manifest.line + 1}` }], sort: `${row.name}\u0000${row.kind}`, tone: 'none' };
    case 'namespace':
      return text(row.namespace);
    case 'container':
      return text(row.containerKind === 'container' ? row.container : `${row.container} (${KIND_WORDS[row.containerKind] ?? row.containerKind})`);
    case 'image':
      return { parts: [{ text: row.image, at: row.manifest, title: `image: in ${row.manifest.label}:${row.manifest.line + 1}` }], sort: row.image, tone: 'none' };
    case 'secrets': {
      const names = Object.keys(row.secrets).sort();
      if (names.length === 0) return { parts: [{ text: 'none' }], sort: 0, tone: 'none' };
      return {
        parts: names.map((n) => {
          const ds = row.secrets[n]!;
          return { text: `${n} (${ds.map((d) => d.channel).join('+')})`, ...(ds[0]?.at ? { at: ds[0].at } : {}), title: ds.map((d) => `${d.channel}${d.optional ? ' (optional)' : ''}${d.at ? ` at ${d.at.label}:${d.at.line + 1}` : ''}`).join('; ') };
        }),
        sort: names.length,
        tone: secretTone(row),
      };
    }
    case 'hardening':
      return {
        parts: [{ text: row.hardening, ...(row.unresolved ? { title: row.unresolved } : {}) }],
        sort: HARDENING_RANK[row.hardening],
        tone: row.hardening === 'exposed' ? 'bad' : row.hardening === 'unknown' ? 'warn' : 'ok',
      };
    case 'shell':
    case 'network':
    case 'interpreter':
      return tools(row[column], row.hardening === 'unknown');
    case 'token':
      return {
        parts: [{ text: row.token.mounted ? 'mounted' : 'not mounted', ...(row.token.at ? { at: row.token.at } : {}), ...(row.token.decidedBy ? { title: `decided by ${row.token.decidedBy}` } : {}) }],
        sort: row.token.mounted ? 0 : 1,
        tone: row.token.mounted ? (row.hardening === 'hardened' ? 'warn' : 'bad') : 'ok',
      };
    case 'link':
      if (!row.dockerfile) return { parts: [{ text: row.factsFrom === 'unknown' ? 'not linked' : `no Dockerfile (${row.factsFrom})` }], sort: '\uffff', tone: row.factsFrom === 'unknown' ? 'warn' : 'none' };
      return {
        parts: [{ text: `${row.dockerfile.at.label}:${row.dockerfile.at.line + 1}`, at: row.dockerfile.at, title: row.dockerfile.reason }, ...(row.dockerfile.source ? [{ text: `(${row.dockerfile.source})`, title: row.dockerfile.reason }] : [])],
        sort: row.dockerfile.at.label,
        tone: 'none',
        sep: ' ',
      };
    case 'base':
      return text(row.baseImage ?? (row.factsFrom === 'unknown' ? 'unknown' : row.factsFrom));
    case 'cves': {
      const c = row.cves;
      if (!c) return { parts: [{ text: '–', title: 'no vulnerability report names this image' }], sort: -1, tone: 'none' };
      const total = c.critical + c.high + c.medium + c.low + c.unknown;
      return {
        parts: [{ text: `${c.critical}C ${c.high}H ${c.medium}M ${c.low}L`, title: `${total} vulnerabilities: ${c.critical} critical, ${c.high} high, ${c.medium} medium, ${c.low} low, ${c.unknown} unknown` }],
        sort: c.critical * 1e9 + c.high * 1e6 + c.medium * 1e3 + c.low,
        tone: c.critical > 0 ? 'bad' : c.high > 0 ? 'warn' : 'none',
      };
    }
    default: {
      const deliveries = row.secrets[column.slice('secret:'.length)];
      if (!deliveries) return { parts: [], sort: '\uffff', tone: 'none' };
      return {
        parts: deliveries.map((d) => ({ text: d.optional ? `${d.channel}?` : d.channel, ...(d.at ? { at: d.at } : {}), title: `${d.channel}${d.optional ? ' (optional)' : ''}${d.at ? ` at ${d.at.label}:${d.at.line + 1}` : ''}` })),
        sort: deliveries.map((d) => d.channel).join(','),
        tone: secretTone(row),
      };
    }
  }
}

/** The cell's text as one string (filtering, Markdown). */
export function cellText(cell: Cell): string {
  return cell.parts.map((p) => p.text).join(cell.sep ?? ', ');
}

/** A Secret in an exposed image is the finding; in an unknown one it is not decided. */
function secretTone(row: PageRow): Tone {
  return row.hardening === 'exposed' ? 'bad' : row.hardening === 'unknown' ? 'warn' : 'ok';
}

function text(t: string): Cell {
  return { parts: [{ text: t }], sort: t, tone: 'none' };
}

function tools(ts: PageTool[], unknown: boolean): Cell {
  if (ts.length === 0) return { parts: [{ text: unknown ? '?' : '–', ...(unknown ? { title: 'not decided: the image is unknown' } : {}) }], sort: unknown ? 1 : 0, tone: unknown ? 'unknown' : 'none' };
  return {
    parts: ts.map((t) => ({ text: t.unverified ? `${t.tool}?` : t.tool, ...(t.at ? { at: t.at } : {}), title: `${t.tool}${t.unverified ? ' (may have)' : ''}${t.origin ? `: ${t.origin}` : ''}${t.at ? ` — ${t.at.label}:${t.at.line + 1}` : ''}` })),
    sort: ts.length + 1,
    tone: 'bad',
  };
}
