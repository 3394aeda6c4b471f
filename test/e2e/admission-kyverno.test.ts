// The generated Kyverno ClusterPolicy checked against Kyverno's own schema: its CRD (from the Kyverno Go
// module, scripts/e2e/setup-kyverno.sh) is installed into the real kube-apiserver and the policy is
// server-side applied with strict field validation, so a field Kyverno does not know is an error, not
// silently pruned. Kyverno's engine itself is not run here (see docs/admission.md).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startCluster, toolsDir, type Cluster } from './support/kube-cluster.js';
import { apply, assertContains, generate, send, until } from './support/admission.js';

let cluster: Cluster;
let dir: string;

function kyvernoCrd(file: string): any {
  const dirs = existsSync(toolsDir()) ? readdirSync(toolsDir()).filter((d) => d.startsWith('kyverno-crds-')).sort() : [];
  if (dirs.length === 0) throw new Error(`Kyverno CRDs not found in ${toolsDir()}: run scripts/e2e/setup-kyverno.sh`);
  return parse(readFileSync(join(toolsDir(), dirs[dirs.length - 1]!, file), 'utf8'));
}

function workspace(config: string): string {
  const d = mkdtempSync(join(dir, 'ws-'));
  writeFileSync(join(d, '.secret-surface.yaml'), config);
  writeFileSync(
    join(d, 'app.yaml'),
    'apiVersion: v1\nkind: Pod\nmetadata: { name: app, namespace: shop }\nspec:\n  containers:\n    - name: app\n      image: gcr.io/distroless/static-debian12:nonroot\n      envFrom: [{ secretRef: { name: app } }]\n',
  );
  return d;
}

const KEY = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8nXRh950IZbRj8Ra/N9sbqOPZrfM\n5/KAQN0/KjHcorm/J5yctVd7iEcnessRQjU917hmKO6JWVGHpDguIyakZA==\n-----END PUBLIC KEY-----';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'surface-kyverno-'));
  const crd = kyvernoCrd('kyverno.io_clusterpolicies.yaml');
  cluster = await startCluster();
  const r = await apply(cluster, crd);
  assert.ok(r.status === 200 || r.status === 201, `CRD install: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
  const est = await until(
    () => send(cluster, 'GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`),
    (a) => (a.body?.status?.conditions ?? []).some((c: any) => c.type === 'Established' && c.status === 'True'),
    30_000,
  );
  assert.ok((est.body?.status?.conditions ?? []).some((c: any) => c.type === 'Established' && c.status === 'True'), 'CRD never established');
  // Discovery of the new group is asynchronous too.
  await until(() => send(cluster, 'GET', '/apis/kyverno.io/v1/clusterpolicies'), (a) => a.status === 200, 30_000);
});

after(async () => {
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

for (const [what, config, mode] of [
  ['keyless, warn', 'version: 1\npolicy:\n  signature: { issuer: https://token.actions.githubusercontent.com, subject: https://github.com/shop/app/.github/workflows/build.yaml@refs/heads/main }\n  exemptWorkloads: [shop/Deployment/legacy]\n', 'warn'],
  ['public key, deny', `version: 1\npolicy:\n  signature:\n    key: |\n${KEY.split('\n').map((l) => `      ${l}`).join('\n')}\n  vulnerabilities: { severity: critical, maxCount: 0 }\n  requireDigest: false\n`, 'deny'],
] as const) {
  test(`the ClusterPolicy (${what}) is accepted by Kyverno's schema with strict field validation, nothing pruned`, async () => {
    const out = generate([workspace(config), '--engine', 'kyverno', '--mode', mode]);
    const policy = out.objects.find((o) => o.kind === 'ClusterPolicy');
    assert.ok(policy, out.yaml);
    const r = await apply(cluster, policy);
    assert.ok(r.status === 200 || r.status === 201, `${r.status}: ${JSON.stringify(r.body).slice(0, 1500)}`);
    // Kyverno 1.19 marks the whole kyverno.io/v1 ClusterPolicy kind deprecated (still served); no field is.
    assert.deepEqual(r.warnings.filter((w) => !/kyverno\.io\/v1 ClusterPolicy is deprecated/.test(w)), [], 'no unknown or deprecated field warnings');
    const stored = (await send(cluster, 'GET', `/apis/kyverno.io/v1/clusterpolicies/${policy.metadata.name}`)).body;
    // Every rule, condition and CEL expression came back as written.
    assertContains(stored.spec, policy.spec);
    const att = stored.spec.rules[1].verifyImages[0].attestations[0];
    assert.equal(att.type, 'https://cosign.sigstore.dev/attestation/vuln/v1');
  });
}

test('the schema check can fail: a field Kyverno does not know is refused', async () => {
  const out = generate([workspace('version: 1\npolicy:\n  signature: { key: k }\n'), '--engine', 'kyverno']);
  const policy = structuredClone(out.objects.find((o) => o.kind === 'ClusterPolicy'));
  policy.metadata.name = 'broken';
  policy.spec.rules[1].verifyImages[0].attestations[0].predicate = 'vuln';
  const r = await apply(cluster, policy);
  assert.ok(r.status >= 400, `${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
  assert.match(JSON.stringify(r.body), /attestations\[0\]\.predicate: field not declared in schema|unknown field .*predicate/);
  assert.equal((await send(cluster, 'GET', '/apis/kyverno.io/v1/clusterpolicies/broken')).status, 404);
});
