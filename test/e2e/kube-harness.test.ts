// The test cluster itself: it starts on 127.0.0.1 with token auth and RBAC, the documented Role grants no
// access to Secrets, and stop() leaves no process or directory behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startCluster } from './support/kube-cluster.js';
import { rbacDocs } from './support/kube-scenario.js';
import { applyRbac, createSecret, ensureNamespace } from './support/kube-seed.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('a real API server: static tokens, RBAC, the documented Role cannot touch Secrets, clean stop', async () => {
  const c = await startCluster();
  let stopped = false;
  try {
    assert.match(c.server, /^https:\/\/127\.0\.0\.1:\d+$/);
    const version = await c.request('GET', '/version');
    assert.equal(version.status, 200);
    assert.match(version.body.gitVersion, /^v1\.\d+\.\d+/);
    // Unknown tokens are rejected; the limited user has nothing until bound.
    assert.equal((await c.request('GET', '/api/v1/namespaces', undefined, { token: 'nope' })).status, 401);
    assert.equal((await c.request('GET', '/api/v1/namespaces/default/pods', undefined, { token: c.limitedToken })).status, 403);

    await ensureNamespace(c, 'default');
    await createSecret(c, 'default', 'db', { password: 'x' });
    await applyRbac(c, rbacDocs());
    const as = { token: c.limitedToken };
    assert.equal((await c.request('GET', '/api/v1/namespaces/default/pods', undefined, as)).status, 200);
    assert.equal((await c.request('GET', '/api/v1/namespaces/default/serviceaccounts', undefined, as)).status, 200);
    assert.equal((await c.request('GET', '/api/v1/namespaces', undefined, as)).status, 200);
    // The Role names no Secret permission at all: list, get and watch are all refused.
    assert.equal((await c.request('GET', '/api/v1/namespaces/default/secrets', undefined, as)).status, 403);
    assert.equal((await c.request('GET', '/api/v1/namespaces/default/secrets/db', undefined, as)).status, 403);
    assert.equal((await c.request('GET', '/api/v1/secrets', undefined, as)).status, 403);
    // And nothing it may not do elsewhere: no writes to pods.
    assert.equal((await c.request('DELETE', '/api/v1/namespaces/default/pods/x', undefined, as)).status, 403);

    const { dirs, pids } = c;
    assert.equal(pids.length, 2);
    await c.stop();
    stopped = true;
    for (const pid of pids) assert.equal(alive(pid), false, `process ${pid} still running`);
    for (const d of dirs) assert.equal(existsSync(d), false, `${d} left behind`);
    await assert.rejects(c.request('GET', '/readyz'));
  } finally {
    if (!stopped) await c.stop();
  }
});
