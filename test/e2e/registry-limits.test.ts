// Layer limits against the real registry, with the default limits: a layer holding a 4 GiB file of
// zeros (about 4 MiB compressed), a layer whose 4 GiB of zeros follow the end-of-archive marker, and a
// layer of 300,000 empty entries. Each is answered in bounded time with a clear "not decided" (or,
// after the end marker, a complete answer without decompressing the zeros), and the heap stays bounded.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createGzip, gzipSync } from 'node:zlib';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { inspectImage, type InspectOptions, type RegistryImageOk, type RegistryImageResult } from '../../server/src/cluster/registry/index.js';
import { registryFailure, registryImageFacts } from '../../server/src/cluster/check-map.js';
import { DEFAULT_LIMITS } from '../../server/src/cluster/registry/types.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { image, layer, LAYER_GZIP, Pusher, sha256, tarOf, type BuiltLayer } from './support/image-builder.js';
import { manyEmptyEntries, ustarHeader } from '../support/tar.js';

let reg: RunningRegistry;
const GIB = 1024 * 1024 * 1024;
const ENTRIES = 300_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function ok(r: RegistryImageResult): RegistryImageOk {
  assert.ok(r.ok, `expected ok, got ${JSON.stringify(r)}`);
  return r;
}

function opts(): InspectOptions {
  return { insecureHosts: [reg.host], dockerConfigPath: '/nonexistent/config.json' };
}

async function gzipStream(parts: (Buffer | number)[]): Promise<Buffer> {
  const gz = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gz.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve) => gz.on('end', () => resolve()));
  const zeros = Buffer.alloc(1 << 20);
  for (const p of parts) {
    if (typeof p !== 'number') gz.write(p);
    else for (let left = p; left > 0; left -= zeros.length) if (!gz.write(zeros.subarray(0, Math.min(left, zeros.length)))) await new Promise((r) => gz.once('drain', r));
  }
  gz.end();
  await done;
  return Buffer.concat(out);
}

/**
 * 4 GiB of zeros after `prefix`, as a multi-member gzip: one member of 64 MiB of zeros repeated, which
 * any gzip reader decompresses as one stream. Built in a second instead of deflating 4 GiB.
 */
async function zerosLayer(prefix: Buffer): Promise<BuiltLayer> {
  const member = await gzipStream([64 << 20]);
  const bytes = Buffer.concat([gzipSync(prefix), ...Array.from({ length: (4 * GIB) / (64 << 20) }, () => member)]);
  // diff_ids are not checked by registries or by the reader; a digest of the prefix stands in.
  return { mediaType: LAYER_GZIP, digest: sha256(bytes), size: bytes.length, bytes, diffId: sha256(prefix) };
}

before(async () => {
  reg = await startRegistry();
  const push = new Pusher(reg.url);
  const shell = await layer([{ path: 'bin/', type: 'dir' }, { path: 'bin/sh' }]);

  // A file header declaring 4 GiB, then the zeros: nothing after the first GiB is ever decompressed.
  const inFile = await zerosLayer(Buffer.concat([await tarOf([{ path: 'usr/bin/python3' }]).then((t) => t.subarray(0, t.length - 1024)), ustarHeader('var/zeros', 4 * GIB)]));
  await push.pushImage('hostile/zero-file', 'latest', image({ layers: [shell, inFile] }));

  // The archive ends, then come the zeros: the answer is known at the marker.
  const afterEnd = await zerosLayer(await tarOf([{ path: 'usr/bin/curl' }]));
  await push.pushImage('hostile/zero-tail', 'latest', image({ layers: [shell, afterEnd] }));

  // Written header by header: tar-stream would take many seconds for 300,000 entries.
  const raw = manyEmptyEntries(ENTRIES);
  const gz = gzipSync(raw);
  const many: BuiltLayer = { mediaType: LAYER_GZIP, digest: sha256(gz), size: gz.length, bytes: gz, diffId: sha256(raw) };
  await push.pushImage('hostile/many-entries', 'latest', image({ layers: [shell, many, await layer([{ path: 'usr/bin/wget' }])] }));
});

after(async () => {
  await reg?.stop();
});

/** Runs `f` while sampling the heap; returns its result and the peak growth over the start. */
async function withHeap<T>(f: () => Promise<T>): Promise<{ value: T; growth: number; ms: number }> {
  gc();
  const start = process.memoryUsage().heapUsed;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  const t0 = Date.now();
  try {
    const value = await f();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { value, growth: peak - start, ms: Date.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}

const MIB = 1024 * 1024;

test('a 4 GiB file of zeros in a layer: not decided, stopped at the uncompressed layer limit, heap bounded', async (t) => {
  const { value, growth, ms } = await withHeap(() => inspectImage(`${reg.host}/hostile/zero-file`, opts()));
  t.diagnostic(`zero-file: ${ms} ms, heap growth ${(growth / MIB).toFixed(1)} MiB`);
  const r = ok(value);
  assert.match(r.truncated ?? '', new RegExp(`too-large: layer sha256:[0-9a-f]{12}… is over the ${DEFAULT_LIMITS.maxLayerTarBytes / MIB} MiB uncompressed layer limit; listed 2 entries`));
  assert.deepEqual(r.tools.map((x) => x.tool).sort(), ['python3', 'sh'], 'what was listed before the cut is still evidence');
  assert.equal(registryImageFacts('x', { platform: 'linux/amd64', result: r }), undefined, 'a cut listing decides nothing');
  assert.match(registryFailure({ platform: 'linux/amd64', result: r }) ?? '', /the registry listing was incomplete \(too-large: .*uncompressed layer limit/);
  assert.ok(growth < 200 * MIB, `heap grew ${(growth / MIB).toFixed(0)} MiB`);
});

test('4 GiB of zeros after the end-of-archive marker: complete, without decompressing them', async (t) => {
  const { value, growth, ms } = await withHeap(() => inspectImage(`${reg.host}/hostile/zero-tail`, opts()));
  t.diagnostic(`zero-tail: ${ms} ms, heap growth ${(growth / MIB).toFixed(1)} MiB`);
  const r = ok(value);
  assert.equal(r.truncated, undefined);
  assert.deepEqual(r.tools.map((x) => x.tool).sort(), ['curl', 'sh']);
  assert.ok(growth < 200 * MIB, `heap grew ${(growth / MIB).toFixed(0)} MiB`);
});

test(`${ENTRIES} empty entries in a layer: not decided at the entry limit, later layers not read, heap bounded`, async (t) => {
  const { value, growth, ms } = await withHeap(() => inspectImage(`${reg.host}/hostile/many-entries`, opts()));
  t.diagnostic(`many-entries: ${ms} ms, heap growth ${(growth / MIB).toFixed(1)} MiB`);
  const r = ok(value);
  assert.match(r.truncated ?? '', new RegExp(`too-large: layer sha256:[0-9a-f]{12}… is over the ${DEFAULT_LIMITS.maxLayerEntries}-entry layer limit; listed ${DEFAULT_LIMITS.maxLayerEntries} entries before stopping; layers 3–3 not read`));
  assert.deepEqual(r.tools.map((x) => x.tool), ['sh'], 'the layer after the cut (wget) was not read');
  assert.ok(growth < 400 * MIB, `heap grew ${(growth / MIB).toFixed(0)} MiB`);
});
