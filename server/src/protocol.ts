// The contract between the VS Code client and the language server: the `secretSurface.*` settings
// and the custom requests/notifications. Both sides import this one module so a renamed field or
// method is a compile error, not a silent mismatch.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import {
  DEFAULT_MAX_FILE_BYTES,
  type Finding,
  type ImageFacts,
  type InputNotice,
  type LinkSource,
  type Location,
  type Range,
  type Severity,
  type ToolFact,
  type ToolOrigin,
  type WorkloadRef,
  type WorkspaceSettings,
} from './core/model.js';
import type { CsiProvider } from './core/config/parse-config.js';
import type { ExposureRow } from './core/report.js';

export const SETTINGS_SECTION = 'secretSurface';
export const SERVER_SOURCE = 'secret-surface';
/** The server command behind "Fix All Safe Problems in Workspace": every safe fix of each folder (or of the folder URI given); replies `{ applied: titles }`. */
export const FIX_ALL_WORKSPACE_COMMAND = 'secretSurface.server.fixAllInWorkspace';

export type RuleSetting = Severity | 'off';
export type TraceSetting = 'off' | 'messages' | 'verbose';
/** `secretSurface.log.level`: what the server writes to the editor's output channel. */
export type LogLevel = 'error' | 'warning' | 'info' | 'debug' | 'trace';
/** Least to most verbose: a level writes what it and every level before it names. */
export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warning', 'info', 'debug', 'trace'];

// The one severity order, from the core (model.ts holds no parser, so the client bundle stays small).
export { SEVERITY_ORDER, severityRank } from './core/model.js';

/**
 * `secretSurface.*` as the client reads it (`workspace/configuration`, section `secretSurface`): the
 * core's settings (rules, exclude, imageMap, maxFileBytes) with every field filled in, plus what
 * only the editor reads.
 */
export interface SecretSurfaceSettings extends Required<WorkspaceSettings> {
  trace: { server: TraceSetting };
  log: { level: LogLevel };
  fixes: { csiProvider: CsiProvider };
  /** The helm and kustomize binaries charts and overlays are rendered with ('' = looked up on PATH). */
  render: { helmPath: string; kustomizePath: string };
  /** Read images nothing in the workspace decides from their registries (trusted workspaces only). */
  registry: { enabled: boolean };
  /** Trivy/Grype reports (workspace-relative files or globs) read beside `.secret-surface.yaml` `vulnerabilities.reports`. */
  vulnerabilities: { reports: string[] };
}

/** Kept here (not imported from the core) so the client bundle stays free of the parsers. */
export const CSI_PROVIDERS: readonly CsiProvider[] = ['vault', 'aws', 'azure', 'gcp'];

export const DEFAULT_SETTINGS: SecretSurfaceSettings = {
  rules: {},
  exclude: [],
  imageMap: {},
  maxFileBytes: DEFAULT_MAX_FILE_BYTES,
  trace: { server: 'off' },
  log: { level: 'info' },
  fixes: { csiProvider: 'vault' },
  charts: {},
  render: { helmPath: '', kustomizePath: '' },
  registry: { enabled: false },
  rotationMaxInterval: '',
  vulnerabilities: { reports: [] },
};

/** Merges whatever the client answered (possibly null or partial) over the defaults. */
export function normaliseSettings(raw: unknown): SecretSurfaceSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof SecretSurfaceSettings, unknown>>;
  const rec = (v: unknown): Record<string, string> =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => typeof x === 'string')) as Record<string, string>
      : {};
  const rules: Record<string, RuleSetting> = {};
  for (const [id, sev] of Object.entries(rec(r.rules))) {
    if (['error', 'warning', 'info', 'hint', 'off'].includes(sev)) rules[id] = sev as RuleSetting;
  }
  const trace = (r.trace && typeof r.trace === 'object' ? (r.trace as { server?: unknown }).server : undefined) as TraceSetting | undefined;
  const level = (r.log && typeof r.log === 'object' ? (r.log as { level?: unknown }).level : undefined) as LogLevel | undefined;
  const csi = (r.fixes && typeof r.fixes === 'object' ? (r.fixes as { csiProvider?: unknown }).csiProvider : undefined) as string | undefined;
  return {
    rules,
    exclude: Array.isArray(r.exclude) ? r.exclude.filter((x): x is string => typeof x === 'string') : DEFAULT_SETTINGS.exclude,
    imageMap: rec(r.imageMap),
    maxFileBytes: typeof r.maxFileBytes === 'number' && r.maxFileBytes > 0 ? r.maxFileBytes : DEFAULT_SETTINGS.maxFileBytes,
    trace: { server: trace === 'messages' || trace === 'verbose' ? trace : 'off' },
    log: { level: LOG_LEVELS.includes(level as LogLevel) ? (level as LogLevel) : DEFAULT_SETTINGS.log.level },
    fixes: { csiProvider: CSI_PROVIDERS.includes(csi as CsiProvider) ? (csi as CsiProvider) : DEFAULT_SETTINGS.fixes.csiProvider },
    charts: charts(r.charts),
    rotationMaxInterval: typeof r.rotationMaxInterval === 'string' ? r.rotationMaxInterval.trim() : '',
    vulnerabilities: { reports: strings((r.vulnerabilities as { reports?: unknown } | undefined)?.reports) },
    render: {
      helmPath: typeof (r.render as { helmPath?: unknown } | undefined)?.helmPath === 'string' ? (r.render as { helmPath: string }).helmPath : '',
      kustomizePath: typeof (r.render as { kustomizePath?: unknown } | undefined)?.kustomizePath === 'string' ? (r.render as { kustomizePath: string }).kustomizePath : '',
    },
    registry: { enabled: (r.registry as { enabled?: unknown } | undefined)?.enabled === true },
  };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];
}

/** `secretSurface.charts`: chart directory → { release, namespace, values }, anything else dropped. */
function charts(v: unknown): SecretSurfaceSettings['charts'] {
  const out: SecretSurfaceSettings['charts'] = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [dir, raw] of Object.entries(v as Record<string, unknown>)) {
    if (!raw || typeof raw !== 'object') continue;
    const c = raw as { release?: unknown; namespace?: unknown; values?: unknown };
    const entry: SecretSurfaceSettings['charts'][string] = {};
    if (typeof c.release === 'string') entry.release = c.release;
    if (typeof c.namespace === 'string') entry.namespace = c.namespace;
    if (Array.isArray(c.values)) entry.values = c.values.filter((x): x is string => typeof x === 'string');
    out[dir.replace(/\/+$/, '')] = entry;
  }
  return out;
}

/** What the client passes in `initializationOptions`. */
export interface InitializationOptions {
  /** False in an untrusted workspace: static analysis still runs; nothing executes code or reaches the network. */
  workspaceTrusted?: boolean;
}

// ---------------------------------------------------------------- exposure report

export type { Hardening, ExposureRow } from './core/report.js';

// The exposure page's model and document, for the client's webview (pure, small, no parser).
export { buildPageModel, type PageModel } from './core/report-page/model.js';
export { pageDocument } from './core/report-page/html.js';
export { packModel } from './core/report-page/pack.js';

export interface ReportLocation {
  uri: string;
  range: Range;
}

/**
 * One row of the exposure report: the core's row (workload × container × Secrets × the image's
 * hardening) with its file locations turned into URIs the client can open.
 */
export interface ExposureReportRow extends Omit<ExposureRow, 'location' | 'dockerfile'> {
  /** The container's `image:` value in its manifest. */
  manifest: ReportLocation;
  /** The Dockerfile that builds the image (its FROM line when known), and why it was linked. */
  dockerfile?: ReportLocation & { reason: string; target?: string; source?: LinkSource };
  /** The workspace folder the row belongs to. */
  folder: string;
  /** That folder's URI: the nested locations (Secret deliveries, tool origins, token) are relative to it. */
  folderUri: string;
}

export interface ExposureReportParams {
  /** Only rows of this workspace folder; all folders when absent. */
  folderUri?: string;
}

export interface ExposureReport {
  rows: ExposureReportRow[];
}

export const ExposureReportRequest = new RequestType<ExposureReportParams, ExposureReport, void>('secretSurface/exposureReport');

export interface RuleInfo {
  id: string;
  defaultSeverity: Severity;
  summary: string;
  docsUrl: string;
}

/** The rule catalog, for the client's "Open Rule Docs" picker. */
export const RulesRequest = new RequestType0<RuleInfo[], void>('secretSurface/rules');

/** What changed, for the report view and the status bar: the folder and its counts after the analysis. */
export interface ReportChangedParams {
  folderUri?: string;
  /** Workloads with at least one container that receives Secrets while its image ships a shell, interpreter or network client. */
  exposedWorkloads?: number;
  /** Containers that receive Secrets (rows of the exposure report). */
  containers?: number;
}

/** Sent after each re-analysis so the report view and the status bar can refresh without polling. */
export const ReportChangedNotification = new NotificationType<ReportChangedParams>('secretSurface/reportChanged');

/**
 * The first index of a folder, for the client's status bar (the same steps also go out as LSP work-done
 * progress for any editor): files read of the candidate files found, then the first analysis, then done.
 */
export interface IndexProgressParams {
  folderUri: string;
  phase: 'reading' | 'analysing' | 'done';
  read: number;
  total: number;
}

export const IndexProgressNotification = new NotificationType<IndexProgressParams>('secretSurface/indexProgress');

/** Sent by the client when the user grants workspace trust. */
export const TrustChangedNotification = new NotificationType<{ trusted: boolean }>('secretSurface/trustChanged');

// ---------------------------------------------------------------- cluster check

/** A place in a workspace file: the path is relative to the folder the answer names. */
export type FolderLocation = Location;

export interface ClusterImageTool {
  tool: string;
  category: ToolFact['category'];
  via?: string;
  unverified?: boolean;
  origin: ToolOrigin;
  /** `layer sha256:ab12… /bin/sh`, `installed by apk at api/Dockerfile:4`, `from base image alpine:3.20`. */
  evidence: string;
}

/** One image the live workloads run, with the source that decided what it holds. */
export interface ClusterImage {
  ref: string;
  /** The manifest digest the facts describe (registry), else the running digest. */
  digest?: string;
  platform?: string;
  source: ImageFacts['source'];
  /** Which source decided and why the earlier ones did not. */
  why: string;
  tools: ClusterImageTool[];
  /** The workspace Dockerfile linked to the image, when one is. */
  dockerfile?: string;
  /** Containers (across workloads) that run the image. */
  containers: number;
}

/** One container of a live workload, as the results view shows it. */
export interface ClusterContainer {
  /** The virtual manifest file (`cluster/<context>/<ns>/<kind>/<name>.yaml`). */
  file: string;
  workload: WorkloadRef;
  container: string;
  image: string;
  secrets: { name: string; channel: string; optional: boolean }[];
  tokenMounted: boolean;
  /** Worst severity of the findings on this container, when it has any. */
  severity?: Severity;
  findings: { rule: string; severity: Severity; message: string }[];
  /** The pods this workload stands for. */
  pods: string[];
  /** The workspace manifest that declares the same kind/name/namespace, when there is one. */
  workspaceManifest?: FolderLocation;
  /** The workspace Dockerfile linked to the image (its FROM line when known). */
  dockerfile?: FolderLocation;
}

export interface ClusterCheckResult {
  context: string;
  server: string;
  /** Findings on live objects (paths are the virtual `cluster/<context>/…` files), and Dockerfile-side ones naming live workloads. */
  findings: Finding[];
  /** Forbidden namespaces, approximate owners, registry fallbacks, parse problems. */
  notices: InputNotice[];
  namespaces: { ok: string[]; forbidden: { name: string; message?: string }[]; failed: { name: string; message?: string }[] };
  images: ClusterImage[];
  containers: ClusterContainer[];
  stats: { pods: number; workloads: number; images: number; requests: number; registryRequests: number; ms: number };
}

/** A kubeconfig context, for the client's picker (current first). */
export interface ClusterContextInfo {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  /** The cluster's API server URL, when the cluster entry exists. */
  server?: string;
  current: boolean;
}

export interface ListContextsParams {
  /** kubeconfig path (or KUBECONFIG-style list); KUBECONFIG, then ~/.kube/config when absent. */
  kubeconfig?: string;
}

/** Failures are answers, not errors: the client shows `message` as is. */
export type ClusterFailure = { ok: false; kind: string; message: string };

export type ListContextsResult = { ok: true; contexts: ClusterContextInfo[] } | ClusterFailure;

/** Lists kubeconfig contexts; refused in an untrusted workspace (it reads the kubeconfig). */
export const ListContextsRequest = new RequestType<ListContextsParams, ListContextsResult, void>('secretSurface/listContexts');

export interface CheckClusterParams {
  context: string;
  /** Namespaces to check; all the user may list when absent or empty. */
  namespaces?: string[];
  kubeconfig?: string;
  /** Registry hosts spoken to over plain http (loopback hosts always are). */
  insecureRegistries?: string[];
  /** The workspace folder whose Dockerfiles and config link images; the first folder when absent. */
  folderUri?: string;
  /** Client-created work-done progress token (LSP `workDoneToken`). */
  workDoneToken?: string | number;
}

export type CheckClusterResult =
  | {
      ok: true;
      /** The folder the workspace links came from; container locations below are relative to it. */
      folderUri?: string;
      result: ClusterCheckResult;
    }
  | ClusterFailure;

/** Runs the cluster check (work-done progress, cancellable). Refused in an untrusted workspace. */
export const CheckClusterRequest = new RequestType<CheckClusterParams, CheckClusterResult, void>('secretSurface/checkCluster');

// ---------------------------------------------------------------- admission policy

export type AdmissionPolicyEngine = 'vap' | 'kyverno';
export type AdmissionPolicyMode = 'warn' | 'audit' | 'deny';

export interface AdmissionPolicyParams {
  engine: AdmissionPolicyEngine;
  /** Wins over `policy.mode` of the config file. */
  mode?: AdmissionPolicyMode;
  /** The workspace folder to analyse; the first folder when absent. */
  folderUri?: string;
}

export type AdmissionPolicyResult =
  | {
      ok: true;
      /** Multi-document YAML: the policy objects, each with the comment naming the analysis that made it. */
      yaml: string;
      mode: AdmissionPolicyMode;
      /** Images that could not be allowed and why, nothing hardened, tags instead of digests. */
      messages: { severity: 'error' | 'warning' | 'info'; message: string }[];
    }
  | { ok: false; kind: string; message: string };

/** Generates the admission policy from a workspace folder's files on disk (docs/admission.md). */
export const AdmissionPolicyRequest = new RequestType<AdmissionPolicyParams, AdmissionPolicyResult, void>('secretSurface/admissionPolicy');

// ---------------------------------------------------------------- runtime policy

export type RuntimePolicyEngine = 'falco' | 'tetragon' | 'kubearmor';

export interface RuntimePolicyParams {
  engine: RuntimePolicyEngine;
  /** `block` denies where the engine can; default `audit`. */
  mode?: 'audit' | 'block';
  /** An observed-process baseline file (docs/runtime-baseline.md), as a file URI. */
  baselineUri?: string;
  /** The workspace folder to analyse; the first folder when absent. */
  folderUri?: string;
}

export type RuntimePolicyResult =
  | {
      ok: true;
      /** The engine's YAML; its comments say what is covered and what is not. */
      yaml: string;
      /** One line: containers covered, not covered, baseline entries unused. */
      summary: string;
    }
  | { ok: false; kind: string; message: string };

/** Generates the runtime baseline policy from a workspace folder's files on disk (docs/runtime-baseline.md). */
export const RuntimePolicyRequest = new RequestType<RuntimePolicyParams, RuntimePolicyResult, void>('secretSurface/runtimePolicy');
