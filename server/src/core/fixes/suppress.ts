// The two suppression fixes, in the syntax the analysis already honours (core/kubernetes/suppression.ts,
// core/docker/suppressions.ts): `ignore-by-annotation` adds the rule to the workload's
// `secret-surface.io/ignore` annotation; `ignore-by-comment` writes `# secret-surface-ignore <rule>` on
// the line above the container (YAML) or the instruction (Dockerfile), or adds the rule to the ignore
// comment already there. They silence, never fix: never preferred, never part of "Fix all safe problems".
import type { Finding, WorkloadFacts } from '../model.js';
import { IGNORE_ANNOTATION, IGNORE_COMMENT, ManifestSource, parseRuleList } from '../kubernetes/index.js';
import { rules, type RuleId } from '../rules/index.js';
import { workloadLabel } from '../rules/rule.js';
import { LineIndex } from '../text/positions.js';
import { sameRef, type FixContext } from './context.js';
import { defineFix } from './fix.js';
import type { Fix, TextEdit } from './types.js';
import { YamlEditor } from './yaml-edit.js';

const EVERY_RULE: readonly RuleId[] = rules.map((r) => r.id);

export const ignoreByAnnotation = defineFix({
  id: 'ignore-by-annotation',
  title: 'Ignore the rule for this workload',
  resolves: EVERY_RULE,
  docs: {
    scope: 'findings on a workload',
    safe: 'silences only (never preferred, never in Fix all)',
    example: '`metadata.annotations` gains `secret-surface.io/ignore: secret-in-shell-image` (or the rule joins the ids already there)',
  },
  offer: (ctx) => annotationFix(ctx, [ctx.finding.rule]),
});

export const ignoreByComment = defineFix({
  id: 'ignore-by-comment',
  title: 'Ignore the rule on this container or instruction',
  resolves: EVERY_RULE,
  docs: {
    scope: 'findings on a container or a Dockerfile instruction',
    safe: 'silences only (never preferred, never in Fix all)',
    example: '`# secret-surface-ignore secret-in-shell-image` on the line above the container (`- name: api`) or the Dockerfile instruction',
  },
  offer: (ctx) => commentFix(ctx, [ctx.finding.rule]),
});

function silencing(id: string, title: string, ids: string[], edits: Fix['edits']): Fix {
  return { id, title, rules: ids, safe: true, isPreferred: false, silences: true, edits };
}

/** The workload a YAML-side finding belongs to, with the file it is written in. */
function workloadOf(ctx: FixContext): { file: string; workload: WorkloadFacts } | undefined {
  const f = ctx.finding;
  if (!f.workload) return undefined;
  const file = ctx.exposure?.file ?? f.location.file;
  const found = ctx.ws.manifestFacts(file)?.workloads.find((w) => sameRef(w.ref, f.workload));
  return found ? { file, workload: found } : undefined;
}

function annotationFix(ctx: FixContext, ids: string[]): Fix[] {
  const at = workloadOf(ctx);
  const text = at && ctx.ws.text(at.file);
  if (!at || text === undefined) return [];
  const rule = ids.join(', ');
  const src = new ManifestSource(at.file, text);
  const editor = new YamlEditor(src);
  const object = src.mapping(at.workload.location);
  const metaEntry = object?.entries.find((e) => e.key === 'metadata');
  const meta = metaEntry && src.mapping(src.index.range(metaEntry.valueStart, metaEntry.end));
  if (!meta) return [];
  const annEntry = meta.entries.find((e) => e.key === 'annotations');
  let edit: TextEdit;
  if (!annEntry) edit = editor.addEntry(meta, 'annotations', { [IGNORE_ANNOTATION]: rule });
  else {
    const annotations = src.mapping(src.index.range(annEntry.valueStart, annEntry.end));
    if (!annotations) return [];
    const existing = annotations.entries.find((e) => e.key === IGNORE_ANNOTATION);
    const current = at.workload.annotations[IGNORE_ANNOTATION];
    if (existing && current !== undefined) {
      const kept = parseRuleList(current).filter((r) => !ids.includes(r));
      edit = editor.setValue(existing, [...kept, ...ids].join(', '));
    } else edit = editor.addEntry(annotations, IGNORE_ANNOTATION, rule);
  }
  return [silencing(ignoreByAnnotation.id, `Ignore ${rule} for ${workloadLabel(at.workload.ref)} (annotation ${IGNORE_ANNOTATION})`, ids, [{ kind: 'edit', file: at.file, edits: [edit] }])];
}

const COMMENT_LINE = new RegExp(`^([ \\t]*#[ \\t]*${IGNORE_COMMENT})(?![\\w-])`);

/** A new comment line `# secret-surface-ignore <rule>` above `line`, at its indentation. */
function newCommentLine(index: LineIndex, line: number, rule: string): TextEdit {
  const start = index.lineStart(line);
  const indent = /^[ \t]*/.exec(index.lineText(line))![0];
  return { range: index.range(start, start), newText: `${indent}# ${IGNORE_COMMENT} ${rule}${index.eol}` };
}

/**
 * The edit that silences `rule` for the container starting on `line`: a comment line above it; when the
 * line above already holds an ignore comment (which must stay next to the container), an ignore comment
 * trailing the container's first line, or — when that line has a comment of its own — the rule joining
 * the ignore comment above.
 */
function containerComment(text: string, line: number, rule: string): TextEdit {
  const index = new LineIndex(text);
  const above = line > 0 ? COMMENT_LINE.exec(index.lineText(line - 1)) : null;
  if (!above) return newCommentLine(index, line, rule);
  const first = index.lineText(line);
  if (!first.includes('#')) {
    const end = index.lineStart(line) + first.trimEnd().length;
    return { range: index.range(end, end), newText: ` # ${IGNORE_COMMENT} ${rule}` };
  }
  const at = index.lineStart(line - 1) + above[1]!.length;
  return { range: index.range(at, at), newText: ` ${rule}` };
}

function commentFix(ctx: FixContext, ids: string[]): Fix[] {
  const f = ctx.finding;
  const rule = ids.join(' ');
  const shown = ids.join(', ');
  if (f.workload) {
    const at = workloadOf(ctx);
    const container = at?.workload.containers.find((c) => c.name === f.container);
    const text = at && ctx.ws.text(at.file);
    if (!at || !container || text === undefined) return [];
    // The container's first line (`- name: api`): the comment reader takes the line above it as the container's.
    const line = container.location.range.start.line;
    const title = `Ignore ${shown} for container ${container.name} of ${workloadLabel(at.workload.ref)} (comment above it)`;
    return [silencing(ignoreByComment.id, title, ids, [{ kind: 'edit', file: at.file, edits: [containerComment(text, line, rule)] }])];
  }
  const df = ctx.dockerfile;
  const text = df && ctx.ws.text(df.file);
  if (!df || text === undefined) return [];
  const inst = instructionOf(df.instructions, f);
  if (!inst) return [];
  const line = inst.location.range.start.line;
  const title = `Ignore ${shown} on this ${inst.keyword} instruction (comment above line ${line + 1} of ${df.file})`;
  return [silencing(ignoreByComment.id, title, ids, [{ kind: 'edit', file: df.file, edits: [newCommentLine(new LineIndex(text), line, rule)] }])];
}

function instructionOf<T extends { location: Finding['location'] }>(list: readonly T[], f: Finding): T | undefined {
  const line = f.location.range.start.line;
  return list.find((i) => i.location.range.start.line <= line && line <= i.location.range.end.line);
}

/**
 * The suppressions for several findings at one place (one problem in the editor: the shell, network
 * client and interpreter findings of one container), each writing every rule at once.
 */
export function silenceTogether(ctx: FixContext, ids: string[]): Fix[] {
  return [...annotationFix(ctx, ids), ...commentFix(ctx, ids)];
}
