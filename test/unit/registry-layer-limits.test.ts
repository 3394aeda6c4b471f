// The layer reader's caps without a registry: decompressed bytes (a small gzip of gigabytes of zeros),
// header count (many empty entries), and the end-of-archive marker that ends decompression early while
// the digest is still checked over every compressed byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createGzip, gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { DigestMismatchError, readLayer } from '../../server/src/cluster/registry/layer-reader.js';
import { ustarHeader } from '../support/tar.js';

const digestOf = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function* chunks(b: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

async function tarOf(entries: { name: string; body?: Buffer }[], finalize = true): Promise<Buffer> {
  const pack = tar.pack();
  const out: Buffer[] = [];
  pack.on('data', (c: unknown) => out.push(c as Buffer));
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  for (const e of entries) await new Promise<void>((resolve, reject) => pack.entry({ name: e.name }, e.body ?? Buffer.alloc(0), (err) => (err ? reject(err) : resolve())));
  if (!finalize) return Buffer.concat(out);
  pack.finalize();
  await done;
  return Buffer.concat(out);
}

/** gzip of `prefix` followed by `zeros` zero bytes, streamed so the test never holds the zeros. */
async function gzipWithZeros(prefix: Buffer, zeros: number): Promise<Buffer> {
  const gz = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gz.on('data', (c: unknown) => out.push(c as Buffer));
  const done = new Promise<void>((resolve) => gz.on('end', () => resolve()));
  gz.write(prefix);
  const block = Buffer.alloc(1 << 20);
  for (let left = zeros; left > 0; left -= block.length) {
    if (!gz.write(left >= block.length ? block : block.subarray(0, left))) await new Promise((r) => gz.once('drain', r));
  }
  gz.end();
  await done;
  return Buffer.concat(out);
}

const CAPS = { maxBytes: 64 << 20, maxTarBytes: 32 << 20, maxEntries: 1000 };

test('a file of zeros inside the archive: decompression stops at the tar-byte cap, the headers before it are kept', async () => {
  // A tar header for a 256 MiB file, then its zeros (never finished: the cap stops first).
  const header = Buffer.concat([await tarOf([{ name: 'bin/sh', body: Buffer.from('x') }], false), ustarHeader('var/zeros', 96 << 20)]);
  const blob = await gzipWithZeros(header, 96 << 20);
  assert.ok(blob.length < 1 << 20, `compressed ${blob.length}`);
  const r = await readLayer(chunks(blob), digestOf(blob), CAPS);
  assert.equal(r.outcome, 'too-large');
  assert.equal(r.limit, 'tar-bytes');
  assert.match(r.detail ?? '', /uncompressed/);
  assert.deepEqual(r.entries.map((e) => e.name), ['bin/sh', 'var/zeros']);
  assert.ok(r.tarBytes <= CAPS.maxTarBytes);
});

test('zeros after the end-of-archive marker: complete without decompressing them, digest still checked', async () => {
  const raw = await tarOf([{ name: 'bin/sh', body: Buffer.from('x') }, { name: 'usr/bin/curl' }]);
  const blob = await gzipWithZeros(raw, 128 << 20);
  const r = await readLayer(chunks(blob), digestOf(blob), CAPS);
  assert.equal(r.outcome, 'complete', JSON.stringify({ ...r, entries: r.entries.length }));
  assert.deepEqual(r.entries.map((e) => e.name), ['bin/sh', 'usr/bin/curl']);
  assert.equal(r.bytes, blob.length, 'every compressed byte was read for the digest');
  assert.ok(r.tarBytes < CAPS.maxTarBytes, `decompressed ${r.tarBytes} bytes`);
  await assert.rejects(readLayer(chunks(blob), `sha256:${'0'.repeat(64)}`, CAPS), DigestMismatchError);
  // Only zeros: an empty layer, decided at once.
  const empty = await gzipWithZeros(Buffer.alloc(0), 128 << 20);
  const e = await readLayer(chunks(empty), digestOf(empty), CAPS);
  assert.equal(e.outcome, 'complete');
  assert.deepEqual(e.entries, []);
});

test('many empty entries: the header cap stops the read and keeps only that many', async () => {
  const raw = await tarOf(Array.from({ length: 5000 }, (_, i) => ({ name: `e/${i}` })));
  const blob = gzipSync(raw);
  const r = await readLayer(chunks(blob, 4096), digestOf(blob), CAPS);
  assert.equal(r.outcome, 'too-large');
  assert.equal(r.limit, 'entries');
  assert.equal(r.entries.length, CAPS.maxEntries);
  assert.ok(r.bytes < blob.length, 'the rest of the layer was not downloaded');
});

test('a file whose data holds null blocks is not taken for the end of the archive', async () => {
  const raw = await tarOf([{ name: 'opt/sparse', body: Buffer.alloc(8192) }, { name: 'bin/sh', body: Buffer.from('x') }]);
  for (const blob of [gzipSync(raw), raw]) {
    const r = await readLayer(chunks(blob, 700), digestOf(blob), CAPS);
    assert.equal(r.outcome, 'complete');
    assert.deepEqual(r.entries.map((e) => e.name), ['opt/sparse', 'bin/sh']);
  }
});
