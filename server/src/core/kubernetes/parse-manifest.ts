// YAML text → ManifestFacts. The stream is parsed once with `parseAllDocuments` and facts are read
// straight off its AST; offsets become LSP positions through one LineIndex per file. Every input —
// binary, huge, Helm source, broken YAML — yields facts and notices, never an exception.
import { parseAllDocuments } from 'yaml';
import type { Document, YAMLMap } from 'yaml';
import { DEFAULT_MAX_FILE_BYTES, type ContainerFacts, type InputNotice, type ManifestFacts, type WorkloadFacts } from '../model.js';
import { LineIndex } from '../text/positions.js';
import { exceedsBytes, findHelmTemplate } from './input-guards.js';
import { readObject } from './objects.js';
import { IGNORE_COMMENT, findIgnoreComments, mergeRules, type IgnoreComment } from './suppression.js';
import { linkProviderClasses } from './token-and-links.js';
import { type DocContext, getSeq, isMap, isScalar, items, nodeEnd } from '../yaml/index.js';

export interface ParseManifestOptions {
  /** Files larger than this many UTF-8 bytes are skipped with a notice (default 2 MiB). */
  maxBytes?: number;
}

const BOM = 0xfeff;
const KUBERNETES_KEY = /^[ \t]*(?:apiVersion|kind)[ \t]*:/m;

/**
 * Analyses one YAML file. Positions are over `text` without a leading BOM, which is what editors
 * show and count (VS Code drops the BOM from document text).
 */
export function parseManifest(file: string, text: string, options: ParseManifestOptions = {}): ManifestFacts {
  const facts: ManifestFacts = {
    file,
    workloads: [],
    serviceAccounts: [],
    secretProviderClasses: [],
    notKubernetes: false,
    notices: [],
  };
  try {
    analyse(facts, text, options.maxBytes ?? DEFAULT_MAX_FILE_BYTES);
  } catch (err) {
    // A bug in the reader must cost one file, not the whole scan.
    facts.workloads = [];
    facts.serviceAccounts = [];
    facts.secretProviderClasses = [];
    facts.skipped = 'internal error';
    facts.notices.push({
      file,
      severity: 'error',
      message: `Secret Surface could not analyse this file (internal error: ${err instanceof Error ? err.message : String(err)})`,
    });
  }
  return facts;
}

function notice(facts: ManifestFacts, n: Omit<InputNotice, 'file'>): void {
  facts.notices.push({ file: facts.file, ...n });
}

function analyse(facts: ManifestFacts, raw: string, maxBytes: number): void {
  if (raw.indexOf('\0') >= 0) {
    // Binary (or UTF-16 read as UTF-8, or git-crypt ciphertext): nothing to read, nothing to say.
    facts.skipped = 'binary file';
    facts.notKubernetes = true;
    return;
  }
  if (exceedsBytes(raw, maxBytes)) {
    facts.skipped = `file is larger than ${formatBytes(maxBytes)}`;
    notice(facts, {
      severity: 'warning',
      message: `Not analysed: the file is larger than ${formatBytes(maxBytes)}, so Secrets it delivers are not checked.`,
    });
    return;
  }
  const text = raw.charCodeAt(0) === BOM ? raw.slice(1) : raw;
  const helmAt = findHelmTemplate(text);
  if (helmAt >= 0) {
    const index = new LineIndex(text);
    const close = text.indexOf('}}', helmAt);
    const lineEnd = index.lineEnd(index.positionAt(helmAt).line);
    const end = close >= 0 && close + 2 <= lineEnd ? close + 2 : lineEnd;
    facts.skipped = 'Helm template: contains Go template actions ({{ … }}); analyse the rendered output instead';
    notice(facts, {
      severity: 'info',
      range: index.range(helmAt, end),
      message:
        'Helm template skipped: it is not YAML until rendered. Scan the output of `helm template` to check the Secrets it delivers.',
    });
    return;
  }

  // Repeated keys are accepted (the last one wins, see getPair): kubectl applies such files.
  const docs = parseAllDocuments(text, { uniqueKeys: false });
  if (!Array.isArray(docs) || docs.length === 0) {
    facts.notKubernetes = true;
    return;
  }
  const index = new LineIndex(text);
  const wantsComments = text.includes(IGNORE_COMMENT);
  let sawKubernetes = false;
  let prevEnd = 0;
  for (const doc of docs as Document.Parsed[]) {
    const extent: [number, number] = [prevEnd, Math.max(prevEnd, doc.range[2])];
    prevEnd = extent[1];
    const ctx: DocContext = { file: facts.file, text, index, doc };
    if (doc.errors.length > 0) {
      // Broken YAML is only our business when it is a manifest; a broken CI workflow stays quiet.
      if (KUBERNETES_KEY.test(text.slice(extent[0], extent[1]))) {
        sawKubernetes = true;
        const err = doc.errors[0]!;
        const start = Math.min(err.pos[0], text.length);
        const end = Math.max(start, Math.min(err.pos[1], text.length));
        notice(facts, { severity: 'error', range: index.range(start, end), message: `Invalid YAML: ${firstLine(err.message)}`, invalidYaml: true });
      }
      continue;
    }
    const contents = doc.contents;
    if (!isMap(contents)) continue;
    const apiVersion = stringScalar(contents, 'apiVersion');
    const kind = stringScalar(contents, 'kind');
    if (apiVersion === undefined || kind === undefined) continue;
    sawKubernetes = true;
    const list = kind.endsWith('List') ? getSeq(contents, 'items', ctx) : undefined;
    if (list) {
      // `kind: List` items carry their own apiVersion/kind; typed lists (`DeploymentList`) may not.
      const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
      let itemStart = list.range?.[0] ?? extent[0];
      for (const item of items(list, ctx)) {
        if (!isMap(item)) continue;
        const itemEnd = nodeEnd(item) ?? itemStart;
        const v = stringScalar(item, 'apiVersion') ?? (itemKind ? apiVersion : undefined);
        const k = stringScalar(item, 'kind') ?? itemKind;
        if (v !== undefined && k !== undefined) addObject(facts, item, v, k, ctx, wantsComments ? [itemStart, itemEnd] : undefined);
        itemStart = itemEnd;
      }
    } else {
      addObject(facts, contents, apiVersion, kind, ctx, wantsComments ? extent : undefined);
    }
  }
  facts.notKubernetes = !sawKubernetes;
  linkProviderClasses(facts.workloads, facts.secretProviderClasses);
}

function addObject(
  facts: ManifestFacts,
  object: YAMLMap,
  apiVersion: string,
  kind: string,
  ctx: DocContext,
  commentExtent: [number, number] | undefined,
): void {
  const o = readObject(object, apiVersion, kind, ctx);
  if (o.workload) {
    if (commentExtent) applyIgnoreComments(o.workload, findIgnoreComments(ctx.text, commentExtent[0], commentExtent[1], (off) => ctx.index.positionAt(off).line));
    facts.workloads.push(o.workload);
  }
  if (o.serviceAccount) facts.serviceAccounts.push(o.serviceAccount);
  if (o.secretProviderClass) facts.secretProviderClasses.push(o.secretProviderClass);
  if (o.secretSources) (facts.secretSources ??= []).push(...o.secretSources);
}

/**
 * A comment just above a container's first line or its `image:` line (or trailing either) applies to
 * that container only; any other ignore comment in the object applies to the whole workload.
 */
function applyIgnoreComments(workload: WorkloadFacts, comments: IgnoreComment[]): void {
  for (const comment of comments) {
    const owner = workload.containers.find((c) => commentTargets(comment, c));
    if (owner) owner.suppressed = mergeRules(owner.suppressed, comment.rules);
    else workload.suppressed = mergeRules(workload.suppressed, comment.rules);
  }
}

function commentTargets(comment: IgnoreComment, c: ContainerFacts): boolean {
  const first = c.location.range.start.line;
  const image = c.imageLocation.range.start.line;
  return comment.ownLine
    ? comment.line === first - 1 || comment.line === image - 1
    : comment.line === first || comment.line === image;
}

function stringScalar(map: YAMLMap, key: string): string | undefined {
  for (let i = map.items.length - 1; i >= 0; i--) {
    const pair = map.items[i]!;
    if (isScalar(pair.key) && pair.key.value === key) {
      return isScalar(pair.value) && typeof pair.value.value === 'string' ? pair.value.value : undefined;
    }
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
