// Golden tests per fix: test/golden/fixes/<fix-id>/input/ is a small workspace; every fix of that id
// offered on its findings is applied and rendered as its title plus the unified diff it makes, and the
// result must match expected.txt. Fixes that are not offered show the reason. UPDATE_GOLDENS=1 writes
// the snapshots; without it a missing or different snapshot fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { applyFix, fixesFor, FIX_IDS } from '../../server/src/core/fixes/index.js';
import { loadWorkspaceDir } from '../support/workspace.js';
import { matchSnapshot } from '../support/snapshot.js';
import { unifiedDiff } from './fixes/diff.js';

const ROOT = 'test/golden/fixes';

export function renderFixes(dir: string, id: string): { rendered: string; offered: number } {
  const { ws, files } = loadWorkspaceDir(dir);
  const out: string[] = [];
  const seen = new Set<string>();
  let offered = 0;
  for (const finding of ws.analyze().findings) {
    for (const fix of fixesFor(ws, finding)) {
      if (fix.id !== id) continue;
      const key = JSON.stringify([fix.title, fix.edits, fix.unavailable]);
      if (seen.has(key)) continue;
      seen.add(key);
      const where = `${finding.location.file}:${finding.location.range.start.line + 1} ${finding.rule}`;
      if (fix.unavailable) {
        out.push(`## not offered on ${where}`, `# ${fix.title}`, `# why: ${fix.unavailable}`, '');
        continue;
      }
      offered++;
      out.push(`## on ${where}`, `# title: ${fix.title}`, `# resolves: ${fix.rules.join(', ')}; safe: ${fix.safe}; preferred: ${fix.isPreferred}`);
      const after = applyFix(fix, (f) => files.get(f));
      for (const [file, text] of after) out.push(unifiedDiff(file, files.get(file), text));
      out.push('');
    }
  }
  return { rendered: out.join('\n'), offered };
}

for (const id of FIX_IDS) {
  test(`${id}: golden diff (input, title, resulting diff)`, () => {
    const dir = join(ROOT, id, 'input');
    assert.ok(existsSync(dir), `missing golden workspace ${dir}`);
    const { rendered, offered } = renderFixes(dir, id);
    assert.ok(offered > 0, `${id} offered no fix on ${dir}`);
    const snap = join(ROOT, id, 'expected.txt');
    matchSnapshot(snap, rendered);
  });
}
