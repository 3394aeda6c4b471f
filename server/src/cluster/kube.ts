// The cluster-reading adapter: reads Pods and ServiceAccounts (never Secrets) from one kubeconfig context with
// @kubernetes/client-node, names each Pod by its owning workload, and reports what could not be read per
// namespace instead of failing the whole check.
import {
  BatchV1Api,
  CoreV1Api,
  Observable,
  type ConfigurationOptions,
  type KubeConfig,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { credentialStrings, loadKubeConfig } from './kube-config.js';
import { ClusterCheckError, classifyError, isFatal, redact, type ClusterError } from './kube-errors.js';
import { safeUrl } from '../redact.js';
import { resolveOwner } from './kube-owner.js';
import type { LivePod } from './live-manifest.js';

export { listContexts } from './kube-config.js';
export { ClusterCheckError, type ClusterError, type ClusterErrorKind } from './kube-errors.js';
export type { LiveOwner } from './kube-owner.js';
export type { LivePod } from './live-manifest.js';

export interface NamespaceResult {
  name: string;
  status: 'ok' | 'forbidden' | 'error';
  message?: string;
}

export interface ClusterSnapshot {
  context: string;
  /** The API server URL of the context's cluster. */
  server: string;
  pods: LivePod[];
  /** ServiceAccounts as plain objects (metadata, automountServiceAccountToken, secret *names* only). */
  serviceAccounts: object[];
  namespaces: NamespaceResult[];
  /** Partial failures: forbidden namespaces, owners named approximately, per-namespace API errors. */
  errors: ClusterError[];
  /** What the read cost: API requests sent and wall time. */
  stats: { requests: number; ms: number };
}

export interface ReadClusterOptions {
  context: string;
  /** Namespaces to read; when absent, every namespace the user may list. */
  namespaces?: string[];
  /** Workspace trust: when false nothing is loaded, executed or sent. */
  trusted: boolean;
  signal?: AbortSignal;
  /** kubeconfig path (or a KUBECONFIG-style list); default KUBECONFIG, then ~/.kube/config. */
  kubeconfig?: string;
  /** Per-request deadline (default 15 s): an API server that accepts connections but never answers must not hang the check. */
  requestTimeoutMs?: number;
  /** Namespaces read at once (default 4). */
  concurrency?: number;
  /** Page size for list calls (default 500). */
  pageSize?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Reads the live workloads of one context. Throws ClusterCheckError (with a user-facing message, credentials
 * redacted) when nothing useful can be read: untrusted workspace, missing kubeconfig or context, unreachable
 * server, rejected credentials, cancellation. A namespace that cannot be read is listed as `forbidden`/`error`.
 */
export async function readCluster(opts: ReadClusterOptions): Promise<ClusterSnapshot> {
  // Trust is checked before the kubeconfig is even opened: loading it can name exec plugins and credential files.
  if (!opts.trusted) {
    throw new ClusterCheckError({
      kind: 'untrusted',
      message: 'The cluster check does not run in an untrusted workspace: trust the workspace to let Secret Surface use your kubeconfig.',
    });
  }
  const started = Date.now();
  throwIfCancelled(opts.signal);
  const kc = loadKubeConfig(opts.kubeconfig);
  const ctx = kc.getContextObject(opts.context);
  if (!ctx) {
    const known = kc.getContexts().map((c) => c.name);
    throw new ClusterCheckError({
      kind: 'no-context',
      message: `The kubeconfig has no context "${opts.context}"${known.length > 0 ? ` (it has: ${known.join(', ')})` : ' (it has none)'}.`,
    });
  }
  kc.setCurrentContext(opts.context);
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new ClusterCheckError({ kind: 'bad-kubeconfig', message: `Context "${opts.context}" names cluster "${ctx.cluster}", which the kubeconfig does not define.` });
  }
  if (!kc.getCurrentUser() && ctx.user) {
    throw new ClusterCheckError({ kind: 'bad-kubeconfig', message: `Context "${opts.context}" names user "${ctx.user}", which the kubeconfig does not define.` });
  }
  const reader = new Reader(kc, opts, safeUrl(cluster.server), ctx.namespace);
  try {
    const snapshot = await reader.read();
    return { ...snapshot, stats: { requests: reader.requests, ms: Date.now() - started } };
  } finally {
    reader.dispose();
  }
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ClusterCheckError({ kind: 'cancelled', message: 'The cluster check was cancelled.' });
}

/** Strips what the API server adds for its own bookkeeping and what the check never needs. */
function plain<T>(obj: T): Record<string, unknown> {
  const out = JSON.parse(JSON.stringify(obj)) as Record<string, unknown>;
  const meta = out['metadata'] as Record<string, unknown> | undefined;
  if (meta) {
    delete meta['managedFields'];
    // A whole copy of the object as last applied: bulk, and any inline env values a user pasted into it.
    const annotations = meta['annotations'] as Record<string, string> | undefined;
    if (annotations) {
      delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
      if (Object.keys(annotations).length === 0) delete meta['annotations'];
    }
  }
  return out;
}

function toLivePod(raw: unknown, owner: LivePod['owner']): LivePod {
  const p = plain(raw) as unknown as LivePod & { status?: Record<string, unknown> };
  const pick = (list: unknown) =>
    Array.isArray(list)
      ? (list as { name: string; image?: string; imageID?: string }[]).map((s) => ({
          name: s.name,
          ...(s.image ? { image: s.image } : {}),
          ...(s.imageID ? { imageID: s.imageID } : {}),
        }))
      : undefined;
  const st = p.status ?? {};
  const status: LivePod['status'] = {
    ...(typeof st['phase'] === 'string' ? { phase: st['phase'] } : {}),
    ...(pick(st['containerStatuses']) ? { containerStatuses: pick(st['containerStatuses'])! } : {}),
    ...(pick(st['initContainerStatuses']) ? { initContainerStatuses: pick(st['initContainerStatuses'])! } : {}),
    ...(pick(st['ephemeralContainerStatuses']) ? { ephemeralContainerStatuses: pick(st['ephemeralContainerStatuses'])! } : {}),
  };
  return { apiVersion: 'v1', kind: 'Pod', metadata: p.metadata, spec: p.spec ?? {}, status, owner };
}

/** One read of one context: request accounting, deadlines, cancellation and error classification in one place. */
class Reader {
  requests = 0;
  private readonly core: CoreV1Api;
  private readonly batch: BatchV1Api;
  private readonly secrets: string[];
  private readonly timeoutMs: number;
  /** Aborts every request in flight once one fails fatally (or the user cancels). */
  private readonly stop = new AbortController();
  private fatal: ClusterError | undefined;
  private readonly onUserAbort = () => this.stop.abort();

  constructor(
    kc: KubeConfig,
    private readonly opts: ReadClusterOptions,
    private readonly server: string,
    private readonly contextNamespace: string | undefined,
  ) {
    this.core = kc.makeApiClient(CoreV1Api);
    this.batch = kc.makeApiClient(BatchV1Api);
    this.secrets = credentialStrings(kc.getCurrentUser());
    this.timeoutMs = opts.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    opts.signal?.addEventListener('abort', this.onUserAbort, { once: true });
  }

  dispose(): void {
    this.opts.signal?.removeEventListener('abort', this.onUserAbort);
  }

  /** Runs one API call with its own deadline, tied to the user's cancel; failures come back classified. */
  private async call<T>(what: string, namespace: string | undefined, fn: (o: ConfigurationOptions) => Promise<T>): Promise<{ ok: T } | { err: ClusterError }> {
    if (this.stop.signal.aborted) return { err: this.abortError() };
    const ctrl = new AbortController();
    let why: 'cancelled' | 'timeout' | undefined;
    const onStop = () => {
      why ??= 'cancelled';
      ctrl.abort();
    };
    this.stop.signal.addEventListener('abort', onStop, { once: true });
    let timer: NodeJS.Timeout | undefined;
    // The deadline starts when the request leaves, not while an exec/OIDC plugin is still obtaining a token.
    const middleware: ObservableMiddleware = {
      pre: (req: RequestContext) => {
        this.requests++;
        req.setSignal(ctrl.signal);
        timer = setTimeout(() => {
          why ??= 'timeout';
          ctrl.abort();
        }, this.timeoutMs);
        return new Observable(Promise.resolve(req));
      },
      post: (res: ResponseContext) => new Observable(Promise.resolve(res)),
    };
    try {
      return { ok: await fn({ middleware: [middleware], middlewareMergeStrategy: 'append' }) };
    } catch (err) {
      const classified = classifyError(err, {
        server: this.server,
        context: this.opts.context,
        what,
        timeoutMs: this.timeoutMs,
        ...(namespace !== undefined ? { namespace } : {}),
        ...(why ? { aborted: why } : {}),
      });
      classified.message = redact(classified.message, this.secrets);
      if (isFatal(classified.kind) && classified.kind !== 'cancelled' && !this.fatal) {
        this.fatal = classified;
        this.stop.abort();
      }
      return { err: classified };
    } finally {
      if (timer) clearTimeout(timer);
      this.stop.signal.removeEventListener('abort', onStop);
    }
  }

  private abortError(): ClusterError {
    return this.fatal ?? { kind: 'cancelled', message: 'The cluster check was cancelled.' };
  }

  /** Throws the first fatal failure (or the cancel) if one happened. */
  private check(): void {
    if (this.fatal) throw new ClusterCheckError(this.fatal);
    if (this.opts.signal?.aborted) throw new ClusterCheckError({ kind: 'cancelled', message: 'The cluster check was cancelled.' });
  }

  async read(): Promise<Omit<ClusterSnapshot, 'stats'>> {
    const errors: ClusterError[] = [];
    const names = await this.namespaceNames(errors);
    this.check();
    const results: NamespaceResult[] = [];
    const pods: LivePod[][] = names.map(() => []);
    const sas: object[][] = names.map(() => []);
    const errs: ClusterError[][] = names.map(() => []);
    const statuses: (NamespaceResult | undefined)[] = names.map(() => undefined);
    let next = 0;
    const worker = async () => {
      while (next < names.length && !this.stop.signal.aborted) {
        const i = next++;
        const r = await this.readNamespace(names[i]!);
        statuses[i] = r.status;
        pods[i] = r.pods;
        sas[i] = r.serviceAccounts;
        errs[i] = r.errors;
      }
    };
    const n = Math.max(1, Math.min(this.opts.concurrency ?? 4, names.length));
    await Promise.all(Array.from({ length: n }, worker));
    this.check();
    for (let i = 0; i < names.length; i++) {
      results.push(statuses[i] ?? { name: names[i]!, status: 'error', message: 'not read' });
      errors.push(...errs[i]!);
    }
    return {
      context: this.opts.context,
      server: this.server,
      pods: pods.flat(),
      serviceAccounts: sas.flat(),
      namespaces: results,
      errors,
    };
  }

  /** The namespaces asked for, else all the user may list, else (listing forbidden) the context's own. */
  private async namespaceNames(errors: ClusterError[]): Promise<string[]> {
    const asked = [...new Set((this.opts.namespaces ?? []).filter((n) => n.length > 0))];
    if (asked.length > 0) return asked;
    const names: string[] = [];
    let cont: string | undefined;
    do {
      const r = await this.call('namespaces', undefined, (o) =>
        this.core.listNamespace({ limit: this.opts.pageSize ?? 500, ...(cont ? { _continue: cont } : {}) }, o),
      );
      if ('err' in r) {
        if (r.err.kind === 'forbidden') {
          const fallback = this.contextNamespace ?? 'default';
          errors.push({
            kind: 'forbidden',
            status: 403,
            message: `Not allowed to list namespaces, so only namespace "${fallback}" (the context's) was checked. Name the namespaces to check, or grant "list namespaces" (see docs/cluster-rbac.yaml).`,
          });
          return [fallback];
        }
        this.check();
        throw new ClusterCheckError(r.err);
      }
      for (const ns of r.ok.items) if (ns.metadata?.name) names.push(ns.metadata.name);
      cont = r.ok.metadata?._continue || undefined;
    } while (cont);
    return names;
  }

  private async listAll<T>(what: string, namespace: string, page: (cont: string | undefined, o: ConfigurationOptions) => Promise<{ items: T[]; metadata?: { _continue?: string } }>): Promise<{ ok: T[] } | { err: ClusterError }> {
    const items: T[] = [];
    let cont: string | undefined;
    do {
      const c = cont;
      const r = await this.call(what, namespace, (o) => page(c, o));
      if ('err' in r) return r;
      items.push(...r.ok.items);
      cont = r.ok.metadata?._continue || undefined;
    } while (cont);
    return { ok: items };
  }

  private async readNamespace(namespace: string): Promise<{ status: NamespaceResult; pods: LivePod[]; serviceAccounts: object[]; errors: ClusterError[] }> {
    const errors: ClusterError[] = [];
    const limit = this.opts.pageSize ?? 500;
    const podsR = await this.listAll('pods', namespace, (c, o) => this.core.listNamespacedPod({ namespace, limit, ...(c ? { _continue: c } : {}) }, o));
    if ('err' in podsR) {
      const status = podsR.err.kind === 'forbidden' ? 'forbidden' : 'error';
      if (!isFatal(podsR.err.kind)) errors.push({ ...podsR.err, namespace });
      return { status: { name: namespace, status, message: podsR.err.message }, pods: [], serviceAccounts: [], errors };
    }
    const saR = await this.listAll('serviceaccounts', namespace, (c, o) =>
      this.core.listNamespacedServiceAccount({ namespace, limit, ...(c ? { _continue: c } : {}) }, o),
    );
    let serviceAccounts: object[] = [];
    if ('err' in saR) {
      if (!isFatal(saR.err.kind)) errors.push({ ...saR.err, namespace });
    } else {
      serviceAccounts = saR.ok.map((sa) => plain(sa));
    }

    // Jobs are read one by one (get, not list) only to learn whether a CronJob owns them.
    const jobNames = new Set<string>();
    for (const p of podsR.ok) {
      const ref = p.metadata?.ownerReferences?.find((r) => r.controller);
      if (ref?.kind === 'Job') jobNames.add(ref.name);
    }
    const jobOwners = new Map<string, { cronJob?: string; unreadable?: boolean }>();
    let jobsForbidden = false;
    for (const job of jobNames) {
      if (jobsForbidden) {
        jobOwners.set(job, { unreadable: true });
        continue;
      }
      const r = await this.call('jobs', namespace, (o) => this.batch.readNamespacedJob({ name: job, namespace }, o));
      if ('err' in r) {
        if (r.err.kind === 'forbidden') {
          jobsForbidden = true;
          jobOwners.set(job, { unreadable: true });
          errors.push({
            kind: 'owner-fallback',
            namespace,
            status: 403,
            message: `Jobs in namespace ${namespace} are not readable, so pods of CronJobs are named by their Job (grant "get jobs" to name the CronJob).`,
          });
        } else if (isFatal(r.err.kind)) {
          break;
        }
        // A Job deleted since its pod was listed (404) keeps its own name: nothing better is known.
        continue;
      }
      const cron = r.ok.metadata?.ownerReferences?.find((x) => x.controller && x.kind === 'CronJob');
      jobOwners.set(job, cron ? { cronJob: cron.name } : {});
    }
    const pods = podsR.ok.map((p) => {
      const meta = p.metadata ?? {};
      const owner = resolveOwner(
        { name: meta.name, namespace: meta.namespace, labels: meta.labels, ownerReferences: meta.ownerReferences },
        (job) => jobOwners.get(job),
      );
      return toLivePod(p, owner);
    });
    return { status: { name: namespace, status: 'ok' }, pods, serviceAccounts, errors };
  }
}
