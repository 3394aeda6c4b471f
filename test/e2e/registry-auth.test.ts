// The registry client against a real registry behind token auth: a token server on 127.0.0.1 signs
// JWTs with a key whose self-signed certificate is the registry's rootcertbundle, and grants one
// repository only to an account from the Docker config file; every other repository is anonymous.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectImage, type InspectOptions } from '../../server/src/cluster/registry/index.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { image, layer, Pusher } from './support/image-builder.js';

const USER = 'deployer';
const PASSWORD = 'pa55:word-never-printed';
let reg: RunningRegistry;
let dir: string;

function dockerConfig(name: string, content: unknown): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

function opts(extra: InspectOptions = {}): InspectOptions {
  return { insecureHosts: [reg.host], dockerConfigPath: join(dir, 'absent.json'), limits: { timeoutMs: 20_000 }, ...extra };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ss-registry-auth-'));
  reg = await startRegistry({ auth: 'token', protectedRepository: 'private/app', users: { [USER]: PASSWORD } });
  const img = image({ layers: [await layer([{ path: 'bin/sh' }, { path: 'usr/bin/wget' }])] });
  await new Pusher(reg.url).pushImage('public/app', 'latest', img);
  await new Pusher(reg.url, { username: USER, password: PASSWORD }).pushImage('private/app', 'latest', img);
});

after(async () => {
  await reg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the registry itself refuses anonymous requests: every access needs a token', async () => {
  const res = await fetch(`${reg.url}/v2/public/app/manifests/latest`);
  await res.arrayBuffer();
  assert.equal(res.status, 401);
  assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer realm="http:\/\/127\.0\.0\.1:\d+\/token",service="secret-surface-test-registry",scope="repository:public\/app:pull"/);
});

test('a public repository: anonymous token flow', async () => {
  const r = await inspectImage(`${reg.host}/public/app:latest`, opts());
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.tools.map((t) => t.tool), ['sh', 'wget']);
  assert.ok(reg.tokenRequests.some((q) => q.scope === 'repository:public/app:pull' && q.account === undefined && q.granted.includes('pull')));
});

test('the protected repository without credentials: unauthorized', async () => {
  const r = await inspectImage(`${reg.host}/private/app:latest`, opts());
  assert.ok(!r.ok && r.reason === 'unauthorized', JSON.stringify(r));
  assert.match(r.message, /without credentials/);
});

test('the protected repository with credentials from a Docker config file (auth, then username/password)', async () => {
  const viaAuth = dockerConfig('auth', { auths: { [reg.host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } } });
  const r = await inspectImage(`${reg.host}/private/app:latest`, opts({ dockerConfigPath: viaAuth }));
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.tools.map((t) => t.tool), ['sh', 'wget']);
  assert.ok(reg.tokenRequests.some((q) => q.scope === 'repository:private/app:pull' && q.account === USER && q.granted.includes('pull')));
  const viaFields = dockerConfig('fields', { auths: { [`http://${reg.host}`]: { username: USER, password: PASSWORD } } });
  const r2 = await inspectImage(`${reg.host}/private/app:latest`, opts({ dockerConfigPath: viaFields }));
  assert.ok(r2.ok, JSON.stringify(r2));
  // DOCKER_CONFIG names the directory when no path is given.
  const envDir = mkdtempSync(join(dir, 'env-'));
  writeFileSync(join(envDir, 'config.json'), JSON.stringify({ auths: { [reg.host]: { username: USER, password: PASSWORD } } }));
  const saved = process.env.DOCKER_CONFIG;
  process.env.DOCKER_CONFIG = envDir;
  try {
    const o = opts();
    delete o.dockerConfigPath;
    const r3 = await inspectImage(`${reg.host}/private/app:latest`, o);
    assert.ok(r3.ok, JSON.stringify(r3));
  } finally {
    if (saved === undefined) delete process.env.DOCKER_CONFIG;
    else process.env.DOCKER_CONFIG = saved;
  }
});

test('wrong credentials: unauthorized, and no message ever holds the password or a token', async () => {
  const wrong = dockerConfig('wrong', { auths: { [reg.host]: { username: USER, password: 'nope-secret' } } });
  const r = await inspectImage(`${reg.host}/private/app:latest`, opts({ dockerConfigPath: wrong }));
  assert.ok(!r.ok && r.reason === 'unauthorized', JSON.stringify(r));
  assert.ok(!r.message.includes('nope-secret'));
  assert.ok(!JSON.stringify(r).includes(Buffer.from(`${USER}:nope-secret`).toString('base64')));
});

test('a credential helper is reported as unsupported, never run', async () => {
  const marker = join(dir, 'helper-ran');
  const helper = join(dir, 'docker-credential-evil');
  writeFileSync(helper, `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
  const saved = process.env.PATH;
  process.env.PATH = `${dir}:${saved ?? ''}`;
  try {
    const cfg = dockerConfig('helper', { credsStore: 'evil' });
    const r = await inspectImage(`${reg.host}/private/app:latest`, opts({ dockerConfigPath: cfg }));
    assert.ok(!r.ok && r.reason === 'unsupported' && /unsupported credential helper docker-credential-evil/.test(r.message), JSON.stringify(r));
  } finally {
    process.env.PATH = saved;
  }
  assert.throws(() => rmSync(marker), /ENOENT/, 'the helper program must not have run');
});
