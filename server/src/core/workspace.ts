// The workspace model: every file's facts, parsed once per change of that file, and the join that turns
// them into exposures and findings. The language server, the CLI and the cluster check all drive this.
import type {
  DockerfileFacts,
  Finding,
  ImageFacts,
  ImageLink,
  InputNotice,
  ContainerFacts,
  ManifestFacts,
  Position,
  SecretProviderClassFacts,
  ServiceAccountFacts,
  TokenFacts,
  WorkloadFacts,
  Severity,
  UserCatalogEntry,
} from './model.js';
import type { BuiltImage, Exposure } from './analysis/exposure.js';
import { ChunkedManifestParser, resolveToken, linkProviderClasses, isSuppressed } from './kubernetes/index.js';
import { parseDockerfile, imageFacts, imageFactsFromCatalog } from './docker/index.js';
import { loadCatalog, type Catalog } from './catalog/index.js';
import { classifyFile, readBuildConfig, ImageLinker, type BuildConfigResult } from './linking/index.js';
import { compileGlobs, emptyConfig, CONFIG_FILE_NAMES, type ProjectConfig } from './config/index.js';
import { rules as allRules, ruleIds, type RuleContext, type RuleDef } from './rules/index.js';
import { buildExposureReport, type ExposureRow } from './report.js';
import { hoverAt } from './hover.js';
import { dockerfileSuppressions, type Suppressions } from './suppressions.js';

export interface WorkspaceSettings {
  /** Per-rule severity, or 'off'. Wins over the project config file. */
  rules?: Record<string, Severity | 'off'>;
  /** Globs of workspace-relative paths to leave out. */
  exclude?: string[];
  /** Image → Dockerfile path, from editor settings. */
  imageMap?: Record<string, string>;
  /** Files larger than this are skipped with a notice. */
  maxFileBytes?: number;
}

export interface WorkspaceOptions {
  settings?: WorkspaceSettings;
  /** Rules to run (tests narrow this); all rules by default. */
  rules?: readonly RuleDef[];
}

/**
 * What an image holds according to a source outside the workspace (the registry, for the cluster
 * check). Consulted for images no workspace Dockerfile is linked to, before the catalog.
 */
export type ExternalImageFacts = (image: string) => ImageFacts | undefined;

export interface AnalysisResult {
  findings: Finding[];
  /**
   * The findings of each partition (a manifest's or a Dockerfile's path), sorted. A partition that is
   * reused keeps the same array, so comparing arrays tells a consumer which partitions changed
   * without looking at the findings. Findings usually sit in the partition's own file, but need not.
   */
  partitions?: ReadonlyMap<string, readonly Finding[]>;
  notices: InputNotice[];
  exposures: Exposure[];
  report: ExposureRow[];
  config: ProjectConfig;
}

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
export const CONFIG_FILES: readonly string[] = CONFIG_FILE_NAMES;

type Entry =
  | { kind: 'manifest'; text: string; facts: ManifestFacts }
  | { kind: 'dockerfile'; text: string; facts: DockerfileFacts; suppressions: Suppressions }
  | { kind: 'build-config'; text: string; result: BuildConfigResult }
  | { kind: 'config'; text: string; result: BuildConfigResult }
  | { kind: 'skipped'; text: string; notice: InputNotice }
  | { kind: 'other'; text: string };

export class Workspace {
  private readonly entries = new Map<string, Entry>();
  private settings: WorkspaceSettings;
  private readonly ruleSet: readonly RuleDef[];
  private cached: AnalysisResult | undefined;
  private catalogKey = '';
  private catalogValue: Catalog | undefined;
  private readonly builtCache = new WeakMap<DockerfileFacts, Map<string, BuiltImage>>();
  private external: ExternalImageFacts | undefined;
  private readonly manifestParser = new ChunkedManifestParser();

  constructor(options: WorkspaceOptions = {}) {
    this.settings = options.settings ?? {};
    this.ruleSet = options.rules ?? allRules;
  }

  /** Adds or replaces a file. Only this file is parsed. */
  setFile(path: string, text: string): void {
    const prev = this.entries.get(path);
    if (prev && prev.text === text) return;
    this.entries.set(path, this.parse(path, text));
    this.cached = undefined;
  }

  removeFile(path: string): void {
    this.manifestParser.forget(path);
    if (this.entries.delete(path)) this.cached = undefined;
  }

  hasFile(path: string): boolean {
    return this.entries.has(path);
  }

  files(): string[] {
    return [...this.entries.keys()];
  }

  /** Sets (or clears) the outside source of image facts; see ExternalImageFacts. */
  setExternalImageFacts(source: ExternalImageFacts | undefined): void {
    this.external = source;
    this.catalogFacts = new Map();
    this.cached = undefined;
  }

  setSettings(settings: WorkspaceSettings): void {
    const maxChanged = (settings.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES) !== (this.settings.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    this.settings = settings;
    if (maxChanged) for (const [p, e] of this.entries) this.entries.set(p, this.parse(p, e.text));
    this.cached = undefined;
  }

  /** True for paths this workspace reads (manifests, Dockerfiles, build configs, the config file). */
  static isRelevant(path: string): boolean {
    return classifyFile(path) !== 'other' || CONFIG_FILES.some((c) => path === c || path.endsWith(`/${c}`));
  }

  private parse(path: string, text: string): Entry {
    const max = this.settings.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    if (text.length > max) {
      return { kind: 'skipped', text, notice: { file: path, severity: 'info', message: `Skipped: the file is larger than ${max} bytes (secretSurface.maxFileBytes).` } };
    }
    if (text.includes('\u0000')) {
      return { kind: 'skipped', text, notice: { file: path, severity: 'info', message: 'Skipped: the file looks binary.' } };
    }
    if (CONFIG_FILES.includes(path)) {
      return { kind: 'config', text, result: readBuildConfig(path, text, { knownRules: ruleIds }) };
    }
    const kind = classifyFile(path);
    if (kind === 'config') return { kind: 'other', text };
    if (kind === 'dockerfile') {
      const facts = parseDockerfile(path, text);
      return { kind: 'dockerfile', text, facts, suppressions: dockerfileSuppressions(text) };
    }
    if (kind === 'build-config') {
      const result = readBuildConfig(path, text);
      if (result.kind !== 'none') return { kind: 'build-config', text, result };
    }
    return { kind: 'manifest', text, facts: this.manifestParser.parse(path, text, { maxBytes: max }) };
  }

  private catalog(config: ProjectConfig): Catalog {
    const ext: UserCatalogEntry[] = config.catalog;
    const key = JSON.stringify(ext);
    if (!this.catalogValue || key !== this.catalogKey) {
      this.catalogValue = loadCatalog(undefined, ext);
      this.catalogKey = key;
      // Image facts depend on the catalog: drop what was built with the old one.
      this.builtCacheGeneration++;
      this.catalogFacts = new Map();
    }
    return this.catalogValue;
  }
  private builtCacheGeneration = 0;

  private built(df: DockerfileFacts, target: string | undefined, catalog: Catalog): BuiltImage {
    let byTarget = this.builtCache.get(df);
    if (!byTarget) {
      byTarget = new Map();
      this.builtCache.set(df, byTarget);
    }
    const key = `${this.builtCacheGeneration}|${target ?? ''}`;
    let b = byTarget.get(key);
    if (!b) {
      b = { dockerfile: df, facts: imageFacts(df, catalog, target) };
      if (target !== undefined) b.target = target;
      byTarget.set(key, b);
    }
    return b;
  }

  analyze(): AnalysisResult {
    if (this.cached) return this.cached;
    const notices: InputNotice[] = [];
    let config: ProjectConfig = emptyConfig();
    let configResult: BuildConfigResult | undefined;
    for (const p of CONFIG_FILES) {
      const e = this.entries.get(p);
      if (e?.kind === 'config') {
        configResult = e.result;
        if (e.result.config) config = e.result.config;
        notices.push(...e.result.notices);
        break;
      }
    }
    const catalog = this.catalog(config);
    const overrides: Record<string, Severity | 'off'> = { ...config.rules, ...(this.settings.rules ?? {}) };
    const excludeGlobs = [...config.exclude, ...(this.settings.exclude ?? [])];
    const excluded = compileGlobs(excludeGlobs);
    // Everything that turns a rule's raw findings into reported ones; part of every partition's key.
    const policy = JSON.stringify([overrides, excludeGlobs]);

    const manifests: ManifestFacts[] = [];
    const dockerfiles = new Map<string, Extract<Entry, { kind: 'dockerfile' }>>();
    const buildConfigs: BuildConfigResult[] = [];
    for (const [path, e] of this.entries) {
      if (excluded(path)) continue;
      switch (e.kind) {
        case 'manifest':
          notices.push(...e.facts.notices);
          if (!e.facts.notKubernetes) manifests.push(e.facts);
          break;
        case 'dockerfile':
          notices.push(...e.facts.notices);
          dockerfiles.set(path, e);
          break;
        case 'build-config':
          notices.push(...e.result.notices);
          buildConfigs.push(e.result);
          break;
        case 'skipped':
          notices.push(e.notice);
          break;
        case 'config':
        case 'other':
          break;
      }
    }

    const linker = this.linkerFor(configResult ? [configResult, ...buildConfigs] : buildConfigs, [...dockerfiles.keys()]);
    notices.push(...linker.notices);

    // Indexed by namespace/name: a workspace has thousands of each, and every workload looks one up.
    // Rebuilt only when a manifest that holds such objects changed.
    const { serviceAccounts, providerClasses } = this.objectIndex(manifests);

    // Manifest partitions: a manifest's YAML-side findings depend only on its own exposures, so a
    // manifest whose exposures have the same inputs as last time keeps its exposures and findings.
    const partitions = new Map<string, Partition>();
    const exposures: Exposure[] = [];
    const imagesByDockerfile = new Map<BuiltImage, Exposure[]>();
    for (const m of manifests) {
      let part = this.manifestParts.get(m.file);
      // Fast path: nothing this manifest read last time has changed, so neither has its result.
      if (!part?.deps || !depsHold(part.deps, { m, linker, policy, catalog, external: this.external, builtGen: this.builtCacheGeneration, serviceAccounts, dockerfiles })) {
        const deps: ManifestDeps = { facts: m, linker, policy, catalog, external: this.external, builtGen: this.builtCacheGeneration, serviceAccounts: [], dockerfiles: [] };
        const resolved: { w: WorkloadFacts; token: TokenFacts; containers: { link?: ImageLink; image: ImageFacts; built?: BuiltImage }[] }[] = [];
        let sig = `${idOf(m)}|${policy}`;
        for (const w of m.workloads) {
          const spcs = providerClasses.get(w.ref.namespace);
          if (spcs) linkProviderClasses([w], spcs);
          const saKey = `${w.ref.namespace}/${w.serviceAccountName || 'default'}`;
          const sas = serviceAccounts.get(saKey);
          deps.serviceAccounts.push({ key: saKey, pick: pickServiceAccount(sas) });
          const token = resolveToken(w, sas ?? []);
          sig += `|${token.mounted}:${token.reason}:${token.location ? idOf(token.location) : ''}`;
          const containers = w.containers.map((c) => {
            const link = linker.resolve(c.image);
            const df = link && !link.missing ? dockerfiles.get(link.dockerfile) : undefined;
            if (link) deps.dockerfiles.push({ path: link.dockerfile, facts: df?.facts });
            const built = link && df ? this.built(df.facts, link.target, catalog) : undefined;
            const image = built ? built.facts : this.catalogImage(c.image, catalog);
            sig += `|${link ? idOf(link) : '-'}:${idOf(image)}`;
            return built ? { link, image, built } : link ? { link, image } : { image };
          });
          resolved.push({ w, token, containers });
        }
        const builts = resolved.flatMap((r) => r.containers.map((c) => c.built));
        if (part && part.sig === sig) {
          part = { ...part, deps, builts };
        } else {
          const own: Exposure[] = [];
          for (const { w, token, containers } of resolved) {
            w.containers.forEach((c: ContainerFacts, i: number) => {
              const { link, image } = containers[i]!;
              const e: Exposure = { file: m.file, workload: w, container: c, secrets: c.secrets, token, image };
              if (link) e.link = link;
              own.push(e);
            });
          }
          const findings = this.runRules({ exposures: own, images: [], dockerImages: [] }, overrides, excluded, (f, rule) => suppressedInManifest(own, f, rule));
          part = { sig, exposures: own, findings: findings.sort(compareFindings), deps, builts };
        }
        this.manifestParts.set(m.file, part);
      }
      partitions.set(m.file, part);
      part.exposures.forEach((e, i) => {
        exposures.push(e);
        const built = part!.builts?.[i];
        if (built) {
          const users = imagesByDockerfile.get(built);
          if (users) users.push(e);
          else imagesByDockerfile.set(built, [e]);
        }
      });
    }

    // Dockerfile partitions: the images a Dockerfile builds, with the exposures that use them.
    const byDockerfile = new Map<string, BuiltImage[]>();
    for (const built of imagesByDockerfile.keys()) {
      const list = byDockerfile.get(built.dockerfile.file);
      if (list) list.push(built);
      else byDockerfile.set(built.dockerfile.file, [built]);
    }
    for (const [path, df] of dockerfiles) {
      let builtImages = byDockerfile.get(path);
      if (!builtImages) {
        if (df.facts.stages.length === 0) continue;
        builtImages = [this.built(df.facts, undefined, catalog)];
      }
      const sig = `${idOf(df.facts)}|${policy}|${builtImages.map((b) => `${idOf(b)}:${(imagesByDockerfile.get(b) ?? []).map(idOf).join(',')}`).join(';')}`;
      let part = this.dockerParts.get(path);
      if (!part || part.sig !== sig) {
        const ctx: RuleContext = {
          exposures: [],
          images: builtImages.filter((b) => imagesByDockerfile.has(b)).map((b) => ({ built: b, users: imagesByDockerfile.get(b)! })),
          dockerImages: builtImages,
        };
        const findings = this.runRules(ctx, overrides, excluded, (f, rule) => df.suppressions.suppresses(rule, f.location.range.start.line));
        part = { sig, exposures: [], findings: findings.sort(compareFindings) };
        this.dockerParts.set(path, part);
      }
      partitions.set(path, part);
    }
    for (const map of [this.manifestParts, this.dockerParts]) for (const k of map.keys()) if (!partitions.has(k)) map.delete(k);

    const byPartition = new Map<string, readonly Finding[]>();
    for (const [key, part] of partitions) byPartition.set(key, part.findings);
    // The flat list and the report are built when first asked for: the language server reads the
    // partitions instead, and an edit then costs nothing per unchanged finding.
    const sortedKeys = (): string[] => {
      if (!this.sortedKeys || this.sortedKeys.length !== partitions.size || this.sortedKeys.some((k) => !partitions.has(k))) {
        this.sortedKeys = [...partitions.keys()].sort(compareText);
      }
      return this.sortedKeys;
    };
    let findings: Finding[] | undefined;
    const flat = (): Finding[] => {
      if (findings) return findings;
      // Each partition's findings are sorted and usually sit in its own file, so file order is enough.
      const out: Finding[] = [];
      let spansFiles = false;
      for (const key of sortedKeys()) {
        for (const f of byPartition.get(key)!) {
          if (f.location.file !== key) spansFiles = true;
          out.push(f);
        }
      }
      if (spansFiles) out.sort(compareFindings);
      return (findings = out);
    };
    let report: ExposureRow[] | undefined;
    this.cached = {
      get findings() {
        return flat();
      },
      partitions: byPartition,
      notices: notices.concat(this.ruleFailures()),
      exposures,
      get report() {
        return (report ??= buildExposureReport(exposures, flat()));
      },
      config,
    };
    return this.cached;
  }

  private readonly manifestParts = new Map<string, Partition>();
  private sortedKeys: string[] | undefined;
  private readonly dockerParts = new Map<string, Partition>();
  private readonly failedRules = new Map<string, string>();
  private linkerCache: { key: string; linker: ImageLinker } | undefined;
  private catalogFacts = new Map<string, ImageFacts>();

  private indexCache: { holders: ManifestFacts[]; serviceAccounts: Map<string, ServiceAccountFacts[]>; providerClasses: Map<string, SecretProviderClassFacts[]> } | undefined;

  private objectIndex(manifests: readonly ManifestFacts[]): { serviceAccounts: Map<string, ServiceAccountFacts[]>; providerClasses: Map<string, SecretProviderClassFacts[]> } {
    // The manifests that hold such objects, compared by identity (no key string to build per analysis).
    const holders: ManifestFacts[] = [];
    for (const m of manifests) if (m.serviceAccounts.length || m.secretProviderClasses.length) holders.push(m);
    const cache = this.indexCache;
    if (cache && cache.holders.length === holders.length && holders.every((m, i) => cache.holders[i] === m)) return cache;
    this.indexCache = {
      holders,
      serviceAccounts: groupBy(holders.flatMap((m) => m.serviceAccounts), (s) => `${s.namespace}/${s.name}`),
      providerClasses: groupBy(holders.flatMap((m) => m.secretProviderClasses), (s) => s.namespace),
    };
    return this.indexCache;
  }

  /** The linker is rebuilt only when a build config, the set of Dockerfiles or the image setting changed. */
  private linkerFor(results: BuildConfigResult[], dockerfiles: string[]): ImageLinker {
    const settings = this.settings.imageMap ?? {};
    const key = `${results.map(idOf).join(',')}|${dockerfiles.join('\u0000')}|${JSON.stringify(settings)}`;
    if (this.linkerCache?.key !== key) this.linkerCache = { key, linker: new ImageLinker({ results, settings, dockerfiles }) };
    return this.linkerCache.linker;
  }

  /** Facts for an image no workspace Dockerfile builds: the outside source, else the catalog. Kept while the catalog is. */
  private catalogImage(image: string, catalog: Catalog): ImageFacts {
    let f = this.catalogFacts.get(image);
    if (!f) {
      f = this.external?.(image) ?? imageFactsFromCatalog(image, catalog);
      this.catalogFacts.set(image, f);
    }
    return f;
  }

  /** Runs every rule over one partition and applies severities, excludes and suppressions. */
  private runRules(
    ctx: RuleContext,
    overrides: Record<string, Severity | 'off'>,
    excluded: (path: string) => boolean,
    suppressed: (f: Omit<Finding, 'severity'>, rule: string) => boolean,
  ): Finding[] {
    const out: Finding[] = [];
    for (const rule of this.ruleSet) {
      const severity = overrides[rule.id] ?? rule.defaultSeverity;
      if (severity === 'off') continue;
      let raw: Omit<Finding, 'severity'>[];
      try {
        raw = rule.check(ctx);
      } catch (err) {
        // Reported once per rule, however many partitions it failed on; the other rules still run.
        if (!this.failedRules.has(rule.id)) this.failedRules.set(rule.id, err instanceof Error ? err.message : String(err));
        continue;
      }
      for (const f of raw) {
        if (excluded(f.location.file) || suppressed(f, rule.id)) continue;
        out.push({ ...f, severity });
      }
    }
    return out;
  }

  private ruleFailures(): InputNotice[] {
    return [...this.failedRules].map(([id, message]) => ({ file: '', severity: 'error' as const, message: `Rule ${id} failed: ${message}` }));
  }

  hover(path: string, position: Position): string | undefined {
    const result = this.analyze();
    const e = this.entries.get(path);
    return hoverAt(path, position, result, e?.kind === 'dockerfile' ? e.facts : undefined);
  }

  /** The current text of a file the workspace holds (fixes read it). */
  text(path: string): string | undefined {
    return this.entries.get(path)?.text;
  }

  dockerfileFacts(path: string): DockerfileFacts | undefined {
    const e = this.entries.get(path);
    return e?.kind === 'dockerfile' ? e.facts : undefined;
  }

  manifestFacts(path: string): ManifestFacts | undefined {
    const e = this.entries.get(path);
    return e?.kind === 'manifest' ? e.facts : undefined;
  }
}

/** What one partition (a manifest, or a Dockerfile) contributed, and the inputs it was computed from. */
interface Partition {
  sig: string;
  exposures: Exposure[];
  findings: Finding[];
  /** Manifests: what the result was computed from, and the Dockerfile image of each exposure. */
  deps?: ManifestDeps;
  builts?: (BuiltImage | undefined)[];
}

interface ManifestDeps {
  facts: ManifestFacts;
  linker: ImageLinker;
  policy: string;
  catalog: Catalog;
  external: ExternalImageFacts | undefined;
  builtGen: number;
  /** Each workload's ServiceAccount key and the object that decided its token (if any). */
  serviceAccounts: { key: string; pick: ServiceAccountFacts | undefined }[];
  /** Each linked Dockerfile and the facts it had. */
  dockerfiles: { path: string; facts: DockerfileFacts | undefined }[];
}

function depsHold(
  d: ManifestDeps,
  now: {
    m: ManifestFacts;
    linker: ImageLinker;
    policy: string;
    catalog: Catalog;
    external: ExternalImageFacts | undefined;
    builtGen: number;
    serviceAccounts: Map<string, ServiceAccountFacts[]>;
    dockerfiles: Map<string, { facts: DockerfileFacts }>;
  },
): boolean {
  return (
    d.facts === now.m &&
    d.linker === now.linker &&
    d.policy === now.policy &&
    d.catalog === now.catalog &&
    d.external === now.external &&
    d.builtGen === now.builtGen &&
    d.serviceAccounts.every((s) => pickServiceAccount(now.serviceAccounts.get(s.key)) === s.pick) &&
    d.dockerfiles.every((x) => now.dockerfiles.get(x.path)?.facts === x.facts)
  );
}

/** The ServiceAccount object whose setting decides the token, as resolveToken picks it. */
function pickServiceAccount(list: readonly ServiceAccountFacts[] | undefined): ServiceAccountFacts | undefined {
  return list?.find((s) => s.automountToken);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const ids = new WeakMap<object, number>();
let nextId = 1;
/** A stable number per object, so partition keys can say "the same facts object as last time". */
function idOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}

/** A YAML-side finding is silenced by its workload's annotation or comment, or its container's comment. */
function suppressedInManifest(own: readonly Exposure[], f: Omit<Finding, 'severity'>, rule: string): boolean {
  const e = f.workload && own.find((x) => x.workload.ref === f.workload && x.container.name === f.container);
  return !!e && (isSuppressed(e.workload.suppressed, rule) || isSuppressed(e.container.suppressed, rule));
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  }
  return m;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

export function severityRank(s: Severity): number {
  return SEVERITY_ORDER[s];
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.location.file, b.location.file) ||
    a.location.range.start.line - b.location.range.start.line ||
    a.location.range.start.character - b.location.range.start.character ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.rule.localeCompare(b.rule)
  );
}
