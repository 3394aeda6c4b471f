// Which files of a folder Secret Surface reads, for every entry point (the CLI, the language server,
// the cluster check): one list of skipped directories, one size limit, one rule for symbolic links and
// one order, so the editor and CI see the same files. The core never touches the file system; this
// adapter reads for it. Paths come back relative to the folder, with forward slashes.
//
// Symbolic links never lead out of the folder: a link whose real path lies inside it is read (a file
// under the link's own path; a directory is not descended, since its contents are read at their real
// path), one that leads outside, loops or points to nothing is skipped with a notice saying so.
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, lstatSync, statSync, type Dirent } from 'node:fs';
import * as nodePath from 'node:path';
import { DEFAULT_MAX_FILE_BYTES } from '../core/model.js';
import { Workspace } from '../core/workspace.js';
import { LINK_SOURCE_WATCH_GLOBS } from '../core/linking/index.js';
import { CONFIG_FILE_NAMES, isDefaultExcludedDir, parseConfig } from '../core/config/index.js';
import { provideHclParser } from './hcl.js';

// Every entry point that reads a folder reads it through this module: bake files get their HCL parser.
provideHclParser();

/**
 * Directories no entry point reads: version control, virtual environments, tool caches. Dependencies
 * and test data are the default excludes (core/config/default-excludes.ts): listed and counted, read
 * only with `defaultExcludes: false`.
 */
export const SKIP_DIRS: ReadonlySet<string> = new Set(['.git', '.hg', '.svn', '.terraform', '.venv', 'venv', '__pycache__', '.tox', '.idea', '.vscode-test']);

/** Files the core reads: manifests and other YAML, build configs, Dockerfiles, the project config. */
export function isCandidate(path: string): boolean {
  return Workspace.isRelevant(path);
}

/** The glob shapes an editor should watch, matching isCandidate (build configs not named *.yaml come from the link-source registry). */
export const WATCH_GLOBS = ['**/*.{yaml,yml,YAML,YML}', '**/{Dockerfile,Containerfile}*', '**/*.{dockerfile,Dockerfile,containerfile}', ...LINK_SOURCE_WATCH_GLOBS];

export type SkipReason = 'too-large' | 'outside-folder' | 'unresolved-link' | 'unreadable';

export interface SkippedFile {
  path: string;
  reason: SkipReason;
  /** One sentence for the user, starting with "Skipped:". */
  message: string;
}

/** One file's read: its text, or why it was skipped. `undefined` from a read means there is nothing to read. */
export type FileRead = { kind: 'text'; text: string } | ({ kind: 'skipped' } & Omit<SkippedFile, 'path'>);

export interface WalkOptions {
  /** Files larger than this many bytes are skipped with a notice, never read into memory (default: the core's). */
  maxFileBytes?: number;
  /** Workspace-relative paths (files or directories) the user excluded: left out without a notice. */
  excluded?: (path: string) => boolean;
  /**
   * Leave the default-excluded directories (vendor/, node_modules/, testdata/, golden…) unread,
   * listing their candidate files in WalkResult.excludedByDefault (default: as the folder's own
   * `.secret-surface.yaml` says, else true).
   */
  defaultExcludes?: boolean;
  /** Called every so often with the candidate files read so far and how many there are, for progress reports. */
  onProgress?: (p: WalkProgress) => void;
  /** Called with each file as it is read, in the order of reading (WalkResult.files holds them too, sorted). */
  onFile?: (file: { path: string; text: string }) => void;
}

export interface WalkProgress {
  read: number;
  total: number;
}

export interface WalkResult {
  /** Sorted by path (code-unit order), so every entry point sees files in the same order. */
  files: { path: string; text: string }[];
  /** Candidate files that were not read, sorted by path. */
  skipped: SkippedFile[];
  /** Candidate files under the default excludes, not read, sorted by path. */
  excludedByDefault: string[];
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Files read between two yields of the asynchronous walk. */
const SLICE = 256;

/** Walks `root` and reads every candidate file, synchronously (the CLI and the cluster check). */
export function walkFolderSync(root: string, options: WalkOptions = {}): WalkResult {
  const walk = walkSlices(root, options);
  for (;;) {
    const step = walk.next();
    if (step.done) return step.value;
  }
}

/**
 * Walks `root` like walkFolderSync, yielding to the event loop between slices so a server keeps
 * answering while it indexes. Reads are synchronous within a slice: an order of magnitude faster
 * than one promise per file for thousands of small files.
 */
export async function walkFolder(root: string, options: WalkOptions): Promise<WalkResult> {
  const walk = walkSlices(root, options);
  for (;;) {
    const step = walk.next();
    if (step.done) return step.value;
    if (step.value) options.onProgress?.(step.value);
    await new Promise((res) => setImmediate(res));
  }
}

/**
 * Two passes: list the candidate files (directories only, cheap), then read them, so progress can say
 * how many of how many. Yields between slices: `undefined` while listing, files read so far after.
 */
function* walkSlices(root: string, options: WalkOptions): Generator<WalkProgress | undefined, WalkResult> {
  const result: WalkResult = { files: [], skipped: [], excludedByDefault: [] };
  const defaults = options.defaultExcludes ?? defaultExcludesIn(root);
  const folder = new FolderReader(root, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  const excluded = options.excluded ?? (() => false);
  const pending: string[] = [''];
  const todo: { rel: string; link: boolean }[] = [];
  let dirs = 0;
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir ? nodePath.join(root, dir) : root, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (excluded(rel)) continue;
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name)) continue;
        if (defaults && isDefaultExcludedDir(e.name)) listExcluded(root, rel, excluded, result.excludedByDefault);
        else pending.push(rel);
      } else if (e.isSymbolicLink()) todo.push({ rel, link: true });
      else if (e.isFile() && isCandidate(rel)) todo.push({ rel, link: false });
    }
    if (++dirs % SLICE === 0) yield undefined;
  }
  let sinceYield = 0;
  for (let i = 0; i < todo.length; i++) {
    const { rel, link } = todo[i]!;
    const r = link ? folder.readLink(rel) : folder.readRegular(rel);
    if (r?.kind === 'text') {
      const file = { path: rel, text: r.text };
      result.files.push(file);
      options.onFile?.(file);
    }
    else if (r) result.skipped.push({ path: rel, reason: r.reason, message: r.message });
    if (++sinceYield >= SLICE) {
      sinceYield = 0;
      yield { read: i + 1, total: todo.length };
    }
  }
  result.files.sort(byPath);
  result.skipped.sort(byPath);
  result.excludedByDefault.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return result;
}

/** Whether the config file at the folder's root (or the text given for it) leaves the default excludes on. */
export function defaultExcludesIn(root: string, configText?: string): boolean {
  let text = configText;
  let name: string = CONFIG_FILE_NAMES[0]!;
  for (const n of CONFIG_FILE_NAMES) {
    if (text !== undefined) break;
    try {
      text = readFileSync(nodePath.join(root, n), 'utf8');
      name = n;
    } catch {
      /* no such file */
    }
  }
  return text === undefined ? true : parseConfig(name, text).config.defaultExcludes;
}

/** The candidate files below a default-excluded directory, by name only: nothing is read, links are not followed. */
function listExcluded(root: string, dir: string, excluded: (path: string) => boolean, out: string[]): void {
  const pending = [dir];
  while (pending.length > 0) {
    const d = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(nodePath.join(root, d), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const rel = `${d}/${e.name}`;
      if (excluded(rel)) continue;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) pending.push(rel);
      } else if (e.isFile() && isCandidate(rel)) out.push(rel);
    }
  }
}

/**
 * Reads one candidate file of the folder at `root` for a file event or a closed buffer, by the same
 * rules as the walk: `undefined` when it is gone, not a regular file, or reached through a linked
 * directory (which the walk does not descend either).
 */
export function readFolderFile(root: string, path: string, maxFileBytes: number): FileRead | undefined {
  const folder = new FolderReader(root, maxFileBytes);
  if (!folder.reachedDirectly(path)) return undefined;
  let st;
  try {
    st = lstatSync(nodePath.join(root, path));
  } catch {
    return undefined;
  }
  if (st.isSymbolicLink()) return folder.readLink(path);
  return st.isFile() ? folder.readRegular(path) : undefined;
}

class FolderReader {
  private realRoot: string | undefined;

  constructor(
    private readonly root: string,
    private readonly maxFileBytes: number,
  ) {}

  private real(): string {
    if (this.realRoot === undefined) {
      try {
        this.realRoot = realpathSync(this.root);
      } catch {
        this.realRoot = nodePath.resolve(this.root);
      }
    }
    return this.realRoot;
  }

  private inside(real: string): boolean {
    const root = this.real();
    return real === root || real.startsWith(root.endsWith(nodePath.sep) ? root : root + nodePath.sep);
  }

  /** True when no directory on the way to `path` is a link (so the walk would list it under this path). */
  reachedDirectly(path: string): boolean {
    const parts = path.split('/');
    if (parts.some((p) => p === '..' || p === '.' || p === '')) return false;
    const dir = parts.slice(0, -1).join(nodePath.sep);
    if (!dir) return true;
    try {
      return realpathSync(nodePath.join(this.root, dir)) === nodePath.join(this.real(), dir);
    } catch {
      return false;
    }
  }

  readRegular(path: string): FileRead | undefined {
    return this.readAt(nodePath.join(this.root, path));
  }

  /** A symbolic link: read when it resolves to a candidate file inside the folder; said when it cannot be. */
  readLink(path: string): FileRead | undefined {
    let real: string;
    try {
      real = realpathSync(nodePath.join(this.root, path));
    } catch (err) {
      if (!isCandidate(path)) return undefined;
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ELOOP' ? 'it loops back on itself' : code === 'ENOENT' ? 'its target does not exist' : `it cannot be resolved (${code ?? 'error'})`;
      return { kind: 'skipped', reason: 'unresolved-link', message: `Skipped: the symbolic link is not followed because ${why}.` };
    }
    let isDir: boolean;
    try {
      const st = statSync(real);
      isDir = st.isDirectory();
      if (!isDir && !st.isFile()) return undefined; // a device or a pipe: never opened
    } catch {
      return undefined;
    }
    if (!this.inside(real)) {
      if (!isDir && !isCandidate(path)) return undefined;
      const what = isDir ? 'the directory it links to is not read' : 'it is not read';
      return { kind: 'skipped', reason: 'outside-folder', message: `Skipped: the symbolic link leads outside the workspace folder, so ${what}.` };
    }
    // A linked directory inside the folder is read at its real path, once.
    if (isDir || !isCandidate(path)) return undefined;
    return this.readAt(real);
  }

  /** Reads a regular file, never more than the size limit (a file that grows while read is cut at its size). */
  private readAt(fsPath: string): FileRead | undefined {
    let fd: number;
    try {
      fd = openSync(fsPath, 'r');
    } catch (err) {
      return unreadable(err);
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) return undefined;
      if (st.size > this.maxFileBytes) {
        return { kind: 'skipped', reason: 'too-large', message: `Skipped: the file is larger than ${this.maxFileBytes} bytes (secretSurface.maxFileBytes).` };
      }
      const buf = Buffer.alloc(st.size);
      let got = 0;
      while (got < buf.length) {
        const n = readSync(fd, buf, got, buf.length - got, got);
        if (n === 0) break;
        got += n;
      }
      return { kind: 'text', text: buf.subarray(0, got).toString('utf8') };
    } catch (err) {
      return unreadable(err);
    } finally {
      closeSync(fd);
    }
  }
}

function unreadable(err: unknown): FileRead | undefined {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return undefined; // gone meanwhile
  return { kind: 'skipped', reason: 'unreadable', message: `Skipped: the file could not be read (${code ?? String(err)}).` };
}
