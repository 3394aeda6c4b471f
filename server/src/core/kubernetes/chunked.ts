// Re-parses only the documents of a multi-document YAML file that changed. A line that starts with
// `---` or `...` always ends a YAML document (no scalar may contain one at column 0) and anchors do
// not cross documents, so each document can be read on its own and its facts moved down to where it
// sits in the file. Anything unusual (a BOM, directives, Helm templates, few documents) is read whole.
import type { InputNotice, ManifestFacts } from '../model.js';
import { parseManifest, type ParseManifestOptions } from './parse-manifest.js';
import { findHelmTemplate } from './input-guards.js';

/** Files with fewer documents than this are parsed whole: chunking only pays on large streams. */
const MIN_CHUNKS = 4;
const MARKER = /^(?:---|\.\.\.)(?:[ \t\r\n]|$)/;

interface Chunk {
  startLine: number;
  text: string;
}

/** Splits at document markers; a `---` line opens the next chunk, a `...` line closes the current one. */
export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let chunkLine = 0;
  let line = 0;
  for (let at = 0; at <= text.length; line++) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl + 1;
    const c = text.charCodeAt(at);
    if ((c === 45 /* - */ || c === 46) /* . */ && MARKER.test(text.slice(at, Math.min(end, at + 5)))) {
      const closes = c === 46;
      const cut = closes ? end : at;
      if (cut > chunkStart) {
        chunks.push({ startLine: chunkLine, text: text.slice(chunkStart, cut) });
        chunkStart = cut;
        chunkLine = closes ? line + 1 : line;
      }
    }
    if (nl < 0) break;
    at = end;
  }
  if (chunkStart < text.length || chunks.length === 0) chunks.push({ startLine: chunkLine, text: text.slice(chunkStart) });
  return chunks;
}

/** Moves every range in a chunk's facts down by `lines` (a deep copy; the cached facts stay as they are). */
function shifted<T>(value: T, lines: number): T {
  if (lines === 0) return value;
  const walk = (v: unknown, key: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, ''));
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if ((key === 'start' || key === 'end') && typeof o['line'] === 'number' && typeof o['character'] === 'number') {
      return { line: (o['line'] as number) + lines, character: o['character'] };
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) out[k] = walk(o[k], k);
    return out;
  };
  return walk(value, '') as T;
}

export class ChunkedManifestParser {
  /** Per file: chunk text → its facts as if the chunk were the whole file. Only the latest chunks are kept. */
  private readonly cache = new Map<string, Map<string, ManifestFacts>>();

  parse(file: string, text: string, options: ParseManifestOptions = {}): ManifestFacts {
    const simple = text.charCodeAt(0) === 0xfeff || /^%/m.test(text) || findHelmTemplate(text) >= 0;
    const chunks = simple ? [] : splitDocuments(text);
    if (chunks.length < MIN_CHUNKS) {
      this.cache.delete(file);
      return parseManifest(file, text, options);
    }
    const previous = this.cache.get(file);
    const next = new Map<string, ManifestFacts>();
    const result: ManifestFacts = { file, workloads: [], serviceAccounts: [], secretProviderClasses: [], notKubernetes: true, notices: [] };
    for (const chunk of chunks) {
      let facts = previous?.get(chunk.text) ?? next.get(chunk.text);
      if (!facts) facts = parseManifest(file, chunk.text, options);
      next.set(chunk.text, facts);
      if (facts.skipped !== undefined) {
        // A chunk the reader would not take means the file needs the whole-file reading.
        this.cache.delete(file);
        return parseManifest(file, text, options);
      }
      const moved = shifted(facts, chunk.startLine);
      result.workloads.push(...moved.workloads);
      result.serviceAccounts.push(...moved.serviceAccounts);
      result.secretProviderClasses.push(...moved.secretProviderClasses);
      result.notices.push(...(moved.notices as InputNotice[]));
      if (!facts.notKubernetes) result.notKubernetes = false;
    }
    this.cache.set(file, next);
    return result;
  }

  forget(file: string): void {
    this.cache.delete(file);
  }
}
