// The policy reports `scan --format policyreport|openreports` writes, against the real kube-apiserver
// with the report CRDs installed (wgpolicyk8s.io from the Kyverno module, openreports.io from its own):
// server-side applied with strict validation, read back unchanged. Without the CRD the API server
// refuses them with a clear answer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { startCluster, toolsDir, type Cluster } from './support/kube-cluster.js';
import { ensureNamespace } from './support/kube-seed.js';
import { apply, assertContains, send, until } from './support/admission.js';

let cluster: Cluster;

function crd(prefix: string, file: string): any {
  const dirs = existsSync(toolsDir()) ? readdirSync(toolsDir()).filter((d) => d.startsWith(prefix)).sort() : [];
  if (dirs.length === 0) throw new Error(`${prefix}* not found in ${toolsDir()}: run scripts/e2e/setup.sh`);
  return parse(readFileSync(join(toolsDir(), dirs[dirs.length - 1]!, file), 'utf8'));
}

function scan(format: string): any[] {
  const r = spawnSync(process.execPath, ['server/out/cli.js', 'scan', 'examples', '--format', format, '--fail-on', 'never'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return parseAllDocuments(r.stdout).map((d) => d.toJSON());
}

async function install(c: any): Promise<void> {
  const r = await apply(cluster, c);
  assert.ok(r.status < 300, `${c.metadata.name}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  const ok = await until(
    () => send(cluster, 'GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${c.metadata.name}`),
    (a) => (a.body?.status?.conditions ?? []).some((x: any) => x.type === 'Established' && x.status === 'True'),
    30_000,
  );
  assert.ok((ok.body?.status?.conditions ?? []).some((x: any) => x.type === 'Established' && x.status === 'True'), `${c.metadata.name} not established`);
}

const path = (o: any) => {
  const [group, version] = o.apiVersion.split('/');
  const plural = { PolicyReport: 'policyreports', ClusterPolicyReport: 'clusterpolicyreports', Report: 'reports', ClusterReport: 'clusterreports' }[o.kind as string];
  return o.metadata.namespace ? `/apis/${group}/${version}/namespaces/${o.metadata.namespace}/${plural}/${o.metadata.name}` : `/apis/${group}/${version}/${plural}/${o.metadata.name}`;
};

before(async () => {
  cluster = await startCluster();
  for (const ns of ['shop', 'payments']) await ensureNamespace(cluster, ns);
});

after(async () => {
  await cluster?.stop();
});

test('without the CRD the API server refuses the report (404), so a missing install is never a silent success', async () => {
  const [report] = scan('policyreport');
  const r = await send(cluster, 'PATCH', `${path(report)}?fieldManager=secret-surface-e2e&force=true`, report, { contentType: 'application/apply-patch+yaml' });
  assert.equal(r.status, 404, JSON.stringify(r.body).slice(0, 300));
});

for (const [format, prefix, files] of [
  ['policyreport', 'kyverno-crds-', ['wgpolicyk8s.io_policyreports.yaml', 'wgpolicyk8s.io_clusterpolicyreports.yaml']],
  ['openreports', 'openreports-crds-', ['openreports.io_reports.yaml', 'openreports.io_clusterreports.yaml']],
] as const) {
  test(`--format ${format}: accepted by the CRD with strict validation and read back`, async () => {
    for (const f of files) await install(crd(prefix, f));
    const reports = scan(format);
    assert.ok(reports.length >= 3);
    for (const rep of reports) {
      const r = await until(() => apply(cluster, rep), (a) => a.status !== 404, 30_000);
      assert.ok(r.status === 200 || r.status === 201, `${rep.kind} ${rep.metadata.namespace ?? ''}: ${r.status} ${JSON.stringify(r.body).slice(0, 800)}`);
      const back = await send(cluster, 'GET', path(rep));
      assert.equal(back.status, 200);
      assertContains(back.body, { summary: rep.summary, results: rep.results });
    }
    const listed = await send(cluster, 'GET', `/apis/${reports[0].apiVersion}/namespaces/shop/${format === 'openreports' ? 'reports' : 'policyreports'}`);
    assert.equal(listed.body.items.length, 1);
    assert.ok(listed.body.items[0].results.some((x: any) => x.rule === 'secret-in-shell-image' && x.resources[0].name === 'api'));
  });
}
