// One reading of multi-document YAML, whatever the file looks like: over every fixture and seeded
// mutations of it (broken documents, unterminated quotes, lone CR and mixed line breaks, BOM,
// directives, ignore comments, truncation, byte flips), the cached reading after edits equals a fresh
// reading, a document's facts do not depend on the documents around it or on how many there are, and
// every line number is the line the positions module counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ChunkedManifestParser, readManifest, splitDocuments } from '../../server/src/core/kubernetes/index.js';
import { LineIndex } from '../../server/src/core/text/positions.js';
import { listFiles } from '../support/workspace.js';

const SEED = Number(process.env['SS_SEED'] ?? 16);

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function corpus(): string[] {
  const out: string[] = [];
  for (const dir of ['test/fixtures/kubernetes', 'examples', 'test/golden/rules', 'test/fixtures/linking']) {
    for (const f of listFiles(dir)) if (/\.ya?ml$/.test(f)) out.push(readFileSync(`${dir}/${f}`, 'utf8'));
  }
  return out;
}

const POD = (name: string, secret: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: c\n      image: alpine:3.20\n      env:\n        - {name: A, valueFrom: {secretKeyRef: {name: ${secret}, key: k}}}\n`;

const MUTATIONS: ((t: string, r: () => number) => string)[] = [
  (t) => t.replace(/\r?\n/g, '\r'),
  (t, r) => t.replace(/\n/g, () => (r() < 0.3 ? '\r' : r() < 0.5 ? '\r\n' : '\n')),
  (t) => `\uFEFF${t}`,
  (t) => `%YAML 1.2\n---\n${t}`,
  (t, r) => t.slice(0, Math.floor(r() * t.length)),
  (t, r) => {
    const i = Math.floor(r() * t.length);
    return t.slice(0, i) + String.fromCharCode(Math.floor(r() * 128)) + t.slice(i + 1);
  },
  (t) => `kind: Pod\nmetadata: {name: "unterminated\n---\n${t}`,
  (t) => `apiVersion: v1\nkind: Pod\nmetadata: {name: broken}\n# secret-surface-ignore\nspec: [\n---\n${t}`,
  (t) => t.replace(/: /, ': "'),
  (t, r) => t.replace(/\n/g, (m) => (r() < 0.05 ? `${m}---${m}` : m)),
];

function ranges(v: unknown, out: number[] = []): number[] {
  if (Array.isArray(v)) for (const x of v) ranges(x, out);
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o['line'] === 'number' && typeof o['character'] === 'number') out.push(o['line'] as number);
    else for (const k of Object.keys(o)) ranges(o[k], out);
  }
  return out;
}

test(`seeded mutations (seed ${SEED}): the cached reading after edits equals a fresh reading; no range past the last line`, () => {
  const r = rng(SEED);
  const texts = corpus();
  const failures: string[] = [];
  let inputs = 0;
  for (const base of texts) {
    for (const m of MUTATIONS) {
      const text = m(base, r);
      inputs++;
      const parser = new ChunkedManifestParser();
      const fresh = readManifest('f.yaml', text);
      try {
        assert.deepEqual(parser.parse('f.yaml', text), fresh);
        // Edit: mutate again, then back; each answer equals a fresh reading of that text.
        const edited = MUTATIONS[Math.floor(r() * MUTATIONS.length)]!(text, r);
        assert.deepEqual(parser.parse('f.yaml', edited), readManifest('f.yaml', edited));
        assert.deepEqual(parser.parse('f.yaml', text), fresh);
      } catch (e) {
        failures.push(`input ${inputs} (seed ${SEED}): ${(e as Error).message.split('\n').slice(0, 3).join(' ')}`);
      }
      const lines = new LineIndex(text).lineCount;
      for (const line of ranges(fresh)) if (line >= lines) failures.push(`input ${inputs} (seed ${SEED}): a range on line ${line + 1} of ${lines}`);
    }
  }
  assert.ok(inputs > 300, `${inputs} inputs`);
  assert.deepEqual(failures.slice(0, 5), []);
});

test('a broken document never hides or changes the next ones, with 2, 3, 4 or 6 documents', () => {
  const broken = [
    'kind: Pod\nmetadata: {name: "unterminated\n',
    "kind: Pod\nmetadata:\n  name: 'open\n",
    'apiVersion: v1\nkind: Pod\nspec: [[[\n',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\n# secret-surface-ignore\nspec: {containers: [\n',
  ];
  for (const bad of broken) {
    for (const n of [1, 2, 3, 5]) {
      const docs = [bad, ...Array.from({ length: n }, (_, i) => POD(`p${i}`, `s${i}`))];
      const text = docs.join('---\n');
      const facts = readManifest('f.yaml', text);
      assert.deepEqual(
        facts.workloads.map((w) => [w.ref.name, w.containers[0]!.secrets[0]!.secretName, (w.suppressed ?? []).length]),
        Array.from({ length: n }, (_, i) => [`p${i}`, `s${i}`, 0]),
        `${JSON.stringify(bad)} then ${n} documents`,
      );
      assert.ok(facts.notices.some((x) => x.severity === 'error' && x.range!.start.line < bad.split('\n').length), 'the broken document is reported where it is');
      assert.deepEqual(new ChunkedManifestParser().parse('f.yaml', text), facts);
    }
  }
});

test('lone CR and mixed line breaks: every line number is the one the positions module counts', () => {
  const body = POD('late', 'sx');
  for (const head of ['# a\r# b\r', 'x: 1\r\ny: 2\rz: 3\n', '\r\r\r']) {
    // Enough documents that a reading by chunks would apply (lone CRs sit in the first one's comment).
    const text = `${head}\n---\n${POD('p1', 's1')}---\n${POD('p2', 's2')}---\n# c\rd\r\n${POD('p3', 's3')}---\n${body}`;
    const facts = readManifest('f.yaml', text);
    const w = facts.workloads.find((x) => x.ref.name === 'late');
    assert.ok(w, JSON.stringify(facts.notices));
    const want = new LineIndex(text).positionAt(text.indexOf('name: late') + 'name: '.length).line;
    assert.equal(w.nameLocation.range.start.line, want, JSON.stringify(head));
    const cached = new ChunkedManifestParser().parse('f.yaml', text).workloads.find((x) => x.ref.name === 'late');
    assert.equal(cached?.nameLocation.range.start.line, want, `${JSON.stringify(head)} (cached reading)`);
    assert.deepEqual(splitDocuments(text).map((c) => c.text).join(''), text);
  }
});

test('directives and header comments stay with their document', () => {
  const text = `%YAML 1.2\n---\n${POD('a', 'sa')}---\n# header\n${POD('b', 'sb')}`;
  const chunks = splitDocuments(text);
  assert.equal(chunks.length, 2);
  assert.ok(chunks[0]!.text.startsWith('%YAML 1.2\n---\n'));
  assert.deepEqual(readManifest('f.yaml', text).workloads.map((w) => w.ref.name), ['a', 'b']);
  assert.deepEqual(readManifest('f.yaml', text).notices, []);
});
