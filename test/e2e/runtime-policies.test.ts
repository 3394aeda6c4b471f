// The generated Tetragon and KubeArmor policies checked against each engine's own schema: their CRDs (from the
// engines' Go modules, scripts/e2e/setup-runtime-crds.sh) are installed into the real kube-apiserver and every
// golden policy is server-side applied with strict field validation, so an unknown field, a wrong enum value or
// a path that breaks KubeArmor's pattern is an error, never pruned. The engines' agents are not run here
// (see docs/runtime-baseline.md, "What is validated, and how").
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { startCluster, toolsDir, type Cluster } from './support/kube-cluster.js';
import { ensureNamespace } from './support/kube-seed.js';
import { loadWorkspaceDir } from '../support/workspace.js';
import { generateRuntimePolicy, parseObservedBaseline } from '../../server/src/core/policy/runtime/index.js';

let cluster: Cluster;

const CRDS = { tetragon: 'cilium.io_tracingpoliciesnamespaced.yaml', kubearmor: 'security.kubearmor.com_kubearmorpolicies.yaml' } as const;
const PLURAL: Record<string, string> = { TracingPolicyNamespaced: 'tracingpoliciesnamespaced', KubeArmorPolicy: 'kubearmorpolicies' };

function crdDir(): string {
  const dirs = existsSync(toolsDir()) ? readdirSync(toolsDir()).filter((d) => d.startsWith('runtime-crds-')).sort() : [];
  if (dirs.length === 0) throw new Error(`runtime engine CRDs not found in ${toolsDir()}: run scripts/e2e/setup-runtime-crds.sh`);
  return join(toolsDir(), dirs[dirs.length - 1]!);
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Server-side apply with strict field validation: unknown or duplicate fields fail the request. */
function apply(obj: any): Promise<{ status: number; body: any }> {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  const plural = obj.kind === 'CustomResourceDefinition' ? 'customresourcedefinitions' : PLURAL[obj.kind];
  assert.ok(plural, `no resource for ${obj.kind}`);
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const ns = obj.metadata.namespace ? `/namespaces/${obj.metadata.namespace}` : '';
  const path = `${base}${ns}/${plural}/${obj.metadata.name}?fieldManager=secret-surface-test&fieldValidation=Strict&force=true`;
  return cluster.request('PATCH', path, obj, { contentType: 'application/apply-patch+yaml' });
}

/** Every value of `want` is in `got` (the server may add defaults, never drop what was sent). */
function assertContains(got: unknown, want: unknown, at = 'spec'): void {
  if (Array.isArray(want)) {
    assert.ok(Array.isArray(got) && got.length === want.length, `${at}: expected ${want.length} items, got ${JSON.stringify(got)}`);
    want.forEach((w, i) => assertContains((got as unknown[])[i], w, `${at}[${i}]`));
  } else if (want && typeof want === 'object') {
    assert.ok(got && typeof got === 'object', `${at}: missing`);
    for (const [k, v] of Object.entries(want)) assertContains((got as Record<string, unknown>)[k], v, `${at}.${k}`);
  } else assert.equal(got, want, at);
}

before(async () => {
  const dir = crdDir();
  cluster = await startCluster();
  for (const file of Object.values(CRDS)) {
    const crd = parse(readFileSync(join(dir, file), 'utf8'));
    const r = await apply(crd);
    assert.ok(r.status === 200 || r.status === 201, `CRD ${file}: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
    const est = await until(
      () => cluster.request('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`),
      (a) => (a.body?.status?.conditions ?? []).some((c: any) => c.type === 'Established' && c.status === 'True'),
      30_000,
    );
    assert.ok((est.body?.status?.conditions ?? []).some((c: any) => c.type === 'Established' && c.status === 'True'), `${file} never established`);
    const group = crd.spec.group as string;
    const version = crd.spec.versions[0].name as string;
    await until(() => cluster.request('GET', `/apis/${group}/${version}/${crd.spec.names.plural}`), (a) => a.status === 200, 30_000);
  }
  for (const ns of ['shop', 'payments', 'money']) await ensureNamespace(cluster, ns);
});

after(async () => {
  await cluster?.stop();
});

const GOLDENS = ['examples.tetragon.yaml', 'examples.tetragon.block.yaml', 'examples.kubearmor.yaml', 'examples.kubearmor.block.yaml'];

for (const file of GOLDENS) {
  test(`${file}: every policy is accepted by the engine's CRD schema (strict) and stored as written`, async () => {
    const docs = parseAllDocuments(readFileSync(join('test/golden/runtime', file), 'utf8')).map((d) => d.toJS());
    assert.ok(docs.length >= 5, `${file} holds ${docs.length} policies`);
    for (const policy of docs) {
      const r = await apply(policy);
      assert.ok(r.status === 200 || r.status === 201, `${policy.metadata.name}: ${r.status} ${JSON.stringify(r.body).slice(0, 1500)}`);
      assertContains(r.body.spec, policy.spec);
    }
  });
}

test('the subPath / multi-container fixture and a baseline-widened policy are accepted too', async () => {
  const exposures = loadWorkspaceDir('test/fixtures/runtime/subpath').ws.analyze().exposures;
  const b = parseObservedBaseline('version: 1\nobserved:\n  - workload: billing\n    process: /usr/bin/python3.12\n    files: [/app/config/credentials.json]\n');
  assert.ok(b.ok);
  for (const engine of ['tetragon', 'kubearmor'] as const) {
    for (const mode of ['audit', 'block'] as const) {
      const docs = parseAllDocuments(generateRuntimePolicy(exposures, engine, { mode, baseline: b.baseline }).yaml).map((d) => d.toJS());
      assert.match(JSON.stringify(docs), /python3\.12/);
      assert.ok(docs.length >= 2);
      for (const policy of docs) {
        policy.metadata.name = `${policy.metadata.name}-${mode}`.slice(0, 63);
        const r = await apply(policy);
        assert.ok(r.status === 200 || r.status === 201, `${engine} ${mode} ${policy.metadata.name}: ${r.status} ${JSON.stringify(r.body).slice(0, 1500)}`);
        assertContains(r.body.spec, policy.spec);
      }
    }
  }
});

test('the schema check can fail: a wrong operator, an unknown field and a directory without its slash are refused', async () => {
  const tetragon = parseAllDocuments(readFileSync('test/golden/runtime/examples.tetragon.yaml', 'utf8')).map((d) => d.toJS());
  const badOperator = structuredClone(tetragon[1]);
  badOperator.metadata.name = 'broken-operator';
  badOperator.spec.kprobes[0].selectors[0].matchArgs[0].operator = 'StartsWith';
  const r1 = await apply(badOperator);
  assert.equal(r1.status, 422, JSON.stringify(r1.body).slice(0, 500));
  assert.match(JSON.stringify(r1.body), /StartsWith/);

  const unknown = structuredClone(tetragon[1]);
  unknown.metadata.name = 'broken-field';
  unknown.spec.kprobes[0].selectors[0].matchPaths = [{ path: '/x' }];
  const r2 = await apply(unknown);
  // Server-side apply refuses a field the schema does not declare while building the typed patch.
  assert.ok(r2.status >= 400, `${r2.status} ${JSON.stringify(r2.body).slice(0, 500)}`);
  assert.match(JSON.stringify(r2.body), /selectors\[0\]\.matchPaths: field not declared in schema/);

  const kubearmor = parseAllDocuments(readFileSync('test/golden/runtime/examples.kubearmor.yaml', 'utf8')).map((d) => d.toJS());
  const badDir = structuredClone(kubearmor[1]);
  badDir.metadata.name = 'broken-dir';
  badDir.spec.file.matchDirectories[0].dir = '/etc/api/tls';
  const r3 = await apply(badDir);
  assert.equal(r3.status, 422, JSON.stringify(r3.body).slice(0, 500));
  assert.match(JSON.stringify(r3.body), /matchDirectories\[0\]\.dir/);
});
