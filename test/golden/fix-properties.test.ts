// Property test over every fix: on each fixture workspace (rule goldens, the example workspace, the fix
// goldens, generated variants) and on transformed copies (CRLF, tabs in comments, the Dockerfile escape
// directive), every fix offered on every finding is applied and must: leave files that parse; keep every
// comment and every line it does not touch byte-identical; make its finding go away after re-analysis;
// bring no new finding of equal or higher severity; and not be offered again (idempotent).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Workspace } from '../../server/src/core/workspace.js';
import { severityRank, type Finding } from '../../server/src/core/model.js';
import { applyFix, fixAllSafe, fixesFor, FIX_IDS, type Fix } from '../../server/src/core/fixes/index.js';
import { parseDockerfile } from '../../server/src/core/docker/index.js';
import { LineIndex } from '../../server/src/core/text/positions.js';
import { listFiles, toCrlf } from '../support/workspace.js';

function fixtureDirs(): string[] {
  const dirs = ['examples', 'test/fixtures/fixes/variants'];
  for (const rule of readdirSync('test/golden/rules')) for (const v of ['fires', 'passes']) dirs.push(join('test/golden/rules', rule, v));
  for (const id of readdirSync('test/golden/fixes')) if (existsSync(join('test/golden/fixes', id, 'input'))) dirs.push(join('test/golden/fixes', id, 'input'));
  return dirs;
}

const isDockerfile = (f: string) => /(^|\/)(Dockerfile|Containerfile)[^/]*$|\.Dockerfile$/.test(f);
const isYaml = (f: string) => /\.ya?ml$/.test(f);

/** Transforms a whole workspace: name → per-file text transform. */
const VARIANTS: Record<string, (file: string, text: string) => string> = {
  lf: (_f, t) => t,
  crlf: (_f, t) => toCrlf(t),
  'tabs-in-comments': (_f, t) => t.replace(/^([ \t]*)# (?!(escape|syntax)=)/gm, '$1#\t'),
  'escape-directive': (f, t) => (isDockerfile(f) && !/^#\s*escape=/m.test(t) ? `# escape=\`\n${t.replace(/\\(\r?\n)/g, '`$1')}` : t),
  // The last line ends in a continuation with nothing after it (with and without a final line break).
  'trailing-continuation': (f, t) => (isDockerfile(f) ? `${t.replace(/\s+$/, '')} \\${t.length % 2 ? '\n' : ''}` : t),
};

/** Identity of a finding that survives edits elsewhere in the file (not its message or line number). */
function key(f: Finding, files: Map<string, string>): string {
  if (f.workload) return [f.rule, f.location.file, f.workload.kind, f.workload.namespace, f.workload.name, f.container, String(f.data?.['site'] ?? '')].join('|');
  const text = files.get(f.location.file) ?? '';
  const line = new LineIndex(text).lineText(f.location.range.start.line).trim();
  return [f.rule, f.location.file, line, String(f.data?.['instruction'] ?? '')].join('|');
}

function commentsOf(text: string): string[] {
  return text.split(/\r?\n/).flatMap((l) => {
    const m = /(^|\s)(#.*)$/.exec(l);
    return m ? [m[2]!.trimEnd()] : [];
  });
}

function parseProblems(file: string, text: string): string[] {
  if (isYaml(file)) return parseAllDocuments(text).flatMap((d) => ('errors' in d ? d.errors.map((e) => e.message) : []));
  if (isDockerfile(file)) return parseDockerfile(file, text).notices.filter((n) => n.severity !== 'info').map((n) => n.message);
  return [];
}

/** The lines each change set touches, per file (0-based, in the original text). */
function touchedLines(fix: Fix): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const c of fix.edits) {
    if (c.kind !== 'edit') continue;
    const s = out.get(c.file) ?? new Set<number>();
    for (const e of c.edits) for (let l = e.range.start.line; l <= e.range.end.line; l++) s.add(l);
    out.set(c.file, s);
  }
  return out;
}

function isSubsequence(small: string[], big: string[]): boolean {
  let j = 0;
  for (const s of small) {
    while (j < big.length && big[j] !== s) j++;
    if (j === big.length) return false;
    j++;
  }
  return true;
}

function check(label: string, files: Map<string, string>, ws: Workspace, finding: Finding, fix: Fix, failures: string[]): void {
  const where = `${label}: ${fix.id} on ${finding.rule} at ${finding.location.file}:${finding.location.range.start.line + 1}`;
  const fail = (msg: string) => failures.push(`${where}: ${msg}`);
  let after: Map<string, string>;
  try {
    after = applyFix(fix, (f) => files.get(f));
  } catch (e) {
    fail(`cannot apply: ${(e as Error).message}`);
    return;
  }
  const touched = touchedLines(fix);
  for (const [file, text] of after) {
    const before = files.get(file);
    const problems = parseProblems(file, text);
    const old = before === undefined ? [] : parseProblems(file, before);
    if (problems.length > old.length) fail(`${file} no longer parses: ${problems.join('; ')}`);
    if (before === undefined) continue;
    const kept = commentsOf(text);
    for (const c of commentsOf(before)) if (!kept.includes(c)) fail(`${file} lost the comment "${c}"`);
    const lines = before.split(/\r?\n/);
    const t = touched.get(file) ?? new Set<number>();
    const untouched = lines.filter((_l, i) => !t.has(i));
    if (!isSubsequence(untouched, text.split(/\r?\n/))) fail(`${file}: lines the fix does not touch changed`);
  }
  const next = new Map(files);
  for (const [f, t] of after) next.set(f, t);
  const ws2 = new Workspace();
  for (const [f, t] of next) ws2.setFile(f, t);
  const beforeKeys = new Set(ws.analyze().findings.map((f) => key(f, files)));
  const findings2 = ws2.analyze().findings;
  const target = key(finding, files);
  if (findings2.some((f) => key(f, next) === target)) fail('the finding is still there after the fix');
  for (const f of findings2) {
    if (!beforeKeys.has(key(f, next)) && severityRank(f.severity) <= severityRank(finding.severity)) fail(`new ${f.severity} finding ${f.rule} at ${f.location.file}:${f.location.range.start.line + 1}: ${f.message}`);
  }
  const errors2 = ws2.analyze().notices.filter((n) => n.severity === 'error').length;
  if (errors2 > ws.analyze().notices.filter((n) => n.severity === 'error').length) fail('new input errors after the fix');
  // Idempotent: the same fix is not offered again.
  for (const f of findings2) {
    for (const again of fixesFor(ws2, f)) {
      if (!again.unavailable && again.id === fix.id && again.title === fix.title) fail('offered again after it was applied');
    }
  }
}

test('every offered fix: parses, keeps comments and unrelated lines, resolves its finding, adds nothing as bad, is idempotent', () => {
  const failures: string[] = [];
  let applied = 0;
  let fixtures = 0;
  const perFix = new Map<string, number>();
  for (const dir of fixtureDirs()) {
    for (const [variant, transform] of Object.entries(VARIANTS)) {
      // Apply the variant per file (the transform needs the file name).
      const vws = new Workspace();
      const vfiles = new Map<string, string>();
      for (const f of listFiles(dir)) {
        if (f.endsWith('.expected.txt')) continue;
        const v = transform(f, readFileSync(join(dir, f), 'utf8'));
        vfiles.set(f, v);
        vws.setFile(f, v);
      }
      fixtures++;
      const seen = new Set<string>();
      const silenced = new Set<string>();
      for (const finding of vws.analyze().findings) {
        for (const fix of fixesFor(vws, finding)) {
          if (fix.unavailable) {
            assert.equal(fix.edits.length, 0);
            assert.equal(fix.isPreferred, false);
            continue;
          }
          if (fix.isPreferred) assert.ok(fix.safe, `${fix.id} is preferred but not safe`);
          const k = `${finding.rule}|${JSON.stringify(finding.location)}|${fix.title}`;
          if (seen.has(k)) continue;
          seen.add(k);
          // A suppression writes the same comment or annotation whichever rule of a container (or instruction) it
          // names: one per fix and place in each variant covers its cases at a fraction of the cost.
          if (fix.silences) {
            const place = finding.workload ? `${finding.workload.kind}/${finding.workload.namespace}/${finding.workload.name}/${finding.container ?? ''}` : String(finding.location.range.start.line);
            const per = `${fix.id}|${finding.location.file}|${place}`;
            if (silenced.has(per)) continue;
            silenced.add(per);
          }
          applied++;
          perFix.set(fix.id, (perFix.get(fix.id) ?? 0) + 1);
          check(`${dir} [${variant}]`, vfiles, vws, finding, fix, failures);
        }
      }
      // "Fix all safe problems" per file obeys the same rules as a whole.
      for (const file of vfiles.keys()) {
        const all = fixAllSafe(vws, file);
        if (!all) continue;
        applied++;
        perFix.set('fix-all-safe', (perFix.get('fix-all-safe') ?? 0) + 1);
        const after = applyFix(all, (f) => vfiles.get(f));
        for (const [f, t] of after) {
          const p = parseProblems(f, t);
          if (p.length > parseProblems(f, vfiles.get(f) ?? '').length) failures.push(`${dir} [${variant}] fix-all-safe ${f}: ${p.join('; ')}`);
        }
      }
    }
  }
  console.log(`fix properties: ${applied} fix applications over ${fixtures} fixture workspaces (${fixtureDirs().length} workspaces × ${Object.keys(VARIANTS).length} variants); per fix: ${[...perFix].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  assert.ok(applied > 50, `only ${applied} fixes were exercised`);
  const never = FIX_IDS.filter((id) => !perFix.has(id));
  assert.deepEqual(never, [], `fixes never exercised by any fixture: ${never.join(', ')}`);
  assert.deepEqual(failures, []);
});
