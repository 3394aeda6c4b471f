// Which build configs deploy a manifest: the Tiltfile that `k8s_yaml`s it, the skaffold config whose
// manifests include it, the kustomization that lists it — directly or through the kustomizations
// those name. The linker asks this first, so a manifest's image resolves through its own build.
import { compileGlobs } from '../config/globs.js';
import { dirOf, joinPath } from '../paths.js';
import type { DeployRef, Deploys } from './result.js';

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** How a manifest is reached from a build config, for the link reason. */
export interface DeployPath {
  /** The build config. */
  by: string;
  /** The kustomizations passed through on the way, outermost first. */
  via: string[];
}

export class DeployIndex {
  private readonly exact = new Map<string, DeployPath[]>();
  private readonly prefixes = new Map<string, DeployPath[]>();
  private readonly globs: { match: (path: string) => boolean; path: DeployPath }[] = [];
  private readonly memo = new Map<string, ReadonlyMap<string, DeployPath>>();

  constructor(all: readonly Deploys[]) {
    const kustomizations = new Map<string, Deploys>();
    for (const d of all) if (KUSTOMIZATION_NAMES.some((n) => d.by === n || d.by.endsWith(`/${n}`))) kustomizations.set(dirOf(d.by), d);
    for (const d of all) this.expand(d, { by: d.by, via: [] }, kustomizations, new Set([d.by]));
  }

  /** The build configs that deploy `manifest` (a workspace-relative path), each with how. */
  deployersOf(manifest: string): ReadonlyMap<string, DeployPath> {
    const hit = this.memo.get(manifest);
    if (hit) return hit;
    const out = new Map<string, DeployPath>();
    const add = (list: readonly DeployPath[] | undefined): void => {
      for (const p of list ?? []) if (!out.has(p.by)) out.set(p.by, p);
    };
    add(this.exact.get(manifest));
    for (let dir = dirOf(manifest); ; dir = dirOf(dir)) {
      add(this.prefixes.get(dir));
      if (dir === '') break;
    }
    for (const g of this.globs) if (!out.has(g.path.by) && g.match(manifest)) out.set(g.path.by, g.path);
    this.memo.set(manifest, out);
    return out;
  }

  private expand(d: Deploys, path: DeployPath, kustomizations: ReadonlyMap<string, Deploys>, seen: Set<string>): void {
    for (const ref of d.refs) this.addRef(ref, path, kustomizations, seen);
  }

  private addRef(ref: DeployRef, path: DeployPath, kustomizations: ReadonlyMap<string, Deploys>, seen: Set<string>): void {
    switch (ref.kind) {
      case 'file':
        push(this.exact, joinPath(ref.path), path);
        return;
      case 'dir':
        push(this.prefixes, joinPath(ref.path), path);
        return;
      case 'glob':
        this.globs.push({ match: compileGlobs([ref.path]), path });
        return;
      case 'kustomize': {
        const k = kustomizations.get(joinPath(ref.path));
        // A directory with no kustomization in the workspace: deploy what is under it, as kustomize would fail to.
        if (!k) return void push(this.prefixes, joinPath(ref.path), path);
        if (seen.has(k.by)) return;
        seen.add(k.by);
        this.expand(k, { by: path.by, via: [...path.via, k.by] }, kustomizations, seen);
        seen.delete(k.by);
        return;
      }
    }
  }
}

function push(map: Map<string, DeployPath[]>, key: string, value: DeployPath): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
