// The last check every fix passes before it is offered: each file it edits or creates is a plain
// workspace-relative path that stays inside the workspace after normalisation, and each YAML file it
// creates parses. Whatever a module computed from a manifest, a fix that fails this is offered disabled
// with the reason. Symlinks are the adapter's part: it resolves real paths before applying.
import posix from 'node:path/posix';
import { parseAllDocuments } from 'yaml';
import type { Fix } from './types.js';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Why `file` is not a safe workspace path for a fix to write, or undefined when it is. */
export function unsafePath(file: string): string | undefined {
  const shown = JSON.stringify(file.length > 80 ? `${file.slice(0, 77)}…` : file);
  if (file === '' || CONTROL.test(file)) return `the file name ${shown} is empty or holds control characters`;
  if (file.includes('\\')) return `the file name ${shown} holds a backslash`;
  if (file.startsWith('/') || /^[A-Za-z]:/.test(file)) return `the file ${shown} is an absolute path`;
  const norm = posix.normalize(file);
  if (norm === '..' || norm.startsWith('../') || norm === '.') return `the file ${shown} lies outside the workspace`;
  if (norm !== file) return `the file name ${shown} is not in normal form`;
  return undefined;
}

/** Why the fix must not be offered (a path outside the workspace, a created YAML file that does not parse), or undefined. */
export function unsafeFix(fix: Pick<Fix, 'edits'>): string | undefined {
  for (const c of fix.edits) {
    const bad = unsafePath(c.file);
    if (bad) return `Not offered: ${bad}.`;
    if (c.kind === 'create' && /\.ya?ml$/i.test(c.file)) {
      const errors = parseAllDocuments(c.text, { uniqueKeys: true }).flatMap((d) => ('errors' in d ? d.errors : []));
      if (errors.length > 0) return `Not offered: the file it would create, ${c.file}, does not parse (${errors[0]!.message.split('\n')[0]}).`;
    }
  }
  return undefined;
}
