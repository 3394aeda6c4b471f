// LineIndex: offsets ↔ LSP positions under LF, CRLF, lone CR, tabs and non-ASCII text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/core/text/positions.js';

test('LF and CRLF agree on positions', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const text = ['a: 1', '\tb: "é😀"', 'c: 3'].join(eol);
    const idx = new LineIndex(text);
    assert.equal(idx.lineCount, 3);
    const c = text.indexOf('c');
    assert.deepEqual(idx.positionAt(c), { line: 2, character: 0 });
    assert.equal(idx.offsetAt({ line: 2, character: 0 }), c);
    assert.equal(idx.lineText(1), '\tb: "é😀"');
    // the emoji is two UTF-16 units, as LSP counts characters
    const q = text.lastIndexOf('"');
    assert.deepEqual(idx.positionAt(q), { line: 1, character: 8 });
  }
});

test('offsetAt clamps past the end of a line to its end, before the line break', () => {
  const idx = new LineIndex('ab\r\ncd');
  assert.equal(idx.offsetAt({ line: 0, character: 99 }), 2);
  assert.equal(idx.offsetAt({ line: 9, character: 0 }), 6);
  assert.equal(idx.eol, '\r\n');
});
