// The catalog: looks an image reference up by registry + repository + tag variant, answers which tools a
// package adds, and which shell-free image to move to. Unknown stays unknown (undefined), never "safe".
import type { CatalogImage, ImageRef, ToolCategory, UserCatalogEntry } from '../model.js';
import { parseImageRef } from './image-ref.js';
import { toolName } from './tools.js';
import type { CatalogData, CatalogImageData, PackageData, PackageToolData } from './types.js';
import { userImage } from './user-image.js';
import { rangeFor } from './versions.js';
import builtin from './catalog.json' with { type: 'json' };

export type PackageTool = { tool: string; category: ToolCategory; via?: string };

interface CompiledEntry {
  data: CatalogImageData;
  /** Tag patterns as regexes with a specificity score (literal characters count most), compiled on first use. */
  readonly patterns: { re: RegExp; score: number }[];
  wildcardRepo: boolean;
  user?: CatalogImage;
  /** User entries with a tag match only that tag. */
  userTag?: string;
}

const PLACEHOLDER = /<(?:v|version|codename|suite|date|ea|ver)>/g;

function compilePattern(p: string): { re: RegExp; score: number } {
  let literal = 0;
  let src = '';
  let exact = true;
  for (const part of p.split(/(<[a-z]+>|\*)/)) {
    if (part === '') continue;
    if (part === '*') {
      src += '.*';
      exact = false;
    } else if (PLACEHOLDER.test(part)) {
      PLACEHOLDER.lastIndex = 0;
      src += '[0-9a-z][0-9a-z_.+]*';
      exact = false;
    } else {
      literal += part.length;
      src += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return { re: new RegExp(`^${src}$`, 'i'), score: (exact ? 1000 : 0) + literal * 10 };
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** The reference as Docker Hub users write it: `node:20`, `bitnami/redis`, `gcr.io/distroless/base:debug`. */
function displayName(ref: ImageRef): string {
  if (ref.registry === 'docker.io') return ref.repository.replace(/^library\//, '');
  return ref.name;
}

export class Catalog {
  private readonly byName = new Map<string, CompiledEntry[]>();
  private readonly wildcards: { registry: string; prefix: string; entry: CompiledEntry }[] = [];
  private readonly userByName = new Map<string, CompiledEntry[]>();
  private readonly packages = new Map<string, { exact: Map<string, PackageData>; globs: { re: RegExp; data: PackageData }[] }>();
  private readonly managerOf = new Map<string, string>();
  private readonly cache = new Map<string, CatalogImage | undefined>();
  private readonly packageCache = new Map<string, PackageTool[]>();

  constructor(readonly data: CatalogData, extensions: readonly UserCatalogEntry[] = []) {
    for (const img of data.images) {
      // Patterns are compiled when a lookup first reaches the entry: a scan of a few images pays for few.
      let patterns: { re: RegExp; score: number }[] | undefined;
      const entry: CompiledEntry = {
        data: img,
        get patterns() {
          return (patterns ??= img.tags.map(compilePattern));
        },
        wildcardRepo: false,
      };
      for (const host of [img.registry, ...(img.registryAliases ?? [])]) {
        for (const repo of img.repositories) {
          if (repo === '*' || repo.endsWith('/*')) {
            entry.wildcardRepo = true;
            this.wildcards.push({ registry: host, prefix: repo === '*' ? '' : repo.slice(0, -1), entry });
          } else push(this.byName, `${host}/${repo}`, entry);
        }
      }
    }
    for (const [manager, pkgs] of Object.entries(data.packages)) {
      const exact = new Map<string, PackageData>();
      const globs: { re: RegExp; data: PackageData }[] = [];
      for (const [name, pkg] of Object.entries(pkgs)) {
        if (name.includes('*')) globs.push({ re: globToRegExp(name), data: pkg });
        else exact.set(name, pkg);
      }
      this.packages.set(manager, { exact, globs });
      this.managerOf.set(manager, manager);
    }
    for (const [manager, aliases] of Object.entries(data.managerAliases ?? {})) for (const a of aliases) this.managerOf.set(a, manager);
    for (const u of extensions) {
      const ref = parseImageRef(u.image);
      const image = userImage(u, ref);
      const entry: CompiledEntry = { data: undefined as never, patterns: [], wildcardRepo: false, user: image };
      if (ref.tag) entry.userTag = ref.tag;
      push(this.userByName, ref.name, entry);
    }
  }

  /** Catalog facts for an image reference, or undefined when the image (or its variant) is not known. */
  lookupImage(ref: string): CatalogImage | undefined {
    const raw = ref.trim();
    if (this.cache.has(raw)) return this.cache.get(raw);
    const found = this.lookupUncached(raw);
    this.cache.set(raw, found);
    return found;
  }

  private lookupUncached(raw: string): CatalogImage | undefined {
    // An ARG that was never resolved (`${BASE}`, `$BASE`) names no image at all.
    if (raw === '' || raw.includes('$') || /\s/.test(raw)) return undefined;
    const ref = parseImageRef(raw);
    if (ref.repository === '' || ref.repository.endsWith('/')) return undefined;
    const users = this.userByName.get(ref.name);
    if (users) {
      const hit = users.find((u) => u.userTag !== undefined && u.userTag === ref.tag) ?? users.find((u) => u.userTag === undefined);
      if (hit?.user) return hit.user;
    }
    const direct = this.lookupRef(ref, ref);
    if (direct) return direct;
    const mirrored = this.unmirror(ref);
    if (!mirrored) return undefined;
    const img = this.lookupRef(mirrored.ref, ref);
    if (img) img.sources = [...new Set([...(img.sources ?? []), mirrored.source])];
    return img;
  }

  /** The catalogued name a mirror serves (`mirror.gcr.io/library/redis` → `docker.io/library/redis`), if any. */
  private unmirror(ref: ImageRef): { ref: ImageRef; source: string } | undefined {
    for (const m of this.data.mirrors ?? []) {
      const hit = m.exact ? ref.name === m.prefix : ref.name.startsWith(m.prefix) && ref.name.length > m.prefix.length;
      if (!hit) continue;
      const name = m.target + ref.name.slice(m.prefix.length);
      const slash = name.indexOf('/');
      const out: ImageRef = { raw: ref.raw, registry: name.slice(0, slash), repository: name.slice(slash + 1), name };
      if (ref.tag !== undefined) out.tag = ref.tag;
      if (ref.digest !== undefined) out.digest = ref.digest;
      return { ref: out, source: m.source };
    }
    return undefined;
  }

  /** Built-in facts for `ref`; `shown` is the reference as written (siblings are named on its registry). */
  private lookupRef(ref: ImageRef, shown: ImageRef): CatalogImage | undefined {
    const exact = this.byName.get(ref.name) ?? [];
    const wild = this.wildcards
      .filter((w) => w.registry === ref.registry && ref.repository.startsWith(w.prefix) && ref.repository.length > w.prefix.length)
      .map((w) => w.entry);
    if (exact.length === 0 && wild.length === 0) return undefined;
    if (ref.tag === undefined && ref.digest !== undefined) return this.digestOnly(exact, wild, shown);
    const entry = this.byTag(ref.tag ?? 'latest', exact, wild);
    return entry ? materialise(entry.data, shown) : undefined;
  }

  /**
   * A digest names exactly one build, but without a tag the catalog cannot tell which variant: when every
   * variant says the same, that is the answer; otherwise the answer is "one of" them, each tool at most
   * unverified (`one of: no shell (latest/nonroot) or busybox (debug/debug-nonroot)`).
   */
  private digestOnly(exact: CompiledEntry[], wild: CompiledEntry[], shown: ImageRef): CatalogImage | undefined {
    const all = exact.length ? exact : wild;
    const first = all[0];
    if (!first) return undefined;
    const same = all.every((e) => e.data.shell === first.data.shell && e.data.hardened === first.data.hardened);
    if (same) return materialise((this.byTag('latest', exact, wild) ?? first).data, shown);
    return oneOf(all.map((e) => e.data));
  }

  private byTag(tag: string, exact: CompiledEntry[], wild: CompiledEntry[]): CompiledEntry | undefined {
    let best: CompiledEntry | undefined;
    let bestScore = -1;
    const consider = (list: CompiledEntry[], bonus: number) => {
      for (const e of list) {
        if (e.patterns.length === 0) {
          if (bonus + 1 > bestScore) {
            best = e;
            bestScore = bonus + 1;
          }
          continue;
        }
        for (const p of e.patterns) {
          if (p.score + bonus > bestScore && p.re.test(tag)) {
            best = e;
            bestScore = p.score + bonus;
          }
        }
      }
    };
    consider(exact, 100000);
    consider(wild, 0);
    if (best) return best;
    // No pattern fits (`20.11.1-alpine3.19-perl` …): pick the variant whose words all occur in the tag;
    // with no variant word, the family's default image.
    const words = new Set(tag.toLowerCase().split(/[-_]/).map((w) => w.replace(/[0-9][0-9.]*$/, '')));
    let fallback: CompiledEntry | undefined;
    let fallbackScore = -1;
    for (const e of [...exact, ...wild]) {
      if (e.data.tagsOnly) continue;
      const kw = e.data.keywords;
      if (!kw.every((k) => words.has(k))) continue;
      if (kw.length > fallbackScore) {
        fallback = e;
        fallbackScore = kw.length;
      }
    }
    return fallback;
  }

  /** Tools a package adds when installed with `manager` (`apt-get`, `apk`, `yum`, `pip3`, `npm` …). */
  packageTools(manager: string, pkg: string): PackageTool[] {
    // Memoised: a workspace of Dockerfiles installs the same few packages over and over.
    const key = `${manager}\u0000${pkg}`;
    let hit = this.packageCache.get(key);
    if (!hit) {
      hit = this.packageToolsUncached(manager, pkg);
      this.packageCache.set(key, hit);
    }
    return hit.map((t) => ({ ...t }));
  }

  private packageToolsUncached(manager: string, pkg: string): PackageTool[] {
    const m = this.managerOf.get(manager) ?? manager;
    const name = cleanPackageName(m, pkg);
    if (name === '') return [];
    const table = this.packages.get(m);
    const hit = table?.exact.get(name) ?? table?.globs.find((g) => g.re.test(name))?.data;
    if (hit) return hit.tools.map(copyTool);
    if (m === 'pip' || m === 'npm' || m === 'gem') return [];
    // A package named after a tool installs that tool (`zsh`, `python3.12`, `lua5.4`).
    const t = toolName(name);
    return t ? [{ tool: t.tool, category: t.category }] : [];
  }

  /** The canonical manager for a command name (`apt-get` → apt, `microdnf` → dnf), if it is one. */
  managerFor(command: string): string | undefined {
    return this.managerOf.get(command);
  }

  /** A shell-free image to move to, or undefined when there is none (or the image is hardened already). */
  hardenedFor(image: CatalogImage | string): CatalogImage['replacement'] {
    const img = typeof image === 'string' ? this.lookupImage(image) : image;
    if (!img) return undefined;
    if (img.hardened && !img.deprecated) return undefined;
    return img.replacement;
  }

  /** Every image entry, for documentation and tests. */
  get images(): readonly CatalogImageData[] {
    return this.data.images;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function copyTool(t: PackageToolData): PackageTool {
  return t.via ? { tool: t.tool, category: t.category, via: t.via } : { tool: t.tool, category: t.category };
}

/** `curl=7.88*`, `curl~=8`, `py3-foo>1`, `libssl:amd64`, `pkg/bookworm-backports`, `httpie==3.2`, `httpie[socks]`, `@scope/x@1`. */
export function cleanPackageName(manager: string, pkg: string): string {
  let p = pkg.trim();
  if (manager === 'npm') {
    const at = p.indexOf('@', 1);
    if (at > 0) p = p.slice(0, at);
    return p;
  }
  if (manager === 'pip') return p.replace(/\[.*$/, '').replace(/[<>=!~;@ ].*$/, '').toLowerCase().replace(/_/g, '-');
  p = p.replace(/[<>=~].*$/, '');
  if (manager === 'apt') p = p.replace(/[:/].*$/, '');
  return p;
}

function materialise(d: CatalogImageData, ref: ImageRef): CatalogImage {
  const tag = ref.tag ?? 'latest';
  const rangeSources: string[] = [];
  const tools = d.tools.map((t) => {
    const { versions, ...tool } = t;
    const r = rangeFor(versions, tag);
    if (!r) return tool;
    rangeSources.push(r.source);
    return { ...tool, state: r.state, detail: r.detail };
  });
  const img: CatalogImage = {
    id: d.id,
    family: d.family,
    variant: d.variant,
    shell: d.shell,
    busybox: d.busybox,
    packageManager: d.packageManager,
    tools,
    nonRootDefault: d.nonRootDefault,
    entrypointNeedsShell: d.entrypointNeedsShell,
    hardened: d.hardened,
    sources: [...new Set([...d.sources, ...rangeSources])],
  };
  if (d.runtime) img.runtime = d.runtime;
  if (d.defaultUser) img.defaultUser = d.defaultUser;
  if (d.noReplacement) img.noReplacement = d.noReplacement;
  if (d.deprecated) img.deprecated = d.deprecated;
  if (d.shellFreeSibling) {
    const siblingTag = d.shellFreeSibling === 'debug'
      ? tag.replace(/^debug-nonroot/, 'nonroot').replace(/^debug/, 'latest')
      : tag.replace(/-dev$/, '');
    img.shellFreeSibling = `${displayName(ref)}:${siblingTag}`;
  }
  if (d.replacement) {
    let image = d.replacement.image;
    const major = /^(\d+)/.exec(tag)?.[1];
    if (major && d.replacement.byVersion?.[major]) image = d.replacement.byVersion[major]!;
    const version = /^(\d+\.\d+)/.exec(tag)?.[1] ?? '8.0';
    image = image.replace('{repository}', ref.repository.slice(ref.repository.lastIndexOf('/') + 1)).replace('{version}', version);
    img.replacement = { image, how: d.replacement.how };
    if (d.replacement.note) img.replacement.note = d.replacement.note;
  } else if (d.shellFreeSibling === 'dev' && img.shellFreeSibling) {
    img.replacement = { image: img.shellFreeSibling, how: 'run on the tag without -dev; keep the -dev image as the build stage and COPY --from it' };
  }
  return img;
}

/** The variants a digest-only reference may name, as one image whose every tool is unverified. */
function oneOf(entries: CatalogImageData[]): CatalogImage {
  const groups = new Map<string, string[]>();
  for (const d of entries) {
    const kind = d.shell === 'no' ? 'no shell' : d.shell === 'unverified' ? 'an unverified shell' : d.busybox ? 'busybox' : 'a shell';
    const label = d.tags[0] ?? d.variant;
    const list = groups.get(kind) ?? [];
    if (!list.includes(label)) list.push(label);
    groups.set(kind, list);
  }
  const order = ['no shell', 'busybox', 'a shell', 'an unverified shell'];
  const parts = order.filter((k) => groups.has(k)).map((k) => `${k} (${groups.get(k)!.join('/')})`);
  const text = `one of: ${parts.slice(0, -1).join(', ')}${parts.length > 1 ? ' or ' : ''}${parts[parts.length - 1]}`;
  const tools: CatalogImage['tools'] = [];
  for (const d of entries) {
    for (const t of d.tools) {
      if (t.state === 'no' || tools.some((x) => x.tool === t.tool && x.via === t.via)) continue;
      const holders = entries.filter((e) => e.tools.some((x) => x.tool === t.tool && x.state !== 'no')).map((e) => e.tags[0] ?? e.variant);
      const tool: CatalogImage['tools'][number] = { tool: t.tool, category: t.category, state: 'unverified', detail: `only in the ${holders.join('/')} variant${holders.length > 1 ? 's' : ''}; the digest may name another` };
      if (t.via) tool.via = t.via;
      tools.push(tool);
    }
  }
  const first = entries[0]!;
  const agree = <K extends keyof CatalogImageData>(k: K): CatalogImageData[K] | undefined => (entries.every((e) => e[k] === first[k]) ? first[k] : undefined);
  const img: CatalogImage = {
    id: `${first.family}@digest`,
    family: first.family,
    variant: text,
    shell: entries.every((e) => e.shell === 'no') ? 'no' : 'unverified',
    busybox: false,
    packageManager: agree('packageManager') ?? 'unverified',
    tools,
    nonRootDefault: agree('nonRootDefault') ?? 'unverified',
    entrypointNeedsShell: entries.every((e) => e.entrypointNeedsShell),
    hardened: false,
    sources: [...new Set(entries.flatMap((e) => e.sources))],
    oneOf: text,
  };
  const runtime = agree('runtime');
  if (runtime) img.runtime = runtime;
  return img;
}

let defaultCatalog: Catalog | undefined;

/**
 * Builds a catalog from `data` (the built-in catalog.json when omitted) and the project's own base images;
 * user entries win over built-in ones for the same repository.
 */
export function loadCatalog(data?: CatalogData, extensions?: readonly UserCatalogEntry[]): Catalog {
  if (data === undefined && (extensions === undefined || extensions.length === 0)) {
    defaultCatalog ??= new Catalog(builtin as unknown as CatalogData);
    return defaultCatalog;
  }
  return new Catalog(data ?? (builtin as unknown as CatalogData), extensions ?? []);
}
