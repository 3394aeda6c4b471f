// The language server's frame reader: well-formed frames in any chunking, and each kind of malformed
// input (stray bytes, a header without Content-Length, a non-numeric length, a frame shorter or longer
// than it says, a body that is no JSON, an oversized length) dropped with a reason while the next
// well-formed message is still delivered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { GuardedStreamReader, MAX_FRAME_BYTES, parseHeaders, type Dropped } from '../../server/src/lsp/frame-reader.js';

const frame = (o: unknown) => {
  const b = Buffer.from(JSON.stringify(o));
  return Buffer.concat([Buffer.from(`Content-Length: ${b.length}\r\n\r\n`), b]);
};
const msg = (id: number, text = 'x') => ({ jsonrpc: '2.0', id, method: 'm', params: { text } });

function reader(): { r: GuardedStreamReader; got: unknown[]; dropped: Dropped[] } {
  const stream = new PassThrough();
  const r = new GuardedStreamReader(stream);
  const got: unknown[] = [];
  const dropped: Dropped[] = [];
  r.listen((m) => got.push((m as { id?: unknown }).id));
  r.onDropped((d) => dropped.push(d));
  return { r, got, dropped };
}

test('well-formed frames are delivered whole, however the bytes are cut', () => {
  const bytes = Buffer.concat([frame(msg(1)), frame(msg(2, 'Content-Length: 3 inside a string')), frame(msg(3, 'ü'.repeat(5000)))]);
  for (const size of [1, 7, 64, bytes.length]) {
    const { r, got, dropped } = reader();
    for (let i = 0; i < bytes.length; i += size) r.push(bytes.subarray(i, i + size));
    assert.deepEqual(got, [1, 2, 3], `chunks of ${size}`);
    assert.deepEqual(dropped, []);
  }
});

test('a Content-Type header before Content-Length is kept', () => {
  const { r, got, dropped } = reader();
  const body = JSON.stringify(msg(9));
  const bytes = Buffer.from(`Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  for (let i = 0; i < bytes.length; i += 5) r.push(bytes.subarray(i, i + 5));
  assert.deepEqual(got, [9]);
  assert.deepEqual(dropped, []);
});

const bad: [string, Buffer, RegExp][] = [
  ['a garbage header block', Buffer.from('this is garbage\r\nmore\r\n\r\n'), /Name: value/],
  ['a header without Content-Length', Buffer.from('Content-Type: application/json\r\n\r\n{}'), /without Content-Length/],
  ['a non-numeric Content-Length', Buffer.from('Content-Length: abc\r\n\r\n{}'), /not a number/],
  ['a body that is not JSON', Buffer.from('Content-Length: 5\r\n\r\n{nope'), /not JSON/],
  ['a frame shorter than its Content-Length', Buffer.from('Content-Length: 500\r\n\r\n{}'), /shorter than its Content-Length/],
  ['stray bytes without CRLF', Buffer.from('garbage line without crlf\n'), /before a Content-Length header|Name: value/],
  ['a body that is JSON but no message', Buffer.from('Content-Length: 2\r\n\r\n42'), /not a JSON-RPC message/],
  ['an oversized Content-Length', Buffer.from(`Content-Length: ${MAX_FRAME_BYTES + 1}\r\n\r\n{}`), /over 64 MiB/],
  ['a header block longer than 8 KiB', Buffer.from(`X-Junk: ${'a'.repeat(9000)}`), /longer than 8 KiB/],
];

for (const [name, garbage, reason] of bad) {
  test(`${name}: dropped with its reason, the next message delivered`, () => {
    for (const together of [true, false]) {
      const { r, got, dropped } = reader();
      r.push(frame(msg(1)));
      if (together) r.push(Buffer.concat([garbage, frame(msg(2)), frame(msg(3))]));
      else {
        r.push(garbage);
        r.push(frame(msg(2)));
        r.push(frame(msg(3)));
      }
      assert.deepEqual(got, [1, 2, 3], `${together ? 'one chunk' : 'separate chunks'}: ${JSON.stringify(dropped)}`);
      assert.ok(dropped.some((d) => reason.test(d.reason)), JSON.stringify(dropped));
      assert.ok(dropped.every((d) => d.bytes > 0 && d.bytes <= garbage.length + 32), JSON.stringify(dropped));
    }
  });
}

test('a longer Content-Length swallowing the next frame costs at most that frame', () => {
  const { r, got } = reader();
  // The lying frame ends exactly where a later frame's header would be found inside its body.
  const next = frame(msg(2));
  r.push(Buffer.concat([Buffer.from(`Content-Length: ${next.length + 2}\r\n\r\n{}`), next, frame(msg(3))]));
  assert.ok(got.includes(3), JSON.stringify(got));
});

test('parseHeaders', () => {
  assert.equal(parseHeaders('Content-Length: 12'), 12);
  assert.equal(parseHeaders('content-length:12\r\nContent-Type: x'), 12);
  assert.match(String(parseHeaders('Content-Length: -1')), /not a number/);
  assert.match(String(parseHeaders('Content-Length: 1e3')), /not a number/);
  assert.match(String(parseHeaders('')), /Name: value/);
});
