// The `policy:` section of .secret-surface.yaml: read by hand with a notice per bad entry, defaults
// when absent, and the JSON Schema accepting and rejecting the same samples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { parseConfig } from '../../server/src/core/config/parse-config.js';
import { defaultPolicyConfig } from '../../server/src/core/config/policy-config.js';

const schema = JSON.parse(readFileSync(new URL('../../../schemas/config.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const validate = new Ajv.default({ allErrors: true, strict: true }).compile(schema);

const SAMPLES: [string, string, boolean][] = [
  ['empty policy', 'version: 1\npolicy: {}\n', true],
  ['every field', 'version: 1\npolicy:\n  mode: audit\n  allowedRegistries: [registry.example.com/base, localhost:5000]\n  requireDigest: false\n  includeToken: false\n  exemptNamespaces: [kube-system, legacy]\n  exemptWorkloads: [shop/Deployment/old-api]\n  paramsNamespace: platform\n  signature: { key: "-----BEGIN PUBLIC KEY-----" }\n  vulnerabilities: { severity: critical, maxCount: 3 }\n', true],
  ['keyless', 'version: 1\npolicy:\n  signature: { issuer: https://issuer, subject: ci@example.com, rekorUrl: https://rekor.example.com }\n', true],
  ['unknown mode', 'version: 1\npolicy:\n  mode: block\n', false],
  ['registry with a trailing slash', 'version: 1\npolicy:\n  allowedRegistries: [registry.example.com/]\n', false],
  ['registry with a digest', 'version: 1\npolicy:\n  allowedRegistries: ["r.example.com/a@sha256:abc"]\n', false],
  ['requireDigest as a string', 'version: 1\npolicy:\n  requireDigest: "yes"\n', false],
  ['namespace not a DNS label', 'version: 1\npolicy:\n  exemptNamespaces: [Kube_System]\n', false],
  ['workload without a kind', 'version: 1\npolicy:\n  exemptWorkloads: [shop/old-api]\n', false],
  ['workload with a lower-case kind', 'version: 1\npolicy:\n  exemptWorkloads: [shop/deployment/old-api]\n', false],
  ['signature with key and identity', 'version: 1\npolicy:\n  signature: { key: k, issuer: i, subject: s }\n', false],
  ['signature with an issuer only', 'version: 1\npolicy:\n  signature: { issuer: i }\n', false],
  ['signature unknown key', 'version: 1\npolicy:\n  signature: { key: k, cert: c }\n', false],
  ['unknown severity', 'version: 1\npolicy:\n  vulnerabilities: { severity: severe }\n', false],
  ['negative count', 'version: 1\npolicy:\n  vulnerabilities: { maxCount: -1 }\n', false],
  ['unknown policy key', 'version: 1\npolicy:\n  modes: deny\n', false],
  ['policy is a list', 'version: 1\npolicy: [deny]\n', false],
];

test('schema and hand validator agree on every policy sample', () => {
  for (const [what, text, good] of SAMPLES) {
    const schemaOk = validate(parse(text) as unknown);
    const { notices } = parseConfig('.secret-surface.yaml', text);
    const handOk = !notices.some((n) => n.severity === 'error' || n.severity === 'warning');
    assert.equal(schemaOk, good, `schema on "${what}": ${JSON.stringify(validate.errors)}`);
    assert.equal(handOk, good, `parseConfig on "${what}": ${JSON.stringify(notices)}`);
  }
});

test('values are read, a bad entry costs only itself, and each problem points at its line', () => {
  const text = 'version: 1\npolicy:\n  mode: warn\n  exemptNamespaces: [legacy, Bad_Name]\n  exemptWorkloads: [shop/Deployment/old-api]\n  modes: deny\n';
  const { config, notices } = parseConfig('.secret-surface.yaml', text);
  assert.equal(config.policy?.mode, 'warn');
  assert.deepEqual(config.policy?.exemptNamespaces, ['legacy']);
  assert.deepEqual(config.policy?.exemptWorkloads, [{ namespace: 'shop', kind: 'Deployment', name: 'old-api' }]);
  assert.equal(notices.length, 2);
  assert.equal(notices[0]!.range?.start.line, 3);
  assert.match(notices[0]!.message, /"Bad_Name" is not a namespace name/);
  assert.match(notices[1]!.message, /unknown key "modes" .* did you mean "mode"/);
});

test('without a policy section the config has none, and the defaults are documented ones', () => {
  assert.equal(parseConfig('.secret-surface.yaml', 'version: 1\n').config.policy, undefined);
  const d = defaultPolicyConfig();
  assert.deepEqual(d.exemptNamespaces, ['kube-system']);
  assert.equal(d.requireDigest, true);
  assert.equal(d.includeToken, true);
  assert.deepEqual(d.vulnerabilities, { severity: 'high', maxCount: 0 });
});
