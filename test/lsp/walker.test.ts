// One folder walk for every entry point: the same temp folder (skipped directories, a link inside the
// folder, a link out of it, a link loop, a linked directory on each side, an oversized file, a file
// whose text is "too-large") read by the walker itself, by the real CLI process and by the language
// server in-process must give the same files and the same skip notices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_MAX_FILE_BYTES } from '../../server/src/core/model.js';
import { Workspace } from '../../server/src/core/workspace.js';
import { readFolderFile, SKIP_DIRS, walkFolderSync } from '../../server/src/files/walk.js';
import { inProcess } from './lsp-client.js';

const MAX = DEFAULT_MAX_FILE_BYTES;

const pod = (name: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers:
    - name: app
      image: alpine:3.20
      envFrom: [{secretRef: {name: ${name}-creds}}]
`;

/** The folder every reader below is pointed at, and a sibling folder outside it. */
function world(): { root: string; outside: string; dispose: () => void } {
  const base = mkdtempSync(join(tmpdir(), 'ss-walk-'));
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  mkdirSync(join(root, 'app'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'app', 'deploy.yaml'), pod('inside'));
  writeFileSync(join(root, 'sentinel.yaml'), 'too-large');
  writeFileSync(join(root, 'big.yaml'), `# ${'x'.repeat(MAX)}\n`);
  writeFileSync(join(outside, 'stolen.yaml'), pod('outside'));
  writeFileSync(join(outside, 'other.yaml'), pod('other'));
  for (const dir of SKIP_DIRS) {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, 'hidden.yaml'), pod('hidden'));
  }
  symlinkSync(join(root, 'app', 'deploy.yaml'), join(root, 'linked-in.yaml'));
  symlinkSync(join(outside, 'stolen.yaml'), join(root, 'linked-out.yaml'));
  symlinkSync('loop.yaml', join(root, 'loop.yaml'));
  symlinkSync('app', join(root, 'app-again'));
  symlinkSync(outside, join(root, 'outside-dir'));
  return { root, outside, dispose: () => rmSync(base, { recursive: true, force: true }) };
}

const EXPECTED_FILES = ['app/deploy.yaml', 'linked-in.yaml', 'sentinel.yaml'];
const EXPECTED_SKIPPED = [
  ['big.yaml', 'too-large'],
  ['linked-out.yaml', 'outside-folder'],
  ['loop.yaml', 'unresolved-link'],
  ['outside-dir', 'outside-folder'],
];

test('the walker reads links inside the folder, skips links out of it and loops with a reason, and never the skipped directories', (t) => {
  const w = world();
  t.after(w.dispose);
  const walk = walkFolderSync(w.root, { maxFileBytes: MAX });
  assert.deepEqual(walk.files.map((f) => f.path), EXPECTED_FILES);
  assert.equal(walk.files.find((f) => f.path === 'sentinel.yaml')?.text, 'too-large', 'a file whose text is "too-large" is read like any other');
  assert.equal(walk.files.find((f) => f.path === 'linked-in.yaml')?.text, pod('inside'));
  assert.deepEqual(walk.skipped.map((s) => [s.path, s.reason]), EXPECTED_SKIPPED);
  for (const s of walk.skipped) assert.match(s.message, /^Skipped: /);

  // Single reads (file events, a closed buffer) follow the same rules.
  assert.deepEqual(readFolderFile(w.root, 'linked-in.yaml', MAX), { kind: 'text', text: pod('inside') });
  assert.equal(readFolderFile(w.root, 'linked-out.yaml', MAX)?.kind, 'skipped');
  assert.equal(readFolderFile(w.root, 'loop.yaml', MAX)?.kind, 'skipped');
  assert.deepEqual(readFolderFile(w.root, 'sentinel.yaml', MAX), { kind: 'text', text: 'too-large' });
  assert.equal(readFolderFile(w.root, 'outside-dir/other.yaml', MAX), undefined, 'never through a linked directory');
  assert.equal(readFolderFile(w.root, '../outside/other.yaml', MAX), undefined, 'never up out of the folder');
});

test('the CLI and the language server read the same files and say the same about the ones they skip', async (t) => {
  const w = world();
  t.after(w.dispose);

  const r = spawnSync(process.execPath, ['server/out/cli.js', 'scan', w.root, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { findings: { file: string }[]; notices: { file: string; message: string }[] };
  const cliFiles = new Set(report.findings.map((f) => f.file));
  assert.ok(cliFiles.has('linked-in.yaml') && cliFiles.has('app/deploy.yaml'), [...cliFiles].join(', '));
  assert.ok(![...cliFiles].some((f) => f.startsWith('linked-out') || f.startsWith('outside-dir') || f.startsWith('app-again') || [...SKIP_DIRS].some((d) => f.startsWith(`${d}/`))));
  const cliSkipped = report.notices.filter((n) => n.message.startsWith('Skipped: ')).map((n) => [n.file, n.message]);

  const workspaces: Workspace[] = [];
  const { client, dispose } = inProcess({
    createWorkspace: (s) => {
      const ws = new Workspace({ settings: s });
      workspaces.push(ws);
      return ws;
    },
  });
  t.after(dispose);
  const uri = (rel: string) => pathToFileURL(join(w.root, rel)).href;
  await client.initialize([pathToFileURL(w.root).href]);
  await client.waitFor(() => client.nonEmpty(uri('linked-in.yaml')), 'findings in the link inside the folder');
  await client.waitFor(() => EXPECTED_SKIPPED.every(([f]) => client.nonEmpty(uri(f!))), 'a notice on every skipped file');
  assert.deepEqual(workspaces[0]!.files().sort(), EXPECTED_FILES, 'the server holds exactly what the CLI read');
  const serverSkipped = [...client.diagnostics]
    .flatMap(([u, ds]) => ds.filter((d) => d.message.startsWith('Skipped: ')).map((d) => [u.slice(uri('').length + 1), d.message]))
    .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  assert.deepEqual(serverSkipped, cliSkipped);
  assert.deepEqual(cliSkipped.map(([f]) => f), EXPECTED_SKIPPED.map(([f]) => f));
  assert.equal(client.diagnostics.has(uri('.venv/hidden.yaml')), false);
  await client.shutdown();
});
