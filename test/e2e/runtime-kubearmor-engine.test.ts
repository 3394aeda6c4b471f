// The generated KubeArmor policies run through KubeArmor's own Go code (test/go/runtime-validate, built by
// scripts/e2e/setup-runtime-validate.sh from the module proxy): a strict decode into the controller's
// KubeArmorPolicy type, the daemon's CreateSecurityPolicy, the daemon's AppArmor enforcer rendering the profile,
// and Debian's apparmor_parser compiling that profile. The same checker is shown to fail on broken policies.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { toolsDir } from './support/kube-cluster.js';
import { loadWorkspaceDir } from '../support/workspace.js';
import { generateRuntimePolicy, parseObservedBaseline } from '../../server/src/core/policy/runtime/index.js';

const SRC = 'test/go/runtime-validate';
const GOLDENS = ['examples.kubearmor.yaml', 'examples.kubearmor.block.yaml'];
const work = mkdtempSync(join(tmpdir(), 'ss-kubearmor-'));
const scratch = (name: string) => mkdtempSync(join(work, `${name}-`));
after(() => rmSync(work, { recursive: true, force: true }));

/** The checker built from this source tree (the setup script keys its cache on go.mod, go.sum and the source). */
function validator(): string {
  const files = ['go.mod', 'go.sum', ...readdirSync(SRC).filter((f) => f.endsWith('.go')).sort()];
  const key = createHash('sha256').update(Buffer.concat(files.map((f) => readFileSync(join(SRC, f))))).digest('hex').slice(0, 12);
  const bin = join(toolsDir(), `runtime-validate-${key}`, 'runtime-validate');
  if (!existsSync(bin)) throw new Error(`${bin} not found: run scripts/e2e/setup-runtime-validate.sh`);
  return bin;
}

function apparmorParser(): string {
  for (const p of ['/usr/sbin/apparmor_parser', '/sbin/apparmor_parser']) if (existsSync(p)) return p;
  throw new Error('apparmor_parser not found: run scripts/e2e/setup-runtime-validate.sh');
}

function run(files: string[], dump?: string): { status: number | null; out: string } {
  const args = ['-apparmor-parser', apparmorParser(), ...(dump ? ['-dump', dump] : []), 'kubearmor', ...files];
  const r = spawnSync(validator(), args, { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function policyCount(yaml: string): number {
  return parseAllDocuments(yaml).filter((d) => d.toJS() != null).length;
}

test('every KubeArmor golden passes KubeArmor\'s own decode, daemon conversion and AppArmor rendering, and the profile compiles', () => {
  const dump = scratch('goldens');
  const files = GOLDENS.map((f) => join('test/golden/runtime', f));
  const r = run(files, dump);
  assert.equal(r.status, 0, r.out);
  const expected = files.reduce((n, f) => n + policyCount(readFileSync(f, 'utf8')), 0);
  assert.ok(expected >= 10, `${expected} policies`);
  assert.match(r.out, new RegExp(`^${expected} policies, 0 failed$`, 'm'));
  assert.equal(r.out.match(/^ok .*compiled by apparmor_parser$/gm)?.length, expected, r.out);

  // What KubeArmor's enforcer makes of the block policy of shop/Deployment/api: the Secret directories and the
  // image's network tools denied in the container's profile, the expected reader (node) dispatched to a child
  // profile that may read them.
  const api = readFileSync(join(dump, 'examples.kubearmor.block.yaml.1.kubearmor-shop-secret-surface-deployment-api-api'), 'utf8');
  const main = api.slice(api.indexOf('profile kubearmor-shop-secret-surface-deployment-api-api '), api.indexOf('## == Dispatcher profile END'));
  assert.match(main, /^\s*deny \/etc\/api\/tls\/\{,\*\*\} klmrw,$/m);
  assert.match(main, /^\s*deny \/var\/run\/secrets\/kubernetes\.io\/serviceaccount\/\{,\*\*\} klmrw,$/m);
  assert.match(main, /^\s*deny \/proc\/\*\/environ klmrw,$/m);
  assert.match(main, /^\s*deny \/usr\/bin\/curl x,$/m);
  assert.match(main, /^\s*\/usr\/local\/bin\/node px -> kubearmor-shop-secret-surface-deployment-api-api_usrlocalbinnode,$/m);
  const node = api.slice(api.indexOf('profile kubearmor-shop-secret-surface-deployment-api-api_usrlocalbinnode '));
  assert.match(node, /^\s*\/etc\/api\/tls\/\{,\*\*\} klmrw,$/m);
  assert.doesNotMatch(node.slice(0, node.indexOf('\n}')), /deny \/etc\/api\/tls/);

  // Audit mode leaves enforcement out of AppArmor (KubeArmor reports audited access from its own monitor): the
  // container's profile denies none of the Secret paths.
  const audit = readFileSync(join(dump, 'examples.kubearmor.yaml.1.kubearmor-shop-secret-surface-deployment-api-api'), 'utf8');
  assert.doesNotMatch(audit, /deny \/etc\/api\/tls/);
  assert.doesNotMatch(audit, /deny \/usr\/bin\/curl/);
});

test('the subPath / multi-container fixture and a baseline-widened policy pass too', () => {
  const dir = scratch('subpath');
  const exposures = loadWorkspaceDir('test/fixtures/runtime/subpath').ws.analyze().exposures;
  const b = parseObservedBaseline('version: 1\nobserved:\n  - workload: billing\n    process: /usr/bin/python3.12\n    files: [/app/config/credentials.json]\n');
  assert.ok(b.ok);
  const files: string[] = [];
  let expected = 0;
  for (const mode of ['audit', 'block'] as const) {
    const { yaml } = generateRuntimePolicy(exposures, 'kubearmor', { mode, baseline: b.baseline });
    assert.match(yaml, /python3\.12/);
    expected += policyCount(yaml);
    files.push(join(dir, `subpath.${mode}.yaml`));
    writeFileSync(files[files.length - 1]!, yaml);
  }
  const r = run(files);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, new RegExp(`^${expected} policies, 0 failed$`, 'm'));
});

test('the check can fail: an unknown field, a wrong type, a wrong kind and a path AppArmor refuses', () => {
  const dir = scratch('broken');
  const good = parseAllDocuments(readFileSync('test/golden/runtime/examples.kubearmor.block.yaml', 'utf8')).map((d) => d.toJS());
  const cases: [string, (p: any) => void, RegExp][] = [
    ['unknown field', (p) => (p.spec.file.matchDirectories[0].recursiv = true), /strict decode into security\.kubearmor\.com\/v1 KubeArmorPolicy: .*unknown field "recursiv"/],
    ['wrong type', (p) => (p.spec.severity = 'high'), /strict decode .*cannot unmarshal string into Go struct field .*severity of type v1\.SeverityType/],
    ['wrong kind', (p) => (p.kind = 'KubeArmorHostPolicy'), /kind "KubeArmorHostPolicy": want security\.kubearmor\.com\/v1 KubeArmorPolicy/],
    ['relative path', (p) => (p.spec.file.matchDirectories[0].dir = 'etc/api/tls/'), /apparmor_parser refused KubeArmor's profile: exit status 1: .*syntax error/],
  ];
  for (const [what, mutate, re] of cases) {
    const policy = structuredClone(good[1]);
    mutate(policy);
    const file = join(dir, `${what.replace(/ /g, '-')}.yaml`);
    writeFileSync(file, stringify(policy));
    const r = run([file]);
    assert.equal(r.status, 1, `${what}: ${r.out}`);
    assert.match(r.out, /^FAIL /m, what);
    assert.match(r.out, re, `${what}: ${r.out}`);
    assert.match(r.out, /^1 policies, 1 failed$/m, what);
  }
});
