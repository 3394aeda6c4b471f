// Reads the vulnerability reports a scan was given (`--vulns FILE|GLOB`, repeatable, and `vulnerabilities.reports`
// in the config file; in the editor also `secretSurface.vulnerabilities.reports`) and hands their text to the
// pure core. With `within`, a report whose real path leaves that folder is not read (the language server
// never reads outside its workspace folder). Globs are expanded under their fixed leading
// directories, bounded; a pattern that matches nothing and a report that cannot be read or parsed are notices
// (the scan goes on), never a silent pass.
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { compileGlobs } from '../core/config/globs.js';
import { parseVulnReport, MAX_REPORT_BYTES, type VulnReport } from '../core/vulns/reports.js';
import type { InputNotice } from '../core/model.js';

const MAX_FILES_WALKED = 20_000;
const SKIP = new Set(['.git', 'node_modules']);

function expand(pattern: string, base: string): string[] {
  if (!/[*?[{]/.test(pattern)) return [resolve(base, pattern)];
  const parts = pattern.replace(/\\/g, '/').split('/');
  const fixed: string[] = [];
  while (parts.length > 1 && !/[*?[{]/.test(parts[0]!)) fixed.push(parts.shift()!);
  const root = resolve(base, fixed.join('/') || '.');
  const match = compileGlobs([parts.join('/')]);
  const out: string[] = [];
  let walked = 0;
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (SKIP.has(name) || ++walked > MAX_FILES_WALKED) continue;
      const p = join(dir, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (match(relative(root, p).split(sep).join('/'))) out.push(p);
    }
  };
  walk(root);
  return out;
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

export interface ReadReports {
  reports: VulnReport[];
  notices: InputNotice[];
}

/** `shown` turns an absolute path into what messages call the file (relative to the working directory). */
export function readVulnReports(patterns: readonly { pattern: string; base: string; from: string }[], shown: (abs: string) => string, within?: string): ReadReports {
  const root = within === undefined ? undefined : realOrSelf(within);
  const reports: VulnReport[] = [];
  const notices: InputNotice[] = [];
  const seen = new Set<string>();
  for (const { pattern, base, from } of patterns) {
    const files = expand(pattern, base);
    if (files.length === 0) notices.push({ file: from, severity: 'warning', message: `vulnerability reports: no file matches ${pattern}` });
    for (const abs of files) {
      if (seen.has(abs)) continue;
      seen.add(abs);
      const name = shown(abs);
      if (root !== undefined) {
        const real = realOrSelf(abs);
        if (real !== root && !real.startsWith(root.endsWith(sep) ? root : root + sep)) {
          notices.push({ file: from, severity: 'warning', message: `vulnerability report not read: ${pattern} leads outside the workspace folder` });
          continue;
        }
      }
      let text: string;
      try {
        if (statSync(abs).size > MAX_REPORT_BYTES) throw new Error(`larger than ${MAX_REPORT_BYTES / (1024 * 1024)} MiB`);
        text = readFileSync(abs, 'utf8');
      } catch (e) {
        notices.push({ file: name, severity: 'error', message: `vulnerability report not read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}` });
        continue;
      }
      const r = parseVulnReport(name, text);
      if (r.ok) reports.push(r.report);
      else notices.push({ file: name, severity: 'error', message: `vulnerability report not used: ${r.error}` });
    }
  }
  return { reports, notices };
}
