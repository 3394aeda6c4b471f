// Code actions through the language server with the real core, in-process over LSP: quick fixes matched
// to our diagnostics by rule id, preferred only when safe, versioned edits for open documents (null for
// files that are not open), create-file operations that refuse to overwrite, disabled actions that say
// why, the fix-all source action, and applying an action clearing its diagnostic.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CreateFile, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { Workspace } from '../../server/src/core/workspace.js';
import { applyEdits } from '../../server/src/core/fixes/index.js';
import { coreFixes, FIX_ALL_KIND, FIX_ALL_WORKSPACE_KIND } from '../../server/src/lsp/code-actions.js';
import { codeOf, inProcess, type TestClient } from './lsp-client.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.reverse()) c();
  cleanup = [];
});

async function start() {
  const dir = mkdtempSync(join(tmpdir(), 'ss-code-actions-'));
  cpSync('test/fixtures/fixes/lsp-shop', dir, { recursive: true });
  const uri = (rel: string) => pathToFileURL(join(dir, rel)).href;
  const read = (rel: string) => readFileSync(join(dir, rel), 'utf8');
  const { client, dispose } = inProcess({ createWorkspace: (s) => new Workspace({ settings: s }), fixes: coreFixes });
  cleanup.push(dispose, () => rmSync(dir, { recursive: true, force: true }));
  await client.initialize([uri('')]);
  return { client, uri, read };
}

function actions(client: TestClient, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
}

const diag = (client: TestClient, uri: string, code: string) => client.diagnostics.get(uri)?.filter((d) => codeOf(d) === code);
/** The diagnostics of `code` once there are at least `n` (for waitFor). */
const atLeast = (client: TestClient, uri: string, code: string, n = 1): Diagnostic[] | undefined => {
  const ds = diag(client, uri, code);
  return ds && ds.length >= n ? ds : undefined;
};

test('the server advertises code actions: quick fixes and the fix-all source action', async () => {
  const { client, dispose } = inProcess({ createWorkspace: (s) => new Workspace({ settings: s }), fixes: coreFixes });
  cleanup.push(dispose);
  const result = (await client.initialize([])) as { capabilities: { codeActionProvider?: { codeActionKinds?: string[] } } };
  assert.deepEqual(result.capabilities.codeActionProvider?.codeActionKinds, ['quickfix', FIX_ALL_KIND, FIX_ALL_WORKSPACE_KIND]);
});

test('exec-form quick fix on an open Dockerfile: preferred, versioned, and applying it clears the diagnostic', async () => {
  const { client, uri, read } = await start();
  const docker = uri('web/Dockerfile');
  const text = read('web/Dockerfile');
  await client.open(docker, text);
  await client.change(docker, text); // version 2
  const ds = await client.waitFor(() => atLeast(client, docker, 'shell-form-without-shell'), 'shell-form diagnostic');
  const list = await actions(client, docker, ds);
  const fix = list.find((a) => a.title.startsWith('Rewrite in exec form'));
  assert.ok(fix, `actions: ${list.map((a) => a.title).join(' | ')}`);
  assert.equal(fix.kind, 'quickfix');
  assert.equal(fix.isPreferred, true);
  assert.equal(codeOf(fix.diagnostics![0]!), 'shell-form-without-shell');
  const change = fix.edit!.documentChanges![0] as TextDocumentEdit;
  assert.equal(change.textDocument.uri, docker);
  assert.equal(change.textDocument.version, 2);
  const fixed = applyEdits(text, change.edits);
  assert.match(fixed, /^CMD \["server\.js"\]$/m);
  await client.change(docker, fixed);
  await client.waitFor(() => (client.diagnostics.get(docker) ?? []).every((d) => codeOf(d) !== 'shell-form-without-shell'), 'diagnostic cleared');
});

test('CSI quick fix on a manifest that is not open: unsafe, version null, and a create that never overwrites', async () => {
  const { client, uri } = await start();
  const manifest = uri('k8s/web.yaml');
  const ds = await client.waitFor(() => atLeast(client, manifest, 'secret-volume-not-csi'), 'secret-volume-not-csi');
  const list = await actions(client, manifest, ds);
  const csi = list.find((a) => /Secrets Store CSI/.test(a.title));
  assert.ok(csi, `actions: ${list.map((a) => a.title).join(' | ')}`);
  assert.equal(csi.isPreferred, undefined);
  const changes = csi.edit!.documentChanges!;
  const edit = changes.find((c) => !('kind' in c)) as TextDocumentEdit;
  assert.equal(edit.textDocument.uri, manifest);
  assert.equal(edit.textDocument.version, null);
  const create = changes.find((c) => 'kind' in c && c.kind === 'create') as CreateFile;
  assert.equal(create.uri, uri('k8s/web-tls-secret-provider-class.yaml'));
  assert.deepEqual(create.options, { overwrite: false, ignoreIfExists: false });
  const content = changes[changes.indexOf(create) + 1] as TextDocumentEdit;
  assert.equal(content.textDocument.uri, create.uri);
  assert.match(content.edits[0]!.newText, /kind: SecretProviderClass/);
});

test('a probe that cannot be converted comes back as a disabled action with the reason; a convertible one is offered', async () => {
  const { client, uri } = await start();
  const manifest = uri('k8s/web.yaml');
  const ds = await client.waitFor(() => atLeast(client, manifest, 'shell-form-without-shell', 2), 'probe diagnostics');
  const list = await actions(client, manifest, ds);
  const http = list.find((a) => /livenessProbe/.test(a.title) && !a.disabled);
  assert.ok(http && /httpGet \/healthz on port 8080/.test(http.title), list.map((a) => a.title).join(' | '));
  const disabled = list.find((a) => a.disabled);
  assert.ok(disabled && /test -f \/tmp\/ready/.test(disabled.disabled!.reason), JSON.stringify(list.map((a) => a.disabled)));
  assert.equal(disabled.edit, undefined);
  // Diagnostics of another tool never get our actions.
  const foreign = await actions(client, manifest, [{ ...ds[0]!, source: 'other-linter' }]);
  assert.deepEqual(foreign.filter((a) => a.kind === 'quickfix'), []);
});

test('fix all safe problems is a source action that edits only its file', async () => {
  const { client, uri } = await start();
  const docker = uri('web/Dockerfile');
  await client.waitFor(() => atLeast(client, docker, 'shell-form-without-shell'), 'diagnostics');
  const list = await actions(client, docker, [], [FIX_ALL_KIND]);
  assert.equal(list.length, 1);
  assert.equal(list[0]!.kind, FIX_ALL_KIND);
  const changes = list[0]!.edit!.documentChanges as TextDocumentEdit[];
  assert.deepEqual(changes.map((c) => c.textDocument.uri), [docker]);
  const quick = await actions(client, docker, [], ['quickfix']);
  assert.deepEqual(quick.filter((a) => a.kind === FIX_ALL_KIND), []);
});
