// The facts the core works with: plain data that every parser produces and every rule, fix and
// adapter consumes. Positions are LSP-style (0-based line, UTF-16 character) so a fact's range is
// exactly what a diagnostic shows and a fix replaces. Positions and locations (model-base.ts) and the
// image side (model-image.ts) are written in their own modules and re-exported here, so every importer
// names this one module.

export * from './model-base.js';
export * from './model-image.js';
import type { InputNotice, Location } from './model-base.js';

// ---------------------------------------------------------------- Kubernetes side

export interface WorkloadRef {
  kind: string;
  name: string;
  namespace: string;
}

export type SecretChannel = 'env' | 'envFrom' | 'volume' | 'projected' | 'csi' | 'vault';

/** One way a Secret reaches one container. */
export interface SecretDelivery {
  channel: SecretChannel;
  /** Secret name; for `csi` the SecretProviderClass name. */
  secretName: string;
  /** `env`: the key read from the Secret. */
  key?: string;
  /** `env`: the variable name; `envFrom`: the prefix, if any. */
  envName?: string;
  /** Volume channels: the volume name and where this container mounts it. */
  volumeName?: string;
  mountPath?: string;
  /** Volume channels: the volumeMount's `subPath` (then `mountPath` is the one file mounted). */
  subPath?: string;
  /** Volume channels: the items/keys projected, when listed. */
  items?: string[];
  optional: boolean;
  /** Where the delivery is written: the env entry, envFrom entry or the volumeMount. */
  location: Location;
  /** Volume channels: the volume definition in the pod spec. */
  volumeLocation?: Location;
  /**
   * The node the delivery is about, where its findings sit: the `secretKeyRef` / `secretRef` key, or
   * the volume's `secret` key (a projected source's `secret`).
   */
  refLocation?: Location;
  /** `csi`: the driver and the SecretProviderClass object when it is in the workspace. */
  csiDriver?: string;
  providerClass?: { name: string; location?: Location; provider?: string };
  /** Where the Secret comes from and how often it is refreshed, when the workspace says (ExternalSecret …). */
  rotation?: SecretRotation;
}

/** How often a Secret's value is refreshed from its source. */
export interface SecretRotation {
  source: SecretSourceFacts['kind'] | 'VaultAgent';
  /** The source object's name (`db` for ExternalSecret shop/db); the Vault path for the Vault Agent. */
  name: string;
  /** Seconds between refreshes; `null` never refreshes; `undefined` not decided by the workspace. */
  everySeconds: number | null | undefined;
  /** As written (`1h`, `0`), or why it is what it is (`sealed: changes only when re-sealed`). */
  text: string;
  location?: Location;
}

/** An object that makes or syncs a Kubernetes Secret: External Secrets, Sealed Secrets, a CSI secretObjects sync. */
export interface SecretSourceFacts {
  kind: 'ExternalSecret' | 'SealedSecret' | 'SecretProviderClass';
  name: string;
  namespace: string;
  /** The Kubernetes Secret it writes. */
  secretName: string;
  everySeconds: number | null | undefined;
  /** `refreshInterval` as written, or the default's explanation. */
  text: string;
  /** The whole object. */
  location: Location;
  /** The object's `spec` mapping (where a fix inserts `refreshInterval`). */
  specLocation?: Location;
  /** The `refreshInterval` value, when written. */
  refreshLocation?: Location;
}

export type ExecSite =
  | 'livenessProbe'
  | 'readinessProbe'
  | 'startupProbe'
  | 'postStart'
  | 'preStop';

/** An exec probe or lifecycle hook command. */
export interface ExecHandler {
  site: ExecSite;
  command: string[];
  /** True for `sh -c …`, `/bin/bash -c …` and the like. */
  needsShell: boolean;
  /** The `exec:` mapping (what a fix replaces). */
  location: Location;
  /** The probe / hook mapping that holds `exec` (probe settings live here). */
  handlerLocation: Location;
}

export interface ContainerPort {
  containerPort: number;
  name?: string;
  protocol: string;
}

export type ContainerKind = 'container' | 'initContainer' | 'sidecar' | 'ephemeralContainer';

export interface ContainerFacts {
  name: string;
  kind: ContainerKind;
  /** The image reference as written. */
  image: string;
  /** The `image` value's range (where YAML-side findings are anchored). */
  imageLocation: Location;
  /** The whole container mapping. */
  location: Location;
  secrets: SecretDelivery[];
  execHandlers: ExecHandler[];
  ports: ContainerPort[];
  command?: string[];
  args?: string[];
  /** Rule ids suppressed for this container only (a YAML comment just above it); `*` means all. */
  suppressed?: string[];
}

/** Where the service-account token decision came from. */
export interface TokenFacts {
  mounted: boolean;
  reason: 'pod' | 'service-account' | 'default';
  serviceAccountName: string;
  /** The `automountServiceAccountToken` key that decided, when one did. */
  location?: Location;
}

export interface WorkloadFacts {
  ref: WorkloadRef;
  /** The object's location: its whole YAML document node (or list item). */
  location: Location;
  /** `metadata.name` value, for hovers and related locations. */
  nameLocation: Location;
  /** The pod spec mapping, where pod-level keys are inserted by fixes. */
  podSpecLocation: Location;
  annotations: Record<string, string>;
  /** The pod's labels (the pod template's `metadata.labels`, or a Pod's own), for selectors in generated policies. */
  podLabels?: Record<string, string>;
  serviceAccountName: string;
  /** The pod's own `automountServiceAccountToken`, if set. */
  automountToken?: { value: boolean; location: Location };
  containers: ContainerFacts[];
  /** Rule ids suppressed for this workload (annotation or YAML comment). */
  suppressed: string[];
}

export interface ServiceAccountFacts {
  name: string;
  namespace: string;
  automountToken?: { value: boolean; location: Location };
  location: Location;
}

export interface SecretProviderClassFacts {
  name: string;
  namespace: string;
  provider?: string;
  location: Location;
}

/** Everything one YAML file contributes. */
export interface ManifestFacts {
  file: string;
  workloads: WorkloadFacts[];
  serviceAccounts: ServiceAccountFacts[];
  secretProviderClasses: SecretProviderClassFacts[];
  /** ExternalSecrets, SealedSecrets and CSI secretObjects syncs: where Secrets come from and how often they rotate. */
  secretSources?: SecretSourceFacts[];
  /** True when the file holds no Kubernetes object at all (CI workflow, values file …). */
  notKubernetes: boolean;
  /** Set when the file was not analysed (Helm template, binary …) with the reason. */
  skipped?: string;
  notices: InputNotice[];
}

// ---------------------------------------------------------------- findings

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** The one severity order, worst first: every sort by severity (core, server, client) ranks with it. */
export const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2, hint: 3 };

/** One step milder (error → warning → info → hint): the severity of a "may have" finding. */
export function milderSeverity(s: Severity): Severity {
  return s === 'error' ? 'warning' : s === 'warning' ? 'info' : 'hint';
}

/** 0 for the worst severity (error), higher for milder ones. */
export function severityRank(s: Severity): number {
  return SEVERITY_ORDER[s];
}

export interface RelatedInfo {
  location: Location;
  message: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  location: Location;
  workload?: WorkloadRef;
  container?: string;
  image?: string;
  related: RelatedInfo[];
  /** Data a fix needs (kept plain JSON so it survives the LSP `data` field). */
  data?: Record<string, unknown>;
  /**
   * `unverified`: the finding rests only on tools the catalog does not confirm ("may have"); it is reported one
   * severity below the rule's (see `milderSeverity`). Absent for findings on verified facts.
   */
  certainty?: 'unverified';
  /** Vulnerability counts of the finding's image, from the reports the scan was given (see core/vulns). */
  vulnerabilities?: FindingVulnerabilities;
  /** Which source decided what the finding's image holds (core/image-decision.ts); YAML-side findings only. */
  decidedBy?: string;
}

export interface FindingVulnerabilities {
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
  /** The report files the counts come from. */
  reports: string[];
  /** How the image was matched to its report: by the digest it is pinned to, or by name and tag. */
  matchedBy: 'digest' | 'reference';
  /** True when the counts reached the configured threshold and raised the finding's severity. */
  overThreshold: boolean;
}

// ---------------------------------------------------------------- settings

/** Files larger than this many bytes are skipped with a notice, unless the settings say otherwise. */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * What the user's settings tell the analysis: the one settings shape. The editor's `secretSurface.*`
 * settings (protocol.ts) are these with every field filled in, plus what only the editor reads.
 */
export interface WorkspaceSettings {
  /** Per-rule severity, or 'off'. Wins over the project config file. */
  rules?: Record<string, Severity | 'off'>;
  /** Globs of workspace-relative paths to leave out. */
  exclude?: string[];
  /** Image → Dockerfile path (workspace-relative), for images no build config links. */
  imageMap?: Record<string, string>;
  /** Files larger than this are skipped with a notice (DEFAULT_MAX_FILE_BYTES when absent). */
  maxFileBytes?: number;
  /** Per-chart render settings (chart directory → release, namespace, value files); win over `.secret-surface.yaml` `charts:`. */
  charts?: Record<string, { release?: string; namespace?: string; values?: string[] }>;
  /** The longest rotation allowed for Secrets of unhardened images (a Go duration, `12h`); wins over `.secret-surface.yaml` `rotation.maxInterval`. */
  rotationMaxInterval?: string;
}

// ---------------------------------------------------------------- project config

/** A user's own base image, declared in `.secret-surface.yaml` under `catalog:`. */
export interface UserCatalogEntry {
  /** Repository, optionally with a tag (`registry.example.com/base/python`, `…:3.12-slim`). */
  image: string;
  shell?: boolean;
  busybox?: boolean;
  /** Tools the image holds: `python3`, `curl`, `bash` … (categorised by the catalog). */
  tools?: string[];
  runtime?: string;
  user?: string;
  /** A shell-free image to move to. */
  replacement?: string;
  /** True when the image holds no shell, interpreter or network client. */
  hardened?: boolean;
}
