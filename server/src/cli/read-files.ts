// Reads the files of a directory that the core cares about (manifests, Dockerfiles, build configs and
// the config file), skipping VCS and dependency folders. Paths come back relative, with forward slashes.
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { Workspace } from '../core/workspace.js';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn', '.terraform', '.venv', 'venv', '__pycache__', '.tox', '.idea', '.vscode-test']);

export interface WorkspaceFile {
  path: string;
  text: string;
}

export function readWorkspaceFiles(root: string, onError?: (path: string, err: unknown) => void): WorkspaceFile[] {
  const out: WorkspaceFile[] = [];
  const walk = (dir: string, rel: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      onError?.(rel || '.', err);
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(join(dir, e.name), relPath);
      } else if (e.isFile() && Workspace.isRelevant(relPath)) {
        try {
          out.push({ path: relPath, text: readFileSync(join(dir, e.name), 'utf8') });
        } catch (err) {
          onError?.(relPath, err);
        }
      }
    }
  };
  walk(root, '');
  return out;
}
