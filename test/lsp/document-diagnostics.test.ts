// Incremental per-document diagnostics: which documents an analysis changed (by partition array
// identity), content-equal results not republished, cross-file findings merged into their file, and
// a workspace larger than one publish chunk streamed out completely with the real core.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, InputNotice } from '../../server/src/core/model.js';
import { Workspace } from '../../server/src/core/workspace.js';
import { DocumentDiagnostics } from '../../server/src/lsp/document-diagnostics.js';
import { inProcess } from './lsp-client.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.reverse()) c();
  cleanup = [];
});

const toUri = (p: string) => `file:///w/${p}`;

function finding(file: string, line: number, rule = 'secret-in-shell-image', message = 'shell'): Finding {
  return {
    rule,
    severity: 'error',
    message,
    location: { file, range: { start: { line, character: 2 }, end: { line, character: 9 } } },
    related: [],
  } as unknown as Finding;
}

test('only partitions whose finding array changed mark their documents dirty; equal content is not republished', () => {
  const docs = new DocumentDiagnostics();
  const a = [finding('a.yaml', 3)];
  const b = [finding('b.yaml', 5)];
  const first = docs.update(new Map([['a.yaml', a], ['b.yaml', b]]), []);
  assert.deepEqual([...first].sort(), ['a.yaml', 'b.yaml']);
  assert.equal(docs.publish('a.yaml', true, toUri)?.length, 1);
  assert.equal(docs.publish('b.yaml', true, toUri)?.length, 1);

  // The same arrays: nothing to look at.
  assert.deepEqual([...docs.update(new Map([['a.yaml', a], ['b.yaml', b]]), [])], []);

  // A new array with equal content is dirty but not republished; a moved finding is.
  assert.deepEqual([...docs.update(new Map([['a.yaml', [finding('a.yaml', 3)]], ['b.yaml', b]]), [])], ['a.yaml']);
  assert.equal(docs.publish('a.yaml', true, toUri), undefined);
  const moved = [finding('a.yaml', 4)];
  docs.update(new Map([['a.yaml', moved], ['b.yaml', b]]), []);
  assert.equal(docs.publish('a.yaml', true, toUri)?.[0]?.range.start.line, 4);

  // A partition that disappears clears its document once.
  assert.deepEqual([...docs.update(new Map([['a.yaml', moved]]), [])], ['b.yaml']);
  assert.deepEqual(docs.publish('b.yaml', true, toUri), []);
  assert.equal(docs.publish('b.yaml', true, toUri), undefined);
});

test('a finding a partition places in another file is merged into that file in line order, and notices follow findings', () => {
  const docs = new DocumentDiagnostics();
  const own = [finding('k8s/app.yaml', 10, 'secret-as-env-var', 'env')];
  const fromDockerfile = [finding('Dockerfile', 1, 'shell-form-without-shell', 'df'), finding('k8s/app.yaml', 2, 'secret-in-shell-image', 'cross')];
  const notice: InputNotice = { file: 'k8s/app.yaml', severity: 'warning', message: 'invalid YAML' };
  const dirty = docs.update(new Map([['k8s/app.yaml', own], ['Dockerfile', fromDockerfile]]), [notice]);
  assert.ok(dirty.has('k8s/app.yaml') && dirty.has('Dockerfile'));
  assert.deepEqual(docs.findings('k8s/app.yaml').map((f) => f.message), ['cross', 'env']);
  assert.deepEqual(docs.findings('Dockerfile').map((f) => f.message), ['df']);
  assert.deepEqual(docs.publish('k8s/app.yaml', true, toUri)?.map((d) => d.message), ['cross', 'env', 'invalid YAML']);

  // The Dockerfile's partition changes: the manifest it reaches into is dirty too.
  const next = docs.update(new Map([['k8s/app.yaml', own], ['Dockerfile', [finding('Dockerfile', 1, 'shell-form-without-shell', 'df')]]]), [notice]);
  assert.ok(next.has('k8s/app.yaml'), [...next].join(', '));
  assert.deepEqual(docs.publish('k8s/app.yaml', true, toUri)?.map((d) => d.message), ['env', 'invalid YAML']);
});

test('a document that is not visible (a loose file no longer open) is cleared', () => {
  const docs = new DocumentDiagnostics();
  docs.update(new Map([['tmp/x.yaml', [finding('tmp/x.yaml', 1)]]]), []);
  assert.equal(docs.publish('tmp/x.yaml', true, toUri)?.length, 1);
  assert.deepEqual(docs.publish('tmp/x.yaml', false, toUri), []);
});

test('a workspace larger than one publish chunk is published completely, and an open document edited meanwhile is current', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-lsp-stream-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const count = 450;
  mkdirSync(join(dir, 'k8s'));
  const manifest = (i: number, image: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ${image}\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef: { name: db, key: password }\n`;
  for (let i = 0; i < count; i++) writeFileSync(join(dir, 'k8s', `app-${i}.yaml`), manifest(i, 'alpine:3.20'));
  const { client, dispose } = inProcess({ createWorkspace: (s) => new Workspace({ settings: s }) });
  cleanup.push(dispose);
  await client.initialize([pathToFileURL(dir).href]);
  const uri = (i: number) => pathToFileURL(join(dir, 'k8s', `app-${i}.yaml`)).href;
  await client.waitFor(() => [...Array(count).keys()].every((i) => client.nonEmpty(uri(i)) !== undefined), `diagnostics on all ${count} manifests`, 30_000);
  assert.ok([...Array(count).keys()].every((i) => client.publishCount.get(uri(i)) === 1), 'each manifest published once');

  // Editing one open document changes its diagnostics only.
  const last = uri(count - 1);
  await client.open(last, manifest(count - 1, 'alpine:3.20'));
  const before = client.diagnostics.get(last)!.length;
  await client.change(last, manifest(count - 1, 'gcr.io/distroless/static-debian12'));
  await client.waitFor(() => client.publishCount.get(last) === 2, 'the edited manifest republished');
  assert.notEqual(client.diagnostics.get(last)!.length, before);
  assert.equal(client.publishCount.get(uri(0)), 1, 'an unaffected manifest was not republished');
});
