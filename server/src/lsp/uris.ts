// The one place where LSP document URIs become (workspace folder, workspace-relative path) pairs and
// back. The core only ever sees '/'-separated paths relative to a folder; everything that talks to
// the client speaks URIs. Files outside every folder (and untitled buffers) live in a synthetic
// "loose" root so they are still analysed on their own.
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as nodePath from 'node:path';

export interface Root {
  /** Stable key: the folder's normalised file URI, or LOOSE_ROOT. */
  key: string;
  /** Absolute file-system path of the folder ('' for the loose root). */
  fsPath: string;
  name: string;
}

export const LOOSE_ROOT = 'loose:';

export interface FileRef {
  root: Root;
  /** Workspace-relative, '/'-separated. */
  path: string;
}

export class UriMap {
  private roots: Root[] = [];
  private readonly loose: Root = { key: LOOSE_ROOT, fsPath: '', name: '(files outside the workspace)' };
  /** Remembers the exact URI string a client used for a file so we answer with the same spelling. */
  private readonly spelled = new Map<string, string>();
  private readonly made = new Map<string, string>();

  setFolders(folders: readonly { uri: string; name?: string }[]): Root[] {
    const roots: Root[] = [];
    for (const f of folders) {
      const fsPath = uriToFsPath(f.uri);
      if (fsPath === undefined) continue;
      const key = pathToFileURL(fsPath).href;
      if (roots.some((r) => r.key === key)) continue;
      roots.push({ key, fsPath, name: f.name ?? nodePath.basename(fsPath) });
    }
    // Longest first so a nested folder owns its files rather than its parent.
    this.roots = roots.sort((a, b) => b.fsPath.length - a.fsPath.length);
    return this.folders();
  }

  folders(): Root[] {
    return [...this.roots];
  }

  rootByKey(key: string): Root | undefined {
    return key === LOOSE_ROOT ? this.loose : this.roots.find((r) => r.key === key);
  }

  /** Maps a URI to its folder and workspace path; `languageId` names untitled buffers so the core can tell their kind. */
  resolve(uri: string, languageId?: string): FileRef | undefined {
    if (uri.startsWith('untitled:')) {
      const name = decodeURIComponent(uri.slice('untitled:'.length)).replace(/[\\/:]/g, '_');
      const path = `untitled/${languageId === 'dockerfile' ? `${name}.Dockerfile` : /\.ya?ml$/i.test(name) ? name : `${name}.yaml`}`;
      this.spelled.set(this.key(this.loose, path), uri);
      return { root: this.loose, path };
    }
    const fsPath = uriToFsPath(uri);
    if (fsPath === undefined) return undefined;
    const ref = this.resolveFsPath(fsPath);
    this.spelled.set(this.key(ref.root, ref.path), uri);
    return ref;
  }

  resolveFsPath(fsPath: string): FileRef {
    for (const root of this.roots) {
      const rel = nodePath.relative(root.fsPath, fsPath);
      if (rel && !rel.startsWith('..') && !nodePath.isAbsolute(rel)) return { root, path: rel.split(nodePath.sep).join('/') };
    }
    // Loose files keep their absolute path (without the leading '/') so two of them never collide.
    return { root: this.loose, path: fsPath.split(nodePath.sep).join('/').replace(/^\/+/, '') };
  }

  toUri(root: Root, path: string): string {
    const key = this.key(root, path);
    const known = this.spelled.get(key) ?? this.made.get(key);
    if (known) return known;
    // Memoised: every related location of every finding goes through here on each analysis.
    const made = pathToFileURL(this.toFsPath(root, path)).href;
    this.made.set(key, made);
    return made;
  }

  toFsPath(root: Root, path: string): string {
    return root.key === LOOSE_ROOT ? nodePath.join('/', ...path.split('/')) : nodePath.join(root.fsPath, ...path.split('/'));
  }

  /** Normalised identity of a URI (so `file:///a%20b` and `file:///a b` are one document). */
  static normalise(uri: string): string {
    const p = uriToFsPath(uri);
    return p === undefined ? uri : pathToFileURL(p).href;
  }

  private key(root: Root, path: string): string {
    return `${root.key}\u0000${path}`;
  }
}

export function uriToFsPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return nodePath.normalize(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}
