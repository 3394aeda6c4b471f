// The one reading of a multi-document YAML file, the way Kubernetes reads it: split at document markers,
// each document parsed on its own. A line that starts with `---` or `...` always ends a YAML document
// (no scalar may contain one at column 0) and anchors do not cross documents, so a broken document
// (an unterminated quote, a stray ignore comment) can never reach into the next one, whatever the
// number of documents. The language server keeps each document's facts and re-parses only the
// documents an edit changed; `readManifest` is the same reading without the cache.
import type { InputNotice, ManifestFacts, WorkloadFacts } from '../model.js';
import { DEFAULT_MAX_FILE_BYTES } from '../model.js';
import { parseManifest, type ParseManifestOptions } from './parse-manifest.js';
import { exceedsBytes, findHelmTemplate } from './input-guards.js';
import { findProviderClass } from './token-and-links.js';

const MARKER = /^(?:---|\.\.\.)(?:[ \t\r\n]|$)/;
/** A line that may precede a document's `---` without being content: blank, a comment, a directive. */
const PREAMBLE = /^(?:[ \t]*(?:#.*)?|%.*)$/;

interface Chunk {
  /** The chunk's first line, counted as LineIndex counts lines (LF, CRLF and lone CR). */
  startLine: number;
  text: string;
}

/** Line breaks in `s` as LineIndex counts them: LF, CRLF and a lone CR each end a line. */
function lineBreaks(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/**
 * Splits at document markers; a `---` line opens the next chunk, a `...` line closes the current one.
 * Markers count only after a line feed, as the YAML parser sees them (a lone CR is no line break to
 * it); chunk lines are counted as the positions module counts them. A chunk holding nothing but
 * comments and directives so far is not cut: `%YAML 1.2` and a header comment belong to their document.
 */
export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let chunkLine = 0;
  let line = 0;
  let preambleOnly = true;
  for (let at = 0; at <= text.length; ) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl + 1;
    const c = text.charCodeAt(at);
    const isMarker = (c === 45 /* - */ || c === 46) /* . */ && MARKER.test(text.slice(at, Math.min(end, at + 5)));
    if (isMarker) {
      const closes = c === 46;
      const cut = closes ? end : at;
      if (cut > chunkStart && (closes || !preambleOnly)) {
        chunks.push({ startLine: chunkLine, text: text.slice(chunkStart, cut) });
        chunkStart = cut;
        chunkLine = closes ? line + lineBreaks(text.slice(at, end)) : line;
        // A chunk opened by `---` has begun its document; one after `...` has not yet.
        preambleOnly = closes;
      } else if (!closes) preambleOnly = false;
    } else if (preambleOnly && !PREAMBLE.test(text.slice(at, end).replace(/\r?\n$/, ''))) {
      preambleOnly = false;
    }
    line += lineBreaks(text.slice(at, end));
    if (nl < 0) break;
    at = end;
  }
  if (chunkStart < text.length || chunks.length === 0) chunks.push({ startLine: chunkLine, text: text.slice(chunkStart) });
  return chunks;
}

/**
 * Moves every range in a chunk's facts down by `lines`. `copy`: a deep copy, so facts the cache keeps
 * are never touched; otherwise in place (facts read for this call alone), each object once: the reader
 * may share one position or range between two places.
 */
function shifted<T>(value: T, lines: number, copy: boolean): T {
  const seen = copy ? undefined : new Set<object>();
  const walk = (v: unknown, key: string): unknown => {
    if (seen && v !== null && typeof v === 'object') {
      if (seen.has(v)) return v;
      seen.add(v);
    }
    if (Array.isArray(v)) {
      if (!copy) {
        for (let i = 0; i < v.length; i++) v[i] = walk(v[i], '');
        return v;
      }
      return v.map((x) => walk(x, ''));
    }
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if ((key === 'start' || key === 'end') && typeof o['line'] === 'number' && typeof o['character'] === 'number') {
      if (!copy) {
        o['line'] = (o['line'] as number) + lines;
        return o;
      }
      return { line: (o['line'] as number) + lines, character: o['character'] };
    }
    const out: Record<string, unknown> = copy ? {} : o;
    for (const k of Object.keys(o)) out[k] = walk(o[k], k);
    return out;
  };
  if (lines === 0 && !copy) return value;
  return walk(value, '') as T;
}

/** Files the document reading does not apply to: what parseManifest skips as a whole (binary, too large, Helm). */
function readWhole(text: string, options: ParseManifestOptions): boolean {
  return text.includes('\0') || exceedsBytes(text, options.maxBytes ?? DEFAULT_MAX_FILE_BYTES) || findHelmTemplate(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) >= 0;
}

/**
 * CSI deliveries that name a SecretProviderClass of another document of the same file. The workloads
 * may be shared with an earlier answer (the cache keeps each document's placed facts), so a workload
 * that gains a link is copied along the path to it, never changed where it is.
 */
function linkAcrossDocuments(result: ManifestFacts): void {
  if (result.secretProviderClasses.length === 0) return;
  result.workloads = result.workloads.map((w) => {
    let containers: WorkloadFacts['containers'] | undefined;
    w.containers.forEach((c, ci) => {
      let secrets: typeof c.secrets | undefined;
      c.secrets.forEach((d, di) => {
        if (d.channel !== 'csi' || !d.providerClass || d.providerClass.location) return;
        const spc = findProviderClass(d.providerClass.name, w.ref.namespace, result.secretProviderClasses);
        if (!spc) return;
        const providerClass = { ...d.providerClass, location: spc.location, ...(spc.provider !== undefined ? { provider: spc.provider } : {}) };
        (secrets ??= [...c.secrets])[di] = { ...d, providerClass };
      });
      if (secrets) (containers ??= [...w.containers])[ci] = { ...c, secrets };
    });
    return containers ? { ...w, containers } : w;
  });
}

/** A chunk's facts placed at its line: `facts` gives them, `place` moves them there. */
function combine(file: string, text: string, options: ParseManifestOptions, placed: (chunk: Chunk) => ManifestFacts): ManifestFacts | undefined {
  const chunks = splitDocuments(text);
  if (chunks.length === 1) return undefined;
  const result: ManifestFacts = { file, workloads: [], serviceAccounts: [], secretProviderClasses: [], notKubernetes: true, notices: [] };
  for (const chunk of chunks) {
    const moved = placed(chunk);
    // A document the reader gave up on (an internal error) is reported as for the whole file.
    if (moved.skipped !== undefined) return parseManifest(file, text, options);
    result.workloads.push(...moved.workloads);
    result.serviceAccounts.push(...moved.serviceAccounts);
    result.secretProviderClasses.push(...moved.secretProviderClasses);
    if (moved.secretSources) (result.secretSources ??= []).push(...moved.secretSources);
    result.notices.push(...(moved.notices as InputNotice[]));
    if (!moved.notKubernetes) result.notKubernetes = false;
  }
  linkAcrossDocuments(result);
  return result;
}

/** The facts of one YAML file: each document read on its own (see the file comment). */
export function readManifest(file: string, text: string, options: ParseManifestOptions = {}): ManifestFacts {
  if (readWhole(text, options)) return parseManifest(file, text, options);
  return combine(file, text, options, (c) => shifted(parseManifest(file, c.text, options), c.startLine, false)) ?? parseManifest(file, text, options);
}

/** A document's facts as if it were the whole file, and as last placed in it (at `line`). */
interface CachedChunk {
  facts: ManifestFacts;
  line: number;
  placed: ManifestFacts;
}

export class ChunkedManifestParser {
  /**
   * Per file: chunk text → its facts. Only the latest chunks are kept. A document that did not move
   * (an edit in another document that keeps the line count) gives the same placed facts again.
   */
  private readonly cache = new Map<string, Map<string, CachedChunk>>();

  parse(file: string, text: string, options: ParseManifestOptions = {}): ManifestFacts {
    if (readWhole(text, options)) {
      this.cache.delete(file);
      return parseManifest(file, text, options);
    }
    const previous = this.cache.get(file);
    const next = new Map<string, CachedChunk>();
    const result = combine(file, text, options, (chunk) => {
      const known = next.get(chunk.text) ?? previous?.get(chunk.text);
      const facts = known?.facts ?? parseManifest(file, chunk.text, options);
      const entry = known?.line === chunk.startLine ? known : { facts, line: chunk.startLine, placed: shifted(facts, chunk.startLine, true) };
      // Two equal documents at different lines: the first placement is kept; the second is its own copy.
      if (!next.has(chunk.text)) next.set(chunk.text, entry);
      return entry.placed;
    });
    if (!result) {
      this.cache.delete(file);
      return parseManifest(file, text, options);
    }
    this.cache.set(file, next);
    return result;
  }

  forget(file: string): void {
    this.cache.delete(file);
  }
}
