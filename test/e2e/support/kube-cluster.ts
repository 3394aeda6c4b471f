// Starts a real Kubernetes control plane for the cluster-check suites: etcd and kube-apiserver (installed by
// scripts/e2e/setup-kube.sh) on free 127.0.0.1 ports, static-token auth, RBAC, and an audit log that tests read
// to prove which API paths the check touched.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Cluster {
  /** `https://127.0.0.1:<port>` */
  server: string;
  /** Token of `admin` (group system:masters). */
  adminToken: string;
  /** Token of `secret-surface`, the user docs/cluster-rbac.yaml binds; no permissions until a test binds them. */
  limitedToken: string;
  limitedUser: string;
  /** Tokens of the extra users asked for in startCluster(), by user name (no permissions until bound). */
  tokens: Record<string, string>;
  /** PEM bundle that verifies the serving certificate. */
  caFile: string;
  /** JSON-lines audit log of every request (Metadata level). */
  auditLogPath: string;
  /** Temp directories the cluster owns (removed by stop()). */
  dirs: string[];
  /** Process ids of etcd and kube-apiserver (each leads its own process group). */
  pids: number[];
  /** Writes a kubeconfig for `token` and returns its path. */
  kubeconfigFor(token: string, opts?: { context?: string; namespace?: string; server?: string }): string;
  /** One JSON request as `token` (admin by default); resolves with status and parsed body, never throws on HTTP status. */
  request(method: string, path: string, body?: unknown, opts?: { token?: string; contentType?: string }): Promise<{ status: number; body: any }>;
  /** Audit events, parsed. */
  auditEvents(): AuditEvent[];
  /** Last lines of both servers' logs. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

export interface AuditEvent {
  stage: string;
  verb: string;
  requestURI: string;
  user: { username: string; groups?: string[] };
  objectRef?: { resource?: string; namespace?: string; name?: string; subresource?: string };
  responseStatus?: { code?: number };
}

const READY_DEADLINE_MS = 90_000;

/** Where setup-kube.sh caches its binaries. */
export function toolsDir(): string {
  return process.env['SECRET_SURFACE_TOOLS'] ?? join(homedir(), '.cache', 'secret-surface');
}

/** The newest cached kube-apiserver, or $KUBE_APISERVER. */
export function findKubeApiserver(): string {
  const explicit = process.env['KUBE_APISERVER'];
  if (explicit) return explicit;
  const dir = toolsDir();
  const found = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /^kube-apiserver-v\d+\.\d+\.\d+$/.test(f))
        .sort((a, b) => versionKey(b).localeCompare(versionKey(a)))
    : [];
  if (found.length === 0) throw new Error(`kube-apiserver not found in ${dir}: run scripts/e2e/setup-kube.sh`);
  return join(dir, found[0]!);
}

function versionKey(f: string): string {
  return f
    .replace(/^kube-apiserver-v/, '')
    .split('.')
    .map((n) => n.padStart(5, '0'))
    .join('.');
}

export function findEtcd(): string {
  const explicit = process.env['ETCD'];
  if (explicit) return explicit;
  for (const p of ['/usr/bin/etcd', '/usr/local/bin/etcd', join(toolsDir(), 'etcd')]) if (existsSync(p)) return p;
  throw new Error('etcd not found: run scripts/e2e/setup-kube.sh');
}

/** A port nothing listens on right now (the OS picks it; it is released before use). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function tail(file: string, lines: number): string {
  try {
    const all = readFileSync(file, 'utf8').split('\n');
    return all.slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

interface Proc {
  name: string;
  child: ChildProcess;
  log: string;
  exited: Promise<number | null>;
  exitCode: number | null | undefined;
}

function start(name: string, cmd: string, args: string[], log: string): Proc {
  const fd = openSync(log, 'a');
  // A process group of its own, so stop() can take down anything it forks with one signal.
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const proc: Proc = { name, child, log, exitCode: undefined, exited: Promise.resolve(null) };
  proc.exited = new Promise((resolve) => {
    child.once('exit', (code) => {
      proc.exitCode = code;
      resolve(code);
    });
    child.once('error', () => {
      proc.exitCode = -1;
      resolve(-1);
    });
  });
  return proc;
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * The servers run in process groups of their own (so stop() reaches everything they fork), which also means they
 * outlive a test process that is killed before its after() hook runs. Two guards: an 'exit' handler for ordinary
 * exits, and a detached watchdog shell that kills both groups and removes the temp dirs once this process is gone
 * (SIGKILL, runner timeout).
 */
function guardAgainstOrphans(procs: Proc[], dirs: string[]): { watchdog: ChildProcess; onExit: () => void } {
  const groups = procs.map((p) => p.child.pid).filter((p): p is number => p !== undefined);
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const script = [
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done`,
    ...groups.map((g) => `kill -KILL -${g} 2>/dev/null`),
    `rm -rf ${dirs.map(quote).join(' ')}`,
  ].join('; ');
  const watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  const onExit = () => {
    for (const g of groups) killGroup(g, 'SIGKILL');
  };
  process.once('exit', onExit);
  return { watchdog, onExit };
}

async function stopProc(p: Proc, graceMs = 10_000): Promise<void> {
  if (p.exitCode !== undefined || p.child.pid === undefined) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-p.child.pid!, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
  if ((await Promise.race([p.exited, timer])) === 'timeout') {
    signal('SIGKILL');
    await p.exited;
  }
}

/** Polls `check` until it returns true, the process dies, or the deadline passes. */
async function waitFor(what: string, check: () => Promise<boolean>, procs: Proc[], deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  let delay = 50;
  for (;;) {
    for (const p of procs) {
      if (p.exitCode !== undefined) throw new Error(`${p.name} exited (code ${p.exitCode}) while waiting for ${what}`);
    }
    if (await check().catch(() => false)) return;
    if (Date.now() > until) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 500);
  }
}

function httpGetOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(res.statusCode === 200 && body.includes('true')));
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: Metadata
`;

/** Starts etcd + kube-apiserver and waits until /readyz says ready. */
export async function startCluster(opts: { extraUsers?: string[] } = {}): Promise<Cluster> {
  const apiserver = findKubeApiserver();
  const etcd = findEtcd();
  const dir = mkdtempSync(join(tmpdir(), 'surface-kube-'));
  const procs: Proc[] = [];
  const extraDirs: string[] = [];
  let guard: { watchdog: ChildProcess; onExit: () => void } | undefined;
  const cleanup = async () => {
    for (const p of [...procs].reverse()) await stopProc(p);
    for (const d of [dir, ...extraDirs]) rmSync(d, { recursive: true, force: true });
    if (guard) {
      process.removeListener('exit', guard.onExit);
      killGroup(guard.watchdog.pid, 'SIGKILL');
    }
  };
  try {
    const [clientPort, peerPort, securePort] = [await freePort(), await freePort(), await freePort()];
    const etcdLog = join(dir, 'etcd.log');
    // Test data is thrown away, and etcd fsyncs every write: on tmpfs, seeding thousands of pods stays fast.
    const etcdData = existsSync('/dev/shm') ? mkdtempSync(join('/dev/shm', 'surface-etcd-')) : join(dir, 'etcd-data');
    extraDirs.push(etcdData);
    const etcdArgs = [
      '--name=surface',
      `--data-dir=${etcdData}`,
      `--listen-client-urls=http://127.0.0.1:${clientPort}`,
      `--advertise-client-urls=http://127.0.0.1:${clientPort}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=surface=http://127.0.0.1:${peerPort}`,
      '--initial-cluster-state=new',
      '--log-level=warn',
      '--logger=zap',
    ];
    const e = start('etcd', etcd, etcdArgs, etcdLog);
    procs.push(e);
    await waitFor('etcd /health', () => httpGetOk(`http://127.0.0.1:${clientPort}/health`), [e], 30_000);

    const adminToken = randomBytes(24).toString('hex');
    const limitedToken = randomBytes(24).toString('hex');
    const limitedUser = 'secret-surface';
    const tokens: Record<string, string> = {};
    for (const u of opts.extraUsers ?? []) tokens[u] = randomBytes(24).toString('hex');
    writeFileSync(
      join(dir, 'tokens.csv'),
      [
        `${adminToken},admin,uid-admin,"system:masters"`,
        `${limitedToken},${limitedUser},uid-surface,"secret-surface-readers"`,
        ...Object.entries(tokens).map(([u, t]) => `${t},${u},uid-${u}`),
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(join(dir, 'audit-policy.yaml'), AUDIT_POLICY);
    const auditLogPath = join(dir, 'audit.log');
    const certDir = join(dir, 'certs');
    const apiLog = join(dir, 'kube-apiserver.log');
    const apiArgs = [
      `--etcd-servers=http://127.0.0.1:${clientPort}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${securePort}`,
      `--cert-dir=${certDir}`,
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      `--service-account-key-file=${join(dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      '--service-cluster-ip-range=10.96.0.0/16',
      `--audit-policy-file=${join(dir, 'audit-policy.yaml')}`,
      `--audit-log-path=${auditLogPath}`,
      '--audit-log-mode=blocking',
      '--endpoint-reconciler-type=none',
      '--enable-priority-and-fairness=false',
      '--profiling=false',
      '--v=1',
    ];
    const a = start('kube-apiserver', apiserver, apiArgs, apiLog);
    procs.push(a);
    guard = guardAgainstOrphans(procs, [dir, ...extraDirs]);
    const server = `https://127.0.0.1:${securePort}`;
    const caFile = join(certDir, 'apiserver.crt');
    const insecure = new Agent({ rejectUnauthorized: false });
    await waitFor(
      'kube-apiserver /readyz',
      async () => {
        const r = await jsonRequest(server, 'GET', '/readyz', undefined, adminToken, insecure, 'application/json', 3000);
        return r.status === 200 && existsSync(caFile);
      },
      procs,
      READY_DEADLINE_MS,
    );
    insecure.destroy();
    const agent = new Agent({ ca: readFileSync(caFile), keepAlive: true, maxSockets: 32 });
    let n = 0;
    const cluster: Cluster = {
      server,
      adminToken,
      limitedToken,
      limitedUser,
      tokens,
      caFile,
      auditLogPath,
      dirs: [dir, ...extraDirs],
      pids: procs.map((p) => p.child.pid!).filter((p) => p !== undefined),
      kubeconfigFor(token, opts = {}) {
        const context = opts.context ?? 'surface-test';
        const file = join(dir, `kubeconfig-${++n}.yaml`);
        const ca = readFileSync(caFile).toString('base64');
        writeFileSync(
          file,
          [
            'apiVersion: v1',
            'kind: Config',
            'clusters:',
            `- name: ${context}-cluster`,
            '  cluster:',
            `    server: ${opts.server ?? server}`,
            `    certificate-authority-data: ${ca}`,
            'users:',
            `- name: ${context}-user`,
            '  user:',
            `    token: ${token}`,
            'contexts:',
            `- name: ${context}`,
            '  context:',
            `    cluster: ${context}-cluster`,
            `    user: ${context}-user`,
            ...(opts.namespace ? [`    namespace: ${opts.namespace}`] : []),
            `current-context: ${context}`,
            '',
          ].join('\n'),
          { mode: 0o600 },
        );
        return file;
      },
      request(method, path, body, opts = {}) {
        return jsonRequest(server, method, path, body, opts.token ?? adminToken, agent, opts.contentType ?? 'application/json', 30_000);
      },
      auditEvents() {
        if (!existsSync(auditLogPath)) return [];
        return readFileSync(auditLogPath, 'utf8')
          .split('\n')
          .filter((l) => l.trim().length > 0)
          .map((l) => JSON.parse(l) as AuditEvent);
      },
      logTail(lines = 30) {
        return procs.map((p) => `--- ${p.name} (${p.log})\n${tail(p.log, lines)}`).join('\n');
      },
      async stop() {
        agent.destroy();
        await cleanup();
      },
    };
    return cluster;
  } catch (err) {
    const logs = procs.map((p) => `--- last lines of ${p.name} log\n${tail(p.log, 40)}`).join('\n');
    await cleanup();
    throw new Error(`${(err as Error).message}\n${logs}`);
  }
}

function jsonRequest(
  server: string,
  method: string,
  path: string,
  body: unknown,
  token: string,
  agent: Agent,
  contentType: string,
  timeoutMs: number,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = httpsRequest(
      new URL(path, server),
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(data ? { 'content-type': contentType, 'content-length': String(data.length) } : {}),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // /readyz and friends answer plain text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}
