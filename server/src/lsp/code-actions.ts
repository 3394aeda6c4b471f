// textDocument/codeAction over the core's fixes: quick fixes for our diagnostics (matched to findings by
// rule id = diagnostic.code and the finding's range or one of its related ranges, never by message),
// "Fix all safe problems" in the file and in the workspace as source actions, and each fix's file
// changes as versioned document edits plus create-file operations that never overwrite. A fix that is
// unsafe or touches several files carries a change annotation that needs confirmation (the editor's
// refactor preview); a fix that creates a file opens it once applied (window/showDocument).
import {
  CodeActionKind,
  type AnnotatedTextEdit,
  type ChangeAnnotation,
  type CodeAction,
  type CodeActionParams,
  type Command,
  type Diagnostic,
  type TextDocumentEdit,
  type CreateFile,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { existsSync, realpathSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { Finding, Range } from '../core/model.js';
import type { Workspace } from '../core/workspace.js';
import { fixAllSafe, fixAllSafeInWorkspace, fixesFor, silencesFor, type Fix, type FixOptions } from '../core/fixes/index.js';
import { FIX_ALL_WORKSPACE_COMMAND, SERVER_SOURCE } from '../protocol.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.secretSurface`;
/** Not under source.fixAll: an editor running fix-all on save must never edit other files. */
export const FIX_ALL_WORKSPACE_KIND = `${CodeActionKind.Source}.secretSurface.fixAllInWorkspace`;
export const CODE_ACTION_KINDS: string[] = [CodeActionKind.QuickFix, FIX_ALL_KIND, FIX_ALL_WORKSPACE_KIND];
/** Server commands (workspace/executeCommand): open a file a fix created; apply every safe fix of the workspace. */
export const OPEN_CREATED_COMMAND = 'secretSurface.server.openCreatedFile';
export { FIX_ALL_WORKSPACE_COMMAND };
export const SERVER_COMMANDS: string[] = [OPEN_CREATED_COMMAND, FIX_ALL_WORKSPACE_COMMAND];
/** The change annotation of a fix the editor must confirm (shown as its group in the refactor preview). */
export const CONFIRM_ANNOTATION = 'secret-surface.confirm';

/** What code actions ask of a folder: its findings and the fixes the core offers for them. */
export interface FixSource {
  /** The findings of the folder's current analysis. */
  findings(): readonly Finding[];
  fixesFor(finding: Finding, options: FixOptions): Fix[];
  /** One fix with every safe fix of the file, when there is one. */
  fixAllSafe(path: string, options: FixOptions): Fix | undefined;
  /** One fix with every safe fix of the workspace, when there is one. */
  fixAllSafeInWorkspace(options: FixOptions): Fix | undefined;
  /** The suppressions naming every rule of findings shown as one problem. */
  silences(findings: readonly Finding[], options: FixOptions): Fix[];
}

/** The core's fixes over the core Workspace. */
export function coreFixes(ws: Workspace): FixSource {
  return {
    findings: () => ws.analyze().findings,
    fixesFor: (finding, options) => fixesFor(ws, finding, options),
    fixAllSafe: (path, options) => fixAllSafe(ws, path, options),
    fixAllSafeInWorkspace: (options) => fixAllSafeInWorkspace(ws, options),
    silences: (findings, options) => silencesFor(ws, findings, options),
  };
}

export interface CodeActionTarget {
  /** The folder's fixes; a workspace without them offers no code actions. */
  fixes: FixSource | undefined;
  /** The document's workspace-relative path. */
  path: string;
  toUri(path: string): string;
  csiProvider?: string;
  /** The folder's file-system path: every file a fix touches must resolve inside it after symlinks. */
  rootPath?: string;
}

export interface CodeActionEnv {
  resolve(uri: string): CodeActionTarget | undefined;
  /** The version of an open document; null for files that are not open. */
  version(uri: string): number | null;
  /** The client takes change annotations (workspace.workspaceEdit.changeAnnotationSupport). */
  annotations?: boolean;
  /** The client opens documents the server asks it to (window.showDocument). */
  showDocument?: boolean;
}

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

function codeOf(d: Diagnostic): string | undefined {
  return typeof d.code === 'string' ? d.code : undefined;
}

/** The rules a diagnostic stands for: its code, or every member of a merged problem (`data.rules`). */
function rulesOf(d: Diagnostic): string[] {
  const rules = (d.data as { rules?: unknown } | undefined)?.rules;
  return Array.isArray(rules) && rules.every((r) => typeof r === 'string') ? rules : codeOf(d) ? [codeOf(d)!] : [];
}

/** Why the editor must ask before applying `fix`, or undefined when it may apply it at once. */
export function needsConfirmation(fix: Fix): string | undefined {
  if (fix.silences) return undefined;
  const files = new Set(fix.edits.map((c) => c.file)).size;
  if (files > 1) return `changes ${files} files${fix.safe ? '' : ' and how the workload runs'}`;
  if (!fix.safe) return 'changes how the workload runs';
  return undefined;
}

export function toWorkspaceEdit(fix: Fix, env: CodeActionEnv, toUri: (path: string) => string): WorkspaceEdit {
  const why = env.annotations ? needsConfirmation(fix) : undefined;
  const annotationId = why ? CONFIRM_ANNOTATION : undefined;
  const annotate = <T extends object>(x: T): T => (annotationId ? { ...x, annotationId } : x);
  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  for (const c of fix.edits) {
    const uri = toUri(c.file);
    if (c.kind === 'create') {
      documentChanges.push(annotate<CreateFile>({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } }));
      const text: AnnotatedTextEdit | { range: AnnotatedTextEdit['range']; newText: string } = annotate({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: c.text });
      documentChanges.push({ textDocument: { uri, version: null }, edits: [text] });
    } else {
      documentChanges.push({ textDocument: { uri, version: env.version(uri) }, edits: c.edits.map((e) => annotate({ range: e.range, newText: e.newText })) });
    }
  }
  if (!why) return { documentChanges };
  const annotation: ChangeAnnotation = { label: fix.title, needsConfirmation: true, description: `Secret Surface: this fix ${why}; review it before applying.` };
  return { documentChanges, changeAnnotations: { [CONFIRM_ANNOTATION]: annotation } };
}

/** The command that opens what a fix created, once the editor has applied it. */
function openCreated(fix: Fix, env: CodeActionEnv, toUri: (path: string) => string): Command | undefined {
  if (!env.showDocument) return undefined;
  const created = fix.edits.find((c) => c.kind === 'create');
  return created ? { title: `Open ${created.file}`, command: OPEN_CREATED_COMMAND, arguments: [toUri(created.file)] } : undefined;
}

/**
 * Why a file of the fix would land outside the folder once symlinks are resolved (the core has already
 * checked the path text): the nearest existing ancestor's real path must stay under the folder's.
 */
export function outsideRoot(rootPath: string, file: string): string | undefined {
  try {
    const root = realpathSync(rootPath);
    let at = nodePath.resolve(rootPath, file);
    const rest: string[] = [];
    while (!existsSync(at)) {
      const up = nodePath.dirname(at);
      if (up === at) break;
      rest.unshift(nodePath.basename(at));
      at = up;
    }
    const rel = nodePath.relative(root, nodePath.join(realpathSync(at), ...rest));
    if (rel === '' || rel === '..' || rel.startsWith(`..${nodePath.sep}`) || nodePath.isAbsolute(rel)) return `Not offered: ${file} resolves outside the workspace folder (through a symbolic link).`;
    return undefined;
  } catch (err) {
    return `Not offered: cannot resolve where ${file} lies (${(err as Error).message}).`;
  }
}

function toAction(fix: Fix, kind: string, diagnostics: Diagnostic[], env: CodeActionEnv, toUri: (p: string) => string, rootPath?: string): CodeAction {
  const action: CodeAction = { title: fix.title, kind };
  if (diagnostics.length) action.diagnostics = diagnostics;
  const outside = fix.unavailable || !rootPath ? undefined : fix.edits.map((c) => outsideRoot(rootPath, c.file)).find((r) => r !== undefined);
  if (fix.unavailable || outside) {
    action.disabled = { reason: fix.unavailable ?? outside! };
    return action;
  }
  if (fix.isPreferred && fix.safe && !fix.silences) action.isPreferred = true;
  action.edit = toWorkspaceEdit(fix, env, toUri);
  const open = openCreated(fix, env, toUri);
  if (open) action.command = open;
  return action;
}

const rangeHas = (r: Range, p: Range['start']) =>
  (r.start.line < p.line || (r.start.line === p.line && r.start.character <= p.character)) &&
  (p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character));

/** The ranges of `file` a finding stands on: its own, and its related locations there (the Secret's delivery line …). */
function rangesOf(f: Finding, file: string): Range[] {
  const own = f.location.file === file ? [f.location.range] : [];
  return [...own, ...f.related.filter((r) => r.location.file === file).map((r) => r.location.range)];
}

type Entry = { fix: Fix; diagnostics: Diagnostic[] };

/** Offerable fixes first, preferred first among them, suppressions after real fixes; disabled ones last, with their reason. */
const rank = (f: Fix) => (f.unavailable ? 3 : f.isPreferred ? 0 : f.silences ? 2 : 1);

export function codeActions(params: CodeActionParams, env: CodeActionEnv): CodeAction[] {
  const target = env.resolve(params.textDocument.uri);
  const fixes = target?.fixes;
  if (!target || !fixes) return [];
  const options = target.csiProvider ? { csiProvider: target.csiProvider } : {};
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const out: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const findings = fixes.findings().filter((f) => rangesOf(f, target.path).length > 0);
    const byKey = new Map<string, Entry>();
    const put = (fix: Fix, d: Diagnostic | undefined) => {
      const key = `${fix.id}|${fix.title}|${fix.unavailable ?? ''}`;
      const hit = byKey.get(key);
      if (!hit) byKey.set(key, { fix, diagnostics: d ? [d] : [] });
      else if (d && !hit.diagnostics.includes(d)) hit.diagnostics.push(d);
    };
    const add = (finding: Finding, d: Diagnostic | undefined, silences = true) => {
      for (const fix of fixes.fixesFor(finding, options)) if (silences || !fix.silences) put(fix, d);
    };
    for (const d of params.context.diagnostics) {
      if (d.source !== SERVER_SOURCE || !codeOf(d)) continue;
      // The diagnostic sits on the finding's range, or (where a finding is shown on its delivery node) on one of its related ranges.
      const rules = rulesOf(d);
      const members = findings
        .filter((f) => rules.includes(f.rule) && rangesOf(f, target.path).some((r) => sameRange(r, d.range)))
        .sort((a, b) => rules.indexOf(a.rule) - rules.indexOf(b.rule));
      // One problem standing for several findings: their fixes, and one suppression naming all their rules.
      const together = members.length > 1 && members.every((f) => sameRange(f.location.range, members[0]!.location.range) && f.container === members[0]!.container);
      for (const f of members) add(f, d, !together);
      if (together) for (const fix of fixes.silences(members, options)) put(fix, d);
    }
    // Ctrl+. on a line no diagnostic covers, but a finding's related location does (the Secret's own env entry or volume).
    if (byKey.size === 0 && !params.context.diagnostics.some((d) => d.source === SERVER_SOURCE)) {
      const related = (f: Finding) => f.related.filter((r) => r.location.file === target.path).map((r) => r.location.range);
      for (const f of findings) if (related(f).some((r) => rangeHas(r, params.range.start))) add(f, undefined);
    }
    const entries = [...byKey.values()].sort((a, b) => rank(a.fix) - rank(b.fix));
    for (const { fix, diagnostics } of entries) out.push(toAction(fix, CodeActionKind.QuickFix, diagnostics, env, target.toUri, target.rootPath));
  }
  if (wants(FIX_ALL_KIND) && (only !== undefined || params.context.diagnostics.length > 0)) {
    const all = fixes.fixAllSafe(target.path, options);
    if (all) out.push(toAction(all, FIX_ALL_KIND, [], env, target.toUri, target.rootPath));
  }
  // Only when asked for by kind (the Source Action menu): it reads every finding of the workspace.
  if (only !== undefined && wants(FIX_ALL_WORKSPACE_KIND)) {
    const all = workspaceFixAll(target, env);
    if (all) out.push(all);
  }
  return out;
}

/** "Fix all safe problems" over one folder, as the workspace source action carries it (for the server command). */
export function workspaceFixAll(target: Omit<CodeActionTarget, 'path'>, env: CodeActionEnv): CodeAction | undefined {
  const all = target.fixes?.fixAllSafeInWorkspace(target.csiProvider ? { csiProvider: target.csiProvider } : {});
  return all ? toAction(all, FIX_ALL_WORKSPACE_KIND, [], env, target.toUri, target.rootPath) : undefined;
}
