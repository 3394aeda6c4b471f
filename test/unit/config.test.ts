// `.secret-surface.yaml`: what parseConfig keeps, what it reports (and where), and the exclude globs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseConfig } from '../../server/src/core/config/parse-config.js';
import { compileGlobs } from '../../server/src/core/config/globs.js';
import { isDefaultExcluded } from '../../server/src/core/config/default-excludes.js';
import { LineIndex } from '../../server/src/core/text/positions.js';
import type { Range } from '../../server/src/core/model.js';

const FULL = readFileSync(new URL('../../../test/fixtures/linking/config/full.secret-surface.yaml', import.meta.url), 'utf8');

function rangeOf(text: string, needle: string): Range {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  return new LineIndex(text).range(at, at + needle.length);
}

test('a complete config is read without notices', () => {
  const { config, notices } = parseConfig('.secret-surface.yaml', FULL);
  assert.deepEqual(notices, []);
  assert.equal(config.version, 1);
  assert.deepEqual(config.images.map((i) => [i.image, i.dockerfile, i.target ?? null]), [
    ['registry.example.com/shop/api', 'services/api/Dockerfile', 'runtime'],
    ['worker', 'workers/Dockerfile', null],
  ]);
  // An unquoted `off` is the string "off" in YAML 1.2.
  assert.deepEqual(config.rules, { 'secret-as-env-var': 'info', 'secret-volume-not-csi': 'off', 'secret-in-shell-image': 'error' });
  assert.deepEqual(config.exclude, ['charts/**', '**/testdata/**']);
  assert.deepEqual(config.catalog, [
    {
      image: 'registry.example.com/base/python',
      shell: true,
      tools: ['python3', 'curl'],
      runtime: 'python3',
      replacement: 'registry.example.com/base/python-distroless',
    },
    { image: 'registry.example.com/base/static:1.0', hardened: true, user: '65532' },
  ]);
  assert.deepEqual(config.fixes, { csiProvider: 'vault' });
});

test('CRLF gives the same config and the same ranges', () => {
  const lf = parseConfig('c.yaml', FULL);
  const crlf = parseConfig('c.yaml', FULL.replace(/\n/g, '\r\n'));
  assert.deepEqual(crlf.config, lf.config);
  const bad = 'version: 1\nrules:\n  secret-as-env-var: loud\n';
  const a = parseConfig('c.yaml', bad).notices;
  const b = parseConfig('c.yaml', bad.replace(/\n/g, '\r\n')).notices;
  assert.equal(a.length, 1);
  assert.deepEqual(b, a);
});

test('unknown keys are warnings at the key, with a suggestion; the rest applies', () => {
  const text = 'version: 1\nimagse:\n  api: api/Dockerfile\nrules:\n  secret-as-env-var: info\n';
  const { config, notices } = parseConfig('.secret-surface.yaml', text);
  assert.equal(notices.length, 1);
  assert.equal(notices[0]!.severity, 'warning');
  assert.equal(notices[0]!.message, 'unknown key "imagse" in the config file is ignored — did you mean "images"?');
  assert.deepEqual(notices[0]!.range, rangeOf(text, 'imagse'));
  assert.deepEqual(config.rules, { 'secret-as-env-var': 'info' });
  assert.deepEqual(config.images, []);
});

test('bad values are errors at the value and only that key is ignored', () => {
  const text = [
    'version: 1',
    'images:',
    '  good: good/Dockerfile',
    '  noDockerfile: { target: x }',
    '  list: [a, b]',
    '  blank: ""',
    'rules:',
    '  secret-as-env-var: loud',
    '  Secret_In_Shell: error',
    '  secret-in-shell-image: warning',
    'exclude: ["ok/**", "{unclosed", 7]',
    'catalog:',
    '  - image: registry.example.com/base/a',
    '    shell: "yes"',
    '    tools: curl',
    '    colour: blue',
    '  - shell: true',
    '  - just a string',
    'fixes:',
    '  csiProvider: hashicorp',
  ].join('\n');
  const { config, notices } = parseConfig('.secret-surface.yaml', text);
  // The notice whose range starts where `needle` does.
  const at = (needle: string): (typeof notices)[number] | undefined =>
    notices.find((n) => JSON.stringify(n.range?.start) === JSON.stringify(rangeOf(text, needle).start));
  assert.deepEqual(config.images.map((i) => i.image), ['good']);
  assert.deepEqual(config.rules, { 'secret-in-shell-image': 'warning' });
  assert.deepEqual(config.exclude, ['ok/**']);
  assert.deepEqual(config.catalog, [{ image: 'registry.example.com/base/a' }]);
  assert.deepEqual(config.fixes, {});
  assert.match(at('noDockerfile')!.message, /needs a `dockerfile:`/);
  assert.match(at('[a, b]')!.message, /must be a Dockerfile path or \{ dockerfile, target \}/);
  assert.match(at('""')!.message, /empty Dockerfile path/);
  assert.equal(at('loud')!.message, 'rule secret-as-env-var: "loud" is not one of error, warning, info, hint, off');
  assert.match(at('Secret_In_Shell')!.message, /is not a rule id/);
  assert.match(at('"{unclosed"')!.message, /no matching "}"/);
  assert.match(at('7]')!.message, /an `exclude` entry must be a string/);
  assert.match(at('"yes"')!.message, /must be true or false/);
  assert.match(at('curl')!.message, /`tools` must be a list/);
  assert.equal(at('colour')!.severity, 'warning');
  assert.deepEqual(at('shell: true')!.range!.end, rangeOf(text, 'shell: true').end, 'a block mapping ends on its last character');
  assert.match(at('shell: true')!.message, /no `image:`/);
  assert.match(at('just a string')!.message, /must be a mapping/);
  assert.equal(at('hashicorp')!.message, 'fixes.csiProvider: "hashicorp" is not one of vault, aws, azure, gcp');
  assert.ok(notices.every((n) => n.range), 'every notice points somewhere');
  assert.equal(notices.filter((n) => n.severity === 'error').length, 12);
});

test('version: missing is a warning, another version an error', () => {
  const missing = parseConfig('c.yaml', 'rules: {}\n');
  assert.equal(missing.notices.length, 1);
  assert.equal(missing.notices[0]!.severity, 'warning');
  assert.match(missing.notices[0]!.message, /no `version:`/);
  const two = parseConfig('c.yaml', 'version: 2\nrules:\n  secret-as-env-var: off\n');
  assert.equal(two.notices[0]!.severity, 'error');
  assert.deepEqual(two.notices[0]!.range, rangeOf('version: 2\n', '2'));
  assert.deepEqual(two.config.rules, { 'secret-as-env-var': 'off' });
});

test('known rule ids: an unknown rule is a warning when the caller passes the list', () => {
  const text = 'version: 1\nrules:\n  secret-as-env-vars: off\n';
  assert.deepEqual(parseConfig('c.yaml', text).notices, []);
  const { notices, config } = parseConfig('c.yaml', text, { knownRules: ['secret-as-env-var', 'secret-in-shell-image'] });
  assert.equal(notices.length, 1);
  assert.match(notices[0]!.message, /did you mean "secret-as-env-var"/);
  assert.deepEqual(config.rules, { 'secret-as-env-vars': 'off' });
});

test('invalid YAML and non-mapping roots become notices, never exceptions', () => {
  for (const text of ['version: 1\nimages: {a: [\n', '- a\n- b\n', '42', 'version: 1\n---\nversion: 1\n', '', '# only a comment\n', '\uFEFFversion: 1\n']) {
    assert.doesNotThrow(() => parseConfig('c.yaml', text));
  }
  const broken = parseConfig('c.yaml', 'version: 1\nimages: {a: [\n');
  assert.ok(broken.notices.some((n) => n.severity === 'error' && n.message.startsWith('invalid YAML')));
  assert.deepEqual(parseConfig('c.yaml', '\uFEFFversion: 1\n').notices, []);
  assert.equal(parseConfig('c.yaml', '- a\n').notices[0]!.severity, 'error');
  assert.match(parseConfig('c.yaml', 'version: 1\n---\nversion: 1\n').notices[0]!.message, /only the first YAML document/);
});

test('globs: **, *, ?, {a,b}, classes and directory prefixes', () => {
  const m = compileGlobs(['charts/**', '**/testdata/**', '*.generated.yaml', 'k8s/{dev,staging}/*.{yaml,yml}', 'v?.txt', 'tmp', 'env-[0-9]/**', 'a/**/b/*.json']);
  const yes = [
    'charts', 'charts/app/templates/deploy.yaml',
    'testdata/x.yaml', 'svc/api/testdata/deep/x.yaml',
    'x.generated.yaml',
    'k8s/dev/app.yaml', 'k8s/staging/app.yml',
    'tmp', 'tmp/a/b.yaml',
    'env-3/app.yaml',
    'v1.txt',
    'a/b/c.json', 'a/x/y/b/c.json',
    './charts/x.yaml',
  ];
  const no = [
    'chartsx/a.yaml', 'mycharts/a.yaml',
    'svc/testdatax/a.yaml',
    'sub/x.generated.yaml',
    'k8s/prod/app.yaml', 'k8s/dev/sub/app.yaml', 'k8s/dev/app.yamll',
    'tmpfile', 'src/tmp',
    'env-x/app.yaml',
    'v10.txt', 'v/.txt',
    'a/b/c.yaml', 'ab/c.json',
  ];
  for (const p of yes) assert.equal(m(p), true, `${p} should match`);
  for (const p of no) assert.equal(m(p), false, `${p} should not match`);
  assert.equal(compileGlobs([])('anything'), false);
  assert.equal(compileGlobs(['**'])('a/b/c'), true);
  assert.equal(compileGlobs(['**/*.yaml'])('deep/er/x.yaml'), true);
  assert.equal(compileGlobs(['**/*.yaml'])('x.yaml'), true);
  assert.equal(compileGlobs(['{a,b/{c,d}}/x'])('b/d/x'), true);
  assert.equal(compileGlobs(['{a,b/{c,d}}/x'])('b/e/x'), false);
  // Regex metacharacters in globs are literal; Windows separators are accepted.
  assert.equal(compileGlobs(['a+b(1).yaml'])('a+b(1).yaml'), true);
  assert.equal(compileGlobs(['a+b(1).yaml'])('aab1.yaml'), false);
  assert.equal(compileGlobs(['charts\\**'])('charts/x'), true);
  assert.equal(compileGlobs(['a/*.y?ml'])('a/b.yaml'), true);
});

test('defaultExcludes: on unless the file says false; which directories it leaves out', () => {
  assert.equal(parseConfig('.secret-surface.yaml', 'version: 1\n').config.defaultExcludes, true);
  const off = parseConfig('.secret-surface.yaml', 'version: 1\ndefaultExcludes: false\n');
  assert.equal(off.config.defaultExcludes, false);
  assert.deepEqual(off.notices, []);
  const bad = parseConfig('.secret-surface.yaml', 'version: 1\ndefaultExcludes: no-thanks\n');
  assert.equal(bad.config.defaultExcludes, true);
  assert.equal(bad.notices[0]?.message, '`defaultExcludes` must be true or false');
  for (const p of ['vendor/k8s.io/api/x.yaml', 'a/node_modules/p/ci.yml', 'pkg/testdata/pod.yaml', 'test/golden/out.yaml', 'x/goldenfiles/y/Dockerfile', 'x/GoldenOutputs/a.yaml']) {
    assert.equal(isDefaultExcluded(p), true, p);
  }
  for (const p of ['vendor.yaml', 'golden.yaml', 'k8s/vendors/a.yaml', 'test/data/pod.yaml', 'deploy/Dockerfile']) assert.equal(isDefaultExcluded(p), false, p);
});
