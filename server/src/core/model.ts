// The facts the core works with: plain data that every parser produces and every rule, fix and
// adapter consumes. Positions are LSP-style (0-based line, UTF-16 character) so a fact's range is
// exactly what a diagnostic shows and a fix replaces.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A place in a workspace file. `file` is a workspace-relative path with forward slashes. */
export interface Location {
  file: string;
  range: Range;
}

/** A problem with an input that the user should hear about (invalid YAML, Helm template …). */
export interface InputNotice {
  file: string;
  range?: Range;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

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

// ---------------------------------------------------------------- image side

export type ToolCategory = 'shell' | 'interpreter' | 'network' | 'package-manager';

/** Where a tool in an image came from. */
export type ToolOrigin =
  | { kind: 'base'; image: string; catalogId: string; location?: Location }
  | { kind: 'run'; package: string; manager: string; location: Location }
  | { kind: 'copy'; from: string; path: string; location: Location }
  | { kind: 'layer'; digest: string; path: string }
  | { kind: 'config'; detail: string }
  /** The Dockerfile itself shows the tool exists: a shell-form RUN, a command a RUN calls, a `["sh", "-c", …]` start. */
  | { kind: 'evidence'; detail: string; location: Location };

export interface ToolFact {
  /** The tool's name as a user knows it: `sh`, `bash`, `curl`, `python3`, `busybox`, `apt` … */
  tool: string;
  category: ToolCategory;
  origin: ToolOrigin;
  /** For busybox: the applets that stand in for this tool (`wget`, `nc` …). */
  via?: string;
  /** The catalog could not confirm the tool (present in some builds, or not checked): "may contain". */
  unverified?: boolean;
}

/** Facts about a base image from the catalog. */
export interface CatalogImage {
  id: string;
  family: string;
  variant: string;
  shell: TriState;
  busybox: boolean;
  packageManager: string;
  tools: { tool: string; category: ToolCategory; state: TriState; detail?: string; via?: string }[];
  /** The language runtime the image exists to run (`node`, `python3`, `java` …), if any. */
  runtime?: string;
  nonRootDefault: TriState;
  entrypointNeedsShell: boolean;
  /** A shell-free image to move to, if one exists for this family. */
  replacement?: { image: string; how: string; note?: string };
  /** The shell-free sibling of a `:debug`/`-dev` tag. */
  shellFreeSibling?: string;
  /** True for images that hold no shell, interpreter or network client by design. */
  hardened: boolean;
  /** The user the image runs as when nothing overrides it (`root`, `65532`, `1654` …), when known. */
  defaultUser?: string;
  /** Why no shell-free replacement is offered (postgres, redis, mysql, httpd as shipped …). */
  noReplacement?: string;
  /** Set when the image is no longer built or is deprecated, with what to use instead. */
  deprecated?: string;
  /** Keys of the reference sources the facts come from (`DL`, `NODE` …). */
  sources?: string[];
  /** True when the entry comes from the project's own catalog (`.secret-surface.yaml`). */
  userDefined?: boolean;
  /**
   * Set when the reference names one of several variants the catalog cannot tell apart (a digest with no
   * tag): `one of: no shell (latest/nonroot) or busybox (debug/debug-nonroot)`. Every tool is then unverified.
   */
  oneOf?: string;
}

export type TriState = 'yes' | 'no' | 'unverified';

export type InstructionForm = 'exec' | 'shell';

export interface CommandFact {
  instruction: 'CMD' | 'ENTRYPOINT' | 'HEALTHCHECK' | 'RUN';
  form: InstructionForm;
  /** The arguments as written (exec form) or the command text (shell form). */
  text: string;
  location: Location;
}

export interface StageFacts {
  index: number;
  name?: string;
  /** The FROM image after ARG substitution; a stage name when it builds on a stage. */
  baseImage: string;
  /** The FROM line's image argument range. */
  fromLocation: Location;
  /** The whole FROM instruction. */
  fromInstructionLocation: Location;
  /** Index of the stage this one builds on, when FROM names an earlier stage. */
  baseStage?: number;
  platform?: string;
  /** Tools this stage adds or removes on top of its base. */
  added: ToolFact[];
  removed: { tool: string; location: Location }[];
  commands: CommandFact[];
  shell?: { args: string[]; location: Location };
  user?: { value: string; location: Location };
  workdir?: string;
  /** The whole stage, FROM to the last instruction. */
  location: Location;
}

/**
 * One instruction as the Dockerfile parser read it. Suppressions and fixes work from these ranges
 * rather than re-reading the text line by line (continuations and the escape character included).
 */
export interface InstructionFact {
  /** Upper-case keyword (`RUN`, `CMD` …). */
  keyword: string;
  /** From the keyword to the last argument, continuation lines included. */
  location: Location;
  /** Where the arguments begin: just past the keyword. */
  argsStart: Position;
  /** Index of the stage it belongs to; -1 before the first FROM. */
  stage: number;
  /** Rules a `# secret-surface-ignore` comment above it silences (`*`: every rule). */
  suppressed?: string[];
}

export interface DockerfileFacts {
  file: string;
  stages: StageFacts[];
  notices: InputNotice[];
  /** The escape character: `\\` unless a `# escape=` directive says otherwise. */
  escape: string;
  instructions: InstructionFact[];
  /** Rules `# secret-surface-ignore-file` silences in the whole file (`*`: every rule). */
  suppressed?: string[];
}

/** What an image holds after the Dockerfile (or registry, or catalog) has been consulted. */
export interface ImageFacts {
  /** How the facts were decided. */
  source: 'dockerfile' | 'registry' | 'catalog' | 'unknown';
  /** The base image of the final (or target) stage, after stage chains were followed. */
  baseImage?: string;
  catalog?: CatalogImage;
  tools: ToolFact[];
  /** Why the facts are incomplete, when they are (`unknown base image foo/bar`). */
  unresolved?: string;
  /** The Dockerfile stage the image is built from. */
  stage?: { file: string; index: number; location: Location };
  user?: string;
  commands: CommandFact[];
  /** The application's own runtime (`node`, `python3`, `java` …), which is not flagged as an extra interpreter. */
  runtime?: string;
}

// ---------------------------------------------------------------- linking

export interface ImageRef {
  /** As written. */
  raw: string;
  /** Registry host (with port), `docker.io` when none. */
  registry: string;
  /** Repository path, `library/` added for docker.io single names. */
  repository: string;
  tag?: string;
  digest?: string;
  /** `registry/repository` — what links compare. */
  name: string;
}

export type LinkSource =
  | 'config'
  | 'setting'
  | 'skaffold'
  | 'compose'
  | 'kustomize'
  | 'tilt'
  | 'convention';

/** Image name → Dockerfile, with why. */
export interface ImageLink {
  image: string;
  dockerfile: string;
  target?: string;
  source: LinkSource;
  /** Human-readable reason: `skaffold.yaml: build.artifacts[0] (context api/)`. */
  reason: string;
  location?: Location;
  /** True when the linked Dockerfile is not among the workspace's Dockerfiles. */
  missing?: boolean;
}

/** A kustomization `images:` entry: manifests say `from`, the image actually deployed is `to`. */
export interface ImageRename {
  from: string;
  to: string;
  location?: Location;
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
