// Typing a key character by character into a manifest of the example workspace, in process and over
// stdio against the built server: after every keystroke (a request answered after it is the barrier)
// no finding of any file disappears — the manifest keeps its last good analysis, marked stale, beside
// the buffer's parse error; the Dockerfile's findings do not change at all — no code action is offered
// on the stale file, and once the key is complete the findings are current again.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { Workspace } from '../../server/src/core/workspace.js';
import { coreFixes } from '../../server/src/lsp/code-actions.js';
import { clientOver, codeOf, inProcess, type TestClient } from './lsp-client.js';

const SERVER = fileURLToPath(new URL('../../../server/out/server.js', import.meta.url));
const KEY = 'resources';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.reverse()) c();
  cleanup = [];
});

function examples() {
  const dir = mkdtempSync(join(tmpdir(), 'ss-mid-edit-'));
  cpSync('examples', dir, { recursive: true });
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, uri: (rel: string) => pathToFileURL(join(dir, rel)).href, read: (rel: string) => readFileSync(join(dir, rel), 'utf8') };
}

const findingsOf = (ds: readonly Diagnostic[] | undefined) => (ds ?? []).filter((d) => codeOf(d) !== undefined);
const keyOf = (d: Diagnostic) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`;

async function typeKey(client: TestClient, uri: (rel: string) => string, read: (rel: string) => string): Promise<{ steps: number; invalid: number }> {
  const manifest = uri('k8s/api.yaml');
  const docker = uri('services/api/Dockerfile');
  const text = read('k8s/api.yaml');
  await client.open(manifest, text);
  await client.waitFor(() => findingsOf(client.diagnostics.get(manifest)).length >= 4 && client.nonEmpty(docker), 'manifest and Dockerfile findings');
  const before = findingsOf(client.diagnostics.get(manifest)).map(keyOf).sort();
  const dockerBefore = JSON.stringify(client.diagnostics.get(docker));
  // A new key typed under `image:`, one character at a time, the colon last.
  const at = text.indexOf('\n', text.indexOf('image: registry.example.com/shop/api')) + 1;
  const typed = [...Array.from({ length: KEY.length }, (_, i) => KEY.slice(0, i + 1)), `${KEY}:`];
  let invalid = 0;
  for (const [i, key] of typed.entries()) {
    await client.change(manifest, `${text.slice(0, at)}          ${key}\n${text.slice(at)}`);
    // Barrier: the server answers this request only after it analysed and published the change.
    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: manifest },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: findingsOf(client.diagnostics.get(manifest)).slice(0, 1) },
    })) as CodeAction[];
    const now = client.diagnostics.get(manifest) ?? [];
    assert.equal(JSON.stringify(client.diagnostics.get(docker)), dockerBefore, `keystroke ${i + 1}: the Dockerfile's diagnostics changed`);
    const parseError = now.find((d) => codeOf(d) === undefined && /Invalid YAML/.test(d.message));
    if (i < typed.length - 1) {
      // Mid-key: the last good findings, every one of them, marked stale; the parse error beside them; no fixes.
      assert.ok(parseError, `keystroke ${i + 1}: no parse error among ${now.map((d) => d.message).join(' | ')}`);
      assert.match(parseError.message, /last version that parsed/);
      assert.deepEqual(findingsOf(now).map(keyOf).sort(), before, `keystroke ${i + 1}: findings changed`);
      for (const d of findingsOf(now)) assert.match(d.message, /\(stale: findings in this file are from its last version that parsed\)$/);
      assert.deepEqual(actions, [], 'fixes computed on the last good text are not offered on the buffer');
      invalid++;
    } else {
      assert.equal(parseError, undefined);
      const after = findingsOf(now);
      assert.deepEqual(after.map((d) => codeOf(d)).sort(), before.map((k) => k.split('@')[0]).sort(), 'the same findings, current again');
      for (const d of after) assert.doesNotMatch(d.message, /stale/);
    }
  }
  return { steps: typed.length, invalid };
}

test('in process: typing an invalid key keeps every finding (stale) and the Dockerfile untouched', async () => {
  const ws = examples();
  const { client, dispose } = inProcess({ createWorkspace: (s) => new Workspace({ settings: s }), fixes: coreFixes });
  cleanup.push(dispose);
  await client.initialize([ws.uri('')]);
  const r = await typeKey(client, ws.uri, ws.read);
  assert.equal(r.invalid, KEY.length, 'every partial key was invalid YAML');
});

test('over stdio (the built server): the same keystrokes, the same guarantees', { skip: existsSync(SERVER) ? false : 'server/out/server.js not built' }, async () => {
  const ws = examples();
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  cleanup.push(() => child.kill());
  const client = clientOver(child.stdout, child.stdin);
  client.processId = process.pid;
  await client.initialize([ws.uri('')]);
  const r = await typeKey(client, ws.uri, ws.read);
  assert.equal(r.invalid, KEY.length);
  await client.shutdown();
  await exited;
});
