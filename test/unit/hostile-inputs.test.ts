// Regression tests for inputs that used to take minutes or gigabytes: each is bounded by design (a cap
// or a linear algorithm in the core), so each test finishes quickly and says what it could not read.
// The per-test timeout only turns a regression into a failure instead of a stuck run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/core/workspace.js';
import { compileGlobs, globProblem, MAX_GLOB_ALTERNATIVES } from '../../server/src/core/config/globs.js';
import { parseDockerfile, MAX_DOCKERFILE_LINE } from '../../server/src/core/docker/parse.js';
import { MAX_EXPANDED, substitute } from '../../server/src/core/docker/variables.js';

const GUARD = { timeout: 60_000 };
const N = 2000;

function analyse(files: Record<string, string>) {
  const ws = new Workspace();
  for (const [f, t] of Object.entries(files)) ws.setFile(f, t);
  return ws.analyze();
}

const ENV = '{name: A, valueFrom: {secretKeyRef: {name: s, key: k}}}';

test('an anchor used by 2,000 containers: one walk of the document, every container read', GUARD, () => {
  let t = 'apiVersion: v1\nkind: List\nitems:\n';
  t += `- apiVersion: v1\n  kind: Pod\n  metadata: {name: p0}\n  spec:\n    containers:\n    - &c {name: app, image: alpine:3.20, env: [${ENV}]}\n`;
  for (let i = 1; i < N; i++) t += `- apiVersion: v1\n  kind: Pod\n  metadata: {name: p${i}}\n  spec:\n    containers: [*c]\n`;
  const r = analyse({ 'k8s/list.yaml': t });
  assert.equal(r.exposures.length, N);
  assert.ok(r.exposures.every((e) => e.secrets.length === 1 && e.container.name === 'app'));
});

test('`<<` merge chains with a fan-out of three at 25 levels (about 1 KB): linear, every merged key seen', GUARD, () => {
  let t = 'a0: &a0 {image: alpine:3.20, x0: 1}\n';
  for (let i = 1; i < 25; i++) t += `a${i}: &a${i} {<<: [*a${i - 1}, *a${i - 1}, *a${i - 1}], x${i}: 1}\n`;
  t += `apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec:\n  containers: [{name: c, <<: *a24, env: [${ENV}]}]\n`;
  assert.ok(t.length < 2000);
  const r = analyse({ 'k8s/m.yaml': t });
  assert.equal(r.exposures.length, 1);
  assert.equal(r.exposures[0]!.container.image, 'alpine:3.20', 'the image comes through 25 levels of merges');
  // A merge that comes back to itself adds nothing and ends.
  const self = analyse({ 'k8s/s.yaml': `apiVersion: v1\nkind: Pod\nmetadata: {name: s}\nspec:\n  containers:\n  - &c {name: c, image: alpine:3.20, env: [${ENV}], <<: *c}\n` });
  assert.equal(self.exposures.length, 1);
});

test('an exclude glob of many `**/` and `*` against a deep path: answered, and right', GUARD, () => {
  const deep = Array.from({ length: 60 }, (_, i) => `d${i}`).join('/');
  const stars = compileGlobs(['**/'.repeat(70) + 'x']);
  assert.equal(stars(`${deep}/p.yaml`), false);
  assert.equal(stars(`${deep}/x`), true);
  assert.equal(stars(`${deep}/x/below.yaml`), true);
  const inSegment = compileGlobs([`${'*a'.repeat(60)}b`]);
  assert.equal(inSegment('a'.repeat(200)), false);
  assert.equal(inSegment(`${'a'.repeat(200)}b`), true);
  // Through the config file, as a project would write it (a 228-byte glob).
  const glob = '**/'.repeat(75) + 'x';
  const r = analyse({
    '.secret-surface.yaml': `version: 1\nexclude:\n  - "${glob}"\n`,
    [`${deep}/p.yaml`]: `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: alpine:3.20, env: [${ENV}]}]\n`,
  });
  assert.ok(r.findings.some((f) => f.location.file === `${deep}/p.yaml`), 'the glob does not match, so the manifest is analysed');
  // Braces that multiply beyond the cap are reported and ignored, not expanded.
  const bomb = '{a,b,c,d}/'.repeat(6) + 'x';
  assert.match(globProblem(bomb) ?? '', new RegExp(`more than ${MAX_GLOB_ALTERNATIVES}`));
  assert.equal(compileGlobs([bomb])('a/a/a/a/a/a/x'), false);
});

test('`ARG A1=${A0}${A0}` doubling 30 times: capped, the ARG unset with a notice, the base image unknown', GUARD, () => {
  let t = 'ARG A0=xx\n';
  for (let i = 1; i <= 30; i++) t += `ARG A${i}=\${A${i - 1}}\${A${i - 1}}\n`;
  t += 'FROM alpine:${A30}\nRUN apk add curl\n';
  const df = parseDockerfile('Dockerfile', t);
  assert.ok(df.notices.some((n) => /ARG A\d+ would expand to more than \d+ characters/.test(n.message)), JSON.stringify(df.notices));
  assert.ok(df.stages[0]!.baseImage === undefined || df.stages[0]!.baseImage.length <= MAX_EXPANDED + 20);
  const s = substitute('${A}${A}', new Map([['A', 'x'.repeat(MAX_EXPANDED)]]));
  assert.equal(s.tooLong, true);
  assert.equal(s.unresolved, true);
  assert.equal(s.value, '${A}${A}');
});

test('a single 2 MB RUN line: not handed to the parser word by word; a notice says it is not analysed', GUARD, () => {
  const run = 'apt-get install -y curl && '.repeat(75_000);
  const t = `FROM debian:12\nRUN ${run}true\nUSER 65532\n`;
  const df = parseDockerfile('Dockerfile', t);
  const n = df.notices.find((x) => /over the \d+-character limit/.test(x.message));
  assert.ok(n, JSON.stringify(df.notices));
  assert.equal(n.range?.start.line, 1);
  assert.ok(t.split('\n')[1]!.length > MAX_DOCKERFILE_LINE);
  assert.equal(df.stages.length, 1);
  assert.equal(df.stages[0]!.user?.value, '65532', 'the instructions after it are still read');
});

test('2,000 skaffold artifacts and 2,000 pods: every image linked', GUARD, () => {
  let sk = 'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n';
  let m = '';
  for (let i = 0; i < N; i++) {
    sk += `  - image: reg/img${i}\n    context: svc${i}\n`;
    m += `---\napiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec:\n  containers: [{name: c, image: reg/img${i}, env: [${ENV}]}]\n`;
  }
  const files: Record<string, string> = { 'skaffold.yaml': sk, 'k8s/pods.yaml': m };
  for (let i = 0; i < 50; i++) files[`svc${i}/Dockerfile`] = 'FROM alpine:3.20\n';
  const r = analyse(files);
  assert.equal(r.exposures.length, N);
  assert.equal(r.exposures.filter((e) => e.image.stage?.file?.startsWith('svc')).length, 50);
});

test('unterminated flow collections after 20,000 `[`, and a 1.9 MB single line: a parse notice or a value, no hang', GUARD, () => {
  const flow = analyse({ 'k8s/f.yaml': `apiVersion: v1\nkind: Pod\nspec: ${'['.repeat(20_000)}\n` });
  assert.ok(flow.notices.some((n) => n.file === 'k8s/f.yaml'), 'the broken file is named');
  const long = analyse({ 'k8s/l.yaml': `apiVersion: v1\nkind: Pod\nmetadata: {name: l, annotations: {a: "${'x'.repeat(1_900_000)}"}}\nspec:\n  containers: [{name: c, image: alpine:3.20, env: [${ENV}]}]\n` });
  assert.equal(long.exposures.length, 1);
  const words = analyse({ 'k8s/w.yaml': `x: ${'a b '.repeat(475_000)}\n` });
  assert.equal(words.exposures.length, 0);
});
