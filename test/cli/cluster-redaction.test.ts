// `secret-surface cluster` never prints a credential, run as a user runs it (the bundled server/out/cli.js):
// a kubeconfig server URL with user:password@, an exec plugin that prints an AWS key, a secret key, a
// JWT and a session token to stderr, and an API server on 127.0.0.1 whose error body echoes the bearer
// token it was sent. Plus the redaction module on its own: what it removes and what it leaves alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redact, safeUrl } from '../../server/src/redact.js';

const CLI = 'server/out/cli.js';
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const SESSION = 'FQoGZXIvYXdzEXAMPLETOKENVALUE1234567890abcdef';
const PASSWORD = 's3cr3tPassw0rd';
const BEARER = 'kube-bearer-0123456789abcdefXYZ';
const SECRETS = [AWS_KEY, AWS_SECRET, JWT, SESSION, PASSWORD, BEARER, 'dozjgNryP4J3jVmNHl0w5N'];

/** Runs the CLI without blocking this process (the test's own HTTP server must keep answering). */
function run(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1', KUBECONFIG: '' } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out });
    });
  });
}

function kubeconfig(dir: string, name: string, server: string, user: string, extraCluster = ''): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      `current-context: ${name}`,
      'clusters:',
      `- name: ${name}`,
      '  cluster:',
      `    server: ${JSON.stringify(server)}`,
      ...(extraCluster ? [`    ${extraCluster}`] : []),
      'contexts:',
      `- name: ${name}`,
      `  context: {cluster: ${name}, user: ${name}}`,
      'users:',
      `- name: ${name}`,
      '  user:',
      ...user.split('\n').map((l) => `    ${l}`),
      '',
    ].join('\n'),
  );
  return file;
}

function assertClean(out: string, label: string): void {
  for (const s of SECRETS) assert.ok(!out.includes(s), `${label} printed ${s}:\n${out}`);
}

test('the redaction module: credentials go, names, digests and paths stay', () => {
  const cases: [string, string][] = [
    [`https://admin:${PASSWORD}@10.0.0.1:6443/api`, 'https://[redacted]@10.0.0.1:6443/api'],
    [`Authorization: Bearer ${BEARER}`, 'Authorization: Bearer [redacted]'],
    [`password=${PASSWORD} user=bob`, 'password=[redacted] user=bob'],
    [`{"client_secret": "abc123xyz"}`, '{"client_secret": "[redacted]"}'],
    [`AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`, 'AWS_SECRET_ACCESS_KEY=[redacted]'],
    [`key ${AWS_KEY} denied`, 'key [redacted] denied'],
    [`got ${JWT}`, 'got [redacted]'],
    [`?access_token=abcdef123&x=1`, '?access_token=[redacted]&x=1'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', '[redacted]'],
    [`ghp_${'a1B2'.repeat(9)}`, '[redacted]'],
    [`opaque ${AWS_SECRET} here`, 'opaque [redacted] here'],
  ];
  for (const [input, want] of cases) assert.equal(redact(input), want, input);
  for (const keep of [
    'registry.example.com/shop/api@sha256:0f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a',
    'Container "worker" receives 1 Secret ("smtp-credentials" as all its keys in env)',
    'services/payments/Dockerfile:3 apt-get install curl',
    'secret-in-network-client-image',
    'cluster/prod/shop/Deployment/api.yaml',
  ]) assert.equal(redact(keep), keep);
  assert.equal(redact(redact(`password=${PASSWORD}`)), 'password=[redacted]', 'idempotent');
  assert.equal(redact(`my ${BEARER.slice(0, 10)} x`, [BEARER.slice(0, 10)]), 'my [redacted] x', 'known secrets go verbatim');
  assert.equal(safeUrl(`https://admin:${PASSWORD}@127.0.0.1:6443/?token=x#y`), 'https://127.0.0.1:6443');
});

test('the real CLI: userinfo in the server URL and an exec plugin printing keys to stderr are never printed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-redact-'));
  try {
    const plugin = join(dir, 'plugin.sh');
    writeFileSync(
      plugin,
      `#!/bin/sh\necho "error: AWS_ACCESS_KEY_ID=${AWS_KEY} aws_secret=${AWS_SECRET} then ${AWS_KEY} token: ${JWT}" >&2\necho "aws_session_token=${SESSION}" >&2\nexit 1\n`,
    );
    chmodSync(plugin, 0o755);
    const userinfo = kubeconfig(dir, 'userinfo', `https://admin:${PASSWORD}@127.0.0.1:1`, `token: ${BEARER}`);
    const exec = kubeconfig(dir, 'exec', 'https://127.0.0.1:1', ['exec:', '  apiVersion: client.authentication.k8s.io/v1beta1', `  command: ${plugin}`, '  interactiveMode: Never'].join('\n'));
    for (const [label, file] of [['userinfo', userinfo], ['exec', exec]] as const) {
      for (const format of ['text', 'json']) {
        const r = await run(['cluster', '--kubeconfig', file, '--no-registry', '--format', format]);
        assert.equal(r.code, 2, r.out);
        assert.match(r.out, /^secret-surface: /m);
        assertClean(r.out, `${label} (${format})`);
      }
    }
    const r = await run(['cluster', '--kubeconfig', exec, '--no-registry']);
    assert.match(r.out, /Could not obtain credentials for context "exec": .*\[redacted\]/, 'the plugin failure is still explained');
    const u = await run(['cluster', '--kubeconfig', userinfo, '--no-registry']);
    assert.match(u.out, /Cannot reach the API server at https:\/\/127\.0\.0\.1:1 /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the real CLI: an API server on 127.0.0.1 whose error body echoes the bearer token it received', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-redact-api-'));
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization ?? '');
    const body = { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 500, message: `proxy error for ${req.headers.authorization} (upstream https://ops:${PASSWORD}@10.1.2.3)` };
    res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const file = kubeconfig(dir, 'echo', `http://admin:${PASSWORD}@127.0.0.1:${port}`, `token: ${BEARER}`, 'insecure-skip-tls-verify: true');
    const r = await run(['cluster', '--kubeconfig', file, '--no-registry', '--namespace', 'shop']);
    assert.ok(seen.some((a) => a.includes(BEARER)), `the request reached the server with its token (${seen.join(', ')}): ${r.out}`);
    assertClean(r.out, 'echoing API server');
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
});
