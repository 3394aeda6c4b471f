// The in-cluster reporter's own image and manifest pass the product's own scan: a distroless Node final
// stage with an exec-form entrypoint and no shell, linked to the CronJob that receives the token; and the
// RBAC it ships names no Secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { Workspace } from '../../server/src/core/workspace.js';

test('deploy/in-cluster: the scan finds nothing, and the image is hardened by its Dockerfile', () => {
  const ws = new Workspace();
  ws.setFile('Dockerfile', readFileSync('deploy/in-cluster/Dockerfile', 'utf8'));
  ws.setFile('secret-surface.yaml', readFileSync('deploy/in-cluster/secret-surface.yaml', 'utf8'));
  ws.setFile('.secret-surface.yaml', 'version: 1\nimages:\n  registry.example.com/secret-surface: Dockerfile\n');
  const r = ws.analyze();
  assert.deepEqual(r.findings.map((f) => `${f.rule} ${f.message}`), []);
  const row = r.report.find((x) => x.workload.kind === 'CronJob');
  assert.ok(row);
  assert.equal(row.tokenMounted, true);
  assert.equal(row.hardening, 'hardened');
  assert.equal(row.source, 'dockerfile');
  assert.match(row.baseImage ?? '', /^gcr\.io\/distroless\/nodejs20/);
  const entry = r.exposures[0]!.image.commands.find((c) => c.instruction === 'ENTRYPOINT');
  assert.equal(entry?.form, 'exec');
});

test('the shipped RBAC reads no Secret and writes only reports', () => {
  const docs = parseAllDocuments(readFileSync('deploy/in-cluster/secret-surface.yaml', 'utf8')).map((d) => d.toJSON() as any);
  const role = docs.find((d) => d.kind === 'ClusterRole');
  const rules = role.rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[];
  assert.ok(!rules.some((x) => x.resources.includes('secrets') || x.resources.includes('*')));
  for (const x of rules) {
    const writes = x.verbs.filter((v) => !['get', 'list'].includes(v));
    if (writes.length) assert.ok(x.resources.every((res) => /reports$/.test(res)), JSON.stringify(x));
  }
});
