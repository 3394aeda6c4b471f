// `secretSurface/runtimePolicy` over LSP in-process: the server writes the runtime baseline of the workspace
// folder on disk for each engine, widens it with a baseline file, and answers failures as answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Workspace } from '../../server/src/core/workspace.js';
import { RuntimePolicyRequest, type RuntimePolicyResult } from '../../server/src/protocol.js';
import { registerRuntimePolicyRequest } from '../../server/src/lsp/runtime-request.js';
import { inProcess } from './lsp-client.js';

test('the runtime policy request: each engine\'s golden YAML from the folder on disk, a baseline, and failures as answers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'surface-runtime-lsp-'));
  cpSync('examples', dir, { recursive: true });
  const { client, dispose } = inProcess({ createWorkspace: (s) => new Workspace({ settings: s }), extend: registerRuntimePolicyRequest });
  try {
    const folder = pathToFileURL(dir).toString();
    await client.initialize([folder]);
    for (const engine of ['falco', 'tetragon', 'kubearmor'] as const) {
      const r = (await client.conn.sendRequest(RuntimePolicyRequest, { engine, folderUri: folder })) as RuntimePolicyResult;
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.yaml, readFileSync(`test/golden/runtime/examples.${engine}.yaml`, 'utf8'));
      assert.match(r.summary, /5 containers covered, 1 not covered/);
    }
    const block = (await client.conn.sendRequest(RuntimePolicyRequest, { engine: 'tetragon', mode: 'block' })) as RuntimePolicyResult;
    assert.ok(block.ok && block.yaml === readFileSync('test/golden/runtime/examples.tetragon.block.yaml', 'utf8'));
    const baseline = pathToFileURL(join(process.cwd(), 'test/fixtures/runtime/baseline.yaml')).toString();
    const widened = (await client.conn.sendRequest(RuntimePolicyRequest, { engine: 'falco', baselineUri: baseline, folderUri: folder })) as RuntimePolicyResult;
    assert.ok(widened.ok && widened.yaml === readFileSync('test/golden/runtime/examples.falco.baseline.yaml', 'utf8'));
    const badFile = join(dir, 'bad-baseline.yaml');
    writeFileSync(badFile, 'version: 3\nobserved: []\n');
    const bad = (await client.conn.sendRequest(RuntimePolicyRequest, { engine: 'falco', baselineUri: pathToFileURL(badFile).toString() })) as RuntimePolicyResult;
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.message : '', /invalid baseline .*\n {2}`version` must be 1, not 3/);
    const unknown = (await client.conn.sendRequest(RuntimePolicyRequest, { engine: 'sysdig' as never })) as RuntimePolicyResult;
    assert.match(!unknown.ok ? unknown.message : '', /unknown runtime engine "sysdig"/);
    const remote = (await client.conn.sendRequest(RuntimePolicyRequest, { engine: 'falco', baselineUri: 'https://example.com/b.yaml' })) as RuntimePolicyResult;
    assert.match(!remote.ok ? remote.message : '', /must be a local file/);
  } finally {
    dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
