// The runtime baseline generator: targets from the analysis (expected readers, Secret paths, tools, what is
// skipped), the observed-process baseline and its errors, and each engine's output read back as YAML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { loadWorkspaceDir } from '../support/workspace.js';
import {
  generateRuntimePolicy,
  parseObservedBaseline,
  runtimeEngines,
  type ObservedBaseline,
  type RuntimeEngineId,
} from '../../server/src/core/policy/runtime/index.js';
import { runtimeTargets } from '../../server/src/core/policy/runtime/targets.js';

const examples = () => loadWorkspaceDir('examples').ws.analyze().exposures;
const subpath = () => loadWorkspaceDir('test/fixtures/runtime/subpath').ws.analyze().exposures;

function baseline(text: string): ObservedBaseline {
  const r = parseObservedBaseline(text);
  assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
  return r.baseline;
}

function docs(engine: RuntimeEngineId, mode: 'audit' | 'block' = 'audit', b?: ObservedBaseline): any[] {
  const yaml = generateRuntimePolicy(examples(), engine, { mode, ...(b ? { baseline: b } : {}) }).yaml;
  return parseAllDocuments(yaml).map((d) => {
    assert.deepEqual(d.errors, []);
    return d.toJS();
  });
}

test('targets: the API container is expected to run node, holds its TLS volume and the token, keeps sh and curl', () => {
  const { targets, skipped } = runtimeTargets(examples());
  const api = targets.find((t) => t.workload.name === 'api')!;
  assert.deepEqual(api.podLabels, { app: 'api' });
  assert.deepEqual(api.expected.map((p) => p.binary), ['node']);
  assert.deepEqual(api.secretPaths.map((p) => `${p.kind}:${p.path}`), [
    'dir:/etc/api/tls',
    'dir:/var/run/secrets/kubernetes.io/serviceaccount',
    'dir:/run/secrets/kubernetes.io/serviceaccount',
  ]);
  assert.deepEqual(api.envNames, ['DB_PASSWORD']);
  const tools = api.tools.map((t) => t.tool);
  for (const t of ['sh', 'bash', 'curl', 'python3']) assert.ok(tools.includes(t), `${t} missing from ${tools.join(',')}`);
  // node is the app's runtime: never an "interpreter to alert on" in its own image.
  assert.ok(!tools.includes('node'));
  assert.equal(api.startsThroughShell, true);
  // Containers that receive nothing get no policy; the labelless CronJob is said, not dropped.
  assert.ok(!targets.some((t) => t.workload.name === 'postgres' && t.secretPaths.length === 0 && !t.tokenMounted));
  assert.deepEqual(skipped.map((s) => `${s.workload.name}/${s.container}`), ['nightly-report/worker']);
  assert.match(skipped[0]!.reason, /no labels/);
});

test('targets: subPath mounts are single files, envFrom prefixes and the manifest command are kept', () => {
  const { targets } = runtimeTargets(subpath());
  const billing = targets.find((t) => t.container === 'billing')!;
  assert.deepEqual(billing.secretPaths.filter((p) => p.what !== 'service-account token'), [{ path: '/app/config/credentials.json', kind: 'file', what: 'Secret billing-config' }]);
  assert.equal(billing.secretPaths.length, 3, 'the token is mounted too');
  assert.deepEqual(billing.envNames, ['STRIPE_KEY', 'DB_* (every key of Secret billing-db)']);
  assert.equal(billing.expected[0]!.binary, '/usr/local/bin/gunicorn');
  assert.deepEqual(billing.podLabels, { 'app.kubernetes.io/name': 'billing', tier: 'backend' });
  // The sidecar receives nothing (the token is mounted though): it is covered for the token only.
  const sidecar = targets.find((t) => t.container === 'sidecar')!;
  assert.equal(sidecar.tokenMounted, true);
  assert.deepEqual(sidecar.tools, []);
  // A bare Pod without labels is skipped with the reason.
  const r = runtimeTargets(subpath());
  assert.ok(r.skipped.some((s) => s.workload.name === 'debug' && /no labels/.test(s.reason)));
});

test('falco: every macro and list a condition names is defined before use; selectors use namespace and labels', () => {
  const [rules] = docs('falco');
  assert.ok(Array.isArray(rules));
  const defined = new Set<string>();
  let ruleCount = 0;
  for (const item of rules as Record<string, string>[]) {
    if (item['list']) defined.add(item['list']);
    if (item['macro'] || item['rule']) {
      const cond = item['condition']!;
      for (const m of cond.match(/secret_surface_[a-z0-9_]+/g) ?? []) assert.ok(defined.has(m), `${m} used before it is defined in: ${cond}`);
      if (item['macro']) defined.add(item['macro']);
    }
    if (item['rule']) {
      ruleCount++;
      assert.ok(['CRITICAL', 'ERROR', 'WARNING'].includes(item['priority']!));
      assert.ok((item['tags'] as unknown as string[]).includes('secret_surface'));
      assert.ok(item['output']!.includes('%proc.name'));
    }
  }
  assert.ok(ruleCount >= 10, `only ${ruleCount} rules`);
  const apiMacro = (rules as Record<string, string>[]).find((i) => i['macro'] === 'secret_surface_shop_deployment_api_api_container')!;
  assert.equal(apiMacro['condition'], '(container.id != host and k8s.ns.name = "shop" and k8s.pod.label[app] = "api" and container.name = "api")');
});

test('tetragon: one namespaced policy per covered container, reads outside node caught, tool execs caught', () => {
  const all = docs('tetragon');
  assert.equal(all.length, 5);
  for (const p of all) {
    assert.equal(p.apiVersion, 'cilium.io/v1alpha1');
    assert.equal(p.kind, 'TracingPolicyNamespaced');
    assert.ok(Object.keys(p.spec.podSelector.matchLabels).length > 0);
  }
  const api = all.find((p) => p.metadata.name === 'secret-surface-deployment-api-api');
  assert.equal(api.metadata.namespace, 'shop');
  assert.deepEqual(api.spec.containerSelector, { matchLabels: { name: 'api' } });
  const [perm, exec] = api.spec.kprobes;
  assert.equal(perm.call, 'security_file_permission');
  assert.deepEqual(perm.selectors[0].matchArgs[0].values, ['/etc/api/tls/', '/var/run/secrets/kubernetes.io/serviceaccount/', '/run/secrets/kubernetes.io/serviceaccount/']);
  assert.deepEqual(perm.selectors[0].matchBinaries, [{ operator: 'NotPostfix', values: ['/node'] }]);
  assert.deepEqual(perm.selectors[1].matchArgs[0], { index: 0, operator: 'Postfix', values: ['/environ'] });
  assert.equal(exec.call, 'security_bprm_check');
  assert.ok(exec.selectors[0].matchArgs[0].values.includes('/curl'));
  assert.ok(exec.selectors[0].matchArgs[0].values.includes('/sh'));
  assert.deepEqual(exec.selectors[0].matchActions, [{ action: 'Post' }]);
});

test('block mode: Tetragon overrides, KubeArmor blocks, Falco says it only alerts; a shell entrypoint keeps its shells', () => {
  const t = docs('tetragon', 'block').find((p) => p.metadata.name === 'secret-surface-deployment-api-api');
  assert.deepEqual(t.spec.kprobes[0].selectors[0].matchActions, [{ action: 'Override', argError: -1 }]);
  const execValues: string[] = t.spec.kprobes[1].selectors[0].matchArgs[0].values;
  assert.ok(execValues.includes('/curl'));
  assert.ok(!execValues.includes('/sh') && !execValues.includes('/bash'), 'the node image starts through docker-entrypoint.sh');
  const k = docs('kubearmor', 'block').find((p) => p.metadata.name === 'secret-surface-deployment-api-api');
  assert.equal(k.spec.action, 'Block');
  assert.ok(k.spec.process.matchPaths.every((m: { action: string }) => m.action === 'Block'));
  const falcoYaml = generateRuntimePolicy(examples(), 'falco', { mode: 'block' }).yaml;
  assert.match(falcoYaml.split('\n')[0]!, /alerts only: the engine cannot block/);
});

test('kubearmor: Secret directories blocked or audited for all and allowed from the expected readers; environ pattern', () => {
  const api = docs('kubearmor').find((p) => p.metadata.name === 'secret-surface-deployment-api-api');
  assert.deepEqual(api.spec.selector, { matchLabels: { app: 'api' } });
  const dirs = api.spec.file.matchDirectories as { dir: string; action: string; fromSource?: { path: string }[] }[];
  const tls = dirs.filter((d) => d.dir === '/etc/api/tls/');
  assert.deepEqual(tls.map((d) => d.action), ['Audit', 'Allow']);
  assert.deepEqual(tls[1]!.fromSource, [{ path: '/bin/node' }, { path: '/usr/bin/node' }, { path: '/usr/local/bin/node' }]);
  assert.deepEqual(api.spec.file.matchPatterns[0].pattern, '/proc/*/environ');
  // KubeArmor's path pattern: absolute, no trailing slash; directories end with one.
  for (const m of api.spec.process.matchPaths) assert.match(m.path, /^\/+.*[^/]$/);
  for (const d of dirs) assert.match(d.dir, /^\/.*\/$/);
});

test('baseline: an observed reader widens the allowed set in every engine; unused entries are counted', () => {
  const b = baseline(readFileSync('test/fixtures/runtime/baseline.yaml', 'utf8'));
  const r = runtimeTargets(examples(), b);
  const api = r.targets.find((t) => t.workload.name === 'api')!;
  assert.deepEqual(api.expected.map((p) => p.binary), ['node', '/usr/local/bin/tls-reload']);
  assert.deepEqual(r.unusedObserved, ['observed[2] /usr/bin/cat']);
  const payments = r.targets.find((t) => t.workload.name === 'payments')!;
  assert.ok(payments.expected.some((p) => p.binary === '/bin/sh'));

  const [falcoRules] = docs('falco', 'audit', b);
  const list = (falcoRules as Record<string, unknown>[]).find((i) => i['list'] === 'secret_surface_shop_deployment_api_api_expected_readers')!;
  assert.deepEqual(list['items'], ['node', 'tls-reload']);
  const t = docs('tetragon', 'audit', b).find((p) => p.metadata.name === 'secret-surface-deployment-api-api');
  assert.deepEqual(t.spec.kprobes[0].selectors[0].matchBinaries[0].values, ['/node', '/usr/local/bin/tls-reload']);
  const k = docs('kubearmor', 'audit', b).find((p) => p.metadata.name === 'secret-surface-deployment-api-api');
  const allow = k.spec.file.matchDirectories.find((d: { action: string }) => d.action === 'Allow');
  assert.ok(allow.fromSource.some((s: { path: string }) => s.path === '/usr/local/bin/tls-reload'));
  const yaml = generateRuntimePolicy(examples(), 'falco', { mode: 'audit', baseline: b }).yaml;
  assert.match(yaml, /Baseline entry not used .*observed\[2\] \/usr\/bin\/cat/);
});

test('baseline: malformed files give every problem with its place', () => {
  const cases: [string, string[]][] = [
    ['observed: []', ['`version` is missing (write `version: 1`)']],
    ['version: 2\nobserved: []', ['`version` must be 1, not 2']],
    ['[1, 2]', ['the baseline must be a mapping with `version: 1` and an `observed` list']],
    ['version: 1\nobserved: {}', ['`observed` must be a list of { process, files } entries']],
    [
      'version: 1\nextra: 1\nobserved:\n  - process: cat /x\n    files: [relative, 3]\n    pod: x\n  - files: []\n  - 7',
      [
        'unknown key `extra` (expected version, observed)',
        'observed[0]: unknown key `pod` (expected namespace, workload, container, process, files)',
        'observed[0].process: "cat /x" is a command line; give the binary only',
        'observed[0].files[0]: must be an absolute path, not "relative"',
        'observed[0].files[1]: must be an absolute path, not 3',
        "observed[1].process: must be the binary's path or name",
        'observed[2]: must be a mapping with process and files',
      ],
    ],
  ];
  for (const [text, errors] of cases) {
    const r = parseObservedBaseline(text);
    assert.equal(r.ok, false, text);
    if (!r.ok) assert.deepEqual(r.errors, errors, text);
  }
  const broken = parseObservedBaseline('version: 1\nobserved: [\n');
  assert.equal(broken.ok, false);
  if (!broken.ok) assert.match(broken.errors[0]!, /^not valid JSON or YAML: /);
  // JSON is YAML: the same document in JSON reads the same.
  const json = parseObservedBaseline(JSON.stringify(parse(readFileSync('test/fixtures/runtime/baseline.yaml', 'utf8'))));
  assert.ok(json.ok);
});

test('an empty workspace writes a policy that says it covers nothing, for every engine', () => {
  for (const e of runtimeEngines) {
    const r = generateRuntimePolicy([], e.id, { mode: 'audit' });
    assert.equal(r.targets.targets.length, 0);
    assert.match(r.yaml, /Nothing to write: no container in the workspace receives a Secret or the token/);
  }
});

test('falco names processes as the kernel does: the comm, cut to 15 characters', async () => {
  const { procName } = await import('../../server/src/core/policy/runtime/falco.js');
  assert.equal(procName('/usr/local/bin/docker-entrypoint.sh'), 'docker-entrypoi');
  assert.equal(procName('node'), 'node');
});
