// The workspace model: every file's facts, parsed once per change of that file, and the join that turns
// them into exposures and findings. The language server, the CLI and the cluster check all drive this.
import type {
  DockerfileFacts,
  Finding,
  ImageFacts,
  ImageLink,
  InputNotice,
  ManifestFacts,
  Position,
  Severity,
  UserCatalogEntry,
} from './model.js';
import type { BuiltImage, Exposure } from './analysis/exposure.js';
import { parseManifest, resolveToken, linkProviderClasses, isSuppressed } from './kubernetes/index.js';
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
  /** Path of the project config file relative to the workspace (default `.secret-surface.yaml`). */
  configPath?: string;
}

/**
 * What an image holds according to a source outside the workspace (the registry, for the cluster
 * check). Consulted for images no workspace Dockerfile is linked to, before the catalog.
 */
export type ExternalImageFacts = (image: string) => ImageFacts | undefined;

export interface AnalysisResult {
  findings: Finding[];
  notices: InputNotice[];
  exposures: Exposure[];
  report: ExposureRow[];
  /** Which Dockerfile (and build config) each manifest's findings depend on. */
  links: Map<string, ImageLink>;
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
  private readonly configPaths: readonly string[];
  private cached: AnalysisResult | undefined;
  private catalogKey = '';
  private catalogValue: Catalog | undefined;
  private readonly builtCache = new WeakMap<DockerfileFacts, Map<string, BuiltImage>>();
  private external: ExternalImageFacts | undefined;

  constructor(options: WorkspaceOptions = {}) {
    this.settings = options.settings ?? {};
    this.ruleSet = options.rules ?? allRules;
    this.configPaths = options.configPath ? [options.configPath] : CONFIG_FILES;
  }

  /** Adds or replaces a file. Only this file is parsed. */
  setFile(path: string, text: string): void {
    const prev = this.entries.get(path);
    if (prev && prev.text === text) return;
    this.entries.set(path, this.parse(path, text));
    this.cached = undefined;
  }

  removeFile(path: string): void {
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
    if (this.configPaths.includes(path)) {
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
    return { kind: 'manifest', text, facts: parseManifest(path, text, { maxBytes: max }) };
  }

  private catalog(config: ProjectConfig): Catalog {
    const ext: UserCatalogEntry[] = config.catalog;
    const key = JSON.stringify(ext);
    if (!this.catalogValue || key !== this.catalogKey) {
      this.catalogValue = loadCatalog(undefined, ext);
      this.catalogKey = key;
      // Image facts depend on the catalog: drop what was built with the old one.
      this.builtCacheGeneration++;
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
    for (const p of this.configPaths) {
      const e = this.entries.get(p);
      if (e?.kind === 'config') {
        configResult = e.result;
        if (e.result.config) config = e.result.config;
        notices.push(...e.result.notices);
        break;
      }
    }
    const catalog = this.catalog(config);
    const excluded = compileGlobs([...config.exclude, ...(this.settings.exclude ?? [])]);

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

    const linker = new ImageLinker({
      results: configResult ? [configResult, ...buildConfigs] : buildConfigs,
      settings: this.settings.imageMap ?? {},
      dockerfiles: [...dockerfiles.keys()],
    });
    notices.push(...linker.notices);

    // Indexed by namespace/name: a workspace has thousands of each, and every workload looks one up.
    const serviceAccounts = groupBy(manifests.flatMap((m) => m.serviceAccounts), (s) => `${s.namespace}/${s.name}`);
    const providerClasses = groupBy(manifests.flatMap((m) => m.secretProviderClasses), (s) => s.namespace);

    const exposures: Exposure[] = [];
    const links = new Map<string, ImageLink>();
    const imagesByDockerfile = new Map<BuiltImage, Exposure[]>();
    const catalogFacts = new Map<string, ImageFacts>();
    for (const m of manifests) {
      for (const w of m.workloads) {
        const spcs = providerClasses.get(w.ref.namespace);
        if (spcs) linkProviderClasses([w], spcs);
        const token = resolveToken(w, serviceAccounts.get(`${w.ref.namespace}/${w.serviceAccountName || 'default'}`) ?? []);
        for (const c of w.containers) {
          const link = linker.resolve(c.image);
          let image: ImageFacts;
          let built: BuiltImage | undefined;
          const df = link && !link.missing ? dockerfiles.get(link.dockerfile) : undefined;
          if (link && df) {
            built = this.built(df.facts, link.target, catalog);
            image = built.facts;
          } else {
            let f = catalogFacts.get(c.image);
            if (!f) {
              f = this.external?.(c.image) ?? imageFactsFromCatalog(c.image, catalog);
              catalogFacts.set(c.image, f);
            }
            image = f;
          }
          const exposure: Exposure = { file: m.file, workload: w, container: c, secrets: c.secrets, token, image };
          if (link) {
            exposure.link = link;
            links.set(`${m.file}|${c.image}`, link);
          }
          exposures.push(exposure);
          if (built) {
            const users = imagesByDockerfile.get(built) ?? [];
            users.push(exposure);
            imagesByDockerfile.set(built, users);
          }
        }
      }
    }

    const dockerImages: BuiltImage[] = [...imagesByDockerfile.keys()];
    const used = new Set(dockerImages.map((b) => b.dockerfile));
    for (const { facts } of dockerfiles.values()) {
      if (!used.has(facts) && facts.stages.length > 0) dockerImages.push(this.built(facts, undefined, catalog));
    }
    const ctx: RuleContext = {
      exposures,
      images: [...imagesByDockerfile].map(([built, users]) => ({ built, users })),
      dockerImages,
    };

    const findings: Finding[] = [];
    const overrides: Record<string, Severity | 'off'> = { ...config.rules, ...(this.settings.rules ?? {}) };
    const workloadSuppressions = new Map<string, { workload: string[]; containers: Map<string, string[]> }>();
    for (const e of exposures) {
      const key = suppressionKey(e.file, e.workload.ref);
      const entry = workloadSuppressions.get(key) ?? { workload: e.workload.suppressed, containers: new Map() };
      const cs = e.container.suppressed;
      if (cs) entry.containers.set(e.container.name, cs);
      workloadSuppressions.set(key, entry);
    }
    for (const rule of this.ruleSet) {
      const sev = overrides[rule.id] ?? rule.defaultSeverity;
      if (sev === 'off') continue;
      let raw: Omit<Finding, 'severity'>[];
      try {
        raw = rule.check(ctx);
      } catch (err) {
        notices.push({ file: '', severity: 'error', message: `Rule ${rule.id} failed: ${err instanceof Error ? err.message : String(err)}` });
        continue;
      }
      for (const f of raw) {
        if (excluded(f.location.file)) continue;
        if (f.workload) {
          const s = workloadSuppressions.get(suppressionKey(f.location.file, f.workload));
          if (s && (isSuppressed(s.workload, rule.id) || (f.container && isSuppressed(s.containers.get(f.container), rule.id)))) continue;
        } else {
          const df = dockerfiles.get(f.location.file);
          if (df && df.suppressions.suppresses(rule.id, f.location.range.start.line)) continue;
        }
        findings.push({ ...f, severity: sev });
      }
    }
    findings.sort(compareFindings);
    // The report is for the report view and request only: build it when first asked for.
    let report: ExposureRow[] | undefined;
    this.cached = {
      findings,
      notices,
      exposures,
      get report() {
        return (report ??= buildExposureReport(exposures, findings));
      },
      links,
      config,
    };
    return this.cached;
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

function suppressionKey(file: string, ref: { kind: string; namespace: string; name: string }): string {
  return `${file}|${ref.kind}|${ref.namespace}|${ref.name}`;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

export function severityRank(s: Severity): number {
  return SEVERITY_ORDER[s];
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    a.location.file.localeCompare(b.location.file) ||
    a.location.range.start.line - b.location.range.start.line ||
    a.location.range.start.character - b.location.range.start.character ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.rule.localeCompare(b.rule)
  );
}
