// What can go wrong when reading a cluster, said the way a user can act on it: every failure becomes one
// ClusterError kind with a one-line message, credentials redacted, never a stack trace.
import { redact, safeUrl } from '../redact.js';

export { redact } from '../redact.js';

export type ClusterErrorKind =
  /** The workspace is not trusted: nothing was loaded and nothing was sent. */
  | 'untrusted'
  /** No kubeconfig file could be found. */
  | 'no-kubeconfig'
  /** The kubeconfig could not be read or parsed. */
  | 'bad-kubeconfig'
  /** The requested context is not in the kubeconfig. */
  | 'no-context'
  /** Connection refused, DNS failure, TLS failure … */
  | 'unreachable'
  /** The API server did not answer in time. */
  | 'timeout'
  /** 401, or the exec/OIDC credential plugin failed. */
  | 'credentials'
  /** 403 for one namespace or one resource: partial, not fatal. */
  | 'forbidden'
  /** The user cancelled. */
  | 'cancelled'
  /** An owner could only be named approximately (e.g. a CronJob's Job, when Jobs are not readable). */
  | 'owner-fallback'
  /** Anything else the API server answered (404, 5xx …). */
  | 'api';

export interface ClusterError {
  kind: ClusterErrorKind;
  message: string;
  namespace?: string;
  /** HTTP status, when the API server answered. */
  status?: number;
}

/** A failure that stops the whole read (everything but `forbidden`, `owner-fallback` and per-namespace `api`). */
export class ClusterCheckError extends Error {
  readonly kind: ClusterErrorKind;
  readonly status?: number;
  constructor(error: ClusterError) {
    super(error.message);
    this.name = 'ClusterCheckError';
    this.kind = error.kind;
    if (error.status !== undefined) this.status = error.status;
  }
  toClusterError(): ClusterError {
    return { kind: this.kind, message: this.message, ...(this.status !== undefined ? { status: this.status } : {}) };
  }
}

/** Kinds that make the rest of the read pointless: every further request would fail the same way. */
export function isFatal(kind: ClusterErrorKind): boolean {
  return kind !== 'forbidden' && kind !== 'owner-fallback' && kind !== 'api';
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);

export interface ClassifyContext {
  /** `https://host:port`, for messages. */
  server: string;
  context: string;
  namespace?: string;
  /** What was being read (`pods`, `namespaces` …), for messages. */
  what?: string;
  /** Why an abort happened, when the caller aborted: a user cancel or our own per-request deadline. */
  aborted?: 'cancelled' | 'timeout';
  timeoutMs?: number;
}

/**
 * Turns anything thrown by client-node / node-fetch / an exec plugin into a ClusterError whose message
 * holds no credential: the server URL without userinfo, and the whole message redacted (an exec
 * plugin's stderr can hold access keys and tokens).
 */
export function classifyError(err: unknown, ctx: ClassifyContext): ClusterError {
  const out = classifyUnredacted(err, { ...ctx, server: safeUrl(ctx.server) });
  out.message = redact(out.message);
  return out;
}

function classifyUnredacted(err: unknown, ctx: ClassifyContext): ClusterError {
  const e = err as { code?: unknown; type?: unknown; name?: unknown; message?: unknown; body?: unknown; errno?: unknown };
  const where = ctx.namespace ? ` in namespace ${ctx.namespace}` : '';
  const what = ctx.what ?? 'the cluster';
  const status = typeof e?.code === 'number' ? e.code : undefined;
  if (status !== undefined) {
    const reason = apiReason(e.body);
    if (status === 401) {
      return {
        kind: 'credentials',
        status,
        message: `The API server at ${ctx.server} rejected the credentials of context "${ctx.context}" (401 Unauthorized): they are invalid or expired. Log in again (e.g. refresh the token) and retry.`,
      };
    }
    if (status === 403) {
      return {
        kind: 'forbidden',
        status,
        ...(ctx.namespace ? { namespace: ctx.namespace } : {}),
        message: `Not allowed to read ${what}${where} (403 Forbidden)${reason ? `: ${reason}` : ''}.`,
      };
    }
    return {
      kind: 'api',
      status,
      ...(ctx.namespace ? { namespace: ctx.namespace } : {}),
      message: `The API server answered ${status} when reading ${what}${where}${reason ? `: ${reason}` : ''}.`,
    };
  }
  const code = typeof e?.code === 'string' ? e.code : typeof e?.errno === 'string' ? e.errno : undefined;
  const isAbort = e?.name === 'AbortError' || e?.type === 'aborted' || code === 'ABORT_ERR';
  if (isAbort || (code !== undefined && TIMEOUT_CODES.has(code)) || e?.type === 'request-timeout') {
    if (isAbort && ctx.aborted === 'cancelled') {
      return { kind: 'cancelled', message: 'The cluster check was cancelled.' };
    }
    const after = ctx.timeoutMs !== undefined ? ` within ${Math.round(ctx.timeoutMs / 100) / 10}s` : '';
    return {
      kind: 'timeout',
      message: `The API server at ${ctx.server} (context "${ctx.context}") did not answer${after}. Check the network, VPN or proxy and retry.`,
    };
  }
  if (code !== undefined && CONNECTION_CODES.has(code)) {
    const why =
      code === 'ECONNREFUSED'
        ? 'the connection was refused'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'the host name does not resolve'
          : code.includes('CERT') || code.includes('TLS')
            ? `its TLS certificate was not accepted (${code})`
            : `the connection failed (${code})`;
    return {
      kind: 'unreachable',
      message: `Cannot reach the API server at ${ctx.server} (context "${ctx.context}"): ${why}. Is the cluster running and the kubeconfig current?`,
    };
  }
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (/HTTP protocol is not allowed/i.test(message)) {
    // client-node refuses plain http:// servers unless the kubeconfig explicitly skips TLS verification.
    return {
      kind: 'bad-kubeconfig',
      message: `Context "${ctx.context}" points at a plain http:// server (${ctx.server}), which is refused unless its cluster sets insecure-skip-tls-verify.`,
    };
  }
  // client-node's exec and OIDC authenticators throw plain Errors before any request is sent.
  if (/exec|credential|oidc|token|auth/i.test(message)) {
    return {
      kind: 'credentials',
      message: `Could not obtain credentials for context "${ctx.context}": ${firstLine(message)}`,
    };
  }
  if (e?.type === 'system' || /socket hang up|network|connect/i.test(message)) {
    return {
      kind: 'unreachable',
      message: `Cannot reach the API server at ${ctx.server} (context "${ctx.context}"): ${firstLine(message)}`,
    };
  }
  return { kind: 'api', message: `Reading ${what}${where} failed: ${firstLine(message)}` };
}

/** The `message` of a Kubernetes Status body, when the body is one. */
function apiReason(body: unknown): string | undefined {
  let b = body;
  if (typeof b === 'string') {
    try {
      b = JSON.parse(b);
    } catch {
      return undefined;
    }
  }
  const m = (b as { message?: unknown } | undefined)?.message;
  return typeof m === 'string' && m.length > 0 ? firstLine(m) : undefined;
}

function firstLine(s: string): string {
  const line = s.split('\n', 1)[0]!.trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
