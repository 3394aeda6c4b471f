// The registry layer reader under a hostile layer, in-process (no registry needed): a gzip layer of
// 200,000 empty entries (the default per-layer entry limit, read to the end) and one of 300,000 (stopped at
// the limit), read from 64 KiB chunks as a registry response arrives. Prints time and the peak heap growth
// over the start (target <= 100 MiB). The same layers against the real registry: test/e2e/registry-limits.test.ts.
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { readLayer } from '../server/src/cluster/registry/layer-reader.js';
import { DEFAULT_LIMITS } from '../server/src/cluster/registry/types.js';
import { manyEmptyEntries } from '../test/support/tar.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MIB = 1024 * 1024;

async function* chunks(b: Buffer): AsyncIterable<Buffer> {
  for (let i = 0; i < b.length; i += 65536) yield b.subarray(i, i + 65536);
}

async function layerFigure(count: number): Promise<void> {
  const gz = gzipSync(manyEmptyEntries(count));
  const digest = `sha256:${createHash('sha256').update(gz).digest('hex')}`;
  gc();
  const start = process.memoryUsage().heapUsed;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 10);
  const t0 = performance.now();
  const r = await readLayer(chunks(gz), digest, { maxBytes: DEFAULT_LIMITS.maxLayerBytes, maxTarBytes: DEFAULT_LIMITS.maxLayerTarBytes, maxEntries: DEFAULT_LIMITS.maxLayerEntries });
  const ms = performance.now() - t0;
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  clearInterval(timer);
  console.log(
    `layer of ${count.toLocaleString('en')} empty entries (${(gz.length / 1024).toFixed(0)} KiB gzip)   ${r.outcome}${r.limit ? ` at the ${r.limit} limit` : ''}, ${r.entries.length.toLocaleString('en')} entries listed, ${ms.toFixed(0)} ms, heap growth ${((peak - start) / MIB).toFixed(0)} MiB   (target <= 100 MiB)`,
  );
}

console.log('\n== registry layer reader (in-process, default limits)');
await layerFigure(DEFAULT_LIMITS.maxLayerEntries);
await layerFigure(300_000);
