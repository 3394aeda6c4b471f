// Workspace-relative path arithmetic, shared by the build-config readers and the config file: every
// path a link records is relative to the workspace root with forward slashes, whichever file (and which
// directory) it was written in.
import posix from 'node:path/posix';

/** The directory part of a workspace-relative path (`''` for the root). */
export function dirOf(file: string): string {
  const d = posix.dirname(toSlashes(file));
  return d === '.' ? '' : d;
}

export function baseName(file: string): string {
  return posix.basename(toSlashes(file));
}

/**
 * Joins workspace-relative segments and normalises the result: `./`, `..` and repeated slashes
 * disappear, Windows separators become `/`. A result that climbs out of the workspace keeps its
 * leading `../` so it can never equal a workspace file by accident.
 */
export function joinPath(...parts: string[]): string {
  const cleaned = parts.map(toSlashes).filter((p) => p !== '' && p !== '.');
  if (cleaned.length === 0) return '';
  const joined = posix.normalize(posix.join(...cleaned));
  const stripped = joined.replace(/^\.\/+/, '').replace(/\/+$/, '');
  return stripped === '.' ? '' : stripped;
}

/** A path is absolute (POSIX or a Windows drive) — such build paths cannot point into the workspace. */
export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);
}

/** A directory shown in reasons: `api/`, or `./` for the root. */
export function showDir(dir: string): string {
  return dir === '' ? './' : `${dir}/`;
}

function toSlashes(p: string): string {
  return p.replace(/\\/g, '/');
}
