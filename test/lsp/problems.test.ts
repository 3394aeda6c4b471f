// What an editor receives over LSP for the example workspace: one diagnostic per root cause per place
// (the tool rules merged, every member in data.rules), the most severe last on a line, Problems rows
// distinct in their first 60 characters, and code actions on the delivery lines and on a merged problem.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { Workspace } from '../../server/src/core/workspace.js';
import { coreFixes } from '../../server/src/lsp/code-actions.js';
import { codeOf, inProcess, rangeOf } from './lsp-client.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.reverse()) c();
  cleanup = [];
});

async function examples() {
  const dir = mkdtempSync(join(tmpdir(), 'ss-problems-'));
  cpSync('examples', dir, { recursive: true });
  const uri = (rel: string) => pathToFileURL(join(dir, rel)).href;
  const { client, dispose } = inProcess({ createWorkspace: (s) => new Workspace({ settings: s }), fixes: coreFixes });
  cleanup.push(dispose, () => rmSync(dir, { recursive: true, force: true }));
  await client.initialize([uri('')]);
  return { client, uri, read: (rel: string) => readFileSync(join(dir, rel), 'utf8') };
}

test('examples over LSP: one diagnostic per cause per place, the worst last on its line, rows distinct in 60 characters', async () => {
  const { client, uri } = await examples();
  const api = uri('k8s/api.yaml');
  const ds = await client.waitFor(() => (client.diagnostics.get(api)?.length ?? 0) >= 4 && client.diagnostics.get(api), 'api.yaml diagnostics');
  const atImage = ds.filter((d) => d.range.start.line === 16);
  // The tool rules and the token rule: two causes, two diagnostics; the error last on its line, so an
  // editor showing the sign placed last (Neovim's default) shows the error's.
  assert.deepEqual(atImage.map((d) => [codeOf(d), d.severity]), [['token-automount-in-unhardened-image', 2], ['secret-in-shell-image', 1]]);
  for (const [i, d] of ds.entries()) {
    const next = ds[i + 1];
    if (next && next.range.start.line === d.range.start.line) assert.ok(d.severity! >= next.severity!, 'on one line, the most severe last');
  }
  const merged = atImage[1]!;
  assert.deepEqual((merged.data as { rules: string[] }).rules, ['secret-in-shell-image', 'secret-in-network-client-image', 'secret-in-interpreter-image']);
  assert.match(merged.message, /^Shell \(sh, bash, dash\), network client \(curl/);
  assert.ok(merged.relatedInformation?.some((r) => r.message.startsWith('secret-in-interpreter-image (warning)')));
  const heads = ds.map((d) => d.message.slice(0, 60));
  assert.equal(new Set(heads).size, heads.length, heads.join(' | '));
  const docker = await client.waitFor(() => client.nonEmpty(uri('services/api/Dockerfile')), 'Dockerfile diagnostics');
  assert.equal(docker.filter((d) => d.range.start.line === 1).length, 1, 'one problem on FROM node:20');
});

function actions(client: { conn: { sendRequest: (m: string, p: unknown) => Promise<unknown> } }, uri: string, d: Diagnostic): Promise<CodeAction[]> {
  return client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } }) as Promise<CodeAction[]>;
}

test('Ctrl+. on the secretKeyRef and on the volume secret: offers their fixes; a merged problem offers every member\'s', async () => {
  const { client, uri, read } = await examples();
  const api = uri('k8s/api.yaml');
  const text = read('k8s/api.yaml');
  const ds = await client.waitFor(() => (client.diagnostics.get(api)?.length ?? 0) >= 4 && client.diagnostics.get(api), 'api.yaml diagnostics');
  const env = ds.find((d) => codeOf(d) === 'secret-as-env-var')!;
  assert.deepEqual(env.range, rangeOf(text, 'secretKeyRef'));
  assert.ok((await actions(client, api, env)).some((a) => /from files|mounted file|CSI/i.test(a.title)), 'env-secret-to-file offered on the secretKeyRef');
  const vol = ds.find((d) => codeOf(d) === 'secret-volume-not-csi')!;
  assert.equal(vol.range.start.line, rangeOf(text, 'secret:').start.line);
  assert.ok((await actions(client, api, vol)).some((a) => /Secrets Store CSI/.test(a.title)));
  const merged = ds.find((d) => codeOf(d) === 'secret-in-shell-image')!;
  assert.ok((await actions(client, api, merged)).some((a) => /final stage/i.test(a.title)));
  // On a merged problem the actions are those of every member: the same as asking member by member.
  const worker = uri('k8s/worker.yaml');
  const wd = await client.waitFor(() => client.diagnostics.get(worker)?.find((d) => codeOf(d) === 'secret-in-shell-image'), 'worker problem');
  const titles = (await actions(client, worker, wd)).map((a) => a.title).sort();
  const each = new Set<string>();
  for (const rule of (wd.data as { rules: string[] }).rules) {
    for (const a of await actions(client, worker, { ...wd, code: rule, data: { rule } })) each.add(a.title);
  }
  assert.ok(titles.length > 0);
  assert.deepEqual(titles, [...each].sort());
});
