// The workspace re-analyses only what an edit touches: unchanged manifests keep their finding objects,
// hand-picked edits equal a fresh analysis (random sequences: workspace-incremental-property.test.ts),
// and a rule that throws is reported while, and only while, some input still makes it throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/core/workspace.js';
import type { RuleDef } from '../../server/src/core/rules/index.js';
import { loadWorkspaceDir } from '../support/workspace.js';

function summary(ws: Workspace): string[] {
  const r = ws.analyze();
  return [
    ...r.findings.map((f) => `${f.location.file}:${f.location.range.start.line}:${f.location.range.start.character} ${f.severity} ${f.rule} ${f.message}`),
    ...r.notices.map((n) => `notice ${n.file} ${n.message}`),
  ];
}

function fresh(files: Map<string, string>): Workspace {
  const ws = new Workspace();
  for (const [p, t] of files) ws.setFile(p, t);
  return ws;
}

test('a Dockerfile edit recomputes only the manifests that use its image', () => {
  const { ws, files } = loadWorkspaceDir('examples');
  const before = ws.analyze().findings;
  const api = before.filter((f) => f.location.file === 'k8s/api.yaml');
  const postgres = before.filter((f) => f.location.file === 'k8s/postgres.yaml');
  assert.ok(api.some((f) => f.rule === 'secret-in-shell-image'));

  const hardened = files.get('services/api/Dockerfile')!.replace('FROM node:20', 'FROM gcr.io/distroless/nodejs22-debian13:nonroot');
  ws.setFile('services/api/Dockerfile', hardened);
  const after = ws.analyze().findings;
  // Untouched manifests: the very same finding objects.
  const postgresAfter = after.filter((f) => f.location.file === 'k8s/postgres.yaml');
  assert.equal(postgresAfter.length, postgres.length);
  postgresAfter.forEach((f, i) => assert.equal(f, postgres[i]));
  // The manifest that uses the image: recomputed, its shell finding gone.
  const apiAfter = after.filter((f) => f.location.file === 'k8s/api.yaml');
  assert.ok(!apiAfter.some((f) => f.rule === 'secret-in-shell-image'));
  files.set('services/api/Dockerfile', hardened);
  assert.deepEqual(summary(ws), summary(fresh(files)));
});

test('edits to ServiceAccounts, build configs, the config file and settings equal a fresh analysis', () => {
  const { ws, files } = loadWorkspaceDir('examples');
  const edits: [string, (t: string) => string][] = [
    ['k8s/worker.yaml', (t) => `${t}automountServiceAccountToken: false\n`],
    ['skaffold.yaml', (t) => t.replace('registry.example.com/shop/worker', 'registry.example.com/shop/worker-renamed')],
    ['.secret-surface.yaml', (t) => t.replace('secret-volume-not-csi: info', 'secret-volume-not-csi: off')],
    ['k8s/api.yaml', (t) => t.replace('name: api\n  namespace: shop', 'name: api\n  namespace: shop\n  annotations:\n    secret-surface.io/ignore: secret-as-env-var')],
  ];
  for (const [path, edit] of edits) {
    const next = edit(files.get(path)!);
    assert.notEqual(next, files.get(path), `edit of ${path} changed nothing`);
    files.set(path, next);
    ws.setFile(path, next);
    assert.deepEqual(summary(ws), summary(fresh(files)), `after editing ${path}`);
  }
  ws.removeFile('services/worker/Dockerfile');
  files.delete('services/worker/Dockerfile');
  assert.deepEqual(summary(ws), summary(fresh(files)), 'after deleting a Dockerfile');
  ws.setSettings({ rules: { 'secret-in-shell-image': 'warning' } });
  const f = fresh(files);
  f.setSettings({ rules: { 'secret-in-shell-image': 'warning' } });
  assert.deepEqual(summary(ws), summary(f), 'after a settings change');
  assert.ok(ws.analyze().findings.some((x) => x.rule === 'secret-in-shell-image' && x.severity === 'warning'));
});

test('a rule that throws is one notice while some partition makes it throw, and gone once none does', () => {
  const fragile: RuleDef = {
    id: 'fragile',
    defaultSeverity: 'warning',
    docs: { summary: '', what: '', why: '', example: '', instead: '' },
    check(ctx) {
      if (ctx.exposures.some((e) => e.container.image.startsWith('boom'))) throw new Error('cannot read boom');
      return [];
    },
  };
  const ws = new Workspace({ rules: [fragile] });
  const pod = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  containers:\n    - {name: app, image: ${image}}\n`;
  const failures = () => ws.analyze().notices.filter((n) => n.message.startsWith('Rule fragile failed'));
  ws.setFile('a.yaml', pod('boom:1'));
  ws.setFile('b.yaml', pod('boom:2'));
  assert.deepEqual(failures().map((n) => n.message), ['Rule fragile failed: cannot read boom'], 'one notice for two partitions');
  ws.setFile('a.yaml', pod('nginx:1.27'));
  assert.equal(failures().length, 1, 'b.yaml still makes it throw');
  ws.removeFile('b.yaml');
  assert.deepEqual(failures(), [], 'no input makes it throw any more');
});
