// The shape of catalog.json (and of any catalog data handed to loadCatalog): image entries matched by
// registry + repository + tag pattern, and per-package-manager package → tools tables.
import type { ToolCategory, TriState } from '../model.js';

export interface CatalogToolData {
  tool: string;
  category: ToolCategory;
  state: TriState;
  detail?: string;
  via?: string;
  /** Where the fact changed over time: the state for tags whose version lies in a range. */
  versions?: CatalogVersionRange[];
}

/**
 * A version range of a tag (`1.16`, `1.17.9-alpine`): `below` — every version the tag can name is lower;
 * `atLeast` — every version it can name is that or higher. A partial tag (`1.17`) names any `1.17.x`.
 */
export interface CatalogVersionRange {
  below?: string;
  atLeast?: string;
  state: TriState;
  detail: string;
  /** A key of the catalog's sources. */
  source: string;
}

export interface CatalogReplacementData {
  /** The image to move to; `{repository}` and `{version}` are filled from the looked-up reference. */
  image: string;
  how: string;
  note?: string;
  /** Major version of the looked-up tag → a better-fitting replacement (`17` → java17-debian13). */
  byVersion?: Record<string, string>;
}

export interface CatalogImageData {
  id: string;
  family: string;
  variant: string;
  /** Registry host, `docker.io` for Docker Hub. */
  registry: string;
  /** Other hosts serving the same repositories. */
  registryAliases?: string[];
  /** Repository paths (`library/node`); a trailing `/*` or `*` matches any repository below. */
  repositories: string[];
  /**
   * Tag patterns: literals, `*` (anything) and placeholders `<v>`, `<version>`, `<codename>`, `<suite>`,
   * `<date>`, `<ea>`, `<ver>` (one hyphen-free word). Empty: any tag.
   */
  tags: string[];
  /** Variant words (`alpine`, `slim`, `debug` …) used when no tag pattern matches. */
  keywords: string[];
  shell: TriState;
  busybox: boolean;
  packageManager: string;
  tools: CatalogToolData[];
  runtime?: string;
  defaultUser?: string;
  nonRootDefault: TriState;
  entrypointNeedsShell: boolean;
  replacement?: CatalogReplacementData;
  noReplacement?: string;
  /** How to derive the shell-free sibling tag: `debug` (debug → latest, debug-nonroot → nonroot) or `dev` (drop -dev). */
  shellFreeSibling?: 'debug' | 'dev';
  hardened: boolean;
  deprecated?: string;
  /** Matches only its listed tags: a tag none of them fits (a variant the sources did not read) stays unknown. */
  tagsOnly?: boolean;
  sources: string[];
  notes?: string;
  /** Per-field confidence from the reference (`inferred`, `assumed` …). */
  confidence?: Record<string, string>;
}

export interface CatalogMirrorData {
  prefix: string;
  target: string;
  source: string;
  exact?: boolean;
}

export interface PackageToolData {
  tool: string;
  category: ToolCategory;
  via?: string;
}

export interface PackageData {
  tools: PackageToolData[];
  /** verified: checked in the package archive; secondary: seen in third-party recipes; unverified: not checked. */
  status: 'verified' | 'secondary' | 'unverified';
  detail?: string;
}

export interface CatalogData {
  $schema?: string;
  version: number;
  generatedFrom?: string;
  valueLegend?: Record<string, string>;
  sources?: Record<string, string>;
  /**
   * Registries that serve catalogued images under another name (`public.ecr.aws/docker/library/node` is
   * `docker.io/library/node`): a reference whose `registry/repository` starts with `prefix` is looked up as
   * `target` + the rest. `exact`: the whole name must equal `prefix`. `source` is a key of `sources`.
   */
  mirrors?: CatalogMirrorData[];
  images: CatalogImageData[];
  /** manager (`apt`, `apk`, `dnf`, `zypper`, `pip`, `npm`, `gem`) → package name or glob (`postgresql*-client`) → tools. */
  packages: Record<string, Record<string, PackageData>>;
  /** Canonical manager → the command names that invoke it (`dnf` ← yum, microdnf …). */
  managerAliases?: Record<string, string[]>;
  caveats?: unknown[];
  /** Families the catalog knowingly lacks (no stored source gives their contents), for the documentation. */
  notCatalogued?: { name: string; reason: string }[];
}
