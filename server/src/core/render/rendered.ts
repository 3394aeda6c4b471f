// What a renderer printed → manifests the core analyses like any file, each with the per-line map back to
// the files a person edits. Helm output is split by its `# Source:` comments (one manifest per template);
// kustomize output, which names no source, is matched to the base resource by kind and name, with the
// overlay's patches as the place for lines only a patch writes.
import { parseAllDocuments } from 'yaml';
import type { InputNotice, Range } from '../model.js';
import { joinPath } from '../paths.js';
import { alignLines, type LineTarget, type SourceText } from './align.js';
import type { RenderPlan, RenderUnit } from './plan.js';

/** What an adapter reports for one unit of the plan. */
export type RenderOutcome =
  | { status: 'rendered'; output: string; tool?: string; millis?: number }
  | { status: 'failed'; message: string; tool?: string; millis?: number }
  | { status: 'not-rendered'; reason: string };

export interface RenderedManifest {
  /** The partition key: `<source file>#<unit id>`. */
  key: string;
  /** The file the rendered objects come from (template or base resource). */
  source: string;
  text: string;
  /** One entry per line of `text`. */
  targets: LineTarget[];
}

interface Doc {
  text: string;
  /** Workspace path of the source, when known. */
  source?: string;
  from?: number;
  to?: number;
}

const SOURCE_COMMENT = /^# Source: (.+?)\s*$/m;

/** Splits a YAML stream at its `---` lines, keeping each document's own text. */
export function splitStream(output: string): string[] {
  const docs: string[] = [];
  let cur: string[] = [];
  for (const line of output.split(/\r?\n/)) {
    if (/^---(?:\s|$)/.test(line)) {
      docs.push(cur.join('\n'));
      cur = [];
      const rest = line.slice(3).trim();
      if (rest) cur.push(rest);
    } else cur.push(line);
  }
  docs.push(cur.join('\n'));
  return docs.filter((d) => /^[^#\s]/m.test(d));
}

export function helmSource(unit: RenderUnit, sourcePath: string): string | undefined {
  for (const r of unit.sourceRoots ?? []) if (sourcePath.startsWith(r.prefix)) return joinPath(r.dir, sourcePath.slice(r.prefix.length));
  return undefined;
}

export interface SourceLookup {
  text(path: string): string | undefined;
  files: readonly string[];
}

export function readRenderedOutput(unit: RenderUnit, plan: RenderPlan, output: string, src: SourceLookup): { manifests: RenderedManifest[]; notices: InputNotice[] } {
  const notices: InputNotice[] = [];
  const docs: Doc[] = [];
  if (unit.tool === 'helm') {
    for (const text of splitStream(output)) {
      const m = SOURCE_COMMENT.exec(text);
      const source = m ? helmSource(unit, m[1]!) : undefined;
      docs.push(source ? { text, source } : { text });
    }
  } else {
    const bases = resourceDocs(unit, plan, src);
    for (const text of splitStream(output)) {
      const id = identity(text);
      const hit = id && pickBase(bases, id);
      docs.push(hit ? { text, source: hit.file, from: hit.from, to: hit.to } : { text });
    }
  }
  const secondary: SourceText[] = [];
  if (unit.tool === 'kustomize') {
    for (const [path, o] of plan.owned) if (o.role === 'patch' && o.units.includes(unit.id)) secondary.push({ file: path, lines: (src.text(path) ?? '').split(/\r?\n/) });
    for (const k of unit.closure ?? []) secondary.push({ file: k, lines: (src.text(k) ?? '').split(/\r?\n/) });
  }
  const bySource = new Map<string, Doc[]>();
  for (const d of docs) {
    const source = d.source && src.text(d.source) !== undefined ? d.source : unit.file;
    const list = bySource.get(source);
    if (list) list.push(d);
    else bySource.set(source, [d]);
  }
  const manifests: RenderedManifest[] = [];
  for (const [source, list] of bySource) {
    const lines = (src.text(source) ?? '').split(/\r?\n/);
    const textParts: string[] = [];
    const targets: LineTarget[] = [];
    for (const d of list) {
      const rendered = d.text.split('\n');
      if (textParts.length) {
        textParts.push('---');
        targets.push(targets[targets.length - 1]!);
      }
      textParts.push(...rendered);
      const primary: SourceText = { file: source, lines };
      if (d.from !== undefined) primary.from = d.from;
      if (d.to !== undefined) primary.to = d.to;
      targets.push(...alignLines(rendered, primary, secondary));
    }
    manifests.push({ key: `${source}#${unit.id}`, source, text: textParts.join('\n') + '\n', targets: [...targets, targets[targets.length - 1]!] });
  }
  return { manifests, notices };
}

interface Identity {
  kind: string;
  name: string;
}

const KIND_LINE = /^kind:\s*["']?([A-Za-z0-9]+)["']?\s*$/m;

/** Kind and metadata.name of one rendered (plain YAML) document, read with the yaml package. */
function identity(text: string): Identity | undefined {
  const kind = KIND_LINE.exec(text)?.[1];
  if (!kind) return undefined;
  const [doc] = parseAllDocuments(text);
  const js = doc && !('empty' in doc) ? (doc.toJS() as { metadata?: { name?: unknown } } | null) : null;
  const name = js?.metadata?.name;
  return typeof name === 'string' ? { kind, name } : undefined;
}

interface BaseDoc extends Identity {
  file: string;
  from: number;
  to: number;
}

/** Every object in the resource files this overlay includes, with its line span. */
function resourceDocs(unit: RenderUnit, plan: RenderPlan, src: SourceLookup): BaseDoc[] {
  const out: BaseDoc[] = [];
  for (const [path, o] of plan.owned) {
    if (o.role !== 'resource' || !o.units.includes(unit.id)) continue;
    const text = src.text(path);
    if (text === undefined) continue;
    let line = 0;
    for (const part of text.split(/^(?=---(?:\s|$))/m)) {
      const n = part.split('\n').length - 1;
      const id = identity(part.replace(/^---.*\n?/, ''));
      if (id) out.push({ ...id, file: path, from: line, to: line + n });
      line += n;
    }
  }
  return out;
}

/** The base object a rendered one comes from: the same kind, and its name inside the rendered name (prefix/suffix added). */
function pickBase(bases: readonly BaseDoc[], id: Identity): BaseDoc | undefined {
  let best: BaseDoc | undefined;
  for (const b of bases) {
    if (b.kind !== id.kind || !id.name.includes(b.name)) continue;
    if (b.name === id.name) return b;
    if (!best || b.name.length > best.name.length) best = b;
  }
  return best;
}

/** A render failure as a notice: on the template helm names when it names one, else on Chart.yaml / the kustomization. */
export function failureNotice(unit: RenderUnit, message: string): InputNotice {
  const clean = message.replace(/\s+$/, '');
  if (unit.tool === 'helm') {
    // helm names the template it failed in (`shop/templates/api.yaml:8:56`, `YAML parse error on shop/templates/cm.yaml`).
    const m = /((?:[\w.-]+\/)+templates\/[^\s:"]+?\.(?:ya?ml|tpl|txt))(?::(\d+))?/.exec(clean);
    const source = m ? helmSource(unit, m[1]!) : undefined;
    if (source) {
      const line = m?.[2] ? Math.max(0, Number(m[2]) - 1) : 0;
      const n: InputNotice = { file: source, severity: 'error', message: `Chart ${unit.dir || './'} did not render: ${clean}` };
      n.range = lineRange(line);
      return n;
    }
    const missingDeps = /missing in charts\/ directory|dependency build|dependencies are missing/i.test(clean);
    const hint = missingDeps && !/never downloads/.test(clean)
      ? ` Run \`helm dependency build ${unit.dir || '.'}\` to fetch them; Secret Surface never downloads anything itself.`
      : '';
    return { file: unit.file, range: lineRange(0), severity: 'error', message: `Chart ${unit.dir || './'} did not render: ${clean}${hint}` };
  }
  return { file: unit.file, range: lineRange(0), severity: 'error', message: `Overlay ${unit.dir || './'} did not render: ${clean}` };
}

function lineRange(line: number): Range {
  return { start: { line, character: 0 }, end: { line, character: 0 } };
}
