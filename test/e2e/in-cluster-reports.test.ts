// The in-cluster mode against the real kube-apiserver: the documented manifest's RBAC applied, a real
// service-account token from the TokenRequest API laid out as a pod would see it, and
// `secret-surface cluster --in-cluster --write-reports` run as a process. It refuses clearly while the
// report CRD is missing, then writes one PolicyReport per namespace that is read back; the service
// account cannot read Secrets, and the audit log shows it never asked.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { startCluster, toolsDir, type Cluster } from './support/kube-cluster.js';
import { createDeployment, ensureNamespace } from './support/kube-seed.js';
import { apply, send, until } from './support/admission.js';

const SA = 'system:serviceaccount:secret-surface:secret-surface-reporter';
let cluster: Cluster;
let saDir: string;
let token: string;

function run(): { code: number; stdout: string; stderr: string } {
  const port = new URL(cluster.server).port;
  const r = spawnSync(process.execPath, ['server/out/cli.js', 'cluster', '--in-cluster', '--service-account-dir', saDir, '--write-reports', '--no-registry'], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', HOME: saDir, KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  cluster = await startCluster();
  await ensureNamespace(cluster, 'shop');
  await createDeployment(cluster, 'shop', 'api', {
    containers: [{ name: 'api', image: 'node:20', env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }],
  });
  const manifest = parseAllDocuments(readFileSync('deploy/in-cluster/secret-surface.yaml', 'utf8')).map((d) => d.toJSON());
  for (const o of manifest.filter((x) => x.kind !== 'CronJob')) {
    const r = await apply(cluster, o);
    assert.ok(r.status < 300, `${o.kind}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  }
  const tr = await send(cluster, 'POST', '/api/v1/namespaces/secret-surface/serviceaccounts/secret-surface-reporter/token', {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: { expirationSeconds: 3600 },
  });
  assert.equal(tr.status, 201, JSON.stringify(tr.body).slice(0, 300));
  token = tr.body.status.token;
  saDir = mkdtempSync(join(tmpdir(), 'surface-sa-'));
  writeFileSync(join(saDir, 'token'), token, { mode: 0o600 });
  copyFileSync(cluster.caFile, join(saDir, 'ca.crt'));
  writeFileSync(join(saDir, 'namespace'), 'secret-surface');
});

after(async () => {
  await cluster?.stop();
  if (saDir) rmSync(saDir, { recursive: true, force: true });
});

test('the reporter service account cannot read Secrets, and may do what the check needs', async () => {
  const as = { token };
  assert.equal((await send(cluster, 'GET', '/api/v1/namespaces/shop/secrets', undefined, as)).status, 403);
  assert.equal((await send(cluster, 'GET', '/api/v1/secrets', undefined, as)).status, 403);
  assert.equal((await send(cluster, 'GET', '/api/v1/namespaces/shop/secrets/db', undefined, as)).status, 403);
  assert.equal((await send(cluster, 'GET', '/api/v1/pods', undefined, as)).status, 200);
  assert.equal((await send(cluster, 'DELETE', '/api/v1/namespaces/shop/pods/x', undefined, as)).status, 403);
});

test('without the PolicyReport CRD: exit 2 with one line saying what to install', () => {
  const r = run();
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /does not serve wgpolicyk8s\.io\/v1alpha2 PolicyReport: install its CustomResourceDefinition/);
  assert.doesNotMatch(r.stderr, new RegExp(token.slice(0, 20)), 'no token in the message');
});

test('--in-cluster --write-reports: one PolicyReport per namespace, written by the service account, read back', async () => {
  const dirs = existsSync(toolsDir()) ? readdirSync(toolsDir()).filter((d) => d.startsWith('kyverno-crds-')).sort() : [];
  assert.ok(dirs.length > 0, 'run scripts/e2e/setup-kyverno.sh');
  for (const f of ['wgpolicyk8s.io_policyreports.yaml', 'wgpolicyk8s.io_clusterpolicyreports.yaml']) {
    const crd = parse(readFileSync(join(toolsDir(), dirs[dirs.length - 1]!, f), 'utf8'));
    assert.ok((await apply(cluster, crd)).status < 300);
  }
  await until(() => send(cluster, 'GET', '/apis/wgpolicyk8s.io/v1alpha2/policyreports'), (a) => a.status === 200, 30_000);
  // The RBAC test above asked for Secrets as this account on purpose; the CLI must add no such request.
  const secretAsks = () => cluster.auditEvents().filter((e) => e.user.username === SA && e.objectRef?.resource === 'secrets').length;
  const asked = secretAsks();
  const r = run();
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote \d+ reports? \(\d+ results\)/);
  const rep = await send(cluster, 'GET', '/apis/wgpolicyk8s.io/v1alpha2/namespaces/shop/policyreports/secret-surface');
  assert.equal(rep.status, 200);
  assert.equal(rep.body.metadata.managedFields[0].manager, 'secret-surface');
  const api = rep.body.results.filter((x: any) => x.resources?.[0]?.kind === 'Deployment' && x.resources[0].name === 'api');
  assert.ok(api.some((x: any) => x.rule === 'secret-in-shell-image' && x.result === 'fail'), JSON.stringify(rep.body.results).slice(0, 800));
  assert.equal(rep.body.summary.fail, rep.body.results.filter((x: any) => x.result === 'fail').length);
  // Written by the pod's identity, and no Secret was ever asked for by it.
  const events = cluster.auditEvents().filter((e) => e.user.username === SA);
  assert.ok(events.some((e) => e.objectRef?.resource === 'policyreports' && e.verb === 'patch'));
  assert.equal(secretAsks(), asked);
  assert.ok(events.some((e) => e.objectRef?.resource === 'pods' && e.verb === 'list'));
});
