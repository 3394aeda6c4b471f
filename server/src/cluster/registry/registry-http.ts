// HTTP to one repository of one registry: the distribution API's URLs, anonymous / Bearer token /
// Basic auth (credentials from the Docker config file, looked up only when the registry asks), and
// the mapping of HTTP failures to result reasons. Credentials and tokens never enter an error message.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import nodeFetch from 'node-fetch';
import type { RequestInit, Response } from 'node-fetch';
import { loadCredentials, type CredentialLookup } from './docker-config.js';
import type { FetchLike, RegistryFailureReason } from './types.js';
import { parseWwwAuthenticate, type AuthChallenge } from './www-authenticate.js';

// Connections are kept between the manifest, config and layer requests of an image and across images.
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 16 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 16 });
const agent = (url: URL): HttpAgent => (url.protocol === 'http:' ? httpAgent : httpsAgent);

export class RegistryError extends Error {
  constructor(
    readonly reason: RegistryFailureReason,
    message: string,
  ) {
    super(message);
  }
}

export interface RepositoryClientOptions {
  registry: string;
  repository: string;
  insecureHosts?: string[];
  dockerConfigPath?: string;
  fetch?: FetchLike;
  signal: AbortSignal;
}

/** Docker Hub's API host differs from the name images use. */
function apiHost(registry: string): string {
  return registry === 'docker.io' ? 'registry-1.docker.io' : registry;
}

export class RepositoryClient {
  private readonly base: string;
  private readonly host: string;
  private readonly fetchFn: FetchLike;
  private authorization: string | undefined;
  private credentials: CredentialLookup | undefined;

  constructor(private readonly o: RepositoryClientOptions) {
    this.host = apiHost(o.registry);
    const insecure = (o.insecureHosts ?? []).some((h) => h.toLowerCase() === this.host.toLowerCase() || h.toLowerCase() === this.host.replace(/:\d+$/, '').toLowerCase());
    this.base = `${insecure ? 'http' : 'https'}://${this.host}/v2/${o.repository}`;
    this.fetchFn = o.fetch ?? nodeFetch;
  }

  async manifest(reference: string, accept: string): Promise<Response> {
    return this.get(`${this.base}/manifests/${reference}`, { accept }, `manifest ${reference}`);
  }

  async blob(digest: string): Promise<Response> {
    return this.get(`${this.base}/blobs/${digest}`, {}, `blob ${digest.slice(0, 19)}`);
  }

  private async get(url: string, headers: Record<string, string>, what: string): Promise<Response> {
    let res = await this.send(url, headers);
    if (res.status === 401) {
      const challenges = parseWwwAuthenticate(res.headers.get('www-authenticate') ?? '');
      res.body?.resume?.();
      if (await this.authorize(challenges)) res = await this.send(url, headers);
    }
    if (res.ok) return res;
    res.body?.resume?.();
    throw this.statusError(res.status, what);
  }

  private async send(url: string, headers: Record<string, string>): Promise<Response> {
    const h: Record<string, string> = { 'user-agent': 'secret-surface', ...headers };
    if (this.authorization) h.authorization = this.authorization;
    return this.request(url, { headers: h, signal: this.o.signal as RequestInit['signal'] });
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchFn(url, { agent, ...init });
    } catch (err) {
      throw toNetworkError(err, this.o.signal, this.host);
    }
  }

  private statusError(status: number, what: string): RegistryError {
    const where = `${this.o.registry}/${this.o.repository}`;
    if (status === 401 || status === 403) {
      const creds = this.credentials;
      const hint = creds?.kind === 'credentials' ? ' with the Docker config credentials' : creds?.kind === 'identity-token' ? ' with the Docker config identity token' : ' without credentials';
      return new RegistryError('unauthorized', `${where}: ${what} refused (HTTP ${status})${hint}`);
    }
    if (status === 404) return new RegistryError('not-found', `${where}: ${what} not found (HTTP 404)`);
    return new RegistryError('network', `${where}: ${what} failed (HTTP ${status})`);
  }

  /** Answers a 401 once; false when there is nothing better to send than what was sent. */
  private async authorize(challenges: AuthChallenge[]): Promise<boolean> {
    this.credentials ??= await loadCredentials(this.o.registry === 'docker.io' ? 'docker.io' : this.host, this.o.dockerConfigPath);
    const creds = this.credentials;
    if (creds.kind === 'helper') {
      throw new RegistryError('unsupported', `${this.o.registry}: unsupported credential helper ${creds.helper} (Secret Surface does not run credential helpers; put the registry under "auths" in the Docker config)`);
    }
    if (creds.kind === 'invalid') throw new RegistryError('unauthorized', `${this.o.registry}: ${creds.message}`);
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    if (bearer) {
      const token = await this.token(bearer, creds);
      const next = `Bearer ${token}`;
      if (next === this.authorization) return false;
      this.authorization = next;
      return true;
    }
    const basic = challenges.find((c) => c.scheme === 'basic');
    if (basic && creds.kind === 'credentials') {
      const next = `Basic ${Buffer.from(`${creds.credentials.username}:${creds.credentials.password}`).toString('base64')}`;
      if (next === this.authorization) return false;
      this.authorization = next;
      return true;
    }
    return false;
  }

  /** The token endpoint: GET with optional Basic credentials, or the OAuth refresh-token POST for identity tokens. */
  private async token(challenge: AuthChallenge, creds: CredentialLookup): Promise<string> {
    const realm = challenge.params.realm;
    if (!realm) throw new RegistryError('unauthorized', `${this.o.registry}: Bearer challenge without a realm`);
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new RegistryError('malformed', `${this.o.registry}: Bearer realm is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RegistryError('unsupported', `${this.o.registry}: Bearer realm scheme ${url.protocol} is not supported`);
    const scope = challenge.params.scope ?? `repository:${this.o.repository}:pull`;
    const service = challenge.params.service;
    let res: Response;
    if (creds.kind === 'identity-token') {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.token, client_id: 'secret-surface', scope });
      if (service) form.set('service', service);
      res = await this.request(url.toString(), { method: 'POST', body: form, signal: this.o.signal as RequestInit['signal'] });
    } else {
      if (service) url.searchParams.set('service', service);
      url.searchParams.set('scope', scope);
      const headers: Record<string, string> = { 'user-agent': 'secret-surface' };
      if (creds.kind === 'credentials') {
        headers.authorization = `Basic ${Buffer.from(`${creds.credentials.username}:${creds.credentials.password}`).toString('base64')}`;
        url.searchParams.set('account', creds.credentials.username);
      }
      res = await this.request(url.toString(), { headers, signal: this.o.signal as RequestInit['signal'] });
    }
    if (!res.ok) {
      res.body?.resume?.();
      const hint = creds.kind === 'none' ? ' without credentials' : ' with the Docker config credentials';
      throw new RegistryError('unauthorized', `${this.o.registry}: token service refused ${scope}${hint} (HTTP ${res.status})`);
    }
    let body: { token?: unknown; access_token?: unknown };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new RegistryError('malformed', `${this.o.registry}: token service answered with invalid JSON`);
    }
    const token = typeof body.token === 'string' && body.token !== '' ? body.token : body.access_token;
    if (typeof token !== 'string' || token === '') throw new RegistryError('malformed', `${this.o.registry}: token service answered without a token`);
    return token;
  }
}

/** Fetch and stream failures as results: our own deadline, the caller's cancellation, or the network. */
export function toNetworkError(err: unknown, signal: AbortSignal, host: string): RegistryError {
  if (err instanceof RegistryError) return err;
  if (signal.aborted) {
    const reason = signal.reason as { name?: string } | undefined;
    return reason?.name === 'TimeoutError'
      ? new RegistryError('timeout', `${host}: no complete answer within the time limit`)
      : new RegistryError('timeout', `${host}: inspection cancelled`);
  }
  const e = err as { code?: string; name?: string; message?: string };
  const code = e.code ?? e.name ?? 'error';
  return new RegistryError('network', `${host}: request failed (${code})`);
}
