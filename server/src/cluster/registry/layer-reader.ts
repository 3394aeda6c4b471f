// Streams one layer blob into a list of tar headers without writing anything to disk: the bytes are
// counted and hashed as they arrive, decompressed by their magic number (gzip, zstd where the runtime
// has it, or plain tar) and parsed with tar-stream; file contents are drained, never kept. Compressed
// bytes, decompressed bytes and headers are each capped, and decompression ends at the archive's end.
import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import tar from 'tar-stream';
import type { LayerEntry } from './layer-fs.js';

export class UnsupportedLayerError extends Error {}
export class DigestMismatchError extends Error {}

/** What one layer may cost before reading stops. */
export interface LayerCaps {
  /** Compressed bytes read from the registry. */
  maxBytes: number;
  /** Bytes of tar after decompression (a small gzip can hold gigabytes of zeros). */
  maxTarBytes: number;
  /** Tar headers listed (each is kept until the layer is applied). */
  maxEntries: number;
}

export type LayerLimitHit = 'bytes' | 'tar-bytes' | 'entries';

export interface LayerReadResult {
  entries: LayerEntry[];
  /** Compressed bytes read. */
  bytes: number;
  /** Tar bytes after decompression that were read. */
  tarBytes: number;
  outcome: 'complete' | 'too-large' | 'unsupported';
  /** With `too-large`: which cap stopped the read. */
  limit?: LayerLimitHit;
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

/** A tar block the parser reads as "no header": every byte zero outside the checksum field. */
const ZERO_BLOCK = Buffer.alloc(512);
function isNullBlock(b: Buffer, at: number): boolean {
  return ZERO_BLOCK.compare(b, at, at + 148, 0, 148) === 0 && ZERO_BLOCK.compare(b, at + 156, at + 512, 156, 512) === 0;
}

/**
 * Where the tar stream holds runs of null blocks, so the end-of-archive marker (two null blocks where
 * a header is due) can be recognised without a second tar parser: the parser says where the next
 * header is due, this says whether two null blocks sit there. Only runs not yet behind the parser are kept.
 */
class NullRuns {
  private runs: [number, number][] = [];
  /** Tar bytes seen so far (block-aligned part). */
  seen = 0;
  private partial = Buffer.alloc(0);

  feed(chunk: Buffer): void {
    let buf = this.partial.length ? Buffer.concat([this.partial, chunk]) : chunk;
    let at = 0;
    for (; at + 512 <= buf.length; at += 512) {
      if (!isNullBlock(buf, at)) continue;
      const start = this.seen + at;
      const last = this.runs[this.runs.length - 1];
      if (last && last[1] === start) last[1] = start + 512;
      else {
        this.runs.push([start, start + 512]);
        // Hostile input can alternate null and non-null blocks: keep the list short.
        if (this.runs.length > 256) this.runs.shift();
      }
    }
    this.seen += at;
    buf = buf.subarray(at);
    this.partial = Buffer.from(buf);
  }

  /** True/false once the bytes at `offset` are seen; undefined before. */
  endMarkerAt(offset: number): boolean | undefined {
    if (this.seen < offset + 1024) return undefined;
    return this.runs.some(([s, e]) => s <= offset && offset + 1024 <= e);
  }

  forgetBefore(offset: number): void {
    while (this.runs.length && this.runs[0]![1] < offset) this.runs.shift();
  }
}

/**
 * Reads a layer body. Reading stops at the first cap reached — compressed bytes, tar bytes after
 * decompression, or headers — and returns what was listed so far with outcome `too-large` and the cap
 * that stopped it. It also stops decompressing at the end-of-archive marker (two null blocks where a
 * header is due), as container runtimes do: whatever follows cannot change the filesystem, so a
 * gigabyte of zeros after the last entry costs nothing but its compressed bytes, still hashed. A zstd
 * layer on a runtime without zstd returns outcome `unsupported`.
 */
export async function readLayer(body: AsyncIterable<Buffer | string>, digest: string, capsOrMaxBytes: number | LayerCaps): Promise<LayerReadResult> {
  const caps: LayerCaps = typeof capsOrMaxBytes === 'number' ? { maxBytes: capsOrMaxBytes, maxTarBytes: Infinity, maxEntries: Infinity } : capsOrMaxBytes;
  const maxBytes = caps.maxBytes;
  const entries: LayerEntry[] = [];
  const hash = digest.startsWith('sha256:') ? createHash('sha256') : undefined;
  let bytes = 0;
  let tarBytes = 0;
  let stop: LayerLimitHit | 'end' | undefined;
  const iterator = body[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : Buffer.from(first.value);
  const isGzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  const isZstd = head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528;
  if (isZstd && !zstdDecompress) {
    await iterator.return?.();
    return { entries, bytes: 0, tarBytes: 0, outcome: 'unsupported', detail: 'zstd layer (this Node.js has no zstd decompressor)' };
  }

  async function* counted(): AsyncGenerator<Buffer> {
    let chunk: Buffer | undefined = head.length > 0 ? head : undefined;
    try {
      while (stop === undefined) {
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
          stop = 'bytes';
          if (part.length > 0) yield part;
          return;
        }
        bytes += chunk.length;
        hash?.update(chunk);
        yield chunk;
        chunk = undefined;
      }
    } finally {
      // After the end-of-archive marker the rest is still read for the digest; otherwise let go now.
      if (stop !== 'end') await iterator.return?.();
    }
  }

  const runs = new NullRuns();
  /** Where the parser expects the next header, once the entry before it is fully read. */
  let headerDue: number | undefined = 0;
  const checkEnd = (): void => {
    if (headerDue === undefined || stop !== undefined) return;
    const ended = runs.endMarkerAt(headerDue);
    if (ended === true) stop = 'end';
    else if (ended === false) {
      runs.forgetBefore(headerDue);
      headerDue = undefined;
    }
  };

  // A cut at the compressed-byte cap ends the input cleanly, so what was decompressed still flows on;
  // the other stops end the tar stream here.
  const stopped = (): boolean => stop !== undefined && stop !== 'bytes';
  async function* framed(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const raw of src) {
      let chunk = Buffer.from(raw);
      if (stopped()) return;
      if (tarBytes + chunk.length > caps.maxTarBytes) {
        chunk = chunk.subarray(0, caps.maxTarBytes - tarBytes);
        tarBytes = caps.maxTarBytes + 1;
        stop = 'tar-bytes';
        if (chunk.length > 0) yield chunk;
        return;
      }
      tarBytes += chunk.length;
      runs.feed(chunk);
      yield chunk;
      checkEnd();
      if (stopped()) return;
    }
  }

  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    if (!stopped() && entries.length >= caps.maxEntries) stop = 'entries';
    if (!stopped()) {
      const entry: LayerEntry = { name: header.name, kind: kindOf(header.type) };
      if (header.linkname) entry.linkname = header.linkname;
      entries.push(entry);
    }
    // The parser skips a directory's data, if any, as headers; elsewhere the next header follows the data.
    const size = header.type === 'directory' ? 0 : header.size ?? 0;
    const offset = (header as { byteOffset?: number }).byteOffset;
    stream.on('end', () => {
      if (offset !== undefined) {
        headerDue = offset + size + (size % 512 === 0 ? 0 : 512 - (size % 512));
        checkEnd();
      }
      next();
    });
    stream.on('error', (err: Error) => next(err));
    stream.resume();
  });
  const stages: (NodeJS.ReadableStream | NodeJS.WritableStream | NodeJS.ReadWriteStream | ((src: AsyncIterable<Buffer>) => AsyncGenerator<Buffer>))[] = [Readable.from(counted())];
  // Output in 1 MiB chunks: with the 16 KiB default, decompressing a gigabyte costs seconds of stream overhead.
  if (isGzip) stages.push(zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize: 1 << 20 }));
  else if (isZstd && zstdDecompress) stages.push(zstdDecompress());
  stages.push(framed, extract as unknown as Writable);
  try {
    await (pipeline as unknown as (...s: unknown[]) => Promise<void>)(...stages);
  } catch (err) {
    // A stream cut at a limit ends inside a tar member, and one stopped at the end marker is closed
    // early: the parser's or the pipeline's complaint is expected then.
    if (stop === undefined) throw err;
  }
  if (stop === 'end') {
    // Nothing after the marker counts, but the digest covers every byte: hash the rest undecompressed.
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const chunk = Buffer.from(next.value);
        bytes += chunk.length;
        if (bytes > maxBytes) {
          stop = 'bytes';
          break;
        }
        hash?.update(chunk);
      }
    } finally {
      await iterator.return?.();
    }
  }
  if (stop === 'bytes') return { entries, bytes: maxBytes, tarBytes, outcome: 'too-large', limit: 'bytes', detail: `over ${maxBytes} bytes` };
  if (stop === 'tar-bytes') return { entries, bytes, tarBytes: caps.maxTarBytes, outcome: 'too-large', limit: 'tar-bytes', detail: `over ${caps.maxTarBytes} bytes uncompressed` };
  if (stop === 'entries') return { entries, bytes, tarBytes, outcome: 'too-large', limit: 'entries', detail: `over ${caps.maxEntries} entries` };
  if (hash && `sha256:${hash.digest('hex')}` !== digest) throw new DigestMismatchError(`layer ${digest.slice(0, 19)} does not match its digest`);
  return { entries, bytes, tarBytes, outcome: 'complete' };
}
