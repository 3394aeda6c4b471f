// The image's final filesystem as a list of paths: layers applied in order with OCI whiteouts
// (`.wh.<name>`, `.wh..wh..opq`), symlinks resolved against the result, and the tools it holds (pure).
import type { ToolFact } from '../../core/model.js';
import { isBinDir, isBusyboxName, toolForName } from './tool-paths.js';

export type EntryKind = 'file' | 'symlink' | 'hardlink' | 'dir';

/** One tar header as a layer lists it (names as written in the archive). */
export interface LayerEntry {
  name: string;
  kind: EntryKind | 'other';
  /** Symlink target as written, or the hardlink's archive path. */
  linkname?: string;
}

export interface FsNode {
  kind: EntryKind | 'other';
  layerDigest: string;
  /** Symlink target as written; for hardlinks the absolute path of the file linked to. */
  target?: string;
  /** The name of the program the bytes belong to: a file's own name, a hardlink's original's. */
  identity?: string;
}

export interface FoundFile {
  layerDigest: string;
  path: string;
  kind: 'file' | 'symlink' | 'hardlink';
  target?: string;
}

/** Absolute, normalised path of an archive member name (`./usr/bin/` → `/usr/bin`). */
export function normalisePath(name: string): string {
  const out: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** The filesystem after some layers: path → node. Directories are kept so opaque markers and
 * a directory replaced by a file or link can drop what was under them. */
export class LayeredFs {
  readonly nodes = new Map<string, FsNode>();

  /** Applies one layer: its whiteouts remove from the layers below, then its entries are added. */
  applyLayer(layerDigest: string, entries: Iterable<LayerEntry>): void {
    const adds: [string, LayerEntry][] = [];
    const removals: string[] = [];
    const opaque: string[] = [];
    for (const e of entries) {
      const path = normalisePath(e.name);
      if (path === '/') continue;
      const base = basename(path);
      if (base === '.wh..wh..opq') opaque.push(dirname(path));
      else if (base.startsWith('.wh.')) removals.push(dirname(path) === '/' ? '/' + base.slice(4) : `${dirname(path)}/${base.slice(4)}`);
      else adds.push([path, e]);
    }
    for (const dir of opaque) this.removeUnder(dir);
    for (const p of removals) {
      this.nodes.delete(p);
      this.removeUnder(p);
    }
    for (const [path, e] of adds) {
      const prev = this.nodes.get(path);
      if (prev?.kind === 'dir' && e.kind !== 'dir') this.removeUnder(path);
      const node: FsNode = { kind: e.kind, layerDigest };
      if (e.kind === 'symlink' && e.linkname !== undefined) {
        node.target = e.linkname;
      } else if (e.kind === 'hardlink' && e.linkname !== undefined) {
        // A hardlink shares its original's bytes, so it is whatever program the original is, even
        // when a later layer deletes the original.
        const original = normalisePath(e.linkname);
        node.target = original;
        node.identity = this.nodes.get(original)?.identity ?? basename(original);
      } else if (e.kind === 'file') {
        node.identity = basename(path);
      }
      this.nodes.set(path, node);
    }
  }

  private removeUnder(dir: string): void {
    const prefix = dir === '/' ? '/' : dir + '/';
    for (const key of [...this.nodes.keys()]) if (key.startsWith(prefix)) this.nodes.delete(key);
  }

  /**
   * Follows symlinks in every component of `path` (so `/bin/sh` works when `/bin` → `usr/bin`),
   * returning the real path of an existing non-link node, or undefined when the chain dangles or loops.
   */
  resolve(path: string, maxHops = 40): string | undefined {
    let hops = 0;
    let pending = normalisePath(path).split('/').filter(Boolean);
    let current = '';
    while (pending.length > 0) {
      const part = pending.shift()!;
      const candidate = `${current}/${part}`;
      const node = this.nodes.get(candidate);
      if (node?.kind === 'symlink' && node.target !== undefined) {
        if (++hops > maxHops) return undefined;
        const target = node.target;
        const base = target.startsWith('/') ? '' : current;
        pending = [...normalisePath(`${base}/${target}`).split('/').filter(Boolean), ...pending];
        current = '';
        continue;
      }
      if (node === undefined && pending.length === 0) return undefined;
      current = candidate;
    }
    const final = this.nodes.get(current || '/');
    if (final === undefined || final.kind === 'dir' || final.kind === 'symlink') return undefined;
    return current;
  }

  /** Every tool program in a bin directory of the final filesystem, with its evidence. */
  findTools(): { files: Map<string, FoundFile>; tools: ToolFact[] } {
    const files = new Map<string, FoundFile>();
    const found: { path: string; fact: ToolFact; direct: boolean }[] = [];
    for (const [path, node] of this.nodes) {
      if (node.kind !== 'file' && node.kind !== 'symlink' && node.kind !== 'hardlink') continue;
      if (!isBinDir(dirname(path))) continue;
      const name = basename(path);
      const tool = toolForName(name);
      if (!tool) continue;
      let identity = node.identity;
      if (node.kind === 'symlink') {
        const real = this.resolve(path);
        if (real === undefined) continue; // dangling: the program it named is gone
        identity = this.nodes.get(real)?.identity ?? basename(real);
      }
      const viaBusybox = identity !== undefined && isBusyboxName(identity) && !isBusyboxName(name);
      const file: FoundFile = { layerDigest: node.layerDigest, path, kind: node.kind };
      if (node.target !== undefined) file.target = node.target;
      files.set(path, file);
      const fact: ToolFact = { tool: tool.tool, category: tool.category, origin: { kind: 'layer', digest: node.layerDigest, path } };
      if (viaBusybox) fact.via = 'busybox';
      found.push({ path, fact, direct: node.kind === 'file' });
    }
    // One fact per tool; the evidence prefers the real program over a link to it, then the shortest path.
    found.sort((a, b) => Number(b.direct) - Number(a.direct) || a.path.length - b.path.length || (a.path < b.path ? -1 : 1));
    const byTool = new Map<string, ToolFact>();
    for (const f of found) if (!byTool.has(f.fact.tool)) byTool.set(f.fact.tool, f.fact);
    const tools = [...byTool.values()].sort((a, b) => (a.tool < b.tool ? -1 : a.tool > b.tool ? 1 : 0));
    return { files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1))), tools };
  }
}
