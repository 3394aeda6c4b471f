// schemas/config.schema.json: a valid draft-07 schema that accepts and rejects the same configs as
// the hand validator in parseConfig, so the editor's YAML validation and the scan never disagree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { parseConfig } from '../../server/src/core/config/parse-config.js';
import { ruleIds } from '../../server/src/core/rules/index.js';

const schema = JSON.parse(readFileSync(new URL('../../../schemas/config.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const FULL = readFileSync(new URL('../../../test/fixtures/linking/config/full.secret-surface.yaml', import.meta.url), 'utf8');

const ajv = new Ajv.default({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

/** [description, config text, good?] */
const SAMPLES: [string, string, boolean][] = [
  ['the full example', FULL, true],
  ['version only', 'version: 1\n', true],
  ['string shorthand image', 'version: 1\nimages:\n  worker: workers/Dockerfile\n', true],
  ['image mapping with target', 'version: 1\nimages:\n  registry.example.com/shop/api: { dockerfile: api/Dockerfile, target: runtime }\n', true],
  ['image with tag and port registry', 'version: 1\nimages:\n  localhost:5000/app:1.0: app/Dockerfile\n', true],
  ['every severity', 'version: 1\nrules:\n  secret-as-env-var: error\n  secret-in-shell-image: warning\n  secret-volume-not-csi: info\n  shell-form-without-shell: hint\n  secret-image-unverified: off\n', true],
  ['a rule the schema does not list', 'version: 1\nrules:\n  some-future-rule: warning\n', true],
  ['empty sections', 'version: 1\nimages: {}\nrules: {}\nexclude: []\ncatalog: []\nfixes: {}\n', true],
  ['catalog with every field', 'version: 1\ncatalog:\n  - image: r.example.com/base/x:1\n    shell: false\n    busybox: true\n    tools: [wget]\n    runtime: node\n    user: "1000"\n    replacement: r.example.com/base/y\n    hardened: false\n', true],
  ['every csi provider', 'version: 1\nfixes:\n  csiProvider: gcp\n', true],
  ['vulnerability reports and threshold', 'version: 1\nvulnerabilities:\n  reports: [scans/*.json, trivy.sarif]\n  threshold: { severity: high, count: 5 }\n', true],
  ['vulnerability threshold severity unknown', 'version: 1\nvulnerabilities:\n  threshold: { severity: severe }\n', false],
  ['vulnerability reports not a list', 'version: 1\nvulnerabilities:\n  reports: scans/a.json\n', false],
  ['rotation maximum', 'version: 1\nrotation:\n  maxInterval: 12h\n', true],
  ['rotation maximum in minutes and hours', 'version: 1\nrotation: { maxInterval: 1h30m }\n', true],
  ['rotation maximum not a duration', 'version: 1\nrotation:\n  maxInterval: daily\n', false],
  ['rotation maximum of zero', 'version: 1\nrotation:\n  maxInterval: "0"\n', false],
  ['rotation unknown key', 'version: 1\nrotation:\n  max: 12h\n', false],
  ['missing version', 'images:\n  a: a/Dockerfile\n', false],
  ['version 2', 'version: 2\n', false],
  ['version as a string', 'version: "1"\n', false],
  ['unknown top-level key', 'version: 1\nimagse: {}\n', false],
  ['root is a list', '- version: 1\n', false],
  ['images is a list', 'version: 1\nimages: [a]\n', false],
  ['image entry without dockerfile', 'version: 1\nimages:\n  a: { target: x }\n', false],
  ['image entry with unknown key', 'version: 1\nimages:\n  a: { dockerfile: a/Dockerfile, context: a }\n', false],
  ['image entry is a number', 'version: 1\nimages:\n  a: 7\n', false],
  ['empty Dockerfile path', 'version: 1\nimages:\n  a: ""\n', false],
  ['target is not a string', 'version: 1\nimages:\n  a: { dockerfile: a/Dockerfile, target: [x] }\n', false],
  ['image key with a space', 'version: 1\nimages:\n  "a b": a/Dockerfile\n', false],
  ['unknown severity', 'version: 1\nrules:\n  secret-as-env-var: loud\n', false],
  ['rule id not a slug', 'version: 1\nrules:\n  Secret_As_Env: info\n', false],
  ['severity as a boolean', 'version: 1\nrules:\n  secret-as-env-var: false\n', false],
  ['exclude is a string', 'version: 1\nexclude: "charts/**"\n', false],
  ['defaultExcludes off', 'version: 1\ndefaultExcludes: false\n', true],
  ['defaultExcludes is a string', 'version: 1\ndefaultExcludes: "no"\n', false],
  ['exclude item is a number', 'version: 1\nexclude: [7]\n', false],
  ['exclude item is blank', 'version: 1\nexclude: ["  "]\n', false],
  ['catalog entry without image', 'version: 1\ncatalog:\n  - shell: true\n', false],
  ['catalog shell as a string', 'version: 1\ncatalog:\n  - image: a\n    shell: "yes"\n', false],
  ['catalog tools as a string', 'version: 1\ncatalog:\n  - image: a\n    tools: curl\n', false],
  ['catalog unknown key', 'version: 1\ncatalog:\n  - image: a\n    colour: blue\n', false],
  ['catalog entry is a string', 'version: 1\ncatalog: [a]\n', false],
  ['catalog empty image', 'version: 1\ncatalog:\n  - image: ""\n', false],
  ['unknown csi provider', 'version: 1\nfixes:\n  csiProvider: hashicorp\n', false],
  ['unknown fixes key', 'version: 1\nfixes:\n  provider: vault\n', false],
  ['fixes is null', 'version: 1\nfixes:\n', false],
];

test('the schema is a valid draft-07 schema', () => {
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
  // Every property has a description for the editor's hover.
  const props = schema.properties as Record<string, { description?: string }>;
  for (const [k, v] of Object.entries(props)) assert.ok(v.description, `${k} has a description`);
});

test('schema and hand validator agree on every sample', () => {
  for (const [what, text, good] of SAMPLES) {
    const schemaOk = validate(parse(text) as unknown);
    const { notices } = parseConfig('.secret-surface.yaml', text);
    const handOk = !notices.some((n) => n.severity === 'error' || n.severity === 'warning');
    assert.equal(schemaOk, good, `schema on "${what}": ${JSON.stringify(validate.errors)}`);
    assert.equal(handOk, good, `parseConfig on "${what}": ${JSON.stringify(notices)}`);
  }
});

test('where they differ on purpose: the hand validator also checks glob syntax', () => {
  const text = 'version: 1\nexclude: ["{unclosed"]\n';
  assert.equal(validate(parse(text) as unknown), true);
  assert.equal(parseConfig('.secret-surface.yaml', text).notices[0]?.severity, 'error');
});

test('the rule ids the schema lists are the product rules', () => {
  const listed = (schema.properties as Record<string, { properties: Record<string, unknown> }>).rules.properties;
  assert.deepEqual(Object.keys(listed), [...ruleIds]);
});
