// Golden tests per rule: test/golden/rules/<rule>/fires/ is a small workspace where the rule must fire
// and whose findings must match fires.expected.txt (caret under each range, Ruff-style); passes/ is the
// same workspace made good, where the rule must stay silent. UPDATE_GOLDENS=1 rewrites the snapshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../../server/src/core/rules/index.js';
import { loadWorkspaceDir, renderFindings, toCrlf } from '../support/workspace.js';

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
    if (process.env['UPDATE_GOLDENS'] || !existsSync(snap)) writeFileSync(snap, rendered);
    assert.equal(rendered, readFileSync(snap, 'utf8'));
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
