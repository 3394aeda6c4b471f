// The CLI's text output: one line per finding (`file:line:col  severity  rule  message`), grouped by
// file, related locations indented under it (each once per place), a summary at the end. Colour only when asked (TTY).
import type { Finding, InputNotice, Severity } from '../model.js';
import { summaryText, type AnalysisSummary } from '../render/summary.js';

const COLOURS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', hint: '\x1b[90m' };
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';

export function toText(findings: readonly Finding[], notices: readonly InputNotice[], options: { color: boolean; summary?: AnalysisSummary }): string {
  const c = (code: string, s: string) => (options.color ? `${code}${s}${RESET}` : s);
  const out: string[] = [];
  let current = '';
  let at = '';
  const shown = new Set<string>();
  for (const f of findings) {
    if (f.location.file !== current) {
      if (current) out.push('');
      current = f.location.file;
      out.push(c(BOLD, current));
    }
    const pos = `${f.location.file}:${f.location.range.start.line + 1}:${f.location.range.start.character + 1}`;
    if (pos !== at) {
      at = pos;
      shown.clear();
    }
    out.push(`${pos}  ${c(COLOURS[f.severity], f.severity.padEnd(7))}  ${f.rule}  ${f.message}`);
    const lines = f.decidedBy ? [`    decided by ${f.decidedBy}`] : [];
    for (const r of f.related) lines.push(`    ↳ ${r.location.file}:${r.location.range.start.line + 1}:${r.location.range.start.character + 1}  ${r.message}`);
    for (const line of lines) {
      // Findings at one place share most of their evidence: each related line once per place.
      if (shown.has(line)) continue;
      shown.add(line);
      out.push(c(DIM, line));
    }
  }
  if (notices.length) {
    if (out.length) out.push('');
    out.push(c(BOLD, 'Not analysed / input problems'));
    for (const n of notices) {
      const pos = n.range ? `${n.file}:${n.range.start.line + 1}:${n.range.start.character + 1}` : n.file;
      out.push(`${pos}  ${c(COLOURS[n.severity], n.severity.padEnd(7))}  ${n.message}`);
    }
  }
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  if (out.length) out.push('');
  out.push(
    findings.length === 0
      ? 'No findings.'
      : `${findings.length} finding${findings.length === 1 ? '' : 's'}: ${count('error')} error, ${count('warning')} warning, ${count('info')} info.`,
  );
  // What was analysed, last: a scan that analysed nothing must not end on a reassuring line alone.
  if (options.summary) out.push(...summaryText(options.summary));
  return out.join('\n') + '\n';
}
