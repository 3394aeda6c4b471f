// A test that ends while the server still indexes (its progress, its requests for configuration in
// flight) must leave no unhandled rejection behind for the tests after it ("Connection is disposed").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateMonorepo } from '../../bench/generate.js';
import { Workspace } from '../../server/src/core/workspace.js';
import { inProcess } from './lsp-client.js';

test('an in-process session disposed while a folder indexes leaves no unhandled rejection', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-progress-'));
  const repo = generateMonorepo(join(dir, 'mono'), 400, 40).root;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  process.on('unhandledRejection', onUnhandled);
  try {
    for (let round = 0; round < 5; round++) {
      const { client, dispose } = inProcess({ createWorkspace: (settings, f) => new Workspace({ settings, workspaceName: f.dirName }) });
      await client.initialize([pathToFileURL(repo).href]);
      // The index reports progress as it reads and analyses; the connection goes away at a different
      // point each round.
      await new Promise((r) => setTimeout(r, 5 + round * 15));
      dispose();
    }
    // Whatever the index still sends lands after the dispose.
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(unhandled.map((e) => (e instanceof Error ? e.stack : String(e))), []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
    rmSync(dir, { recursive: true, force: true });
  }
});
