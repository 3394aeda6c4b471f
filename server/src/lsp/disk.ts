// Reads the workspace from disk for the server: which files matter to Secret Surface, the initial
// walk of a folder (skipping node_modules, .git, excluded globs and oversized files), and single
// reads for file events. The core never touches the file system; this adapter does it for it.
import { promises as fsp } from 'node:fs';
import * as nodePath from 'node:path';
import { Workspace } from '../core/workspace.js';

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/** Files the core reads: manifests and other YAML, build configs, Dockerfiles, the project config. */
export function isCandidate(path: string): boolean {
  return Workspace.isRelevant(path);
}

/** The glob shapes a client should watch, matching isCandidate. */
export const WATCH_GLOBS = ['**/*.{yaml,yml,YAML,YML}', '**/{Dockerfile,Containerfile}*', '**/*.{dockerfile,Dockerfile,containerfile}', '**/Tiltfile'];

export interface WalkOptions {
  excluded: (path: string) => boolean;
  maxFileBytes: number;
  /** Called every so often with the number of files read, for progress reports. */
  onProgress?: (read: number) => void;
}

export interface WalkResult {
  files: { path: string; text: string }[];
  /** Files skipped for size, so a user can be told why one was ignored. */
  tooLarge: string[];
}

/** Walks `root` and reads every candidate file. Errors on single entries are skipped, not fatal. */
export async function walkFolder(root: string, options: WalkOptions): Promise<WalkResult> {
  const result: WalkResult = { files: [], tooLarge: [] };
  const pending: string[] = [''];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fsp.readdir(dir ? nodePath.join(root, dir) : root, { withFileTypes: true });
    } catch {
      continue;
    }
    const reads: Promise<void>[] = [];
    for (const e of entries) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name) && !options.excluded(rel)) pending.push(rel);
        continue;
      }
      if (!(e.isFile() || e.isSymbolicLink()) || !isCandidate(rel) || options.excluded(rel)) continue;
      reads.push(
        readCandidate(nodePath.join(root, rel), options.maxFileBytes).then((r) => {
          if (r === 'too-large') result.tooLarge.push(rel);
          else if (r !== undefined) {
            result.files.push({ path: rel, text: r });
            if (options.onProgress && result.files.length % 200 === 0) options.onProgress(result.files.length);
          }
        }),
      );
    }
    await Promise.all(reads);
  }
  result.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}

/** Reads one file as text; `undefined` when it is gone or not a regular file. */
export async function readCandidate(fsPath: string, maxFileBytes: number): Promise<string | 'too-large' | undefined> {
  try {
    const st = await fsp.stat(fsPath);
    if (!st.isFile()) return undefined;
    if (st.size > maxFileBytes) return 'too-large';
    const buf = await fsp.readFile(fsPath);
    // A NUL byte in the first few KiB means binary, which no parser should see.
    if (buf.subarray(0, 8192).includes(0)) return undefined;
    return buf.toString('utf8');
  } catch {
    return undefined;
  }
}
