// The project's own config file, `.secret-surface.yaml`: reads and validates it by hand (the core
// carries no schema engine) so each problem points at the key that caused it and a bad entry costs
// only itself — the rest of the file still applies. schemas/config.schema.json describes the same
// shape for editors; a test keeps the two in agreement.
import type { Node, YAMLMap } from 'yaml';
import type { InputNotice, Location, Severity, UserCatalogEntry } from '../model.js';
import { dirOf, isAbsolutePath, joinPath } from '../paths.js';
import { deref, entries, isMap, isSeq, nodeLocation, parseYamlFile, rootMap, scalarText, type DocContext } from '../yaml/index.js';
import { Checker } from './checker.js';
import { globProblem } from './globs.js';
import { readCharts, type ChartConfig } from './charts-config.js';
import { readPolicyConfig, type PolicyConfig } from './policy-config.js';
import { readRegistryConfig, type RegistryConfig } from './registry-config.js';
import { readRotation, type RotationConfig } from './rotation-config.js';

export const CONFIG_FILE_NAMES = ['.secret-surface.yaml', '.secret-surface.yml'] as const;

/** The config format this code reads. */
export const CONFIG_VERSION = 1;

export type RuleSetting = Severity | 'off';
export const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'info', 'hint', 'off'];

export type CsiProvider = 'vault' | 'aws' | 'azure' | 'gcp';
export const CSI_PROVIDERS: readonly CsiProvider[] = ['vault', 'aws', 'azure', 'gcp'];

/** An `images:` entry: the highest-precedence image → Dockerfile link. */
export interface ConfigImage {
  /** The image as written (a repository; a tag or digest is allowed and ignored when linking). */
  image: string;
  /** Workspace-relative Dockerfile path (resolved against the config file's directory). */
  dockerfile: string;
  target?: string;
  /** The entry's key, for messages and hovers. */
  location?: Location;
}

export interface ProjectConfig {
  /** The config file this came from (workspace-relative), when it came from one. */
  file?: string;
  version: number;
  images: ConfigImage[];
  /** Rule id → severity, or `off`. */
  rules: Record<string, RuleSetting>;
  /** Workspace-relative globs of files and directories not to scan (see compileGlobs). */
  exclude: string[];
  /**
   * Whether the default excludes (DEFAULT_EXCLUDED_DIRS: vendored dependencies, test data, golden
   * outputs) are left out; `defaultExcludes: false` reads them too. True when the file does not say.
   */
  defaultExcludes: boolean;
  /** The user's own base images. */
  catalog: UserCatalogEntry[];
  fixes: { csiProvider?: CsiProvider };
  /** The `policy:` section (admission policies), when the file has one. */
  policy?: PolicyConfig;
  /** Vulnerability reports to read (globs relative to the config file's directory) and the severity threshold. */
  vulnerabilities?: VulnerabilityConfig;
  /** The longest rotation period allowed for Secrets of unhardened images (`rotation.maxInterval`). */
  rotation?: RotationConfig;
  /** Helm charts by workspace-relative directory: release name, namespace and value files to render with. */
  charts: Record<string, ChartConfig>;
  /** Reading undecided images from their registries, and its bounds (the `registry:` section). */
  registry?: RegistryConfig;
}

export interface VulnerabilityConfig {
  reports: string[];
  threshold?: { severity: 'critical' | 'high' | 'medium' | 'low'; count: number };
}

export type { ChartConfig, RegistryConfig };

export interface ParseConfigOptions {
  /** Rule ids the product knows; a `rules:` key outside this list gets a warning. */
  knownRules?: readonly string[];
}

/** The config used when a workspace has no config file. */
export function emptyConfig(): ProjectConfig {
  return { version: CONFIG_VERSION, images: [], rules: {}, exclude: [], defaultExcludes: true, catalog: [], fixes: {}, charts: {} };
}

const TOP_LEVEL_KEYS = ['version', 'images', 'rules', 'exclude', 'defaultExcludes', 'catalog', 'fixes', 'policy', 'vulnerabilities', 'rotation', 'charts', 'registry'];
const VULN_KEYS = ['reports', 'threshold'];
const THRESHOLD_KEYS = ['severity', 'count'];
const THRESHOLD_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const IMAGE_KEYS = ['dockerfile', 'target'];
const CATALOG_KEYS = ['image', 'shell', 'busybox', 'tools', 'runtime', 'user', 'replacement', 'hardened'];
const FIXES_KEYS = ['csiProvider'];

/** Reads `.secret-surface.yaml`; never throws — problems become notices and the key in question is ignored. */
export function parseConfig(file: string, text: string, options: ParseConfigOptions = {}): {
  config: ProjectConfig;
  notices: InputNotice[];
} {
  const y = parseYamlFile(file, text);
  const config: ProjectConfig = { ...emptyConfig(), file };
  const notices = [...y.notices];
  const doc = y.docs[0];
  if (!doc) return { config, notices };
  const c = new Checker(doc, notices);
  if (y.docs.length > 1) {
    c.warn(y.docs[1]!.doc.contents, 'only the first YAML document of the config file is read');
  }
  const contents = deref(doc.doc.contents, doc);
  if (contents === undefined || (scalarText(contents) === undefined && !isMap(contents) && !isSeq(contents))) {
    // An empty file (or only comments) is a valid, empty config.
    if (y.notices.length === 0) c.warn(undefined, 'the config file is empty: add `version: 1`');
    return { config, notices: c.notices };
  }
  const root = rootMap(doc);
  if (!root) {
    c.error(contents, 'the config file must be a mapping (`version: 1`, `images:`, `rules:` …)');
    return { config, notices: c.notices };
  }

  let sawVersion = false;
  for (const e of entries(root, doc)) {
    switch (e.key) {
      case 'version': {
        sawVersion = true;
        const v = scalarText(e.value);
        if ((e.value as { value?: unknown } | null)?.value !== CONFIG_VERSION) {
          c.error(e.value, `unsupported config version ${v === undefined ? '(none)' : JSON.stringify(v)}: write \`version: ${CONFIG_VERSION}\` (the only format this Secret Surface reads)`);
        }
        break;
      }
      case 'images':
        readImages(c, file, e.value, config);
        break;
      case 'rules':
        readRules(c, e.value, config, options);
        break;
      case 'exclude':
        readExclude(c, e.value, config);
        break;
      case 'defaultExcludes': {
        const on = c.boolean(e.value, '`defaultExcludes`');
        if (on !== undefined) config.defaultExcludes = on;
        break;
      }
      case 'catalog':
        readCatalog(c, e.value, config);
        break;
      case 'fixes':
        readFixes(c, e.value, config);
        break;
      case 'policy':
        config.policy = readPolicyConfig(c.doc, e.value, c);
        break;
      case 'vulnerabilities':
        readVulnerabilities(c, e.value, config);
        break;
      case 'registry':
        readRegistryConfig(c, e.value, config);
        break;
      case 'rotation':
        readRotation(c, e.value, config);
        break;
      case 'charts':
        readCharts(c, file, e.value, config);
        break;
      default:
        c.unknownKey(nodeLocation(e.keyNode, c.doc), e.key, 'the config file', TOP_LEVEL_KEYS);
    }
  }
  if (!sawVersion) c.warn(root, `the config file has no \`version:\` — add \`version: ${CONFIG_VERSION}\``);
  return { config, notices: c.notices };
}

function readImages(c: Checker, file: string, node: Node | undefined, config: ProjectConfig): void {
  if (!isMap(node)) {
    c.error(node, '`images` must be a mapping of image → Dockerfile path (or { dockerfile, target })');
    return;
  }
  const base = dirOf(file);
  for (const e of entries(node, c.doc)) {
    const image = e.key.trim();
    if (image === '' || /\s/.test(image)) {
      c.errorAt(nodeLocation(e.keyNode, c.doc), `${JSON.stringify(e.key)} is not an image reference`);
      continue;
    }
    let dockerfile: string | undefined;
    let target: string | undefined;
    const direct = (e.value as { value?: unknown } | null)?.value;
    if (typeof direct === 'string' && !isMap(e.value)) {
      dockerfile = direct;
    } else if (isMap(e.value)) {
      for (const f of entries(e.value, c.doc)) {
        if (f.key === 'dockerfile') {
          const v = c.string(f.value, `images.${image}.dockerfile`);
          if (v !== undefined) dockerfile = v;
        } else if (f.key === 'target') {
          const v = c.string(f.value, `images.${image}.target`);
          if (v !== undefined) target = v;
        } else c.unknownKey(nodeLocation(f.keyNode, c.doc), f.key, `the image entry ${JSON.stringify(image)}`, IMAGE_KEYS);
      }
      if (dockerfile === undefined && !entries(e.value, c.doc).some((f) => f.key === 'dockerfile')) {
        c.errorAt(nodeLocation(e.keyNode, c.doc), `the image entry ${JSON.stringify(image)} needs a \`dockerfile:\``);
        continue;
      }
    } else {
      c.error(e.value ?? e.pair.key as Node, `the image entry ${JSON.stringify(image)} must be a Dockerfile path or { dockerfile, target }`);
      continue;
    }
    if (dockerfile === undefined) continue;
    if (dockerfile.trim() === '') {
      c.error(e.value, `the image entry ${JSON.stringify(image)} has an empty Dockerfile path`);
      continue;
    }
    const entry: ConfigImage = {
      image,
      dockerfile: isAbsolutePath(dockerfile) ? dockerfile : joinPath(base, dockerfile),
    };
    if (target !== undefined) entry.target = target;
    const keyLocation = nodeLocation(e.keyNode, c.doc);
    if (keyLocation) entry.location = keyLocation;
    config.images.push(entry);
  }
}

function readRules(c: Checker, node: Node | undefined, config: ProjectConfig, options: ParseConfigOptions): void {
  if (!isMap(node)) {
    c.error(node, '`rules` must be a mapping of rule id → error | warning | info | hint | off');
    return;
  }
  const known = options.knownRules ? new Set(options.knownRules) : undefined;
  for (const e of entries(node, c.doc)) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(e.key)) {
      c.errorAt(nodeLocation(e.keyNode, c.doc), `${JSON.stringify(e.key)} is not a rule id (rule ids look like \`secret-as-env-var\`)`);
      continue;
    }
    const raw = scalarText(e.value);
    if (raw === undefined || typeof (e.value as { value?: unknown }).value !== 'string' || !(RULE_SETTINGS as readonly string[]).includes(raw)) {
      c.error(e.value ?? (e.pair.key as Node), `rule ${e.key}: ${raw === undefined ? 'no value' : JSON.stringify(raw)} is not one of ${RULE_SETTINGS.join(', ')}`);
      continue;
    }
    if (known && !known.has(e.key)) {
      c.unknownKey(nodeLocation(e.keyNode, c.doc), e.key, 'the rule list', [...known]);
    }
    config.rules[e.key] = raw as RuleSetting;
  }
}

function readExclude(c: Checker, node: Node | undefined, config: ProjectConfig): void {
  if (!isSeq(node)) {
    c.error(node, '`exclude` must be a list of globs, e.g. ["charts/**", "**/testdata/**"]');
    return;
  }
  for (const item of node.items.map((n) => deref(n, c.doc))) {
    const glob = c.string(item, 'an `exclude` entry');
    if (glob === undefined) continue;
    const problem = globProblem(glob);
    if (problem) {
      c.error(item, `the glob ${JSON.stringify(glob)} is ignored: ${problem}`);
      continue;
    }
    config.exclude.push(glob);
  }
}

function readCatalog(c: Checker, node: Node | undefined, config: ProjectConfig): void {
  if (!isSeq(node)) {
    c.error(node, '`catalog` must be a list of base images (`- image: registry.example.com/base/python`)');
    return;
  }
  for (const item of node.items.map((n) => deref(n, c.doc))) {
    if (!isMap(item)) {
      c.error(item, 'a `catalog` entry must be a mapping with at least `image:`');
      continue;
    }
    const entry = readCatalogEntry(c, item);
    if (entry) config.catalog.push(entry);
  }
}

function readCatalogEntry(c: Checker, map: YAMLMap): UserCatalogEntry | undefined {
  const out: Partial<UserCatalogEntry> = {};
  let imageSeen = false;
  for (const e of entries(map, c.doc)) {
    const what = `catalog entry \`${e.key}\``;
    switch (e.key) {
      case 'image': {
        imageSeen = true;
        const v = c.string(e.value, 'a catalog entry’s `image`');
        if (v !== undefined && (v === '' || /\s/.test(v))) c.error(e.value, `${JSON.stringify(v)} is not an image reference`);
        else if (v !== undefined) out.image = v;
        break;
      }
      case 'shell':
      case 'busybox':
      case 'hardened': {
        const v = c.boolean(e.value, what);
        if (v !== undefined) out[e.key] = v;
        break;
      }
      case 'runtime':
      case 'user':
      case 'replacement': {
        const v = c.string(e.value, what);
        if (v !== undefined) out[e.key] = v;
        break;
      }
      case 'tools': {
        if (!isSeq(e.value)) {
          c.error(e.value, 'catalog entry `tools` must be a list of tool names ([python3, curl])');
          break;
        }
        const tools: string[] = [];
        for (const t of e.value.items.map((n) => deref(n, c.doc))) {
          const v = c.string(t, 'a tool name');
          if (v !== undefined) tools.push(v);
        }
        out.tools = tools;
        break;
      }
      default:
        c.unknownKey(nodeLocation(e.keyNode, c.doc), e.key, 'a catalog entry', CATALOG_KEYS);
    }
  }
  if (out.image === undefined) {
    if (!imageSeen) c.error(map, 'this catalog entry is ignored: it has no `image:`');
    return undefined;
  }
  return out as UserCatalogEntry;
}

function readFixes(c: Checker, node: Node | undefined, config: ProjectConfig): void {
  if (!isMap(node)) {
    c.error(node, '`fixes` must be a mapping (`csiProvider: vault`)');
    return;
  }
  for (const e of entries(node, c.doc)) {
    if (e.key === 'csiProvider') {
      const v = scalarText(e.value);
      if (v === undefined || !(CSI_PROVIDERS as readonly string[]).includes(v)) {
        c.error(e.value ?? (e.pair.key as Node), `fixes.csiProvider: ${v === undefined ? 'no value' : JSON.stringify(v)} is not one of ${CSI_PROVIDERS.join(', ')}`);
        continue;
      }
      config.fixes.csiProvider = v as CsiProvider;
    } else c.unknownKey(nodeLocation(e.keyNode, c.doc), e.key, '`fixes`', FIXES_KEYS);
  }
}

function readVulnerabilities(c: Checker, node: Node | undefined, config: ProjectConfig): void {
  if (!isMap(node)) {
    c.error(node, '`vulnerabilities` must be a mapping (`reports: [scans/*.json]`, `threshold: { severity: critical, count: 1 }`)');
    return;
  }
  const out: VulnerabilityConfig = { reports: [] };
  for (const e of entries(node, c.doc)) {
    if (e.key === 'reports') {
      if (!isSeq(e.value)) {
        c.error(e.value ?? (e.pair.key as Node), '`vulnerabilities.reports` must be a list of files or globs');
        continue;
      }
      for (const item of e.value.items) {
        const v = c.string(item as Node, 'a vulnerability report path');
        if (v !== undefined && v.trim() !== '') out.reports.push(v.trim());
      }
    } else if (e.key === 'threshold') {
      if (!isMap(e.value)) {
        c.error(e.value ?? (e.pair.key as Node), '`vulnerabilities.threshold` must be a mapping (`severity: critical`, `count: 1`)');
        continue;
      }
      let severity: VulnerabilityConfig['threshold'] extends infer T ? (T extends { severity: infer S } ? S : never) : never = 'critical';
      let count = 1;
      for (const t of entries(e.value, c.doc)) {
        const raw = (t.value as { value?: unknown } | null)?.value;
        if (t.key === 'severity') {
          if (typeof raw !== 'string' || !(THRESHOLD_SEVERITIES as readonly string[]).includes(raw)) {
            c.error(t.value ?? (t.pair.key as Node), `vulnerabilities.threshold.severity: ${JSON.stringify(raw ?? null)} is not one of ${THRESHOLD_SEVERITIES.join(', ')}`);
            continue;
          }
          severity = raw as typeof severity;
        } else if (t.key === 'count') {
          if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0) {
            c.error(t.value ?? (t.pair.key as Node), 'vulnerabilities.threshold.count must be a whole number (0 turns the threshold off)');
            continue;
          }
          count = raw;
        } else c.unknownKey(nodeLocation(t.keyNode, c.doc), t.key, '`vulnerabilities.threshold`', THRESHOLD_KEYS);
      }
      out.threshold = { severity, count };
    } else c.unknownKey(nodeLocation(e.keyNode, c.doc), e.key, '`vulnerabilities`', VULN_KEYS);
  }
  config.vulnerabilities = out;
}
