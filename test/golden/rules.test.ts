// Golden tests per rule: test/golden/rules/<rule>/fires/ is a small workspace where the rule must fire
// and whose findings must match fires.expected.txt (caret under each range, Ruff-style); passes/ is the
// same workspace made good, where the rule must stay silent. UPDATE_GOLDENS=1 writes the snapshots;
// without it a missing or different snapshot fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rules } from '../../server/src/core/rules/index.js';
import { loadWorkspaceDir, renderFindings, toCrlf } from '../support/workspace.js';
import { matchSnapshot } from '../support/snapshot.js';

const ROOT = 'test/golden/rules';

for (const rule of rules) {
  test(`${rule.id}: fires on its golden workspace and matches the snapshot (LF and CRLF)`, () => {
    const dir = join(ROOT, rule.id, 'fires');
    assert.ok(existsSync(dir), `missing golden workspace ${dir}`);
    const { ws, files } = loadWorkspaceDir(dir);
    const findings = ws.analyze().findings.filter((f) => f.rule === rule.id);
    assert.ok(findings.length > 0, `${rule.id} did not fire on ${dir}`);
    const rendered = renderFindings(findings, files);
    const snap = join(ROOT, rule.id, 'fires.expected.txt');
    matchSnapshot(snap, rendered);
    // The same workspace with CRLF line ends gives the same findings at the same positions.
    const crlf = loadWorkspaceDir(dir, toCrlf).ws.analyze().findings.filter((f) => f.rule === rule.id);
    assert.deepEqual(
      crlf.map((f) => [f.location, f.message]),
      findings.map((f) => [f.location, f.message]),
    );
  });

  test(`${rule.id}: stays silent on the hardened variant`, () => {
    const dir = join(ROOT, rule.id, 'passes');
    assert.ok(existsSync(dir), `missing golden workspace ${dir}`);
    const { ws } = loadWorkspaceDir(dir);
    const findings = ws.analyze().findings.filter((f) => f.rule === rule.id);
    assert.deepEqual(findings.map((f) => f.message), []);
  });
}

test('a missing snapshot fails and is not written (only UPDATE_GOLDENS=1 writes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-golden-'));
  try {
    const snap = join(dir, 'fires.expected.txt');
    assert.throws(() => matchSnapshot(snap, 'rendered\n', false), /missing snapshot .*run UPDATE_GOLDENS=1 and review/);
    assert.equal(existsSync(snap), false, 'nothing written');
    matchSnapshot(snap, 'rendered\n', true);
    assert.doesNotThrow(() => matchSnapshot(snap, 'rendered\n', false));
    assert.throws(() => matchSnapshot(snap, 'other\n', false), /differs: run UPDATE_GOLDENS=1 and review/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
