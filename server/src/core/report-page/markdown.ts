// `scan --format markdown`: the exposure page as one compact table for a pull-request comment —
// containers that receive Secrets first (exposed, then unknown, then hardened), bounded in rows and
// characters with an "and N more" line, so a large workspace never overflows a comment.
import { cellOf, cellText } from './cells.js';
import type { ColumnId, PageModel, PageRow } from './model.js';
import { sortRows } from './view.js';

export interface MarkdownOptions {
  /** At most this many rows (default 30). */
  maxRows?: number;
  /** At most about this many characters (default 60,000; GitHub comments stop at 65,536). */
  maxChars?: number;
}

const COLUMNS: { id: ColumnId; label: string }[] = [
  { id: 'workload', label: 'Workload' },
  { id: 'namespace', label: 'Namespace' },
  { id: 'container', label: 'Container' },
  { id: 'image', label: 'Image' },
  { id: 'hardening', label: 'Hardening' },
  { id: 'shell', label: 'Shell' },
  { id: 'network', label: 'Network' },
  { id: 'interpreter', label: 'Interpreter' },
  { id: 'token', label: 'Token' },
];

export function toMarkdown(model: PageModel, opts: MarkdownOptions = {}): string {
  const maxRows = opts.maxRows ?? 30;
  const maxChars = opts.maxChars ?? 60_000;
  const s = model.summary;
  const head = [
    `### ${escape(model.title)}`,
    '',
    s.containers === 0
      ? 'No container was found: nothing was analysed.'
      : `${s.withSecrets} of ${s.containers} containers receive Secrets: **${s.exposed} exposed** (the image keeps a shell, network client or interpreter), ${s.unknown} unknown, ${s.hardened} hardened.`,
    '',
  ];
  if (model.notes.length) head.push('Not analysed:', '', ...model.notes.map((n) => `- ${escape(n)}`), '');
  const withSecrets = model.rows.filter((r) => Object.keys(r.secrets).length > 0);
  if (withSecrets.length === 0) return head.join('\n') + '\n';
  const cols = [...COLUMNS, ...(model.hasCves ? [{ id: 'cves' as ColumnId, label: 'CVEs' }] : [])];
  const header = `| ${cols.map((c) => c.label).join(' | ')} | Secrets (how) | Source |\n|${cols.map(() => '---').join('|')}|---|---|`;
  const lines: string[] = [];
  let used = head.join('\n').length + header.length;
  const ordered = sortRows(withSecrets, 'hardening');
  let shown = 0;
  for (const r of ordered) {
    const line = rowLine(r, cols);
    if (shown >= maxRows || used + line.length + 80 > maxChars) break;
    lines.push(line);
    used += line.length + 1;
    shown++;
  }
  const rest = ordered.length - shown;
  const more = rest > 0 ? ['', `…and ${rest} more container${rest === 1 ? '' : 's'} receiving Secrets (\`secret-surface scan --format html\` shows them all).`] : [];
  return [...head, header, ...lines, ...more].join('\n') + '\n';
}

function rowLine(r: PageRow, cols: { id: ColumnId }[]): string {
  const cells = cols.map((c) => {
    const t = cellText(cellOf(r, c.id));
    return c.id === 'image' ? code(t) : escape(t);
  });
  const secrets = Object.entries(r.secrets)
    .map(([name, ds]) => `${code(name)} ${escape(ds.map((d) => d.channel).join('+'))}`)
    .join(', ');
  return `| ${cells.join(' | ')} | ${secrets} | ${code(`${r.manifest.label}:${r.manifest.line + 1}`)} |`;
}

function escape(t: string): string {
  return t.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/([*_`<>[\]])/g, '\\$1');
}

function code(t: string): string {
  return '`' + t.replace(/`/g, "'").replace(/\|/g, '\\|') + '`';
}
