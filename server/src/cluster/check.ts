// The cluster check end to end, shared by the CLI and the language server: read the live Pods and
// ServiceAccounts of one context, turn them into manifests, decide what each running image holds (linked
// workspace Dockerfile, else the registry, else the catalog) and run the same core over all of it.
import nodeFetch from 'node-fetch';
import { Workspace } from '../core/workspace.js';
import { readManifest } from '../core/kubernetes/index.js';
import { classifyFile } from '../core/linking/classify.js';
import { parseImageRef } from '../core/catalog/image-ref.js';
import type { Finding, ImageFacts, ImageLink, InputNotice, Location } from '../core/model.js';
import { severityRank } from '../core/model.js';
import type { ClusterCheckResult, ClusterContainer, ClusterImage } from '../protocol.js';
import { ClusterCheckError, readCluster, type ClusterSnapshot, type NamespaceResult } from './kube.js';
import { liveImages, liveManifests, liveServiceAccountToManifest, safeSegment, type LivePod } from './live-manifest.js';
import { inspectImage, MemoryDigestCache, runningDigest, type DigestCache, type FetchLike, type ImageRequest, type RegistryLimits } from './registry/index.js';
import {
  explainSource,
  platformKey,
  podPlatform,
  registryFailure,
  registryImageFacts,
  sourceSentence,
  toolsWithEvidence,
  type RegistryOutcome,
} from './check-map.js';

export { ClusterCheckError } from './kube.js';

export interface ClusterCheckProgress {
  phase: 'cluster' | 'registry' | 'analysis';
  message: string;
  /** Images inspected so far / to inspect (registry phase). */
  done?: number;
  total?: number;
}

export interface ClusterRegistryOptions {
  dockerConfigPath?: string;
  /** Registry hosts spoken to over plain http; localhost and 127.0.0.0/8 always are (as Docker does). */
  insecureHosts?: string[];
  /** Results by digest; a MemoryDigestCache for this check when absent. */
  cache?: DigestCache;
  /** Images inspected at once (default 8). */
  concurrency?: number;
  limits?: Partial<RegistryLimits>;
  /** False to skip the registry entirely (the catalog decides for every unlinked image). */
  enabled?: boolean;
}

export interface ClusterCheckOptions {
  context: string;
  namespaces?: string[];
  /** Workspace trust: when false nothing runs (no kubeconfig exec plugin, no network). */
  trusted: boolean;
  signal?: AbortSignal;
  kubeconfig?: string;
  /** The local workspace, for Dockerfile links, build configs and the project config. */
  workspaceFiles?: { path: string; text: string }[];
  registry?: ClusterRegistryOptions;
  onProgress?: (p: ClusterCheckProgress) => void;
  /** Per-request deadline for the API server (default 15 s). */
  requestTimeoutMs?: number;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ClusterCheckError({ kind: 'cancelled', message: 'The cluster check was cancelled.' });
}

/** Runs the cluster check. Throws ClusterCheckError (one-line message) when nothing useful can be read. */
export async function checkCluster(opts: ClusterCheckOptions): Promise<ClusterCheckResult> {
  if (!opts.trusted) {
    throw new ClusterCheckError({
      kind: 'untrusted',
      message: 'The cluster check does not run in an untrusted workspace: trust the workspace to let Secret Surface use your kubeconfig and reach the cluster and registries.',
    });
  }
  const started = Date.now();
  const progress = opts.onProgress ?? (() => undefined);
  progress({ phase: 'cluster', message: `Reading context ${opts.context}` });
  const snapshot = await readCluster({
    context: opts.context,
    trusted: true,
    ...(opts.namespaces?.length ? { namespaces: opts.namespaces } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}),
    ...(opts.requestTimeoutMs ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
  });
  throwIfCancelled(opts.signal);
  progress({ phase: 'analysis', message: `Read ${snapshot.pods.length} pods in ${snapshot.namespaces.length} namespaces` });

  // The local workspace contributes what links images to Dockerfiles; its manifests are parsed on the side
  // only to find the file that declares each live workload (live ServiceAccounts and pods are the truth).
  const ws = new Workspace();
  const workspaceManifests: { path: string; text: string }[] = [];
  for (const f of opts.workspaceFiles ?? []) {
    if (f.path.startsWith('cluster/')) continue;
    if (classifyFile(f.path) === 'manifest-candidate') workspaceManifests.push(f);
    else ws.setFile(f.path, f.text);
  }
  const manifests = liveManifests(snapshot.pods, snapshot.context);
  for (const m of manifests) ws.setFile(m.file, m.text);
  for (const sa of snapshot.serviceAccounts) {
    const m = liveServiceAccountToManifest(sa as Parameters<typeof liveServiceAccountToManifest>[0], snapshot.context);
    ws.setFile(m.file, m.text);
  }

  // First pass: which images does a workspace Dockerfile decide? The rest go to the registry.
  const first = ws.analyze();
  const linked = new Map<string, ImageLink>();
  const unlinked = new Set<string>();
  for (const e of first.exposures) {
    if (e.image.source === 'dockerfile' && e.link) linked.set(e.container.image, e.link);
    else unlinked.add(e.container.image);
  }
  const requests = registryRequests(snapshot.pods, unlinked);
  const outcomes = new Map<string, RegistryOutcome>();
  let registryRequestCount = 0;
  const registryEnabled = opts.registry?.enabled !== false;
  if (registryEnabled && requests.length > 0) {
    const counted: FetchLike = ((...args: Parameters<FetchLike>) => {
      registryRequestCount++;
      return nodeFetch(...args);
    }) as FetchLike;
    const insecure = new Set(opts.registry?.insecureHosts ?? []);
    for (const r of requests) {
      const host = parseImageRef(r.req.ref).registry;
      if (LOOPBACK.test(host)) insecure.add(host);
    }
    let done = 0;
    progress({ phase: 'registry', message: `Inspecting ${requests.length} images`, done, total: requests.length });
    // Bounded concurrency over one queue; progress is reported as each image settles.
    const queue = [...requests];
    const worker = async (): Promise<void> => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        throwIfCancelled(opts.signal);
        const res = await inspectImage(r.req.ref, {
          ...(r.req.digest ? { digest: r.req.digest } : {}),
          ...(r.req.platform ? { platform: r.req.platform } : {}),
          cache: opts.registry?.cache ?? sharedCache,
          insecureHosts: [...insecure],
          fetch: counted,
          ...(opts.registry?.dockerConfigPath ? { dockerConfigPath: opts.registry.dockerConfigPath } : {}),
          ...(opts.registry?.limits ? { limits: opts.registry.limits } : {}),
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
        outcomes.set(r.req.ref, {
          platform: platformKey(r.req.platform ?? { os: 'linux', architecture: 'amd64' }),
          ...(r.req.digest ? { runningDigest: r.req.digest } : {}),
          result: res,
        });
        done++;
        progress({ phase: 'registry', message: `Inspected ${r.req.ref}`, done, total: requests.length });
      }
    };
    const workers = Math.min(requests.length, Math.max(1, Math.floor(opts.registry?.concurrency ?? 8)));
    await Promise.all(Array.from({ length: workers }, worker));
  }
  throwIfCancelled(opts.signal);

  // Second pass with the registry's answers between the Dockerfile links and the catalog.
  ws.setExternalImageFacts((image) => {
    const o = outcomes.get(image);
    return o ? registryImageFacts(image, o) : undefined;
  });
  progress({ phase: 'analysis', message: 'Analysing' });
  const result = ws.analyze();

  const images = new Map<string, ClusterImage>();
  const imageFacts = new Map<string, ImageFacts>();
  for (const e of result.exposures) {
    const ref = e.container.image;
    const existing = images.get(ref);
    if (existing) {
      existing.containers++;
      continue;
    }
    const outcome = outcomes.get(ref);
    const link = linked.get(ref) ?? e.link;
    const skipped = registryEnabled ? (requests.some((r) => r.req.ref === ref) ? undefined : 'the image reference cannot be looked up') : 'the registry look-up is turned off';
    const why = explainSource(e.image, { ...(link ? { link } : {}), ...(outcome ? { registry: outcome } : {}), ...(skipped ? { registrySkipped: skipped } : {}) });
    const img: ClusterImage = { ref, source: e.image.source, why, tools: toolsWithEvidence(e.image.tools), containers: 1 };
    const digest = outcome?.result.ok ? outcome.result.digest : outcome?.runningDigest;
    if (digest) img.digest = digest;
    if (outcome) img.platform = outcome.platform;
    if (e.image.source === 'dockerfile' && link) img.dockerfile = link.dockerfile;
    images.set(ref, img);
    imageFacts.set(ref, e.image);
  }

  const prefix = `cluster/${safeSegment(snapshot.context)}/`;
  const liveFiles = new Set(manifests.map((m) => m.file));
  const findings: Finding[] = [];
  for (const f of result.findings) {
    if (f.location.file.startsWith(prefix)) {
      const img = f.image !== undefined ? images.get(f.image) : undefined;
      findings.push(img ? { ...f, message: f.message + sourceSentence(img) } : f);
    } else if (f.related.some((r) => liveFiles.has(r.location.file))) {
      // A Dockerfile-side finding: keep it when it names live workloads, and only those.
      findings.push({ ...f, related: f.related.filter((r) => liveFiles.has(r.location.file) || !r.location.file.endsWith('.yaml')) });
    }
  }

  const notices: InputNotice[] = [];
  for (const n of result.notices) if (n.file.startsWith(prefix)) notices.push(n);
  for (const err of snapshot.errors) {
    notices.push({
      file: err.namespace ? `${prefix}${safeSegment(err.namespace)}` : prefix.slice(0, -1),
      severity: err.kind === 'forbidden' ? 'warning' : 'info',
      message: err.message,
    });
  }
  for (const img of images.values()) {
    const o = outcomes.get(img.ref);
    const failure = o ? registryFailure(o) : undefined;
    if (failure) notices.push({ file: prefix.slice(0, -1), severity: 'info', message: `Image ${img.ref}: ${failure}; decided by ${img.source === 'unknown' ? 'nothing (unknown image)' : `the ${img.source}`}.` });
  }

  const containers = containerRows(result.exposures, findings, manifests, workspaceManifests, prefix);
  const ns = namespaceSummary(snapshot.namespaces);
  return {
    context: snapshot.context,
    server: snapshot.server,
    findings,
    notices,
    namespaces: ns,
    images: [...images.values()].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0)),
    containers,
    stats: {
      pods: snapshot.pods.length,
      workloads: manifests.length,
      images: images.size,
      requests: snapshot.stats.requests + registryRequestCount,
      registryRequests: registryRequestCount,
      ms: Date.now() - started,
    },
  };
}

/** Kept across checks in one process (the language server): a digest names immutable content. */
const sharedCache = new MemoryDigestCache();

/**
 * One registry request per distinct image reference the core will ask about: the running digest of the first
 * pod that reports one (it wins over the tag), on the platform its node selector pins.
 */
function registryRequests(pods: readonly LivePod[], images: ReadonlySet<string>): { req: ImageRequest }[] {
  const byRef = new Map<string, ImageRequest>();
  for (const pod of pods) {
    const platform = podPlatform(pod.spec);
    for (const live of liveImages(pod)) {
      if (!images.has(live.image) || !live.image) continue;
      const digest = runningDigest(live.imageID ?? live.digest);
      const prev = byRef.get(live.image);
      if (prev && (prev.digest || !digest)) continue;
      byRef.set(live.image, { ref: live.image, platform, ...(digest ? { digest } : {}) });
    }
  }
  return [...byRef.values()].filter((r) => isInspectable(r.ref)).map((req) => ({ req }));
}

function isInspectable(ref: string): boolean {
  try {
    const p = parseImageRef(ref);
    return Boolean(p.repository) && !/[^a-z0-9._/-]/.test(p.repository);
  } catch {
    return false;
  }
}

function namespaceSummary(list: readonly NamespaceResult[]): ClusterCheckResult['namespaces'] {
  const pick = (s: NamespaceResult['status']) => list.filter((n) => n.status === s).map((n) => ({ name: n.name, ...(n.message ? { message: n.message } : {}) }));
  return { ok: list.filter((n) => n.status === 'ok').map((n) => n.name), forbidden: pick('forbidden'), failed: pick('error') };
}

type Exposures = ReturnType<Workspace['analyze']>['exposures'];

function containerRows(
  exposures: Exposures,
  findings: readonly Finding[],
  manifests: ReturnType<typeof liveManifests>,
  workspaceManifests: { path: string; text: string }[],
  prefix: string,
): ClusterContainer[] {
  const declared = workspaceDeclarations(workspaceManifests);
  const pods = new Map(manifests.map((m) => [m.file, m.pods]));
  const rows = new Map<string, ClusterContainer>();
  for (const e of exposures) {
    if (!e.file.startsWith(prefix)) continue;
    const key = `${e.file}|${e.container.name}|${e.container.image}`;
    if (rows.has(key)) continue;
    const ref = e.workload.ref;
    const row: ClusterContainer = {
      file: e.file,
      workload: ref,
      container: e.container.name,
      image: e.container.image,
      secrets: e.secrets.map((s) => ({ name: s.secretName, channel: s.channel, optional: s.optional })),
      tokenMounted: e.token.mounted,
      findings: [],
      pods: pods.get(e.file) ?? [],
    };
    const ws = declared.get(`${ref.namespace}/${ref.kind}/${ref.name}`);
    if (ws) row.workspaceManifest = ws;
    if (e.image.source === 'dockerfile' && e.image.stage) row.dockerfile = e.image.stage.location;
    rows.set(key, row);
  }
  for (const f of findings) {
    if (!f.workload || f.container === undefined) continue;
    const row = rows.get(`${f.location.file}|${f.container}|${f.image ?? ''}`);
    if (!row) continue;
    row.findings.push({ rule: f.rule, severity: f.severity, message: f.message });
    if (!row.severity || severityRank(f.severity) < severityRank(row.severity)) row.severity = f.severity;
  }
  return [...rows.values()];
}

/** Workloads the workspace manifests declare, by namespace/kind/name (no namespace in a file means `default`). */
function workspaceDeclarations(files: { path: string; text: string }[]): Map<string, Location> {
  const out = new Map<string, Location>();
  for (const f of files) {
    let facts;
    try {
      facts = readManifest(f.path, f.text);
    } catch {
      continue;
    }
    for (const w of facts.workloads) {
      const key = `${w.ref.namespace}/${w.ref.kind}/${w.ref.name}`;
      if (!out.has(key)) out.set(key, w.nameLocation);
    }
  }
  return out;
}

export type { ClusterSnapshot };
