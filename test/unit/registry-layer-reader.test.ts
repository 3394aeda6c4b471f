// Streaming layer listings without a registry: gzip and plain tar, the byte limit cut, zstd on a
// runtime without it, digest checks, and the on-disk digest cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { DigestMismatchError, readLayer, ZSTD_SUPPORTED } from '../../server/src/cluster/registry/layer-reader.js';
import { DirectoryDigestCache } from '../../server/src/cluster/registry/cache.js';
import type { RegistryImageOk } from '../../server/src/cluster/registry/types.js';

async function tarOf(entries: { name: string; type?: 'file' | 'symlink' | 'link'; linkname?: string; body?: Buffer }[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  for (const e of entries) {
    await new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null): void => (err ? reject(err) : resolve());
      if (e.type === 'symlink' || e.type === 'link') pack.entry({ name: e.name, type: e.type, linkname: e.linkname ?? '' }, cb);
      else pack.entry({ name: e.name }, e.body ?? Buffer.from('x'), cb);
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

const digestOf = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** Yields the buffer in chunks, as an HTTP body would. */
async function* chunks(b: Buffer, size = 1000): AsyncGenerator<Buffer> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

test('gzip and plain tar layers list names, kinds and link targets', async () => {
  const raw = await tarOf([{ name: 'bin/bash' }, { name: 'bin/sh', type: 'symlink', linkname: 'bash' }, { name: 'bin/rbash', type: 'link', linkname: 'bin/bash' }]);
  for (const blob of [gzipSync(raw), raw]) {
    const r = await readLayer(chunks(blob), digestOf(blob), 1 << 20);
    assert.equal(r.outcome, 'complete');
    assert.deepEqual(r.entries, [
      { name: 'bin/bash', kind: 'file' },
      { name: 'bin/sh', kind: 'symlink', linkname: 'bash' },
      { name: 'bin/rbash', kind: 'hardlink', linkname: 'bin/bash' },
    ]);
    assert.equal(r.bytes, blob.length);
  }
});

test('the byte limit cuts the stream and keeps the headers before the cut', async () => {
  const raw = await tarOf([{ name: 'usr/bin/curl' }, { name: 'opt/big', body: randomBytes(200_000) }, { name: 'usr/bin/wget' }]);
  const blob = gzipSync(raw);
  const r = await readLayer(chunks(blob, 64 * 1024), digestOf(blob), 8192);
  assert.equal(r.outcome, 'too-large');
  assert.deepEqual(r.entries.map((e) => e.name), ['usr/bin/curl', 'opt/big']);
});

test('a zstd layer is declined on a runtime without zstd', async (t) => {
  if (ZSTD_SUPPORTED) return t.skip('this Node.js has zstd');
  const blob = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.alloc(100)]);
  const r = await readLayer(chunks(blob), digestOf(blob), 1 << 20);
  assert.equal(r.outcome, 'unsupported');
  assert.match(r.detail ?? '', /zstd/);
});

test('a layer whose bytes do not match its digest is rejected', async () => {
  const blob = gzipSync(await tarOf([{ name: 'bin/sh' }]));
  await assert.rejects(readLayer(chunks(blob), `sha256:${'0'.repeat(64)}`, 1 << 20), DigestMismatchError);
});

test('the directory cache survives a new instance and ignores corrupt entries', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-digest-cache-'));
  try {
    const value: RegistryImageOk = { ok: true, digest: 'sha256:abc', config: {}, files: {}, tools: [{ tool: 'sh', category: 'shell', origin: { kind: 'layer', digest: 'sha256:l1', path: '/bin/sh' } }] };
    await new DirectoryDigestCache(dir).set('sha256:abc', value);
    assert.deepEqual(await new DirectoryDigestCache(dir).get('sha256:abc'), value);
    assert.equal(await new DirectoryDigestCache(dir).get('sha256:def'), undefined);
    assert.deepEqual(readdirSync(dir), ['sha256_abc.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
