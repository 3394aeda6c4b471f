// kubeconfig discovery and merging (kubectl's rules) and error classification/redaction, without a cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { kubeconfigFiles, listContexts, loadKubeConfig } from '../../server/src/cluster/kube-config.js';
import { ClusterCheckError, classifyError, redact } from '../../server/src/cluster/kube-errors.js';

function kubeconfig(contexts: { name: string; server: string; ns?: string }[], current?: string): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (const c of contexts) lines.push(`- name: ${c.name}-cluster`, '  cluster:', `    server: ${c.server}`);
  lines.push('users:');
  for (const c of contexts) lines.push(`- name: ${c.name}-user`, '  user:', `    token: tok-${c.name}-0123456789`);
  lines.push('contexts:');
  for (const c of contexts) {
    lines.push(`- name: ${c.name}`, '  context:', `    cluster: ${c.name}-cluster`, `    user: ${c.name}-user`);
    if (c.ns) lines.push(`    namespace: ${c.ns}`);
  }
  if (current) lines.push(`current-context: ${current}`);
  return lines.join('\n') + '\n';
}

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'surface-kc-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('contexts come current first, then in file order', () => {
  withDir((dir) => {
    const f = join(dir, 'config');
    writeFileSync(f, kubeconfig([{ name: 'dev', server: 'https://dev:6443' }, { name: 'prod', server: 'https://prod:6443', ns: 'shop' }, { name: 'stage', server: 'https://stage:6443' }], 'prod'));
    const ctxs = listContexts(f);
    assert.deepEqual(ctxs.map((c) => c.name), ['prod', 'dev', 'stage']);
    assert.equal(ctxs[0]!.current, true);
    assert.equal(ctxs[0]!.namespace, 'shop');
    assert.equal(ctxs[0]!.server, 'https://prod:6443');
    assert.equal(ctxs[1]!.current, false);
  });
});

test('a KUBECONFIG list merges like kubectl: first file wins, missing files are skipped', () => {
  withDir((dir) => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    writeFileSync(a, kubeconfig([{ name: 'shared', server: 'https://from-a:6443' }, { name: 'only-a', server: 'https://a:6443' }]));
    writeFileSync(b, kubeconfig([{ name: 'shared', server: 'https://from-b:6443' }, { name: 'only-b', server: 'https://b:6443' }], 'only-b'));
    const list = [a, join(dir, 'missing'), b].join(delimiter);
    assert.deepEqual(kubeconfigFiles(undefined, { KUBECONFIG: list }), [a, b]);
    const kc = loadKubeConfig(undefined, { KUBECONFIG: list });
    // a sets no current-context, so b's applies; the duplicate context and cluster come from a.
    assert.equal(kc.getCurrentContext(), 'only-b');
    assert.equal(kc.getCluster('shared-cluster')?.server, 'https://from-a:6443');
    assert.deepEqual(kc.getContexts().map((c) => c.name), ['shared', 'only-a', 'only-b']);
    // The explicit path may itself be a list.
    assert.deepEqual(listContexts(list).map((c) => c.name), ['only-b', 'shared', 'only-a']);
  });
});

test('no kubeconfig and a broken kubeconfig are clear errors that leak no token', () => {
  withDir((dir) => {
    assert.throws(() => loadKubeConfig(join(dir, 'nope')), (e: unknown) => e instanceof ClusterCheckError && e.kind === 'no-kubeconfig');
    const bad = join(dir, 'bad');
    writeFileSync(bad, 'users:\n- name: u\n  user:\n    token: s3cr3t-t0ken-value\n   broken: [\n');
    assert.throws(
      () => listContexts(bad),
      (e: unknown) => e instanceof ClusterCheckError && e.kind === 'bad-kubeconfig' && !e.message.includes('s3cr3t-t0ken-value') && !e.message.includes('\n'),
    );
  });
});

const ctx = { server: 'https://k:6443', context: 'prod' };

test('HTTP statuses and socket errors become kinds with actionable messages', () => {
  assert.equal(classifyError({ code: 401, body: '{}' }, ctx).kind, 'credentials');
  const forbidden = classifyError({ code: 403, body: JSON.stringify({ message: 'pods is forbidden: User "x" cannot list resource "pods"' }) }, { ...ctx, namespace: 'vault', what: 'pods' });
  assert.equal(forbidden.kind, 'forbidden');
  assert.equal(forbidden.namespace, 'vault');
  assert.match(forbidden.message, /Not allowed to read pods in namespace vault .*cannot list/);
  assert.equal(classifyError({ code: 500, body: 'oops' }, ctx).kind, 'api');
  const refused = classifyError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', type: 'system' }), ctx);
  assert.equal(refused.kind, 'unreachable');
  assert.match(refused.message, /connection was refused/);
  const abort = Object.assign(new Error('The user aborted a request.'), { name: 'AbortError', type: 'aborted' });
  assert.equal(classifyError(abort, { ...ctx, aborted: 'timeout', timeoutMs: 1500 }).kind, 'timeout');
  assert.match(classifyError(abort, { ...ctx, aborted: 'timeout', timeoutMs: 1500 }).message, /within 1.5s/);
  assert.equal(classifyError(abort, { ...ctx, aborted: 'cancelled' }).kind, 'cancelled');
  assert.equal(classifyError(new Error('exec: executable aws not found'), ctx).kind, 'credentials');
  assert.equal(classifyError(new Error('HTTP protocol is not allowed when skipTLSVerify is not set or false'), ctx).kind, 'bad-kubeconfig');
  // Messages are one line: no stack traces.
  assert.ok(!classifyError(new Error('weird\n    at foo (x.js:1:1)'), ctx).message.includes('\n'));
});

test('redaction removes given secrets and anything token-shaped', () => {
  assert.equal(redact('failed with abcd1234efgh', ['abcd1234efgh']), 'failed with [redacted]');
  assert.equal(redact('Authorization: Bearer abc.def-ghi'), 'Authorization: Bearer [redacted]');
  assert.equal(redact('id eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig rest'), 'id [redacted] rest');
  assert.equal(redact('token=hunter2 and password: swordfish'), 'token=[redacted] and password: [redacted]');
  assert.equal(redact('nothing to hide'), 'nothing to hide');
});
