// jsonPieces writes exactly what JSON.stringify(value, null, 2) writes, in pieces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonPieces } from '../../server/src/core/output/json-stream.js';

const cases: unknown[] = [
  { version: 1, findings: [], notices: [{ file: 'a "b"\n.yaml', severity: 'info', message: 'line\nbreak \u2028 é' }], summary: {} },
  { a: [1, 'two', null, undefined, () => 0, { deep: { deeper: [[], {}, [1, [2, { x: 'y' }]]] } }], b: undefined, c: () => 0, d: { e: [] } },
  [],
  {},
  [[[]], [{}], [{ a: undefined }]],
  { findings: Array.from({ length: 130 }, (_, i) => (i % 7 === 0 ? undefined : i % 5 === 0 ? [i, { n: i }] : { rule: 'r', at: { line: i, items: [i, 'x\ny'] } })) },
  { sparse: [1, , 3], deep: { deeper: Array.from({ length: 70 }, (_, i) => ({ i })) } },
  [Array.from({ length: 65 }, (_, i) => i), 'x', [null, { a: [] }]],
  'text',
  42,
  null,
  { when: new Date(0), nested: { when: new Date(1) }, list: [new Date(2)] },
  { runs: [{ tool: { driver: { rules: [{ id: 'r', properties: { tags: ['x'] } }] } }, results: [{ message: { text: 'm' } }] }] },
];

test('jsonPieces joined equals JSON.stringify(value, null, 2) + newline', () => {
  for (const value of cases) {
    const pieces = [...jsonPieces(value)];
    assert.equal(pieces.join(''), JSON.stringify(value, null, 2) + '\n', JSON.stringify(value));
  }
});

test('a report is written in many pieces, none holding more than 64 findings', () => {
  const findings = Array.from({ length: 1000 }, (_, i) => ({ rule: 'r', message: `m${i}`, range: { start: { line: i, character: 0 } } }));
  const pieces = [...jsonPieces({ version: 1, findings })];
  assert.ok(pieces.length > 1000 / 64, `${pieces.length} pieces`);
  assert.ok(Math.max(...pieces.map((p) => (p.match(/"rule"/g) ?? []).length)) <= 64);
});
