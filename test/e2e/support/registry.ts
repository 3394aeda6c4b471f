// Starts Debian's docker-registry (distribution v2) on a free 127.0.0.1 port with its storage in a
// temp dir, optionally behind token auth served by a small JWT token server started here too.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StartRegistryOptions {
  auth?: 'none' | 'token';
  /** Token auth: the one repository that needs credentials; every other is granted anonymously. */
  protectedRepository?: string;
  /** Token auth: accounts the token server accepts for the protected repository. */
  users?: Record<string, string>;
}

export interface RunningRegistry {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>`, the registry part of image references. */
  host: string;
  /** Token requests the token server answered, by scope (for assertions). */
  tokenRequests: { scope: string; account?: string; granted: string[] }[];
  logFile: string;
  stop(): Promise<void>;
}

const BINARY = process.env.SECRET_SURFACE_REGISTRY_BIN ?? 'docker-registry';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

interface TokenServer {
  url: string;
  server: Server;
  requests: RunningRegistry['tokenRequests'];
}

/** A token server in the shape distribution expects: RS256 JWTs with the certificate in `x5c`. */
async function startTokenServer(dir: string, o: { service: string; issuer: string; protectedRepository: string; users: Record<string, string> }): Promise<TokenServer> {
  const keyFile = join(dir, 'token.key');
  const certFile = join(dir, 'token.crt');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=secret-surface-test-token-issuer'], { stdio: 'ignore' });
  const key = createPrivateKey(readFileSync(keyFile));
  const certDer = readFileSync(certFile, 'utf8').replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const requests: RunningRegistry['tokenRequests'] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let account: string | undefined;
    const authz = req.headers.authorization;
    if (authz?.startsWith('Basic ')) {
      const [user, ...rest] = Buffer.from(authz.slice(6), 'base64').toString('utf8').split(':');
      if (user === undefined || o.users[user] === undefined || o.users[user] !== rest.join(':')) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad credentials"}');
        return;
      }
      account = user;
    }
    const access: { type: string; name: string; actions: string[] }[] = [];
    for (const scope of url.searchParams.getAll('scope')) {
      const [type, ...mid] = scope.split(':');
      const actions = (mid.pop() ?? '').split(',').filter(Boolean);
      const name = mid.join(':');
      if (type !== 'repository') continue;
      const granted = name === o.protectedRepository && account === undefined ? [] : actions;
      requests.push({ scope, ...(account ? { account } : {}), granted });
      access.push({ type, name, actions: granted });
    }
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', x5c: [certDer] };
    const claims = { iss: o.issuer, sub: account ?? '', aud: o.service, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const token = `${input}.${b64url(sign('sha256', Buffer.from(input), key))}`;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/token`, server, requests };
}

async function waitForRegistry(url: string, proc: ChildProcess, logFile: string, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let last = '';
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`docker-registry exited (${proc.exitCode ?? proc.signalCode}): ${readFileSync(logFile, 'utf8').slice(-2000)}`);
    }
    try {
      const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200 || res.status === 401) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`docker-registry did not answer /v2/ within ${deadlineMs} ms (${last})`);
}

export async function startRegistry(opts: StartRegistryOptions = {}): Promise<RunningRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'ss-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const logFile = join(dir, 'registry.log');
  let token: TokenServer | undefined;
  const lines = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  formatter: text',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: ${host}`,
    `  secret: ${randomUUID()}`,
  ];
  if (opts.auth === 'token') {
    const service = 'secret-surface-test-registry';
    const issuer = 'secret-surface-test-issuer';
    token = await startTokenServer(dir, { service, issuer, protectedRepository: opts.protectedRepository ?? 'private/app', users: opts.users ?? {} });
    lines.push('auth:', '  token:', `    realm: ${token.url}`, `    service: ${service}`, `    issuer: ${issuer}`, `    rootcertbundle: ${join(dir, 'token.crt')}`);
  }
  const config = join(dir, 'config.yml');
  writeFileSync(config, lines.join('\n') + '\n');
  // The registry writes its log straight to the file: a pipe through this process would stall the
  // registry whenever this process is blocked (a spawnSync of the CLI under test, say).
  const logFd = openSync(logFile, 'a');
  let proc: ChildProcess;
  try {
    // Its own process group, so stop() ends the registry and nothing else.
    proc = spawn(BINARY, ['serve', config], { detached: true, stdio: ['ignore', logFd, logFd] });
  } catch (err) {
    throw new Error(`cannot start ${BINARY} (run scripts/e2e/setup-registry.sh): ${(err as Error).message}`);
  }
  const spawnError = new Promise<never>((_, reject) => proc.once('error', (err) => reject(new Error(`cannot start ${BINARY} (run scripts/e2e/setup-registry.sh): ${err.message}`))));
  spawnError.catch(() => undefined);
  closeSync(logFd);
  const url = `http://${host}`;
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null && proc.pid !== undefined) {
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      try {
        process.kill(-proc.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-proc.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 3000);
      await exited;
      clearTimeout(timer);
    }
    if (token) await new Promise<void>((resolve) => token!.server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([waitForRegistry(url, proc, logFile, 20_000), spawnError]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, host, tokenRequests: token?.requests ?? [], logFile, stop };
}
