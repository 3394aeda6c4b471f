// Reads LSP frames (`Content-Length: N\r\n\r\n` + N bytes of JSON) from a byte stream and survives bad
// ones. vscode-jsonrpc's StreamMessageReader stops answering for good after a header without
// Content-Length, a non-numeric length, a frame shorter than its length or stray bytes before a header:
// what is left in its buffer is read as the next header again and again. This reader drops the bad
// bytes and resynchronises on the next `Content-Length:` header, so the next well-formed message is
// answered. It never keeps more than one frame (bounded by MAX_FRAME_BYTES) and never logs content:
// only how many bytes were dropped and why.
import { AbstractMessageReader, type DataCallback, type Disposable, type Message, type MessageReader } from 'vscode-jsonrpc';
import type { Readable } from 'node:stream';

/** A header block longer than this is not a header block. */
export const MAX_HEADER_BYTES = 8 * 1024;
/** A frame announcing a larger body is refused (its bytes are skipped like any other bad input). */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** What was dropped, for the log: a reason and a byte count, never the bytes. */
export interface Dropped {
  reason: string;
  bytes: number;
}

/**
 * A valid JSON body cannot contain a raw `Content-Length: N\r\n` (outside strings the words are no JSON
 * token, inside strings CR and LF must be escaped), so one inside a pending body means the frame was
 * shorter than it said and a new frame started there.
 */
const HEADER_IN_BODY = /content-length:[ \t]*\d+\r\n/i;
const HEADER_START = /content-length:/i;

export class GuardedStreamReader extends AbstractMessageReader implements MessageReader {
  private chunks: Buffer[] = [];
  private total = 0;
  /** Body length of the frame being read, or -1 while a header is expected. */
  private need = -1;
  /** How far into the pending body the "a header starts here" scan has looked. */
  private scanned = 0;
  private callback: DataCallback | undefined;
  private readonly droppedListeners: ((d: Dropped) => void)[] = [];

  constructor(private readonly readable: Readable) {
    super();
  }

  /** Called for each run of bytes dropped. */
  onDropped(listener: (d: Dropped) => void): void {
    this.droppedListeners.push(listener);
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (data: Buffer | string) => this.push(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    const onError = (err: Error) => this.fireError(err);
    const onClose = () => this.fireClose();
    this.readable.on('data', onData);
    this.readable.on('error', onError);
    this.readable.on('close', onClose);
    this.readable.on('end', onClose);
    return {
      dispose: () => {
        this.readable.off('data', onData);
        this.readable.off('error', onError);
        this.readable.off('close', onClose);
        this.readable.off('end', onClose);
      },
    };
  }

  /** Bytes in; every complete frame out, in order. Public for tests that feed bytes directly. */
  push(data: Buffer): void {
    if (data.length === 0) return;
    this.chunks.push(data);
    this.total += data.length;
    for (;;) {
      if (this.need < 0 && !this.readHeader()) return;
      if (this.total < this.need) {
        if (this.headerInPendingBody()) continue;
        return;
      }
      const body = this.take(this.need);
      this.need = -1;
      this.scanned = 0;
      this.deliver(body);
    }
  }

  /** Reads one header block; false when more bytes are needed. Bad blocks are dropped here. */
  private readHeader(): boolean {
    for (;;) {
      if (this.total === 0) return false;
      const head = this.head(MAX_HEADER_BYTES + 4);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length <= MAX_HEADER_BYTES) {
          // Stray bytes before a header ("garbage\nContent-Length: …"): drop them as soon as a header shows.
          const at = this.nextHeader(head, 1);
          if (at > 0 && !headerLines(head.toString('latin1', 0, at))) this.drop(at, 'bytes before a Content-Length header');
          return false;
        }
        this.resync(head, 'a header block longer than 8 KiB');
        continue;
      }
      const block = head.toString('latin1', 0, end);
      const parsed = parseHeaders(block);
      if (typeof parsed === 'string') {
        this.resync(head, parsed, end + 4);
        continue;
      }
      this.drop(end + 4);
      this.need = parsed;
      this.scanned = 0;
      return true;
    }
  }

  /** Drops bytes up to the next `Content-Length:` after the start (at most `upTo` when none is found). */
  private resync(head: Buffer, reason: string, upTo = head.length): void {
    const at = this.nextHeader(head, 1);
    // Keep a possibly cut "Content-Length" at the end of a long run of garbage.
    const cut = at > 0 ? at : Math.max(1, upTo === head.length ? head.length - 15 : upTo);
    this.drop(cut, reason);
  }

  private nextHeader(buf: Buffer, from: number): number {
    const m = HEADER_START.exec(buf.toString('latin1', from));
    return m ? from + m.index : -1;
  }

  /** While a body is incomplete: a header inside it means the frame lied about its length (dropped: true). */
  private headerInPendingBody(): boolean {
    if (this.total === this.scanned) return false;
    // Look again a little before where the last scan stopped, for a header cut between chunks.
    const from = Math.max(0, this.scanned - 40);
    const text = this.slice(from, this.total).toString('latin1');
    this.scanned = this.total;
    const m = HEADER_IN_BODY.exec(text);
    if (!m) return false;
    this.need = -1;
    this.scanned = 0;
    this.drop(from + m.index, 'a frame shorter than its Content-Length');
    return true;
  }

  private deliver(body: Buffer): void {
    let message: unknown;
    try {
      message = JSON.parse(body.toString('utf8'));
    } catch {
      // A frame that is no JSON may still hide the start of the next one (a Content-Length too large).
      const at = this.nextHeader(body, 0);
      if (at >= 0) {
        this.report('a frame whose body is not JSON', at);
        this.chunks.unshift(body.subarray(at));
        this.total += body.length - at;
      } else this.report('a frame whose body is not JSON', body.length);
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.report('a frame whose body is not a JSON-RPC message', body.length);
      return;
    }
    this.callback?.(message as Message);
  }

  private report(reason: string, bytes: number): void {
    for (const l of this.droppedListeners) l({ reason, bytes });
  }

  // ---------------------------------------------------------------- the byte queue

  /** The first `n` bytes (or all), without consuming them. */
  private head(n: number): Buffer {
    return this.slice(0, Math.min(n, this.total));
  }

  private slice(from: number, to: number): Buffer {
    const parts: Buffer[] = [];
    let pos = 0;
    for (const c of this.chunks) {
      const start = Math.max(from - pos, 0);
      const end = Math.min(to - pos, c.length);
      if (end > start) parts.push(c.subarray(start, end));
      pos += c.length;
      if (pos >= to) break;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  private take(n: number): Buffer {
    const out = this.slice(0, n);
    this.discard(n);
    return out;
  }

  private drop(n: number, reason?: string): void {
    this.discard(n);
    if (reason) this.report(reason, n);
  }

  private discard(n: number): void {
    this.total -= n;
    while (n > 0) {
      const c = this.chunks[0]!;
      if (c.length <= n) {
        this.chunks.shift();
        n -= c.length;
      } else {
        this.chunks[0] = c.subarray(n);
        n = 0;
      }
    }
  }
}

const HEADER_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

function headerLine(line: string): boolean {
  const colon = line.indexOf(':');
  return colon > 0 && HEADER_NAME.test(line.slice(0, colon));
}

/** Complete header lines (each ending in CRLF) and nothing else: the start of a real header block. */
function headerLines(text: string): boolean {
  return text.endsWith('\r\n') && text.slice(0, -2).split('\r\n').every(headerLine);
}

/** The body length a header block announces, or why the block is no LSP header. */
export function parseHeaders(block: string): number | string {
  let length: number | undefined;
  for (const line of block.split('\r\n')) {
    if (!headerLine(line)) return 'a header line that is not `Name: value`';
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^\d{1,10}$/.test(value)) return 'a Content-Length that is not a number';
      length = Number(value);
      if (length > MAX_FRAME_BYTES) return `a Content-Length over ${MAX_FRAME_BYTES / (1024 * 1024)} MiB`;
    }
  }
  return length === undefined ? 'a header block without Content-Length' : length;
}
