// Streams one layer blob into a list of tar headers without writing anything to disk: the bytes are
// counted and hashed as they arrive, decompressed by their magic number (gzip, zstd where the runtime
// has it, or plain tar) and parsed with tar-stream; file contents are drained, never kept.
import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import tar from 'tar-stream';
import type { LayerEntry } from './layer-fs.js';

export class UnsupportedLayerError extends Error {}
export class DigestMismatchError extends Error {}

export interface LayerReadResult {
  entries: LayerEntry[];
  /** Compressed bytes read. */
  bytes: number;
  outcome: 'complete' | 'too-large' | 'unsupported';
  detail?: string;
}

const zstdDecompress = (zlib as unknown as { createZstdDecompress?: () => NodeJS.ReadWriteStream }).createZstdDecompress;

/** True when this Node can decompress zstd layers (Node 22.15+/23.8+; Node 20 cannot). */
export const ZSTD_SUPPORTED = typeof zstdDecompress === 'function';

function kindOf(type: tar.Header['type']): LayerEntry['kind'] {
  switch (type) {
    case 'file':
    case 'contiguous-file':
    case undefined:
    case null:
      return 'file';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    case 'directory':
      return 'dir';
    default:
      return 'other';
  }
}

/**
 * Reads a layer body. Exceeding `maxBytes` aborts the stream and returns what was listed so far
 * with outcome `too-large`; a zstd layer on a runtime without zstd returns outcome `unsupported`.
 */
export async function readLayer(body: AsyncIterable<Buffer | string>, digest: string, maxBytes: number): Promise<LayerReadResult> {
  const entries: LayerEntry[] = [];
  const hash = digest.startsWith('sha256:') ? createHash('sha256') : undefined;
  let bytes = 0;
  let tooLarge = false;
  const iterator = body[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : Buffer.from(first.value);
  const isGzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  const isZstd = head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528;
  if (isZstd && !zstdDecompress) {
    await iterator.return?.();
    return { entries, bytes: 0, outcome: 'unsupported', detail: 'zstd layer (this Node.js has no zstd decompressor)' };
  }

  async function* counted(): AsyncGenerator<Buffer> {
    let chunk: Buffer | undefined = head.length > 0 ? head : undefined;
    try {
      while (true) {
        if (chunk === undefined) {
          const next = await iterator.next();
          if (next.done) break;
          chunk = Buffer.from(next.value);
        }
        if (bytes + chunk.length > maxBytes) {
          // End the input cleanly at the limit rather than failing it, so the decompressor and the
          // tar parser still list every header that arrived before the cut.
          const part = chunk.subarray(0, maxBytes - bytes);
          bytes += part.length + 1;
          tooLarge = true;
          if (part.length > 0) yield part;
          return;
        }
        bytes += chunk.length;
        hash?.update(chunk);
        yield chunk;
        chunk = undefined;
      }
    } finally {
      await iterator.return?.();
    }
  }

  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const entry: LayerEntry = { name: header.name, kind: kindOf(header.type) };
    if (header.linkname) entry.linkname = header.linkname;
    entries.push(entry);
    stream.on('end', () => next());
    stream.on('error', (err: Error) => next(err));
    stream.resume();
  });
  const stages: (NodeJS.ReadableStream | NodeJS.WritableStream | NodeJS.ReadWriteStream)[] = [Readable.from(counted())];
  if (isGzip) stages.push(zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH }));
  else if (isZstd && zstdDecompress) stages.push(zstdDecompress());
  stages.push(extract as unknown as Writable);
  try {
    await (pipeline as unknown as (...s: unknown[]) => Promise<void>)(...stages);
  } catch (err) {
    // A stream cut at the limit ends inside a tar member: the parser's complaint is expected.
    if (!tooLarge) throw err;
  }
  if (tooLarge) return { entries, bytes: maxBytes, outcome: 'too-large', detail: `over ${maxBytes} bytes` };
  if (hash && `sha256:${hash.digest('hex')}` !== digest) throw new DigestMismatchError(`layer ${digest.slice(0, 19)} does not match its digest`);
  return { entries, bytes, outcome: 'complete' };
}
