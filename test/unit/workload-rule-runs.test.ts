// An edit to one workload of a many-workload manifest re-runs the rules on that workload alone (the
// others' runs are kept while their facts and every answer they read are the same objects), and the
// result is still exactly a fresh analysis of the same text: after moves, renames into a duplicate
// name, a Secret source elsewhere, and a rule that throws on one workload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/core/workspace.js';
import { rules as allRules, type RuleDef } from '../../server/src/core/rules/index.js';
import type { WorkspaceOptions } from '../../server/src/core/workspace.js';
import { canonical, numberedDeployment } from '../support/workspace.js';

const manifest = (docs: string[]): string => `${docs.join('\n---\n')}\n`;
const docs = (n: number): string[] => Array.from({ length: n }, (_, i) => numberedDeployment(i, 'alpine:3.20'));

/** Every rule, each check counted by the workload names of the exposures it was given. */
function counted(throwOn?: string): { rules: RuleDef[]; calls: string[] } {
  const calls: string[] = [];
  const rules = allRules.map((r): RuleDef => ({
    ...r,
    check(ctx) {
      for (const e of ctx.exposures) if (!calls.includes(e.workload.ref.name)) calls.push(e.workload.ref.name);
      if (throwOn && r.id === 'secret-as-env-var' && ctx.exposures.some((e) => e.workload.ref.name === throwOn)) throw new Error(`cannot read ${throwOn}`);
      return r.check(ctx);
    },
  }));
  return { rules, calls };
}

function fresh(files: Record<string, string>, options: WorkspaceOptions = {}): string[] {
  const ws = new Workspace(options);
  for (const [p, t] of Object.entries(files)) ws.setFile(p, t);
  return canonical(ws.analyze());
}

test('an edit to one workload of twenty re-runs the rules on that workload only, and equals a fresh analysis', () => {
  const { rules, calls } = counted();
  const ws = new Workspace({ rules });
  const list = docs(20);
  ws.setFile('deploy.yaml', manifest(list));
  ws.analyze();
  // The first edit of a file runs per workload and keeps the runs; the next ones reuse them.
  list[7] = numberedDeployment(7, 'gcr.io/distroless/static-debian12:nonroot');
  ws.setFile('deploy.yaml', manifest(list));
  ws.analyze();
  for (const image of ['alpine:3.19', 'gcr.io/distroless/base-debian12', 'alpine:3.20']) {
    list[7] = numberedDeployment(7, image);
    ws.setFile('deploy.yaml', manifest(list));
    calls.length = 0;
    const result = ws.analyze();
    assert.deepEqual(calls, ['svc-7'], `only the edited workload's exposures went to the rules (image ${image})`);
    assert.deepEqual(canonical(result), fresh({ 'deploy.yaml': manifest(list) }), `image ${image}`);
    assert.ok(result.findings.some((f) => f.workload?.name === 'svc-7' && f.rule === 'secret-in-shell-image'), 'the edited workload has its own findings');
  }
});

test('kept runs stay equal to a fresh analysis through moves, duplicate names, other files and settings', () => {
  const ws = new Workspace();
  const list = docs(12);
  const files: Record<string, string> = {};
  const step = (what: string, path: string, text: string): void => {
    files[path] = text;
    ws.setFile(path, text);
    assert.deepEqual(canonical(ws.analyze()), fresh(files), what);
  };
  step('first', 'deploy.yaml', manifest(list));
  list[0] = numberedDeployment(0, 'alpine:3.20\n          imagePullPolicy: Always');
  step('a line added to the first document moves every other one', 'deploy.yaml', manifest(list));
  list[3] = numberedDeployment(3, 'alpine:3.20', 'svc-4');
  step('two workloads now share a name', 'deploy.yaml', manifest(list));
  list[3] = numberedDeployment(3, 'alpine:3.20');
  step('the name is its own again', 'deploy.yaml', manifest(list));
  step(
    'an ExternalSecret elsewhere now writes one of the Secrets',
    'external.yaml',
    manifest([
      [
        'apiVersion: external-secrets.io/v1beta1',
        'kind: ExternalSecret',
        'metadata: { name: db-5, namespace: shop }',
        'spec:',
        '  refreshInterval: 72h',
        '  target: { name: db-5 }',
      ].join('\n'),
    ]),
  );
  list[9] = numberedDeployment(9, 'gcr.io/distroless/static-debian12');
  step('another edit after that', 'deploy.yaml', manifest(list));
  files['.secret-surface.yaml'] = 'rules:\n  secret-as-env-var: off\n';
  ws.setFile('.secret-surface.yaml', files['.secret-surface.yaml']);
  assert.deepEqual(canonical(ws.analyze()), fresh(files), 'a rule turned off in the config');
  list[9] = numberedDeployment(9, 'alpine:3.20');
  step('an edit with the rule off', 'deploy.yaml', manifest(list));
});

test('a rule that throws on one workload fails for the whole manifest, as in a fresh analysis', () => {
  const ws = new Workspace({ rules: counted('svc-2').rules });
  const list = docs(6);
  ws.setFile('deploy.yaml', manifest(list));
  ws.analyze();
  for (const image of ['alpine:3.19', 'alpine:3.20']) {
    list[4] = numberedDeployment(4, image);
    ws.setFile('deploy.yaml', manifest(list));
    const result = ws.analyze();
    assert.deepEqual(canonical(result), fresh({ 'deploy.yaml': manifest(list) }, { rules: counted('svc-2').rules }));
    assert.ok(result.notices.some((n) => n.message === 'Rule secret-as-env-var failed: cannot read svc-2'), 'the failure is reported');
    assert.ok(!result.findings.some((f) => f.rule === 'secret-as-env-var'), 'the rule that threw reports nothing on the manifest');
  }
});
