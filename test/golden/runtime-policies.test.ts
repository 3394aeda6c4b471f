// Golden runtime policies for the examples/ workspace, per engine and mode (and with the fixture baseline).
// A missing snapshot fails: run UPDATE_GOLDENS=1 and review the written file before committing it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWorkspaceDir } from '../support/workspace.js';
import { generateRuntimePolicy, parseObservedBaseline, runtimeEngines, type RuntimeMode } from '../../server/src/core/policy/runtime/index.js';

const ROOT = 'test/golden/runtime';

export const RUNTIME_GOLDENS: { file: string; engine: (typeof runtimeEngines)[number]['id']; mode: RuntimeMode; baseline?: string }[] = [
  ...runtimeEngines.map((e) => ({ file: `examples.${e.id}.yaml`, engine: e.id, mode: 'audit' as const })),
  ...runtimeEngines.filter((e) => e.canBlock).map((e) => ({ file: `examples.${e.id}.block.yaml`, engine: e.id, mode: 'block' as const })),
  { file: 'examples.falco.baseline.yaml', engine: 'falco', mode: 'audit', baseline: 'test/fixtures/runtime/baseline.yaml' },
];

for (const g of RUNTIME_GOLDENS) {
  test(`runtime policy golden: ${g.file}`, () => {
    const exposures = loadWorkspaceDir('examples').ws.analyze().exposures;
    let baseline;
    if (g.baseline) {
      const r = parseObservedBaseline(readFileSync(g.baseline, 'utf8'));
      assert.ok(r.ok);
      baseline = r.baseline;
    }
    const yaml = generateRuntimePolicy(exposures, g.engine, { mode: g.mode, ...(baseline ? { baseline } : {}) }).yaml;
    const snap = join(ROOT, g.file);
    if (process.env['UPDATE_GOLDENS']) writeFileSync(snap, yaml);
    assert.ok(existsSync(snap), `missing golden ${snap}: run UPDATE_GOLDENS=1 and review`);
    assert.equal(yaml, readFileSync(snap, 'utf8'));
  });
}
