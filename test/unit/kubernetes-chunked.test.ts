// Reading a multi-document file document by document (the one reading) gives exactly the facts of
// reading it whole when its YAML is valid, wherever the documents sit, under LF and CRLF, and the
// cached reading after edits that reuse unchanged documents equals a fresh one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { parseManifest, readManifest, ChunkedManifestParser, splitDocuments } from '../../server/src/core/kubernetes/index.js';
import { listFiles, toCrlf } from '../support/workspace.js';

const SOURCES = ['test/fixtures/kubernetes', 'examples', 'test/golden/rules', 'test/fixtures/linking'];

function corpus(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const dir of SOURCES) {
    for (const f of listFiles(dir)) if (/\.ya?ml$/.test(f)) out.push({ name: `${dir}/${f}`, text: readFileSync(`${dir}/${f}`, 'utf8') });
  }
  return out;
}

test('splitDocuments cuts at --- and after ..., and the pieces join back to the text', () => {
  const text = 'a: 1\n---\nb: 2\n...\n--- # c\nc: 3\n';
  const chunks = splitDocuments(text);
  assert.deepEqual(chunks.map((c) => c.startLine), [0, 1, 4]);
  assert.equal(chunks.map((c) => c.text).join(''), text);
  assert.equal(splitDocuments('x: "---"\n  ---\n').length, 1);
});

test('chunked reading equals whole reading on every YAML fixture, in streams of many documents', () => {
  const files = corpus();
  assert.ok(files.length > 30);
  let compared = 0;
  for (const eol of ['\n', '\r\n']) {
    // Each file alone, and a stream of all of them: documents land at many line offsets.
    const texts = files.map((f) => ({ name: f.name, text: eol === '\n' ? f.text : toCrlf(f.text) }));
    const stream = texts.map((t) => t.text.replace(/\r?\n$/, '')).join(`${eol}---${eol}`);
    for (const { name, text } of [...texts, { name: 'stream', text: stream }]) {
      const parser = new ChunkedManifestParser();
      const fresh = readManifest('f.yaml', text);
      assert.deepEqual(parser.parse('f.yaml', text), fresh, `${name} (${JSON.stringify(eol)})`);
      // Where the YAML is valid, the document reading is exactly the whole reading.
      if (parseAllDocuments(text).every((d) => d.errors.length === 0)) assert.deepEqual(fresh, parseManifest('f.yaml', text), `${name} read whole (${JSON.stringify(eol)})`);
      compared++;
    }
    // An edit in one document: the others come from the cache and still sit where they should.
    const parser = new ChunkedManifestParser();
    parser.parse('s.yaml', stream);
    const edited = stream.replace('kind: Deployment', `kind: Deployment${eol}# inserted${eol}`);
    assert.notEqual(edited, stream);
    assert.deepEqual(parser.parse('s.yaml', edited), readManifest('s.yaml', edited));
  }
  assert.ok(compared > 60);
});
