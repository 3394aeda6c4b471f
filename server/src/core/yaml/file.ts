// A YAML file as the build-config readers and the config parser take it: every document parsed with
// the same options as manifests (repeated keys allowed, the last one wins), syntax errors turned into
// notices with ranges, and a reader context per document for the accessors in ./nodes.ts.
import { parseAllDocuments, type Document } from 'yaml';
import type { InputNotice } from '../model.js';
import { LineIndex } from '../text/positions.js';
import type { DocContext } from './nodes.js';

export interface YamlFile {
  file: string;
  index: LineIndex;
  /** Documents that parsed without errors (a broken document is reported, the others still count). */
  docs: DocContext[];
  notices: InputNotice[];
}

/** Parses every document of a YAML file; syntax errors become notices, never exceptions. */
export function parseYamlFile(file: string, text: string): YamlFile {
  const index = new LineIndex(text);
  const notices: InputNotice[] = [];
  const docs: DocContext[] = [];
  let parsed: Document.Parsed[];
  try {
    const all = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
    parsed = Array.isArray(all) ? all : [];
  } catch (e) {
    notices.push({ file, severity: 'error', message: `cannot read YAML: ${(e as Error).message}` });
    return { file, index, docs, notices };
  }
  for (const doc of parsed) {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        notices.push({ file, range: index.range(err.pos[0], err.pos[1]), severity: 'error', message: `invalid YAML: ${firstLine(err.message)}`, invalidYaml: true });
      }
      continue;
    }
    docs.push({ file, text, index, doc });
  }
  return { file, index, docs, notices };
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i >= 0 ? s.slice(0, i) : s;
}
