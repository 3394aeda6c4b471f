// Decides which Dockerfile builds an image, from the manifest's side. All sources are indexed once by
// normalised repository name; a look-up is a few map look-ups plus a walk over the (few) candidates
// of one image: the build configs that deploy the manifest first, then the nearest ones, then all.
// The language server rebuilds the linker on every build-config change instead of tracking which
// images a file affected.
import type { ImageLink, ImageRename, InputNotice, LinkSource } from '../model.js';
import { parseImageRef } from '../catalog/image-ref.js';
import { baseName, dirOf, isAbsolutePath, joinPath, showDir } from '../paths.js';
import { isDevLoopDockerfile, isGenericSegment, placeholderIn, releaseSiblings } from './names.js';
import { notice, type Deploys } from './result.js';
import { DeployIndex, type DeployPath } from './scope.js';
import { LINK_SOURCES, rankedLinkSources } from './sources/index.js';

/** Precedence, highest first: the config file, the editor setting, the registered sources by rank, the naming convention. */
export const LINK_PRECEDENCE: readonly LinkSource[] = ['config', 'setting', ...rankedLinkSources(), 'convention'];

export interface ImageLinkerInput {
  /** Links, renames and deployed manifests from readBuildConfig, for every build config and config file in the workspace. */
  results: readonly { links: readonly ImageLink[]; renames?: readonly ImageRename[]; deploys?: Deploys }[];
  /** The editor's image → Dockerfile setting (workspace-relative paths). */
  settings?: Readonly<Record<string, string>>;
  /**
   * Workspace-relative paths of the workspace's Dockerfiles (what classifyFile calls `dockerfile`).
   * A build config may name a Dockerfile with any file name: a caller that wants those counted as
   * present reads linkedDockerfiles(), checks them, and builds the linker again with them added.
   */
  dockerfiles: Iterable<string>;
  /** The workspace folder's name: a root Dockerfile builds the image named after it. */
  workspaceName?: string;
}

/** The link of one image as one manifest sees it, or why there is none. */
export interface LinkDecision {
  link: ImageLink | undefined;
  /** Said on the manifest's image: a tie nothing broke, a name the convention will not guess from. */
  notice?: string;
}

/** Sources that answer for images no link names, in registry order. */
const FALLBACK_SOURCES = LINK_SOURCES.filter((s) => s.resolveUnlinked !== undefined);

/** Only files with exactly these names make a directory a convention match (`Dockerfile.dev` does not). */
const CONVENTION_NAMES = ['Dockerfile', 'Containerfile'];

const NO_LINK: LinkDecision = { link: undefined };
const NO_DEPLOYERS: ReadonlyMap<string, DeployPath> = new Map();

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
  private readonly scope: DeployIndex;
  /** The root Dockerfile (or Containerfile) and the folder name it is the convention for. */
  private readonly root: { path: string; name: string; folder: string } | undefined;
  /** Manifest → image as written → its decision; the same object for the same question while this linker lives. */
  private readonly cache = new Map<string, Map<string, LinkDecision>>();
  /** Problems found while indexing: links to missing Dockerfiles. */
  readonly notices: InputNotice[] = [];

  constructor(input: ImageLinkerInput) {
    this.dockerfileSet = new Set([...input.dockerfiles].map((p) => joinPath(p)));
    this.scope = new DeployIndex(input.results.flatMap((r) => (r.deploys ? [r.deploys] : [])));
    for (const r of input.results) for (const rename of r.renames ?? []) this.union(rename);
    const links: ImageLink[] = [];
    for (const r of input.results) links.push(...r.links);
    for (const [image, path] of Object.entries(input.settings ?? {})) {
      const dockerfile = isAbsolutePath(path) ? path : joinPath(path);
      links.push({ image, dockerfile, source: 'setting', reason: `editor setting: ${image} → ${dockerfile}` });
    }
    // Stable order: precedence, then file path, so a workspace links the same way however it was walked.
    const ordered = links
      .map((link, i) => ({ link, i }))
      .sort((a, b) => rank(a.link.source) - rank(b.link.source) || compareText(origin(a.link), origin(b.link)) || a.i - b.i)
      .map(({ link }) => link);
    for (const s of FALLBACK_SOURCES) this.fallbackLinks.set(s.id, ordered.filter((l) => l.source === s.id));
    for (const link of ordered) {
      const withFlag = link.dockerfile === undefined || this.dockerfileSet.has(link.dockerfile) ? { ...link } : { ...link, missing: true };
      if (link.suffix) {
        const last = link.image.slice(link.image.lastIndexOf('/') + 1);
        const list = this.bySuffix.get(last) ?? [];
        list.push(withFlag);
        this.bySuffix.set(last, list);
      } else {
        const key = this.find(normalise(link.image));
        const list = this.byClass.get(key);
        if (list) list.push(withFlag);
        else this.byClass.set(key, [withFlag]);
      }
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
    const rootFile = CONVENTION_NAMES.find((n) => this.dockerfileSet.has(n));
    const folder = (input.workspaceName ?? '').toLowerCase();
    if (rootFile && folder !== '' && !isGenericSegment(folder)) this.root = { path: rootFile, name: folder, folder: input.workspaceName! };
  }

  /** The Dockerfile that builds `image` (tags and digests ignored) seen from no manifest in particular, or undefined. */
  resolve(image: string): ImageLink | undefined {
    return this.decide(image, '').link;
  }

  /**
   * The Dockerfile that builds `image` for the manifest at `manifest` (workspace-relative; `''` for
   * none): the config file and the editor setting first; then the build configs that deploy the
   * manifest; then the ones nearest to it; then all of them, by precedence. A dev-loop build links
   * outside its own manifests only while no release build of the image exists. A tie where it is
   * decided links nothing and says so.
   */
  decide(image: string, manifest: string): LinkDecision {
    // Cached by the image as written: a convention link names the image it was asked for, so two
    // tags of one repository get their own link, whichever was asked first.
    let byImage = this.cache.get(manifest);
    if (!byImage) this.cache.set(manifest, (byImage = new Map()));
    const hit = byImage.get(image);
    if (hit) return hit;
    const d = this.compute(image, normalise(image), manifest);
    byImage.set(image, d);
    return d;
  }

  /** Every link that names `image`, best first, and the convention match seen from no manifest. */
  candidates(image: string): ImageLink[] {
    const name = normalise(image);
    const explicit = (this.byClass.get(this.find(name)) ?? []).map((l) => this.withNote(l, name, ''));
    const suffixed = this.suffixMatches(name);
    const fallback = this.fallback(image);
    const convention = this.convention(image, name, '').link;
    return [...explicit, ...suffixed, ...(fallback ? [fallback] : []), ...(convention ? [convention] : [])];
  }

  /** Every Dockerfile some link points at (a build config may name a file that is not called Dockerfile). */
  linkedDockerfiles(): Set<string> {
    const out = new Set<string>();
    for (const list of [...this.byClass.values(), ...this.bySuffix.values()]) for (const l of list) if (l.dockerfile !== undefined) out.add(l.dockerfile);
    return out;
  }

  private compute(image: string, name: string, manifest: string): LinkDecision {
    // Links that name the whole image, else those that name the end of its repository path.
    const suffixed = this.byClass.has(this.find(name)) ? undefined : this.suffixMatches(name);
    const all = suffixed ? (suffixed.length > 0 ? suffixed : undefined) : this.byClass.get(this.find(name));
    if (!all) {
      const fallback = this.fallback(image);
      return fallback ? { link: fallback } : this.convention(image, name, manifest);
    }
    const best = all[0]!;
    if (best.source === 'config' || best.source === 'setting') return { link: this.withNote(best, name, '') };
    const contested = distinct(all).length > 1;
    const deployers = manifest ? this.scope.deployersOf(manifest) : NO_DEPLOYERS;
    const scoped = all.filter((l) => deployers.has(origin(l)));
    if (scoped.length > 0) {
      // A dev-loop build is contested by the release build outside its own manifests: say why it links here.
      return this.pick(image, name, manifest, scoped, contested || scoped.some(isDevLoop), (l) => `; ${deployedNote(deployers.get(origin(l))!, manifest)}`);
    }
    const release = all.filter((l) => !isDevLoop(l));
    if (release.length === all.length) return this.pick(image, name, manifest, all, contested);
    const devNote = (): string => `; preferred to the dev-loop build ${all.find(isDevLoop)!.dockerfile}, which links only the manifests its own build config deploys`;
    // Said only where the dev-loop build would otherwise have won on its source's precedence.
    if (release.length > 0) return this.pick(image, name, manifest, release, rank(all.find(isDevLoop)!.source) <= rank(release[0]!.source), devNote);
    // Only dev-loop builds: the release Dockerfile beside one of them, else the convention, else the dev-loop build itself.
    const siblings = this.releaseBeside(all);
    if (siblings.length > 0) return this.pick(image, name, manifest, siblings, true);
    const byConvention = this.convention(image, name, manifest);
    if (byConvention.link) return { link: { ...byConvention.link, reason: byConvention.link.reason + devNote() } };
    return this.pick(image, name, manifest, all, contested);
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

  /** For dev-loop links, the release Dockerfile in the same directory, as links of their own. */
  private releaseBeside(devLinks: readonly ImageLink[]): ImageLink[] {
    const out: ImageLink[] = [];
    for (const dev of devLinks) {
      if (dev.dockerfile === undefined) continue;
      const release = releaseSiblings(dev.dockerfile).find((p) => this.dockerfileSet.has(p) && !isDevLoopDockerfile(p));
      if (!release) continue;
      out.push({
        image: dev.image,
        dockerfile: release,
        source: 'convention',
        reason: `release Dockerfile beside the dev-loop build: ${dev.reason} builds ${dev.dockerfile} for the manifests its build config deploys; ${release} is the release build`,
        ...(dev.location ? { location: dev.location } : {}),
      });
    }
    return out;
  }

  /**
   * Picks among candidate links of one image: the nearest ones to the manifest (deepest common
   * directory with the build config or the Dockerfile) when any shares more than the root with it,
   * then the best source. Two different Dockerfiles left is a tie: no link, and a notice naming them.
   */
  private pick(image: string, name: string, manifest: string, list: readonly ImageLink[], contested: boolean, note?: (l: ImageLink) => string): LinkDecision {
    let group = list;
    let near = '';
    if (manifest && distinct(list).length > 1) {
      const depths = list.map((l) => Math.max(commonDepth(manifest, origin(l)), commonDepth(manifest, l.dockerfile ?? origin(l))));
      const max = Math.max(...depths);
      if (max > 0) {
        group = list.filter((_, i) => depths[i] === max);
        if (distinct(group).length < distinct(list).length) near = `; nearest to ${manifest} (both under ${showDir(dirOf(manifest).split('/').slice(0, max).join('/'))})`;
      }
    }
    const top = group.filter((l) => rank(l.source) === rank(group[0]!.source));
    const options = distinct(top);
    if (options.length > 1) return { link: undefined, notice: tieNotice(image, options, manifest) };
    const chosen = top[0]!;
    return { link: this.withNote(chosen, name, contested ? `${note?.(chosen) ?? ''}${near}` : '') };
  }

  private convention(image: string, name: string, manifest: string): LinkDecision {
    // The image's own name first, then the names kustomize renames make equivalent to it.
    const cls = this.members.get(this.find(name));
    const names = [name, ...[...(cls?.names ?? [])].filter((n) => n !== name).sort()];
    for (const candidate of names) {
      const segment = candidate.slice(candidate.lastIndexOf('/') + 1);
      const paths = [...(this.conventionDirs.get(segment) ?? [])];
      if (this.root?.name === segment) paths.push(this.root.path);
      if (paths.length === 0) continue;
      const shown = paths.map((p) => showDir(dirOf(p))).join(', ');
      const held = placeholderIn(image);
      if (held !== undefined) {
        return { link: undefined, notice: `${image} holds the placeholder ${held}: it is not linked by the directory-name convention (a Dockerfile in ${shown}); name its Dockerfile in .secret-surface.yaml \`images:\`` };
      }
      if (isGenericSegment(segment)) {
        // A generic name links only to the directory of that name right beside the manifest.
        const beside = manifest ? paths.filter((p) => dirOf(p) === joinPath(dirOf(manifest), segment)) : [];
        if (beside.length !== 1) {
          return { link: undefined, notice: `the image name "${segment}" is too generic to link by the directory-name convention alone (a Dockerfile in ${shown}); name its Dockerfile in .secret-surface.yaml \`images:\`` };
        }
        const reason = `naming convention: the image name "${segment}" matches the directory ${showDir(dirOf(beside[0]!))} beside the manifest, holding a ${baseName(beside[0]!)} (a name this generic links only there)`;
        return { link: { image, dockerfile: beside[0]!, source: 'convention', reason: candidate !== name ? reason + this.renameNote(name) : reason } };
      }
      let group = paths;
      let near = '';
      if (manifest && paths.length > 1) {
        const depths = paths.map((p) => commonDepth(manifest, p));
        const max = Math.max(...depths);
        if (max > 0) {
          group = paths.filter((_, i) => depths[i] === max);
          near = `; nearest to ${manifest} of ${paths.length} (${shown})`;
        }
      }
      if (group.length > 1) {
        return { link: undefined, notice: `${image} matches ${group.length} directories by the naming convention (${group.map((p) => showDir(dirOf(p))).join(', ')}), none nearer to this manifest; not linked — name its Dockerfile in .secret-surface.yaml \`images:\`` };
      }
      const chosen = group[0]!;
      const dir = dirOf(chosen);
      let reason =
        dir === ''
          ? `convention: root Dockerfile of folder ${this.root?.folder ?? segment} (the image name "${segment}" is the workspace folder's name, so ./${chosen} builds the repository's own image)`
          : `naming convention: the image name "${segment}" matches the directory ${showDir(dir)} holding a ${baseName(chosen)}`;
      reason += near;
      if (candidate !== name) reason += this.renameNote(name);
      return { link: { image, dockerfile: chosen, source: 'convention', reason } };
    }
    return NO_LINK;
  }

  private withNote(link: ImageLink, queried: string, note: string): ImageLink {
    const renamed = normalise(link.image) === queried ? '' : this.renameNote(queried);
    if (renamed === '' && note === '') return link;
    return { ...link, reason: link.reason + note + renamed };
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

function rank(s: LinkSource): number {
  const i = LINK_PRECEDENCE.indexOf(s);
  return i < 0 ? LINK_PRECEDENCE.length : i;
}

/** The build config a link was read from. */
function origin(link: ImageLink): string {
  return link.location?.file ?? '';
}

function isDevLoop(link: ImageLink): boolean {
  return link.devLoop !== undefined || (link.dockerfile !== undefined && isDevLoopDockerfile(link.dockerfile));
}

/** The links of a list that build different things (Dockerfile and target), first of each. */
function distinct(list: readonly ImageLink[]): ImageLink[] {
  const seen = new Set<string>();
  return list.filter((l) => {
    const k = `${l.dockerfile ?? ''}\u0000${l.base ?? ''}\u0000${l.target ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** How many leading directories the two files' directories share. */
function commonDepth(a: string, b: string): number {
  const da = dirOf(a).split('/');
  const db = dirOf(b).split('/');
  let n = 0;
  while (n < da.length && n < db.length && da[n] !== '' && da[n] === db[n]) n++;
  return n;
}

function deployedNote(path: DeployPath, manifest: string): string {
  return `${path.by} deploys ${manifest}${path.via.length > 0 ? ` (through ${path.via.join(' → ')})` : ''}`;
}

function tieNotice(image: string, options: readonly ImageLink[], manifest: string): string {
  const listed = options.map((l) => `${builtBy(l)}${l.target ? ` (target ${l.target})` : ''} from ${origin(l) || l.source}`).join(', ');
  return `${image} is built by ${options.length} build configs equally near ${manifest ? 'this manifest' : 'the workspace root'} (${listed}); not linked — name its Dockerfile in .secret-surface.yaml \`images:\``;
}
