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

test('a report is written in many pieces, one or more per finding', () => {
  const findings = Array.from({ length: 100 }, (_, i) => ({ rule: 'r', message: `m${i}`, range: { start: { line: i, character: 0 } } }));
  const pieces = [...jsonPieces({ version: 1, findings })];
  assert.ok(pieces.length > 100, `${pieces.length} pieces`);
  assert.ok(Math.max(...pieces.map((p) => p.length)) < 200);
});
