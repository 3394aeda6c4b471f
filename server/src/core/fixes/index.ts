// The two entry points over the fix catalog (./catalog.ts): the fixes for one finding, and "Fix all
// safe problems" for one file. Fixes are matched to findings by the rule ids they resolve, only.
import type { Finding } from '../model.js';
import type { Workspace } from '../workspace.js';
import { makeContext } from './context.js';
import { fixes } from './catalog.js';
import { isOneOf } from './fix.js';
import { mergeChanges } from './apply.js';
import { unsafeFix } from './safety.js';
import { silenceTogether } from './suppress.js';
import type { FileChange, Fix, FixOptions } from './types.js';

export type { Fix, FileChange, FixOptions, TextEdit } from './types.js';
export type { FixDef, FixDocs } from './fix.js';
export { fixes, FIX_IDS, type FixId } from './catalog.js';
export { applyEdits, applyFix, mergeChanges } from './apply.js';
export { unsafeFix, unsafePath } from './safety.js';

/** Every fix for one finding of `ws.analyze()`, available ones first, in order of value. */
export function fixesFor(ws: Workspace, finding: Finding, options: FixOptions = {}): Fix[] {
  const ctx = makeContext(ws, finding, options);
  const out: Fix[] = [];
  for (const def of fixes) {
    if (!isOneOf(def.resolves, finding.rule)) continue;
    let offered: Fix[];
    try {
      offered = def.offer(ctx);
    } catch {
      // A fix that cannot understand its input offers nothing; the diagnostic still stands.
      continue;
    }
    for (const f of offered) {
      // Never a path outside the workspace or a created file that does not parse, whatever a module computed.
      const unsafe = f.unavailable ? undefined : unsafeFix(f);
      if (unsafe) f.unavailable = unsafe;
      // Preferred only when safe, whatever a module says.
      if (!f.safe || f.unavailable) f.isPreferred = false;
      if (f.unavailable) f.edits = [];
      out.push(f);
    }
  }
  return [...out.filter((f) => !f.unavailable), ...out.filter((f) => f.unavailable)];
}

/**
 * The suppressions for findings that stand at one place as one problem (same file, range, workload and
 * container): one annotation and one comment fix naming all their rules.
 */
export function silencesFor(ws: Workspace, findings: readonly Finding[], options: FixOptions = {}): Fix[] {
  const first = findings[0];
  if (!first) return [];
  const ids = [...new Set(findings.map((f) => f.rule))];
  try {
    return silenceTogether(makeContext(ws, first, options), ids).filter((f) => !unsafeFix(f));
  } catch {
    return [];
  }
}

/**
 * The safe fixes (never a suppression) of the findings `wanted` keeps whose changes `allowed` accepts,
 * each distinct change set once, merged; a fix that would touch what an earlier one touches waits for the next run.
 */
function mergeSafe(ws: Workspace, options: FixOptions, wanted: (f: Finding) => boolean, allowed: (fix: Fix) => boolean): { changes: FileChange[]; merged: Fix[] } {
  const candidates: Fix[] = [];
  const seen = new Set<string>();
  for (const finding of ws.analyze().findings) {
    if (!wanted(finding)) continue;
    for (const fix of fixesFor(ws, finding, options)) {
      if (!fix.safe || fix.silences || fix.unavailable || fix.edits.length === 0 || !allowed(fix)) continue;
      const key = JSON.stringify(fix.edits);
      if (seen.has(key)) continue;
      seen.add(key);
      candidates.push(fix);
    }
  }
  return mergeChanges(candidates);
}

function fixAllOf(merged: Fix[], changes: FileChange[], title: string): Fix | undefined {
  if (merged.length === 0) return undefined;
  return {
    id: 'fix-all-safe',
    title: `${title} (${merged.length} fix${merged.length > 1 ? 'es' : ''})`,
    rules: [...new Set(merged.flatMap((f) => f.rules))],
    safe: true,
    isPreferred: false,
    edits: changes,
  };
}

/** "Fix all safe problems" in one file: every safe fix of the file's findings whose edits stay in that file. */
export function fixAllSafe(ws: Workspace, file: string, options: FixOptions = {}): Fix | undefined {
  const { changes, merged } = mergeSafe(ws, options, (f) => f.location.file === file, (fix) => fix.edits.every((c) => c.file === file && c.kind === 'edit'));
  return fixAllOf(merged, changes, `Fix all safe problems in ${file}`);
}

/** "Fix all safe problems" in the whole workspace: every safe fix of every finding, as one change set over all the files it edits. */
export function fixAllSafeInWorkspace(ws: Workspace, options: FixOptions = {}): Fix | undefined {
  const { changes, merged } = mergeSafe(ws, options, () => true, (fix) => fix.edits.every((c) => c.kind === 'edit'));
  const files = new Set(changes.map((c) => c.file)).size;
  return fixAllOf(merged, changes, `Fix all safe problems in the workspace, ${files} file${files > 1 ? 's' : ''}`);
}
