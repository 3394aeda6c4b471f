// The workspace model: the file store (every file's text and facts, parsed once per change of that
// file), parse dispatch, and the caches the join reads through. The join itself is
// analysis/join.ts; the language server, the CLI and the cluster check all drive it through here.
import {
  DEFAULT_MAX_FILE_BYTES,
  type DockerfileFacts,
  type Finding,
  type FindingVulnerabilities,
  type ImageFacts,
  type InputNotice,
  type ManifestFacts,
  type UserCatalogEntry,
  type WorkspaceSettings,
} from './model.js';
import type { BuiltImage } from './exposure.js';
import { ChunkedManifestParser } from './kubernetes/index.js';
import { imageFacts, imageFactsFromCatalog } from './docker/index.js';
import { parseFile, type ParsedFile } from './parse-file.js';
import { loadCatalog, type Catalog } from './catalog/index.js';
import { classifyFile, composeLinks, COMPOSE_ENV_FILE, ImageLinker, type BuildConfigResult } from './linking/index.js';
import { dirOf, joinPath } from './paths.js';
import { emptyConfig, CONFIG_FILE_NAMES, isDefaultExcluded, type ProjectConfig } from './config/index.js';
import { rules as allRules, ruleIds, type RuleDef } from './rules/index.js';
import { dockerfileSuppressions } from './docker/suppressions.js';
import { join, type Joined } from './analysis/join.js';
import { buildObjectIndex, type DockerInput, type ObjectIndex } from './analysis/partitions.js';
import { compareText, policyFor, ruleFailureNotices, type Policy } from './analysis/run-rules.js';
import { analysisResult, type AnalysisResult } from './analysis/result.js';
import { DEFAULT_VULN_THRESHOLD, imageVulnLookup, type VulnThreshold } from './vulns/apply.js';
import type { VulnReport } from './vulns/reports.js';
import { RenderState, summarize, type ChartSettings, type RenderOutcome, type RenderPlan } from './render/index.js';
import { interned } from './text/intern.js';
import { sameItems } from './same-items.js';

export type { AnalysisResult } from './analysis/result.js';
export type { WorkspaceSettings } from './model.js';

export interface WorkspaceOptions {
  settings?: WorkspaceSettings;
  /** Rules to run (tests narrow this); all rules by default. */
  rules?: readonly RuleDef[];
  /**
   * The workspace folder's directory name, from the adapter: a root `Dockerfile` builds the image whose
   * last path segment is this name, and it is compose's project name for a compose file at the root.
   */
  workspaceName?: string;
}

/**
 * What an image holds according to a source outside the workspace (the registry, for the cluster
 * check and `scan --registry`). Consulted for images no workspace Dockerfile is linked to, before the
 * catalog, and for a Dockerfile's FROM base that the catalog does not know.
 */
export type ExternalImageFacts = (image: string) => ImageFacts | undefined;

export const CONFIG_FILES: readonly string[] = CONFIG_FILE_NAMES;

/** What every analysis reads of an entry, worked out once when the file is stored. */
interface EntryDigest {
  text: string;
  /** The file's own notices (a manifest's, a Dockerfile's, a build config's, the skip notice). */
  notices: readonly InputNotice[];
  /** Why the file was not analysed, for the summary (not for files that hold no Kubernetes object). */
  skipped: string | undefined;
  /** A manifest that holds Kubernetes objects: the join reads it. */
  deployed: boolean;
  /** A manifest that holds ServiceAccounts, SecretProviderClasses or Secret sources: the object index reads it. */
  holder: boolean;
  /** Under a directory the default excludes name (vendor/, testdata/ …). */
  defaultExcluded: boolean;
}

type Entry = EntryDigest &
  (
    | { kind: 'manifest'; facts: ManifestFacts }
    | ({ kind: 'dockerfile' } & DockerInput)
    | { kind: 'build-config'; result: BuildConfigResult }
    | { kind: 'config'; result: BuildConfigResult }
    | { kind: 'skipped'; notice: InputNotice }
    | { kind: 'other' }
  );

export class Workspace {
  /** By path; kept in code-unit order of the paths (see sortedEntries()), so a result never depends on the order files were added. */
  private entries = new Map<string, Entry>();
  private sorted = true;
  private settings: WorkspaceSettings;
  private readonly ruleSet: readonly RuleDef[];
  private readonly workspaceName: string | undefined;
  private readonly manifestParser = new ChunkedManifestParser();
  /** Charts and overlays: the render plan, what adapters reported, the rendered manifests. */
  private readonly render = new RenderState();
  /** Vulnerability reports the adapter read (core/vulns), the threshold it was given, and the lookup over them. */
  private vulnReports: readonly VulnReport[] = [];
  private vulnThreshold: VulnThreshold | undefined;
  private vulnLookup: { key: string; get: (image: string) => FindingVulnerabilities | undefined } | undefined;
  private external: ExternalImageFacts | undefined;
  /** The last analysis, until something changes. */
  private cached: AnalysisResult | undefined;
  /** The partitions of the last analysis, which the next one keeps where they still hold. */
  private joined: Joined | undefined;
  /** The findings per partition of the last analysis when nothing was rendered: the next result starts from them. */
  private lastPartitions: { joined: Joined; partitions: ReadonlyMap<string, readonly Finding[]> } | undefined;

  // Caches the join reads through. Each hands out the same object for the same input while that
  // input is unchanged, which is what lets a partition tell that its inputs still hold.
  private catalogKey = '';
  private catalogValue: Catalog | undefined;
  /** Bumped whenever the catalog changes: image facts built with the old one are stale. */
  private catalogGeneration = 0;
  /** Per Dockerfile facts: its images by target (undefined: the final stage), built with the catalog of `generation`. */
  private readonly builtCache = new WeakMap<DockerfileFacts, { generation: number; byTarget: Map<string | undefined, BuiltImage> }>();
  private catalogFacts = new Map<string, ImageFacts>();
  private linkerCache: { results: readonly BuildConfigResult[]; dockerfiles: readonly string[]; imageMap: string; linker: ImageLinker } | undefined;
  private indexCache: { holders: readonly ManifestFacts[]; index: ObjectIndex } | undefined;
  /** Per directory: the links of its compose files made with each other and its `.env`, kept while those are the same. */
  /** Files the adapter's walk left unread under the default excludes (only counted). */
  private unreadExcluded: readonly string[] = [];
  private composeCache = new Map<string, { files: readonly BuildConfigResult[]; env: string | undefined; result: BuildConfigResult }>();
  private excludedCache: { key: string; byPath: Map<string, boolean> } | undefined;

  constructor(options: WorkspaceOptions = {}) {
    this.settings = options.settings ?? {};
    this.ruleSet = options.rules ?? allRules;
    this.workspaceName = options.workspaceName;
  }

  /** Adds or replaces a file. Only this file is parsed. */
  setFile(path: string, text: string): void {
    this.store(path, text, () => this.parse(path, text));
  }

  /**
   * Adds or replaces a file whose facts `parseFile` computed elsewhere (a worker thread) with
   * `options.maxFileBytes`; the same as `setFile(path, text)`. Facts made under another size limit
   * than this workspace's are not used: the file is parsed here.
   */
  setParsedFile(path: string, text: string, parsed: ParsedFile, options: { maxFileBytes?: number }): void {
    if ((options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES) !== this.maxFileBytes()) return this.setFile(path, text);
    this.store(path, text, () => {
      // The per-document cache holds the previous text's documents; the next edit reads afresh.
      this.manifestParser.forget(path);
      return this.entry(path, text, shareStrings(parsed, path));
    });
  }

  private store(path: string, text: string, entry: () => Entry): void {
    const prev = this.entries.get(path);
    if (prev && prev.text === text) return;
    if (!prev) this.sorted = false;
    this.render.noteFile(path, text, !prev);
    this.entries.set(path, entry());
    this.cached = undefined;
  }

  /** What `parseFile` needs to compute this workspace's facts elsewhere. */
  parseOptions(): { maxFileBytes: number } {
    return { maxFileBytes: this.maxFileBytes() };
  }

  removeFile(path: string): void {
    this.manifestParser.forget(path);
    if (this.entries.delete(path)) {
      this.render.noteFile(path, undefined, false);
      this.cached = undefined;
    }
  }

  hasFile(path: string): boolean {
    return this.entries.has(path);
  }

  files(): string[] {
    return [...this.entries.keys()];
  }

  /** The charts and overlays to render, and the files only rendering reads. Adapters run the tools it names. */
  renderPlan(): RenderPlan {
    return this.render.plan(() => this.files(), this.chartSettings(this.configResult()?.config));
  }

  /** What an adapter got from rendering one unit of the plan (undefined forgets it). */
  setRenderOutcome(unitId: string, outcome: RenderOutcome | undefined): void {
    this.render.setOutcome(unitId, outcome);
    this.cached = undefined;
  }

  private chartSettings(config: ProjectConfig | undefined): Record<string, ChartSettings> {
    return { ...(config?.charts ?? {}), ...(this.settings.charts ?? {}) };
  }

  private configResult(): BuildConfigResult | undefined {
    for (const p of CONFIG_FILES) {
      const e = this.entries.get(p);
      if (e?.kind === 'config') return e.result;
    }
    return undefined;
  }

  /**
   * The vulnerability reports to match images with (parsed by the adapter: parseVulnReport), and a threshold
   * that wins over `.secret-surface.yaml` `vulnerabilities.threshold`. An empty list clears them.
   */
  setVulnerabilityReports(reports: readonly VulnReport[], threshold?: VulnThreshold): void {
    this.vulnReports = reports;
    this.vulnThreshold = threshold;
    this.vulnLookup = undefined;
    this.cached = undefined;
  }

  /** The lookup the join reads: kept (with its answers) while the reports and the threshold in force are. */
  private vulnsFor(config: ProjectConfig): NonNullable<Workspace['vulnLookup']> {
    const threshold = this.vulnThreshold ?? config.vulnerabilities?.threshold ?? DEFAULT_VULN_THRESHOLD;
    const key = JSON.stringify(threshold);
    if (this.vulnLookup?.key !== key) this.vulnLookup = { key, get: imageVulnLookup(this.vulnReports, threshold) };
    return this.vulnLookup;
  }

  /**
   * The candidate files the adapter's folder walk did not read because they lie under the default
   * excludes: counted in the summary while the config leaves `defaultExcludes` on.
   */
  setExcludedByDefault(paths: readonly string[]): void {
    this.unreadExcluded = paths;
    this.cached = undefined;
  }

  /** Whether the config file leaves the default excludes on (the adapters' walk asks before reading them). */
  defaultExcludes(): boolean {
    return this.configResult()?.config?.defaultExcludes ?? true;
  }

  /** Sets (or clears) the outside source of image facts; see ExternalImageFacts. */
  setExternalImageFacts(source: ExternalImageFacts | undefined): void {
    this.external = source;
    this.catalogFacts = new Map();
    // Built images read the outside source for bases the catalog does not know.
    this.catalogGeneration++;
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
    const policy = policyFor(config, this.settings);

    const rendering = this.render.prepare(() => this.files(), { text: (p) => this.text(p), files: [] }, this.chartSettings(config));
    notices.push(...rendering.notices);
    const skippedFiles: { file: string; reason: string }[] = [];
    const manifests: ManifestFacts[] = [];
    const dockerfiles = new Map<string, DockerInput>();
    const buildConfigs: BuildConfigResult[] = configResult ? [configResult] : [];
    const composeDirs = new Map<string, BuildConfigResult[]>();
    const excludedByDefault = new Set(config.defaultExcludes ? this.unreadExcluded : []);
    // The manifests that hold ServiceAccounts, SecretProviderClasses or Secret sources, in path order.
    let holders: ManifestFacts[] = [];
    const excluded = this.excludedBy(policy);
    for (const [path, e] of this.sortedEntries()) {
      if (e.kind === 'config' || e.kind === 'other' || excluded(path)) continue;
      if (config.defaultExcludes && e.defaultExcluded) {
        excludedByDefault.add(path);
        continue;
      }
      // Chart files, patches and resources an overlay rendered are analysed through the rendered output.
      if (e.kind === 'manifest' && rendering.hidden(path)) continue;
      if (e.kind === 'build-config' && e.result.compose) {
        // A directory's compose files are linked together, with its .env, below.
        const dir = dirOf(path);
        const list = composeDirs.get(dir);
        if (list) list.push(e.result);
        else composeDirs.set(dir, [e.result]);
        continue;
      }
      if (e.skipped !== undefined) skippedFiles.push({ file: path, reason: e.skipped });
      for (const n of e.notices) notices.push(n);
      if (e.kind === 'manifest') {
        if (e.deployed) manifests.push(e.facts);
        if (e.holder) holders.push(e.facts);
      } else if (e.kind === 'dockerfile') dockerfiles.set(path, e);
      else if (e.kind === 'build-config') buildConfigs.push(e.result);
    }
    if (rendering.manifests.length) {
      for (const m of rendering.manifests) {
        notices.push(...m.notices);
        if (!m.notKubernetes && !policy.excluded(m.workloads[0]?.location.file ?? m.file)) manifests.push(m);
      }
      // The join takes manifests in path order; a rendered one is keyed `<source>#<unit>`.
      manifests.sort((a, b) => compareText(a.file, b.file));
      holders = manifests.filter(holdsObjects);
    }
    for (const [dir, files] of composeDirs) {
      const result = this.composeDir(dir, files, policy.excluded);
      notices.push(...result.notices);
      buildConfigs.push(result);
    }
    const linker = this.linkerFor(buildConfigs, [...dockerfiles.keys()]);
    const vulns = this.vulnsFor(config);
    notices.push(...linker.notices);

    const joinedBefore = this.joined;
    this.joined = join(
      {
        manifests,
        dockerfiles,
        index: this.objectIndex(holders),
        policy,
        rules: this.ruleSet,
        link: (image, manifest) => linker.decide(image, manifest),
        built: (df, target) => this.built(df, target, catalog),
        catalogImage: (image) => this.catalogImage(image, catalog),
        linkSource: linker,
        catalogImageSource: this.catalogFacts,
        vulns: vulns.get,
        vulnSource: vulns,
      },
      this.joined,
    );
    const joined = this.joined;
    // Only the flagged partitions hold notices or failures: no visit of the others.
    const failures: ReadonlyMap<string, string>[] = [];
    for (const k of joined.flagged.manifestFailures) failures.push(joined.manifests.get(k)!.failures);
    for (const k of joined.flagged.dockerfileFailures) failures.push(joined.dockerfiles.get(k)!.failures);
    for (const k of joined.flagged.notices) for (const n of joined.manifests.get(k)!.notices) notices.push(n);
    notices.push(...ruleFailureNotices(this.ruleSet, failures));
    // Decorations are the identity unless something was rendered; then every partition is decorated again.
    const previous = rendering.manifests.length === 0 && joinedBefore && this.lastPartitions?.joined === joinedBefore ? this.lastPartitions.partitions : undefined;
    this.cached = analysisResult(joined, notices, config, {
      ...(previous ? { previous } : {}),
      decorate: rendering.decorate,
      summary: (exposures) => summarize({ exposures, units: rendering.units, notRendered: rendering.plan.notRendered, skippedFiles, excludedByDefault: excludedByDefault.size }),
    });
    this.lastPartitions = rendering.manifests.length === 0 && this.cached.partitions ? { joined, partitions: this.cached.partitions } : undefined;
    return this.cached;
  }

  /** The catalog the analysis reads images with: the built-in data plus the config file's entries. */
  catalogInUse(): Catalog {
    return this.catalog(this.analyze().config);
  }

  /** The current text of a file the workspace holds (fixes read it). */
  text(path: string): string | undefined {
    return this.entries.get(path)?.text;
  }

  dockerfileFacts(path: string): DockerfileFacts | undefined {
    const e = this.entries.get(path);
    return e?.kind === 'dockerfile' ? e.facts : undefined;
  }

  /** The notices that say a file does not parse (YAML syntax), from its current text. */
  parseErrors(path: string): InputNotice[] {
    const e = this.entries.get(path);
    const notices = e?.kind === 'manifest' ? e.facts.notices : e?.kind === 'build-config' || e?.kind === 'config' ? e.result.notices : [];
    return notices.filter((n) => n.invalidYaml);
  }

  manifestFacts(path: string): ManifestFacts | undefined {
    const e = this.entries.get(path);
    return e?.kind === 'manifest' ? e.facts : undefined;
  }

  /** The entries in path order. A new path is added at the end, so the map is re-ordered once before the next analysis. */
  private sortedEntries(): ReadonlyMap<string, Entry> {
    if (!this.sorted) {
      this.entries = new Map([...this.entries].sort(([a], [b]) => compareText(a, b)));
      this.sorted = true;
    }
    return this.entries;
  }

  private parse(path: string, text: string): Entry {
    return this.entry(path, text, parseFile(path, text, { maxFileBytes: this.maxFileBytes(), manifests: this.manifestParser, knownRules: ruleIds }));
  }

  private entry(path: string, text: string, parsed: ParsedFile): Entry {
    // Every entry has the same fields in the same order, whatever its kind: each analysis walks every
    // entry, and one object shape keeps those reads cheap in a workspace of thousands of files.
    const p = parsed as Partial<Record<'facts' | 'result' | 'notice', never>>;
    const m = parsed.kind === 'manifest' ? parsed.facts : undefined;
    const notices =
      parsed.kind === 'manifest' || parsed.kind === 'dockerfile'
        ? parsed.facts.notices
        : parsed.kind === 'build-config'
          ? parsed.result.notices
          : parsed.kind === 'skipped'
            ? [parsed.notice]
            : NO_NOTICES;
    return {
      kind: parsed.kind,
      text,
      facts: p.facts,
      result: p.result,
      notice: p.notice,
      // A Dockerfile's suppressions are a look-up over its facts, made here: facts stay plain data.
      suppressions: parsed.kind === 'dockerfile' ? dockerfileSuppressions(parsed.facts) : undefined,
      notices,
      skipped: m ? (m.skipped && !m.notKubernetes ? m.skipped : undefined) : parsed.kind === 'skipped' ? parsed.notice.message : undefined,
      deployed: m !== undefined && !m.notKubernetes,
      holder: m !== undefined && holdsObjects(m),
      defaultExcluded: isDefaultExcluded(path) && !CONFIG_FILES.includes(path),
    } as Entry;
  }

  private maxFileBytes(): number {
    return this.settings.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  private catalog(config: ProjectConfig): Catalog {
    const ext: UserCatalogEntry[] = config.catalog;
    const key = JSON.stringify(ext);
    if (!this.catalogValue || key !== this.catalogKey) {
      this.catalogValue = loadCatalog(undefined, ext);
      this.catalogKey = key;
      // Image facts depend on the catalog: drop what was built with the old one.
      this.catalogGeneration++;
      this.catalogFacts = new Map();
    }
    return this.catalogValue;
  }

  private built(df: DockerfileFacts, target: string | undefined, catalog: Catalog): BuiltImage {
    let cached = this.builtCache.get(df);
    if (cached?.generation !== this.catalogGeneration) {
      cached = { generation: this.catalogGeneration, byTarget: new Map() };
      this.builtCache.set(df, cached);
    }
    let b = cached.byTarget.get(target);
    if (!b) {
      b = { dockerfile: df, facts: imageFacts(df, catalog, target, this.external) };
      if (target !== undefined) b.target = target;
      cached.byTarget.set(target, b);
    }
    return b;
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

  /** The linker is rebuilt only when a build config, the set of Dockerfiles or the image setting changed. */
  private linkerFor(results: readonly BuildConfigResult[], dockerfiles: readonly string[]): ImageLinker {
    const settings = this.settings.imageMap ?? {};
    const imageMap = JSON.stringify(settings);
    const c = this.linkerCache;
    if (c && c.imageMap === imageMap && sameItems(c.results, results) && sameItems(c.dockerfiles, dockerfiles)) return c.linker;
    const linker = new ImageLinker({ results, settings, dockerfiles, ...(this.workspaceName ? { workspaceName: this.workspaceName } : {}) });
    this.linkerCache = { results, dockerfiles, imageMap, linker };
    return linker;
  }

  /**
   * The compose files of one directory as one build config: alone and without a `.env`, the file's own
   * reading; else their links made together, with the `.env` beside them. Kept while those are the same.
   */
  private composeDir(dir: string, files: readonly BuildConfigResult[], excluded: (path: string) => boolean): BuildConfigResult {
    const envPath = joinPath(dir, COMPOSE_ENV_FILE);
    const envText = excluded(envPath) ? undefined : this.entries.get(envPath)?.text;
    // A root compose file's project name is the folder's: its per-file reading does not know it.
    if (files.length === 1 && envText === undefined && !(dir === '' && this.workspaceName)) {
      this.composeCache.delete(dir);
      return files[0]!;
    }
    const hit = this.composeCache.get(dir);
    if (hit && hit.env === envText && sameItems(hit.files, files)) return hit.result;
    const made = composeLinks(
      files.map((f) => f.compose!),
      envText === undefined ? undefined : { file: envPath, text: envText },
      this.workspaceName ? { workspaceName: this.workspaceName } : {},
    );
    const result: BuildConfigResult = { kind: 'compose', links: made.links, notices: [...files.flatMap((f) => f.compose!.notices), ...made.notices] };
    this.composeCache.set(dir, { files, env: envText, result });
    return result;
  }

  /** Indexed by namespace/name: a workspace has thousands of each, and every workload looks one up. */
  private objectIndex(holders: readonly ManifestFacts[]): ObjectIndex {
    // Rebuilt only when a manifest that holds such objects changed (compared by identity).
    if (!this.indexCache || !sameItems(this.indexCache.holders, holders)) this.indexCache = { holders, index: buildObjectIndex(holders) };
    return this.indexCache.index;
  }

  /** The policy's exclude globs as a look-up remembered per path while the globs are the same. */
  private excludedBy(policy: Policy): (path: string) => boolean {
    if (this.excludedCache?.key !== policy.key) this.excludedCache = { key: policy.key, byPath: new Map() };
    const byPath = this.excludedCache.byPath;
    return (path) => {
      let hit = byPath.get(path);
      if (hit === undefined) byPath.set(path, (hit = policy.excluded(path)));
      return hit;
    };
  }

}

const NO_NOTICES: readonly InputNotice[] = [];

/**
 * Facts that crossed from a worker thread are a copy in which every string is its own: the file's
 * path once per location, a namespace or an image once per mention (6 MB more than facts parsed
 * here, on 10,000 files). They are handed over freshly made and unread, so before they are stored
 * each `file` that names this path becomes the one path string, and other short strings are interned
 * (as property keys V8 keeps one copy of each). The values are equal; only their copies go.
 */
function shareStrings<T extends object>(parsed: T, path: string): T {
  const seen = new Set<object>();
  const visit = (o: Record<string, unknown> | unknown[]): void => {
    if (seen.has(o)) return;
    seen.add(o);
    if (Array.isArray(o)) {
      for (const v of o) if (v !== null && typeof v === 'object') visit(v as Record<string, unknown>);
      return;
    }
    for (const k in o) {
      const v = o[k];
      if (typeof v === 'string') {
        if (k === 'file' && v === path) o[k] = path;
        else if (INTERNED_FIELDS.has(k)) o[k] = interned(v);
      } else if (v !== null && typeof v === 'object') visit(v as Record<string, unknown>);
    }
  };
  visit(parsed as Record<string, unknown>);
  return parsed;
}

/** The fields whose values repeat across files (namespaces, kinds, images, names of Secrets and accounts). */
const INTERNED_FIELDS = new Set(['namespace', 'kind', 'image', 'secretName', 'serviceAccountName', 'channel', 'name', 'apiVersion']);

function holdsObjects(m: ManifestFacts): boolean {
  return m.serviceAccounts.length > 0 || m.secretProviderClasses.length > 0 || (m.secretSources?.length ?? 0) > 0;
}

