// The server's adapter behaviour, driven in-process over LSP against a small fake core whose
// results are easy to predict: indexing from disk, open buffers over disk, cross-file refresh that
// republishes only what changed, file events, settings, multi-root, untitled buffers, and a file or
// analysis that throws being logged once while the rest keeps working.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import type { AnalysisWorkspace, CoreSettings } from '../../server/src/lsp/session.js';
import type { Finding, InputNotice } from '../../server/src/core/model.js';
import type { Exposure } from '../../server/src/core/exposure.js';
import { codeOf, copyFixture, inProcess, rangeOf, type TestClient } from './lsp-client.js';

/**
 * A stand-in core: every `image:` line of a YAML file is a `fake-shell` finding while any Dockerfile
 * of the folder starts FROM a shell image; `BROKEN` in a file is an input notice; `THROW_ON_SET` /
 * `THROW_ON_ANALYZE` make it throw like a buggy parser or rule would.
 */
class FakeWorkspace implements AnalysisWorkspace {
  files = new Map<string, string>();
  settings: CoreSettings;
  analyses = 0;
  constructor(settings: CoreSettings) {
    this.settings = settings;
  }
  setFile(path: string, text: string): void {
    if (text.includes('THROW_ON_SET')) throw new Error(`cannot parse ${path}`);
    this.files.set(path, text);
  }
  removeFile(path: string): void {
    this.files.delete(path);
  }
  setSettings(settings: CoreSettings): void {
    this.settings = settings;
  }
  analyze() {
    this.analyses++;
    const findings: Finding[] = [];
    const notices: InputNotice[] = [];
    const exposures: Exposure[] = [];
    const dockerfiles = [...this.files].filter(([p]) => p.endsWith('Dockerfile'));
    const shell = dockerfiles.some(([, t]) => /^FROM (debian|alpine)/m.test(t));
    for (const [path, text] of this.files) {
      if (text.includes('THROW_ON_ANALYZE')) throw new Error('rule exploded');
      if (text.includes('BROKEN')) notices.push({ file: path, severity: 'error', message: 'invalid YAML', range: rangeOf(text, 'BROKEN') });
      if (!path.endsWith('.yaml') || !shell || this.settings.rules?.['fake-shell'] === 'off') continue;
      const lines = text.split('\n');
      lines.forEach((l, line) => {
        const m = /image: (\S+)/.exec(l);
        if (!m) return;
        const dockerfile = dockerfiles[0]![0];
        const location = { file: path, range: { start: { line, character: m.index + 7 }, end: { line, character: l.length } } };
        // Just what the hover reads: the image value and an image nothing is known about.
        exposures.push({ file: path, container: { name: 'app', image: m[1]!, imageLocation: location }, image: { source: 'unknown', tools: [] }, secrets: [], token: { mounted: true, reason: 'default' } } as unknown as Exposure);
        findings.push({
          rule: 'fake-shell',
          severity: (this.settings.rules?.['fake-shell'] as Finding['severity']) ?? 'warning',
          message: `${m[1]} has a shell`,
          location: { file: path, range: { start: { line, character: m.index + 7 }, end: { line, character: l.length } } },
          related: [{ location: { file: dockerfile, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } } }, message: 'FROM here' }],
          data: { image: m[1] },
        });
      });
    }
    return { findings, notices, exposures };
  }
  dockerfileFacts(): undefined {
    return undefined;
  }
}

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.reverse()) c();
  cleanup = [];
});

function start(): { client: TestClient; workspaces: FakeWorkspace[] } {
  const workspaces: FakeWorkspace[] = [];
  const { client, dispose } = inProcess({
    createWorkspace: (s) => {
      const w = new FakeWorkspace(s);
      workspaces.push(w);
      return w;
    },
  });
  cleanup.push(dispose);
  return { client, workspaces };
}

function fixture(name = 'shop') {
  const f = copyFixture(name);
  cleanup.push(f.dispose);
  return f;
}

test('indexes the folder from disk with progress, skipping node_modules, and publishes with rule metadata', async () => {
  const ws = fixture();
  mkdirSync(`${ws.dir}/node_modules/junk`, { recursive: true });
  writeFileSync(`${ws.dir}/node_modules/junk/pod.yaml`, 'image: alpine\n');
  const { client } = start();
  const init = (await client.initialize([ws.uri('')])) as { capabilities: { hoverProvider: boolean; textDocumentSync: { change: number } } };
  assert.equal(init.capabilities.hoverProvider, true);
  assert.equal(init.capabilities.textDocumentSync.change, 2, 'incremental sync');
  const manifest = ws.uri('k8s/ledger.yaml');
  const [d] = await client.waitFor(() => client.nonEmpty(manifest), 'manifest diagnostics from the index');
  assert.equal(codeOf(d!), 'fake-shell');
  assert.equal(d!.source, 'secret-surface');
  assert.match(d!.codeDescription!.href, /fake-shell\.md$/);
  assert.deepEqual(d!.range.start, rangeOf(ws.read('k8s/ledger.yaml'), 'registry.example.com/acme/ledger:1.4.2').start);
  assert.equal(d!.relatedInformation![0]!.location.uri, ws.uri('ledger/Dockerfile'));
  assert.deepEqual((d!.data as { fix: unknown }).fix, { image: 'registry.example.com/acme/ledger:1.4.2' });
  assert.equal(client.diagnostics.has(ws.uri('node_modules/junk/pod.yaml')), false, 'node_modules is skipped');
  // The index progress ends once its first analysis is published, so just after these diagnostics.
  const kinds = () => client.progress.map((p) => (p as { value: { kind: string } }).value.kind);
  await client.waitFor(() => kinds().includes('end'), 'the index progress to end');
  assert.ok(kinds().includes('begin'), `progress: ${kinds().join(',')}`);
  const watch = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
  assert.ok(watch, 'file watchers registered with the client');
});

test('a Dockerfile edit refreshes the dependent manifest, and unaffected documents are not republished', async () => {
  const ws = fixture();
  const other = fixture('other');
  writeFileSync(`${other.dir}/Dockerfile`, 'FROM alpine:3.20\n');
  const { client } = start();
  await client.initialize([ws.uri(''), other.uri('')]);
  const manifest = ws.uri('k8s/ledger.yaml');
  const tools = other.uri('k8s/tools.yaml');
  await client.waitFor(() => client.codes(manifest).includes('fake-shell') && client.codes(tools).includes('fake-shell'), 'both folders analysed');
  const toolsCount = client.publishCount.get(tools);
  const docker = ws.uri('ledger/Dockerfile');
  const text = ws.read('ledger/Dockerfile');
  await client.open(docker, text);
  await client.change(docker, text.replace('FROM debian:bookworm-slim', 'FROM gcr.io/distroless/static-debian12'));
  await client.waitFor(() => client.codes(manifest).length === 0, 'manifest finding to clear after the FROM edit');
  const manifestCount = client.publishCount.get(manifest)!;
  // A comment-only edit changes no diagnostics: nothing is republished.
  await client.change(docker, `# comment\n${text.replace('FROM debian:bookworm-slim', 'FROM gcr.io/distroless/static-debian12')}`);
  await client.change(docker, text); // back to the shell image
  await client.waitFor(() => client.codes(manifest).includes('fake-shell'), 'finding back after undo');
  assert.equal(client.publishCount.get(manifest), manifestCount + 1, 'the comment edit did not republish the manifest');
  assert.equal(client.publishCount.get(tools), toolsCount, 'the other folder was never republished');
});

test('open buffers win over disk; closing falls back to disk; file events add and remove files', async () => {
  const ws = fixture();
  const { client } = start();
  await client.initialize([ws.uri('')]);
  const manifest = ws.uri('k8s/ledger.yaml');
  await client.waitFor(() => client.codes(manifest).includes('fake-shell'), 'indexed');
  // The buffer drops the image line; disk still has it, and a disk change event must not override the buffer.
  await client.open(manifest, 'kind: Pod\n');
  await client.waitFor(() => client.codes(manifest).length === 0, 'buffer text analysed');
  writeFileSync(`${ws.dir}/k8s/ledger.yaml`, `${ws.read('k8s/ledger.yaml')}\n# touched\n`);
  await client.fileEvents([{ uri: manifest, type: 2 }]);
  const docker = ws.uri('ledger/Dockerfile');
  // Deleting the only Dockerfile removes the cross-file reason for every finding.
  await client.close(manifest);
  await client.waitFor(() => client.codes(manifest).includes('fake-shell'), 'disk text back after close');
  unlinkSync(`${ws.dir}/ledger/Dockerfile`);
  await client.fileEvents([{ uri: docker, type: 3 }]);
  await client.waitFor(() => client.codes(manifest).length === 0, 'finding gone with the Dockerfile');
  mkdirSync(`${ws.dir}/svc`);
  writeFileSync(`${ws.dir}/svc/Dockerfile`, 'FROM alpine:3.20\n');
  await client.fileEvents([{ uri: ws.uri('svc/Dockerfile'), type: 1 }]);
  await client.waitFor(() => client.codes(manifest).includes('fake-shell'), 'finding back with a created Dockerfile');
  // A deleted folder arrives as one event for the folder.
  rmSync(`${ws.dir}/svc`, { recursive: true });
  await client.fileEvents([{ uri: ws.uri('svc'), type: 3 }]);
  await client.waitFor(() => client.codes(manifest).length === 0, 'finding gone with the deleted folder');
});

test('settings: rule severity, rule off and exclude globs apply without a restart', async () => {
  const ws = fixture();
  const { client, workspaces } = start();
  client.settings = { secretSurface: { rules: { 'fake-shell': 'error' } } };
  await client.initialize([ws.uri('')]);
  const manifest = ws.uri('k8s/ledger.yaml');
  const [d] = await client.waitFor(() => client.nonEmpty(manifest), 'diagnostics');
  assert.equal(d!.severity, 1, 'error severity from settings');
  assert.deepEqual(workspaces[0]!.settings.rules, { 'fake-shell': 'error' });
  client.settings = { secretSurface: { rules: { 'fake-shell': 'off' } } };
  await client.changeConfiguration();
  await client.waitFor(() => client.diagnostics.get(manifest)?.length === 0, 'rule turned off');
  client.settings = { secretSurface: { exclude: ['ledger/**'] } };
  await client.changeConfiguration();
  await client.waitFor(() => !workspaces[0]!.files.has('ledger/Dockerfile'), 'excluded Dockerfile dropped on re-index');
  assert.ok(workspaces[0]!.files.has('k8s/ledger.yaml'));
  client.settings = { secretSurface: { maxFileBytes: 10 } };
  await client.changeConfiguration();
  await client.waitFor(() => workspaces[0]!.files.size === 0, 'files over maxFileBytes dropped');
});

test('a file or an analysis that throws is logged once and the rest keeps working', async () => {
  const ws = fixture();
  writeFileSync(`${ws.dir}/k8s/bad.yaml`, 'THROW_ON_SET\nimage: x\n');
  const { client } = start();
  await client.initialize([ws.uri('')]);
  const manifest = ws.uri('k8s/ledger.yaml');
  await client.waitFor(() => client.codes(manifest).includes('fake-shell'), 'good file still analysed');
  const errors = () => client.logs.filter((l) => l.type === 1);
  assert.equal(errors().length, 1, 'the bad file is logged');
  assert.match(errors()[0]!.message, /k8s\/bad\.yaml/);
  const bad = ws.uri('k8s/bad.yaml');
  await client.open(bad, 'THROW_ON_SET\nimage: y\n');
  await client.change(bad, 'THROW_ON_SET\nimage: z\n');
  const scratch = ws.uri('k8s/scratch.yaml');
  await client.open(scratch, 'THROW_ON_ANALYZE\n');
  await client.change(scratch, 'THROW_ON_ANALYZE\nimage: a\n');
  await client.waitFor(() => client.logs.some((l) => /rule exploded/.test(l.message)), 'analysis failure logged');
  await client.change(scratch, 'image: fine\n');
  await client.waitFor(() => client.codes(scratch).includes('fake-shell'), 'server recovered');
  assert.equal(errors().filter((l) => /rule exploded/.test(l.message)).length, 1, 'logged once');
  assert.equal(errors().filter((l) => /cannot parse/.test(l.message)).length, 1, 'logged once');
});

test('hover, untitled buffers and input notices', async () => {
  const ws = fixture();
  const { client } = start();
  await client.initialize([ws.uri('')]);
  const manifest = ws.uri('k8s/ledger.yaml');
  await client.waitFor(() => client.codes(manifest).includes('fake-shell'), 'indexed');
  const h = await client.hover(manifest, { line: 12, character: 20 });
  assert.match((h?.contents as { value: string }).value, /^\*\*No Secret\*\* reaches container `app`\.\n\nImage `registry\.example\.com\/acme\/ledger:1\.4\.2`\n/);
  assert.equal(await client.hover(manifest, { line: 0, character: 0 }), null);
  // An untitled buffer is analysed on its own (outside every folder, so with no Dockerfile: only the notice).
  await client.open('untitled:Untitled-1', 'BROKEN\nimage: x\n', 'yaml');
  const [n] = await client.waitFor(() => client.nonEmpty('untitled:Untitled-1'), 'notice on the untitled buffer');
  assert.equal(n!.message, 'invalid YAML');
  assert.equal(n!.severity, 1);
  await client.close('untitled:Untitled-1');
  await client.waitFor(() => client.diagnostics.get('untitled:Untitled-1')?.length === 0, 'cleared on close');
});

test('multi-root: same relative path in two folders stays separate; folders can be added and removed', async () => {
  const a = fixture();
  const b = fixture();
  const other = fixture('other');
  writeFileSync(`${other.dir}/Dockerfile`, 'FROM alpine:3.20\n');
  const { client } = start();
  await client.initialize([a.uri(''), b.uri('')]);
  const ma = a.uri('k8s/ledger.yaml');
  const mb = b.uri('k8s/ledger.yaml');
  await client.waitFor(() => client.codes(ma).includes('fake-shell') && client.codes(mb).includes('fake-shell'), 'both folders indexed');
  await client.open(mb, 'image: from-buffer-b\n');
  await client.waitFor(() => client.diagnostics.get(mb)?.some((d) => d.message.startsWith('from-buffer-b')), 'b buffer analysed');
  await client.open(ma, 'image: from-buffer-a\n');
  await client.change(ma, 'image: edited-a\n');
  await client.waitFor(() => client.diagnostics.get(ma)?.some((d) => d.message.startsWith('edited-a')), 'a buffer analysed');
  assert.ok(client.diagnostics.get(mb)?.some((d) => d.message.startsWith('from-buffer-b')), 'folder b kept its own buffer');

  const tools = other.uri('k8s/tools.yaml');
  await client.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: other.uri(''), name: 'other' }], removed: [] } });
  await client.waitFor(() => client.codes(tools).includes('fake-shell'), 'added folder indexed');
  await client.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: other.uri(''), name: 'other' }] } });
  await client.waitFor(() => client.diagnostics.get(tools)?.length === 0, 'removed folder cleared');
});
