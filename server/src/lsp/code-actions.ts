// textDocument/codeAction over the core's fixes: quick fixes for our diagnostics (matched to findings by
// rule id = diagnostic.code and range, never by message), "Fix all safe problems" as a source action,
// and each fix's file changes as versioned document edits plus create-file operations that never overwrite.
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextDocumentEdit,
  type CreateFile,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { existsSync, realpathSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { Finding, Range } from '../core/model.js';
import type { Workspace } from '../core/workspace.js';
import { fixAllSafe, fixesFor, type Fix, type FixOptions } from '../core/fixes/index.js';
import { SERVER_SOURCE } from '../protocol.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.secretSurface`;
export const CODE_ACTION_KINDS: string[] = [CodeActionKind.QuickFix, FIX_ALL_KIND];

/** What code actions ask of a folder: its findings and the fixes the core offers for them. */
export interface FixSource {
  /** The findings of the folder's current analysis. */
  findings(): readonly Finding[];
  fixesFor(finding: Finding, options: FixOptions): Fix[];
  /** One fix with every safe fix of the file, when there is one. */
  fixAllSafe(path: string, options: FixOptions): Fix | undefined;
}

/** The core's fixes over the core Workspace. */
export function coreFixes(ws: Workspace): FixSource {
  return {
    findings: () => ws.analyze().findings,
    fixesFor: (finding, options) => fixesFor(ws, finding, options),
    fixAllSafe: (path, options) => fixAllSafe(ws, path, options),
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

export function toWorkspaceEdit(fix: Fix, env: CodeActionEnv, toUri: (path: string) => string): WorkspaceEdit {
  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  for (const c of fix.edits) {
    const uri = toUri(c.file);
    if (c.kind === 'create') {
      documentChanges.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } });
      documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: c.text }] });
    } else {
      documentChanges.push({ textDocument: { uri, version: env.version(uri) }, edits: c.edits });
    }
  }
  return { documentChanges };
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
  if (fix.isPreferred && fix.safe) action.isPreferred = true;
  action.edit = toWorkspaceEdit(fix, env, toUri);
  return action;
}

export function codeActions(params: CodeActionParams, env: CodeActionEnv): CodeAction[] {
  const target = env.resolve(params.textDocument.uri);
  const fixes = target?.fixes;
  if (!target || !fixes) return [];
  const options = target.csiProvider ? { csiProvider: target.csiProvider } : {};
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const out: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const findings = fixes.findings().filter((f) => f.location.file === target.path);
    const byKey = new Map<string, { fix: Fix; diagnostics: Diagnostic[] }>();
    for (const d of params.context.diagnostics) {
      if (d.source !== SERVER_SOURCE || !codeOf(d)) continue;
      const matches: Finding[] = findings.filter((f) => rulesOf(d).includes(f.rule) && sameRange(f.location.range, d.range));
      for (const finding of matches) {
        for (const fix of fixes.fixesFor(finding, options)) {
          const key = `${fix.id}|${fix.title}|${fix.unavailable ?? ''}`;
          const hit = byKey.get(key);
          if (hit) {
            if (!hit.diagnostics.includes(d)) hit.diagnostics.push(d);
          } else byKey.set(key, { fix, diagnostics: [d] });
        }
      }
    }
    const entries = [...byKey.values()];
    // Offerable fixes first, preferred first among them; disabled ones last, with their reason.
    entries.sort((a, b) => Number(!!a.fix.unavailable) - Number(!!b.fix.unavailable) || Number(b.fix.isPreferred) - Number(a.fix.isPreferred));
    for (const { fix, diagnostics } of entries) out.push(toAction(fix, CodeActionKind.QuickFix, diagnostics, env, target.toUri, target.rootPath));
  }
  if (wants(FIX_ALL_KIND) && (only !== undefined || params.context.diagnostics.length > 0)) {
    const all = fixes.fixAllSafe(target.path, options);
    if (all) out.push(toAction(all, FIX_ALL_KIND, [], env, target.toUri, target.rootPath));
  }
  return out;
}
