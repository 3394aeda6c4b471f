// Reads the workspace from disk for the server: which files matter to Secret Surface, the initial
// walk of a folder (skipping node_modules, .git, excluded globs and oversized files), and single
// reads for file events. The core never touches the file system; this adapter does it for it.
import { promises as fsp, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
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

/**
 * Walks `root` and reads every candidate file. Reads are synchronous (an order of magnitude faster
 * than one promise per file for thousands of small files) in slices, yielding to the event loop
 * between slices so the server keeps answering while it indexes. Errors on single entries are skipped.
 */
export async function walkFolder(root: string, options: WalkOptions): Promise<WalkResult> {
  const result: WalkResult = { files: [], tooLarge: [] };
  const pending: string[] = [''];
  let sinceYield = 0;
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
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name) && !options.excluded(rel)) pending.push(rel);
        continue;
      }
      if (!(e.isFile() || e.isSymbolicLink()) || !isCandidate(rel) || options.excluded(rel)) continue;
      const r = readCandidateSync(nodePath.join(root, rel), options.maxFileBytes);
      if (r === 'too-large') result.tooLarge.push(rel);
      else if (r !== undefined) result.files.push({ path: rel, text: r });
      if (++sinceYield >= 256) {
        sinceYield = 0;
        options.onProgress?.(result.files.length);
        await new Promise((res) => setImmediate(res));
      }
    }
  }
  result.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}

function readCandidateSync(fsPath: string, maxFileBytes: number): string | 'too-large' | undefined {
  try {
    const st = statSync(fsPath);
    if (!st.isFile()) return undefined;
    if (st.size > maxFileBytes) return 'too-large';
    return decode(readFileSync(fsPath));
  } catch {
    return undefined;
  }
}

/** A NUL byte in the first few KiB means binary, which no parser should see. */
function decode(buf: Buffer): string | undefined {
  return buf.subarray(0, 8192).includes(0) ? undefined : buf.toString('utf8');
}

/** Reads one file as text; `undefined` when it is gone or not a regular file. */
export async function readCandidate(fsPath: string, maxFileBytes: number): Promise<string | 'too-large' | undefined> {
  try {
    const st = await fsp.stat(fsPath);
    if (!st.isFile()) return undefined;
    if (st.size > maxFileBytes) return 'too-large';
    return decode(await fsp.readFile(fsPath));
  } catch {
    return undefined;
  }
}
