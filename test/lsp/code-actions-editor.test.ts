// Code actions as an editor that takes change annotations and showDocument (VS Code) receives them, in
// process over LSP with the real core: unsafe and multi-file fixes need confirmation (the refactor
// preview), safe single-file fixes and suppressions do not; the CSI fix opens the file it creates;
// suppression quick fixes are never preferred and clear their diagnostic; Ctrl+. on a finding's delivery
// line offers its fixes; "Fix all safe problems" over the workspace is one edit of safe fixes only.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnnotatedTextEdit, CodeAction, CreateFile, Diagnostic, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { Workspace } from '../../server/src/core/workspace.js';
import { applyEdits } from '../../server/src/core/fixes/index.js';
import {
  CONFIRM_ANNOTATION,
  FIX_ALL_KIND,
  FIX_ALL_WORKSPACE_COMMAND,
  FIX_ALL_WORKSPACE_KIND,
  OPEN_CREATED_COMMAND,
  coreFixes,
} from '../../server/src/lsp/code-actions.js';
import { codeOf, inProcess, rangeOf, type TestClient } from './lsp-client.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.reverse()) c();
  cleanup = [];
});

async function start(editor = true, fixture = 'test/fixtures/fixes/lsp-shop') {
  const dir = mkdtempSync(join(tmpdir(), 'ss-code-actions-editor-'));
  cpSync(fixture, dir, { recursive: true });
  const uri = (rel: string) => pathToFileURL(join(dir, rel)).href;
  const read = (rel: string) => readFileSync(join(dir, rel), 'utf8');
  const { client, dispose } = inProcess({ createWorkspace: (s) => new Workspace({ settings: s }), fixes: coreFixes });
  cleanup.push(dispose, () => rmSync(dir, { recursive: true, force: true }));
  const init = (await client.initialize([uri('')], { editor })) as { capabilities: Record<string, unknown> };
  return { client, uri, read, init };
}

function actions(client: TestClient, uri: string, diagnostics: Diagnostic[], range = diagnostics[0]!.range, only?: string[]): Promise<CodeAction[]> {
  return client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
}

const ofCode = (client: TestClient, uri: string, code: string) => {
  const ds = client.diagnostics.get(uri)?.filter((d) => codeOf(d) === code);
  return ds && ds.length > 0 ? ds : undefined;
};
const titles = (list: CodeAction[]) => list.map((a) => a.title).join(' | ');

/** Every text edit of a workspace edit, per URI. */
function textEdits(edit: WorkspaceEdit): Map<string, Partial<AnnotatedTextEdit>[]> {
  const out = new Map<string, Partial<AnnotatedTextEdit>[]>();
  for (const c of edit.documentChanges ?? []) if (!('kind' in c)) out.set(c.textDocument.uri, [...(out.get(c.textDocument.uri) ?? []), ...(c.edits as Partial<AnnotatedTextEdit>[])]);
  return out;
}

test('the server advertises the workspace fix-all source action and its two commands', async () => {
  const { init } = await start();
  assert.deepEqual((init.capabilities['codeActionProvider'] as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', FIX_ALL_KIND, FIX_ALL_WORKSPACE_KIND]);
  assert.deepEqual((init.capabilities['executeCommandProvider'] as { commands: string[] }).commands, [OPEN_CREATED_COMMAND, FIX_ALL_WORKSPACE_COMMAND]);
});

test('the CSI fix (two files, unsafe) needs confirmation on every change and opens the file it creates', async () => {
  const { client, uri } = await start();
  const manifest = uri('k8s/web.yaml');
  const ds = await client.waitFor(() => ofCode(client, manifest, 'secret-volume-not-csi'), 'secret-volume-not-csi');
  const csi = (await actions(client, manifest, ds)).find((a) => /Secrets Store CSI/.test(a.title));
  assert.ok(csi?.edit, 'CSI fix offered');
  const annotation = csi.edit.changeAnnotations?.[CONFIRM_ANNOTATION];
  assert.ok(annotation, `no change annotation: ${JSON.stringify(csi.edit.changeAnnotations)}`);
  assert.equal(annotation.needsConfirmation, true);
  assert.equal(annotation.label, csi.title);
  assert.match(annotation.description ?? '', /changes 2 files and how the workload runs/);
  const create = csi.edit.documentChanges!.find((c) => 'kind' in c && c.kind === 'create') as CreateFile;
  assert.equal(create.annotationId, CONFIRM_ANNOTATION);
  for (const [u, edits] of textEdits(csi.edit)) for (const e of edits) assert.equal(e.annotationId, CONFIRM_ANNOTATION, `unannotated edit in ${u}`);
  // Once applied, the editor runs the action's command: the server asks the editor to show the new file.
  assert.deepEqual(csi.command, { title: 'Open k8s/web-tls-secret-provider-class.yaml', command: OPEN_CREATED_COMMAND, arguments: [create.uri] });
  await client.conn.sendRequest('workspace/executeCommand', { command: csi.command.command, arguments: csi.command.arguments });
  assert.deepEqual(client.shown, [create.uri]);
});

test('a safe one-file fix and the suppressions apply without confirmation; suppressions are never preferred', async () => {
  const { client, uri, read } = await start();
  const docker = uri('web/Dockerfile');
  const text = read('web/Dockerfile');
  await client.open(docker, text);
  const ds = await client.waitFor(() => ofCode(client, docker, 'shell-form-without-shell'), 'shell-form diagnostic');
  const list = (await actions(client, docker, ds)).filter((a) => a.kind === 'quickfix');
  assert.deepEqual(list.map((a) => a.title), ['Rewrite in exec form: CMD ["server.js"] (the image\'s entrypoint runs node)', 'Ignore shell-form-without-shell on this CMD instruction (comment above line 9 of web/Dockerfile)']);
  const [exec, ignore] = list as [CodeAction, CodeAction];
  assert.equal(exec.isPreferred, true);
  assert.equal(exec.edit!.changeAnnotations, undefined);
  assert.equal(ignore.isPreferred, undefined);
  assert.equal(ignore.edit!.changeAnnotations, undefined);
  // Applying the suppression: the comment goes above the instruction and the diagnostic leaves.
  const fixed = applyEdits(text, (ignore.edit!.documentChanges![0] as TextDocumentEdit).edits);
  assert.match(fixed, /^# secret-surface-ignore shell-form-without-shell\nCMD node server\.js$/m);
  await client.change(docker, fixed);
  await client.waitFor(() => (client.diagnostics.get(docker) ?? []).every((d) => codeOf(d) !== 'shell-form-without-shell'), 'diagnostic silenced');
});

test('the workload annotation quick fix silences the finding for the whole workload', async () => {
  const { client, uri, read } = await start();
  const manifest = uri('k8s/web.yaml');
  const text = read('k8s/web.yaml');
  await client.open(manifest, text);
  const ds = await client.waitFor(() => ofCode(client, manifest, 'secret-volume-not-csi'), 'secret-volume-not-csi');
  const list = await actions(client, manifest, ds);
  const ignore = list.find((a) => a.title === 'Ignore secret-volume-not-csi for Deployment shop/web (annotation secret-surface.io/ignore)');
  assert.ok(ignore?.edit, titles(list));
  // Fixes first, suppressions after them.
  assert.ok(list.indexOf(ignore) > list.findIndex((a) => /Secrets Store CSI/.test(a.title)));
  const fixed = applyEdits(text, (ignore.edit.documentChanges![0] as TextDocumentEdit).edits);
  assert.match(fixed, /namespace: shop\n {2}annotations:\n {4}secret-surface\.io\/ignore: secret-volume-not-csi\nspec:/);
  await client.change(manifest, fixed);
  await client.waitFor(() => !ofCode(client, manifest, 'secret-volume-not-csi') && ofCode(client, manifest, 'shell-form-without-shell'), 'only that rule silenced');
});

test('Ctrl+. on the Secret volume mount, where no diagnostic sits, lists the volume finding\'s fixes', async () => {
  const { client, uri, read } = await start();
  const manifest = uri('k8s/web.yaml');
  await client.waitFor(() => ofCode(client, manifest, 'secret-volume-not-csi'), 'secret-volume-not-csi');
  const at = rangeOf(read('k8s/web.yaml'), 'mountPath: /etc/tls');
  const list = await actions(client, manifest, [], { start: at.start, end: at.start });
  assert.ok(list.some((a) => /Secrets Store CSI/.test(a.title) && a.edit), titles(list));
  assert.ok(list.some((a) => a.title.startsWith('Ignore secret-volume-not-csi')), titles(list));
  // Not the probe's fixes: the cursor is on none of their lines.
  assert.ok(!list.some((a) => /httpGet/.test(a.title)), titles(list));
  // A diagnostic moved onto the delivery node (the finding's related range) is matched too.
  const ds = ofCode(client, manifest, 'secret-volume-not-csi')!;
  const moved = { ...ds[0]!, range: { start: { line: 15, character: 14 }, end: { line: 16, character: 33 } } };
  const onDelivery = await actions(client, manifest, [moved]);
  const csi = onDelivery.find((a) => /Secrets Store CSI/.test(a.title));
  assert.ok(csi, titles(onDelivery));
  assert.deepEqual(csi.diagnostics?.map((d) => d.range), [moved.range]);
});

test('fix all safe problems in the workspace: one edit over both files, safe fixes only, confirmed first', async () => {
  const { client, uri, read } = await start();
  const docker = uri('web/Dockerfile');
  const manifest = uri('k8s/web.yaml');
  await client.waitFor(() => ofCode(client, docker, 'shell-form-without-shell') && ofCode(client, manifest, 'secret-volume-not-csi'), 'diagnostics');
  const list = await actions(client, docker, [], { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, ['source']);
  const all = list.find((a) => a.kind === FIX_ALL_WORKSPACE_KIND);
  assert.ok(all?.edit, titles(list));
  assert.equal(all.title, 'Fix all safe problems in the workspace, 2 files (2 fixes)');
  assert.equal(all.edit.changeAnnotations?.[CONFIRM_ANNOTATION]?.needsConfirmation, true);
  assert.ok(!all.edit.documentChanges!.some((c) => 'kind' in c), 'creates no file');
  const edits = textEdits(all.edit);
  assert.deepEqual([...edits.keys()].sort(), [manifest, docker].sort());
  const after = (u: string, rel: string) => applyEdits(read(rel), (all.edit!.documentChanges as TextDocumentEdit[]).filter((c) => c.textDocument.uri === u).flatMap((c) => c.edits));
  assert.match(after(docker, 'web/Dockerfile'), /^CMD \["server\.js"\]$/m);
  const m = after(manifest, 'k8s/web.yaml');
  assert.match(m, /livenessProbe:\n\s+httpGet:/);
  // The unsafe CSI fix and the suppressions are not in it.
  assert.doesNotMatch(m, /secret-surface|csi/i);
  // The command applies the same edit through workspace/applyEdit.
  const r = await client.conn.sendRequest('workspace/executeCommand', { command: FIX_ALL_WORKSPACE_COMMAND, arguments: [] });
  assert.deepEqual(r, { applied: ['Fix all safe problems in the workspace, 2 files (2 fixes)'] });
  assert.deepEqual(client.appliedEdits[0]!.edit, all.edit);
});

test('an editor without change-annotation support gets plain edits and no open command', async () => {
  const { client, uri } = await start(false);
  const manifest = uri('k8s/web.yaml');
  const ds = await client.waitFor(() => ofCode(client, manifest, 'secret-volume-not-csi'), 'secret-volume-not-csi');
  const csi = (await actions(client, manifest, ds)).find((a) => /Secrets Store CSI/.test(a.title));
  assert.ok(csi?.edit);
  assert.equal(csi.edit.changeAnnotations, undefined);
  assert.equal(csi.command, undefined);
  for (const [, edits] of textEdits(csi.edit)) for (const e of edits) assert.equal(e.annotationId, undefined);
});

test('one problem standing for several findings (data.rules) gets one suppression that names every rule', async () => {
  const { client, uri, read } = await start(true, 'test/golden/fixes/ignore-by-comment/input');
  const manifest = uri('k8s.yaml');
  const text = read('k8s.yaml');
  await client.open(manifest, text);
  const image = rangeOf(text, 'alpine:3.20');
  // The shell and network-client findings of the proxy container are one diagnostic on its image.
  const merged = await client.waitFor(() => client.diagnostics.get(manifest)?.find((d) => d.range.start.line === image.start.line && ((d.data as { rules?: string[] })?.rules?.length ?? 0) > 1), 'a merged problem on alpine:3.20');
  const rules = (merged.data as { rules: string[] }).rules;
  const list = (await actions(client, manifest, [merged])).filter((a) => a.kind === 'quickfix');
  const ignores = list.filter((a) => a.title.startsWith('Ignore'));
  assert.deepEqual(ignores.map((a) => a.title), [
    `Ignore ${rules.join(', ')} for Deployment shop/web (annotation secret-surface.io/ignore)`,
    `Ignore ${rules.join(', ')} for container proxy of Deployment shop/web (comment above it)`,
  ]);
  const fixed = applyEdits(text, (ignores[1]!.edit!.documentChanges![0] as TextDocumentEdit).edits);
  assert.ok(fixed.includes(`# secret-surface-ignore ${rules.join(' ')}\n        - name: proxy`), fixed);
  await client.change(manifest, fixed);
  await client.waitFor(() => !(client.diagnostics.get(manifest) ?? []).some((d) => d.range.start.line === image.start.line + 1 && rules.includes(codeOf(d) ?? '')), 'every member rule silenced');
});
