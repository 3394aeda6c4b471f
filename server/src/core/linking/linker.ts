// Decides which Dockerfile builds an image. All sources are indexed once by normalised repository
// name, so resolve() is a few map look-ups: the language server rebuilds the linker on every
// build-config change instead of tracking which images a file affected.
import type { ImageLink, ImageRename, InputNotice, LinkSource } from '../model.js';
import { parseImageRef } from '../catalog/image-ref.js';
import { baseName, dirOf, isAbsolutePath, joinPath, showDir } from '../paths.js';
import { notice } from './result.js';
import { LINK_SOURCES, rankedLinkSources } from './sources/index.js';

/** Precedence, highest first: the config file, the editor setting, the registered sources by rank, the naming convention. */
export const LINK_PRECEDENCE: readonly LinkSource[] = ['config', 'setting', ...rankedLinkSources(), 'convention'];

export interface ImageLinkerInput {
  /** Links and renames from readBuildConfig, for every build config and config file in the workspace. */
  results: readonly { links: readonly ImageLink[]; renames?: readonly ImageRename[] }[];
  /** The editor's image → Dockerfile setting (workspace-relative paths). */
  settings?: Readonly<Record<string, string>>;
  /**
   * Workspace-relative paths of the workspace's Dockerfiles (what classifyFile calls `dockerfile`).
   * A build config may name a Dockerfile with any file name: a caller that wants those counted as
   * present reads linkedDockerfiles(), checks them, and builds the linker again with them added.
   */
  dockerfiles: Iterable<string>;
}

/** Sources that answer for images no link names, in registry order. */
const FALLBACK_SOURCES = LINK_SOURCES.filter((s) => s.resolveUnlinked !== undefined);

/** Only files with exactly these names make a directory a convention match (`Dockerfile.dev` does not). */
const CONVENTION_NAMES = ['Dockerfile', 'Containerfile'];

export class ImageLinker {
  /** Equivalence class (by kustomize renames) → candidate links, best first. */
  private readonly byClass = new Map<string, ImageLink[]>();
  /** Union-find parent over normalised names. */
  private readonly parent = new Map<string, string>();
  /** Class root → its member names and the renames that joined them. */
  private readonly members = new Map<string, { names: Set<string>; renames: ImageRename[] }>();
  /** Last path segment → links that name only the end of a repository path (ImageLink.suffix), best first. */
  private readonly bySuffix = new Map<string, ImageLink[]>();
  /** Source id → its links, for the sources that answer for images no link names (resolveUnlinked). */
  private readonly fallbackLinks = new Map<string, ImageLink[]>();
  /** Directory base name → Dockerfile paths in such directories, shortest path first. */
  private readonly conventionDirs = new Map<string, string[]>();
  private readonly dockerfileSet: Set<string>;
  /** Image as written → its link (null: none); the same object for the same image while this linker lives. */
  private readonly cache = new Map<string, ImageLink | null>();
  /** Problems found while indexing: disagreeing links of one source, links to missing Dockerfiles. */
  readonly notices: InputNotice[] = [];

  constructor(input: ImageLinkerInput) {
    this.dockerfileSet = new Set([...input.dockerfiles].map((p) => joinPath(p)));
    for (const r of input.results) for (const rename of r.renames ?? []) this.union(rename);
    const links: ImageLink[] = [];
    for (const r of input.results) links.push(...r.links);
    for (const [image, path] of Object.entries(input.settings ?? {})) {
      const dockerfile = isAbsolutePath(path) ? path : joinPath(path);
      links.push({ image, dockerfile, source: 'setting', reason: `editor setting: ${image} → ${dockerfile}` });
    }
    const rank = (s: LinkSource): number => {
      const i = LINK_PRECEDENCE.indexOf(s);
      return i < 0 ? LINK_PRECEDENCE.length : i;
    };
    // Stable order: precedence, then file path, so a workspace links the same way however it was walked.
    const ordered = links
      .map((link, i) => ({ link, i }))
      .sort(
        (a, b) =>
          rank(a.link.source) - rank(b.link.source) ||
          compareText(a.link.location?.file ?? '', b.link.location?.file ?? '') ||
          a.i - b.i,
      )
      .map(({ link }) => link);
    for (const s of FALLBACK_SOURCES) this.fallbackLinks.set(s.id, ordered.filter((l) => l.source === s.id));
    for (const link of ordered) {
      const withFlag = link.dockerfile === undefined || this.dockerfileSet.has(link.dockerfile) ? { ...link } : { ...link, missing: true };
      if (link.suffix) {
        const last = link.image.slice(link.image.lastIndexOf('/') + 1);
        const list = this.bySuffix.get(last) ?? [];
        list.push(withFlag);
        this.bySuffix.set(last, list);
      }
      const key = link.suffix ? undefined : this.find(normalise(link.image));
      const list = key === undefined ? undefined : this.byClass.get(key);
      if (key === undefined) {
        // Indexed by suffix above.
      } else if (list) {
        const first = list[0]!;
        if (first.source === link.source && (first.dockerfile !== link.dockerfile || first.base !== link.base || first.target !== link.target)) {
          this.notices.push(
            notice(
              link.location?.file ?? first.location?.file ?? '',
              'warning',
              `${link.image} is also linked to ${builtBy(link)} here; ${builtBy(first)} (${first.reason}) is used`,
              link.location,
            ),
          );
        }
        list.push(withFlag);
      } else this.byClass.set(key, [withFlag]);
      if (withFlag.missing && link.location) {
        this.notices.push(
          notice(link.location.file, 'warning', `${link.image} is linked to ${link.dockerfile}, which is not in the workspace`, link.location),
        );
      }
    }
    for (const path of this.dockerfileSet) {
      if (!CONVENTION_NAMES.includes(baseName(path))) continue;
      const dir = dirOf(path);
      if (dir === '') continue;
      const list = this.conventionDirs.get(baseName(dir)) ?? [];
      list.push(path);
      this.conventionDirs.set(baseName(dir), list);
    }
    for (const list of this.conventionDirs.values()) {
      list.sort(
        (a, b) =>
          a.length - b.length ||
          CONVENTION_NAMES.indexOf(baseName(a)) - CONVENTION_NAMES.indexOf(baseName(b)) ||
          compareText(a, b),
      );
    }
  }

  /** The Dockerfile that builds `image` (tags and digests ignored), or undefined when nothing links it. */
  resolve(image: string): ImageLink | undefined {
    // Cached by the image as written: a convention link names the image it was asked for, so two
    // tags of one repository get their own link, whichever was asked first.
    const hit = this.cache.get(image);
    if (hit !== undefined) return hit ?? undefined;
    const link = this.compute(image, normalise(image));
    this.cache.set(image, link ?? null);
    return link;
  }

  /** Every link that names `image`, best first (the first is what resolve() returns unless it is a convention match). */
  candidates(image: string): ImageLink[] {
    const name = normalise(image);
    const explicit = (this.byClass.get(this.find(name)) ?? []).map((l) => this.withRenameNote(l, name));
    const suffixed = this.suffixMatches(name);
    const fallback = this.fallback(image);
    const convention = this.convention(image, name);
    return [...explicit, ...suffixed, ...(fallback ? [fallback] : []), ...(convention ? [convention] : [])];
  }

  /** Every Dockerfile some link points at (a build config may name a file that is not called Dockerfile). */
  linkedDockerfiles(): Set<string> {
    const out = new Set<string>();
    for (const list of [...this.byClass.values(), ...this.bySuffix.values()]) for (const l of list) if (l.dockerfile !== undefined) out.add(l.dockerfile);
    return out;
  }

  private compute(image: string, name: string): ImageLink | undefined {
    const best = this.byClass.get(this.find(name))?.[0];
    if (best) return this.withRenameNote(best, name);
    return this.suffixMatches(name)[0] ?? this.fallback(image) ?? this.convention(image, name);
  }

  /** A source's own answer for an image no link names (ko's base for every `ko://` image). */
  private fallback(image: string): ImageLink | undefined {
    for (const s of FALLBACK_SOURCES) {
      const link = s.resolveUnlinked!(image, this.fallbackLinks.get(s.id) ?? []);
      if (link) return link;
    }
    return undefined;
  }

  /** Suffix links whose path ends the repository path `name` (segment-aligned), best first. */
  private suffixMatches(name: string): ImageLink[] {
    const list = this.bySuffix.get(name.slice(name.lastIndexOf('/') + 1));
    return list ? list.filter((l) => name.endsWith(`/${l.image}`)) : [];
  }

  private convention(image: string, name: string): ImageLink | undefined {
    // The image's own name first, then the names kustomize renames make equivalent to it.
    const cls = this.members.get(this.find(name));
    const names = [name, ...[...(cls?.names ?? [])].filter((n) => n !== name).sort()];
    for (const candidate of names) {
      const segment = candidate.slice(candidate.lastIndexOf('/') + 1);
      const paths = this.conventionDirs.get(segment);
      if (!paths || paths.length === 0) continue;
      const chosen = paths[0]!;
      const dir = dirOf(chosen);
      let reason = `naming convention: the image name "${segment}" matches the directory ${showDir(dir)} holding a ${baseName(chosen)}`;
      if (paths.length > 1) {
        reason += `; ${paths.length} directories match (${paths.map((p) => showDir(dirOf(p))).join(', ')}), the shortest path wins`;
      }
      if (candidate !== name) reason += this.renameNote(name);
      return { image, dockerfile: chosen, source: 'convention', reason };
    }
    return undefined;
  }

  private withRenameNote(link: ImageLink, queried: string): ImageLink {
    if (normalise(link.image) === queried) return link;
    return { ...link, reason: link.reason + this.renameNote(queried) };
  }

  private renameNote(name: string): string {
    const renames = this.members.get(this.find(name))?.renames ?? [];
    if (renames.length === 0) return '';
    const shown = renames
      .slice(0, 2)
      .map((r) => `${r.from} → ${r.to}${r.location ? ` in ${r.location.file}` : ''}`)
      .join(', ');
    return ` (through the kustomize image rename ${shown}${renames.length > 2 ? ', …' : ''})`;
  }

  private find(name: string): string {
    let root = name;
    while (true) {
      const p = this.parent.get(root);
      if (p === undefined || p === root) break;
      root = p;
    }
    // Path compression keeps later look-ups O(1).
    let cur = name;
    while (cur !== root) {
      const next = this.parent.get(cur)!;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }

  private union(rename: ImageRename): void {
    const a = normalise(rename.from);
    const b = normalise(rename.to);
    const ra = this.find(a);
    const rb = this.find(b);
    const ma = this.members.get(ra) ?? { names: new Set([a]), renames: [] };
    if (ra === rb) {
      ma.renames.push(rename);
      this.members.set(ra, ma);
      return;
    }
    const mb = this.members.get(rb) ?? { names: new Set([b]), renames: [] };
    this.parent.set(rb, ra);
    this.parent.set(ra, ra);
    for (const n of mb.names) ma.names.add(n);
    ma.renames.push(...mb.renames, rename);
    this.members.set(ra, ma);
    this.members.delete(rb);
  }
}

/** What a link says builds the image: its Dockerfile, or the base image of a build without one. */
function builtBy(link: ImageLink): string {
  return link.dockerfile ?? `the base image ${link.base ?? '?'}`;
}

/** The repository name links compare: registry and repository, tag and digest dropped. */
export function normalise(image: string): string {
  return parseImageRef(image).name;
}

/** Code-unit order: stable across machines and locales (localeCompare is neither, and slow to start). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
