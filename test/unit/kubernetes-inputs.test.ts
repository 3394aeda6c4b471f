// Inputs the Kubernetes reader must survive: Helm templates, broken YAML beside valid documents,
// YAML that is not Kubernetes, BOM, huge and binary files, and random truncations (never a throw).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseManifest } from '../../server/src/core/kubernetes/index.js';
import { EOLS, eolTest, fixture, rangeOf } from './kubernetes-support.js';

eolTest('a Helm template is skipped with one info notice at its first template action', 'helm-deployment.yaml', (text) => {
  const f = parseManifest('chart/templates/deployment.yaml', text);
  assert.match(f.skipped ?? '', /^Helm template: /);
  assert.equal(f.notKubernetes, false);
  assert.deepEqual(f.workloads, []);
  assert.equal(f.notices.length, 1);
  const n = f.notices[0]!;
  assert.equal(n.severity, 'info');
  assert.equal(n.file, 'chart/templates/deployment.yaml');
  assert.deepEqual(n.range, rangeOf(text, '{{ include "shop.fullname" . }}'));
});

test('Helm braces only in comments, GitHub `${{ }}`, quoted Argo parameters and Alertmanager templates are not Helm', () => {
  for (const eol of Object.values(EOLS)) {
    const manifest = (extra: string) =>
      ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  annotations:', `    ${extra}`, 'spec:', '  containers:', '    - name: c', '      image: app', ''].join(eol);
    for (const line of [
      '# rendered from {{ .Values.image }}',
      'note: "x" # {{- if .Values.on }}',
      'gha: "${{ secrets.TOKEN }}"',
      'argo: "{{inputs.parameters.message}}"',
    ]) {
      const f = parseManifest('p.yaml', manifest(line));
      assert.equal(f.skipped, undefined, line);
      assert.equal(f.workloads.length, 1, line);
    }
    const helm = parseManifest('p.yaml', manifest('checksum: "{{ .Values.sum }}"'));
    assert.match(helm.skipped ?? '', /^Helm template/);
    const trim = parseManifest('p.yaml', manifest('{{- toYaml .Values.annotations | nindent 4 }}'));
    assert.match(trim.skipped ?? '', /^Helm template/);
    // braces of other template languages inside block scalars or quotes are just text …
    const blockText = (inner: string) =>
      ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: cfg}', 'data:', '  alertmanager.yml: |', '    receivers:', '      - name: slack', `        text: ${inner}`, '  other: plain', ''].join(eol);
    for (const inner of ['{{PROJECT_ID}}', '"{{ .CommonLabels.alertname }}"', '{{ range .Alerts }}{{ end }}']) {
      assert.equal(parseManifest('cm.yaml', blockText(inner)).skipped, undefined, inner);
    }
    assert.equal(parseManifest('p.yaml', manifest(`title: '{{ template "slack.title" . }}'`)).skipped, undefined);
    // … but Helm's own objects are a Helm template wherever they appear
    assert.match(parseManifest('cm.yaml', blockText('{{ .Values.slackChannel }}')).skipped ?? '', /^Helm template/);
    // unquoted braces are a template whatever is inside (YAML would misread them as a mapping)
    const bare = parseManifest('p.yaml', manifest('owner: {{ owner }}'));
    assert.match(bare.skipped ?? '', /^Helm template/);
  }
});

eolTest('invalid YAML: an error notice at the first error, and the valid sibling document is read', 'invalid.yaml', (text) => {
  const f = parseManifest('invalid.yaml', text);
  assert.equal(f.skipped, undefined);
  assert.equal(f.notKubernetes, false);
  assert.deepEqual(f.workloads.map((w) => w.ref.name), ['fine']);
  assert.deepEqual(f.workloads[0]!.containers[0]!.secrets.map((s) => s.secretName), ['fine-secret']);
  assert.deepEqual(f.workloads[0]!.containers[0]!.imageLocation.range, rangeOf(text, 'fine-image'));
  assert.equal(f.notices.length, 1);
  const n = f.notices[0]!;
  assert.equal(n.severity, 'error');
  assert.match(n.message, /^Invalid YAML: /);
  // the error is reported inside the broken document, at or after the unclosed flow sequence
  const open = rangeOf(text, '[unclosed');
  const separator = rangeOf(text, '---');
  assert.ok(n.range, 'has a range');
  assert.ok(n.range.start.line >= open.start.line && n.range.start.line <= separator.start.line, JSON.stringify(n.range));
});

for (const name of ['github-workflow.yaml', 'openapi.yaml', 'values.yaml', 'docker-compose.yaml']) {
  eolTest(`not Kubernetes, quietly: ${name}`, name, (text) => {
    const f = parseManifest(name, text);
    assert.equal(f.notKubernetes, true);
    assert.equal(f.skipped, undefined);
    assert.deepEqual(f.notices, []);
    assert.deepEqual(f.workloads, []);
  });
}

test('broken YAML that is not Kubernetes stays quiet', () => {
  for (const eol of Object.values(EOLS)) {
    const f = parseManifest('broken-ci.yaml', ['on: [push', 'jobs:', '  x: 1', ''].join(eol));
    assert.deepEqual(f.notices, []);
    assert.equal(f.notKubernetes, true);
  }
});

eolTest('a UTF-8 BOM is dropped: positions are what an editor shows', 'channels.yaml', (text) => {
  const plain = parseManifest('c.yaml', text);
  const bom = parseManifest('c.yaml', `\uFEFF${text}`);
  assert.deepEqual(bom, plain);
  assert.deepEqual(bom.workloads[0]!.location.range.start, rangeOf(text, 'apiVersion: apps/v1').start);
  // and on line 0 too
  const pod = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec: {containers: [{name: c, image: first-line}]}'].join('\n');
  const onLine0 = parseManifest('p.yaml', `\uFEFFkind: Pod\napiVersion: v1\nspec: {containers: [{name: c, image: x}]}\nmetadata: {name: p}`);
  assert.equal(onLine0.workloads[0]!.location.range.start.character, 0);
  assert.equal(parseManifest('p.yaml', pod).workloads[0]!.containers[0]!.image, 'first-line');
});

test('files over maxBytes are skipped with a notice; binary text is skipped quietly', () => {
  for (const eol of Object.values(EOLS)) {
    const text = fixture('channels.yaml', eol);
    const big = parseManifest('big.yaml', text, { maxBytes: 1024 });
    assert.match(big.skipped ?? '', /larger than 1 KiB/);
    assert.equal(big.notices.length, 1);
    assert.equal(big.notices[0]!.severity, 'warning');
    assert.deepEqual(big.workloads, []);
    // multi-byte characters count as bytes, not UTF-16 units
    const wide = `# ${'é'.repeat(600)}${eol}${text.slice(0, 200)}`;
    assert.ok(wide.length < 1024);
    assert.ok(parseManifest('w.yaml', wide, { maxBytes: 1024 }).skipped);
    assert.equal(parseManifest('ok.yaml', text).skipped, undefined);

    const bin = parseManifest('secret.yaml', `\0GITCRYPT\0${text}`);
    assert.equal(bin.skipped, 'binary file');
    assert.deepEqual(bin.notices, []);
    assert.deepEqual(bin.workloads, []);
  }
});

test('empty, comment-only and scalar documents hold no Kubernetes objects', () => {
  for (const eol of Object.values(EOLS)) {
    for (const text of ['', eol, `# nothing here${eol}`, `---${eol}---${eol}`, `just a string${eol}`, `- a${eol}- b${eol}`]) {
      const f = parseManifest('e.yaml', text);
      assert.equal(f.notKubernetes, true, JSON.stringify(text));
      assert.deepEqual(f.notices, []);
    }
  }
});

// A small deterministic generator, so a failure can be reproduced from the printed seed.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('never throws: random truncations and splices of every fixture', () => {
  const names = ['channels.yaml', 'kinds.yaml', 'containers.yaml', 'token.yaml', 'list.yaml', 'anchors.yaml', 'helm-deployment.yaml', 'invalid.yaml', 'suppression.yaml'];
  const noise = ['', '&a ', '*a', '<<: *a', '{', '[', ']', '}', ':', '- ', '"', "'", '#', '\t', '\r', '\uFEFF', '---\n', '? ', '|\n', '!!map ', '*undefined'];
  let runs = 0;
  for (const eol of Object.values(EOLS)) {
    for (const name of names) {
      const text = fixture(name, eol);
      const next = rng(name.length * 7919 + eol.length);
      for (let i = 0; i < 40; i++) {
        const cut = Math.floor(next() * text.length);
        const variants = [
          text.slice(0, cut),
          text.slice(cut),
          text.slice(0, cut) + noise[Math.floor(next() * noise.length)]! + text.slice(cut + Math.floor(next() * 5)),
        ];
        for (const v of variants) {
          runs++;
          const f = parseManifest(name, v);
          const internal = f.notices.find((n) => n.message.includes('internal error'));
          assert.equal(internal, undefined, `${name} (${JSON.stringify(eol)}) variant ${i}: ${internal?.message}`);
          for (const w of f.workloads) for (const c of w.containers) assert.ok(c.imageLocation.range.start.line >= 0);
        }
      }
    }
  }
  assert.ok(runs > 2000);
});

test('self-referencing merge keys and dangling aliases do not loop or throw', () => {
  for (const eol of Object.values(EOLS)) {
    const text = ['apiVersion: v1', 'kind: Pod', 'metadata: &m {name: p, <<: *m}', 'spec:', '  containers:', '    - &c {name: c, image: i, <<: *c, env: *nowhere}', ''].join(eol);
    const f = parseManifest('loop.yaml', text);
    assert.ok(!f.notices.some((n) => n.message.includes('internal error')));
  }
});

test('repeated keys are read as Kubernetes reads them: the last one wins, no error', () => {
  for (const eol of Object.values(EOLS)) {
    const text = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: first', '  name: second', 'spec:', '  containers:', '    - name: c', '      image: old', '      image: new', ''].join(eol);
    const f = parseManifest('dup.yaml', text);
    assert.deepEqual(f.notices, []);
    assert.equal(f.workloads[0]!.ref.name, 'second');
    assert.equal(f.workloads[0]!.containers[0]!.image, 'new');
    assert.deepEqual(f.workloads[0]!.containers[0]!.imageLocation.range, rangeOf(text, 'new'));
  }
});
