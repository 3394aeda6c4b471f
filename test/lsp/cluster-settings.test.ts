// The cluster check's kubeconfig as the editor passes it (secretSurface.cluster.kubeconfig → the
// `kubeconfig` parameter), over stdio against the built server: a missing file is an answer that names
// the setting that does exist; a KUBECONFIG-style list is read as kubectl reads it; in an untrusted
// workspace the file is not even opened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ListContextsRequest, type ListContextsResult } from '../../server/src/protocol.js';
import { clientOver } from './lsp-client.js';

const SERVER = fileURLToPath(new URL('../../../server/out/server.js', import.meta.url));
const skip = existsSync(SERVER) ? false : 'server/out/server.js not built (npm run build)';

const kubeconfig = (ctx: string, token: string) =>
  [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${ctx}`,
    `clusters: [{ name: ${ctx}, cluster: { server: "https://127.0.0.1:6443" } }]`,
    `users: [{ name: ${ctx}-user, user: { token: ${token} } }]`,
    `contexts: [{ name: ${ctx}, context: { cluster: ${ctx}, user: ${ctx}-user, namespace: shop } }]`,
    '',
  ].join('\n');

async function listContexts(trusted: boolean, kubeconfigParam: string, root: string): Promise<ListContextsResult> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, KUBECONFIG: join(root, 'not-this-one') } });
  const client = clientOver(child.stdout, child.stdin);
  client.processId = process.pid;
  try {
    await client.initialize([pathToFileURL(root).href], { trusted });
    const r = await client.conn.sendRequest(ListContextsRequest, { kubeconfig: kubeconfigParam });
    await client.shutdown();
    return r;
  } finally {
    child.kill();
  }
}

test('the kubeconfig the editor setting names: missing, a list, untrusted', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-lsp-kubeconfig-'));
  try {
    const missing = await listContexts(true, join(dir, 'absent.yaml'), dir);
    assert.equal(missing.ok, false);
    assert.ok(!missing.ok && missing.kind === 'no-kubeconfig');
    assert.match(!missing.ok ? missing.message : '', /^No kubeconfig found \(looked for .*absent\.yaml\)\. Set secretSurface\.cluster\.kubeconfig .*, set KUBECONFIG, or create ~\/\.kube\/config\.$/);

    writeFileSync(join(dir, 'a.yaml'), kubeconfig('staging', 'tok-staging-0123456789'));
    writeFileSync(join(dir, 'b.yaml'), kubeconfig('prod', 'tok-prod-0123456789'));
    const listed = await listContexts(true, [join(dir, 'a.yaml'), join(dir, 'b.yaml')].join(delimiter), dir);
    assert.ok(listed.ok, JSON.stringify(listed));
    // The first file's current context first, as kubectl merges them; no credential in the answer.
    assert.deepEqual(listed.ok && listed.contexts.map((c) => `${c.name}${c.current ? '*' : ''} ${c.namespace} ${c.server}`), ['staging* shop https://127.0.0.1:6443', 'prod shop https://127.0.0.1:6443']);
    assert.ok(!JSON.stringify(listed).includes('tok-'), 'a token in the answer');

    const untrusted = await listContexts(false, join(dir, 'a.yaml'), dir);
    assert.ok(!untrusted.ok && untrusted.kind === 'untrusted', JSON.stringify(untrusted));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
