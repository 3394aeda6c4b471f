// WWW-Authenticate challenges and Docker config credential lookup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWwwAuthenticate } from '../../server/src/cluster/registry/www-authenticate.js';
import { defaultDockerConfigPath, loadCredentials, lookupCredentials } from '../../server/src/cluster/registry/docker-config.js';

test('Bearer challenge with quoted params, commas and colons inside quotes', () => {
  const [c] = parseWwwAuthenticate('Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:team/app:pull,push"');
  assert.deepEqual(c, {
    scheme: 'bearer',
    params: { realm: 'https://auth.example.com/token', service: 'registry.example.com', scope: 'repository:team/app:pull,push' },
  });
});

test('several challenges, bare values, escapes and odd spacing', () => {
  const cs = parseWwwAuthenticate('Basic realm="Registry \\"main\\"" , Bearer realm=https://t/x,  service = reg');
  assert.equal(cs.length, 2);
  assert.deepEqual(cs[0], { scheme: 'basic', params: { realm: 'Registry "main"' } });
  assert.deepEqual(cs[1], { scheme: 'bearer', params: { realm: 'https://t/x', service: 'reg' } });
  assert.deepEqual(parseWwwAuthenticate(''), []);
  assert.deepEqual(parseWwwAuthenticate('=,="'), []);
});

test('docker config: base64 auth, username/password, Docker Hub aliases', () => {
  const auth = Buffer.from('alice:s3:cret').toString('base64');
  const cfg = {
    auths: {
      'registry.example.com': { auth },
      'https://index.docker.io/v1/': { username: 'bob', password: 'pw' },
      'http://127.0.0.1:5000': { auth: Buffer.from('carol:x').toString('base64') },
    },
  };
  assert.deepEqual(lookupCredentials(cfg, 'registry.example.com'), { kind: 'credentials', credentials: { username: 'alice', password: 's3:cret' } });
  assert.deepEqual(lookupCredentials(cfg, 'docker.io'), { kind: 'credentials', credentials: { username: 'bob', password: 'pw' } });
  assert.deepEqual(lookupCredentials(cfg, '127.0.0.1:5000'), { kind: 'credentials', credentials: { username: 'carol', password: 'x' } });
  assert.deepEqual(lookupCredentials(cfg, 'other.example.com'), { kind: 'none' });
  assert.equal(lookupCredentials({ auths: { 'r.example.com': { auth: Buffer.from('nocolon').toString('base64') } } }, 'r.example.com').kind, 'invalid');
});

test('credential helpers are reported, not run; a per-host entry wins over credsStore', () => {
  const cfg = { credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud' }, auths: { 'r.example.com': { auth: Buffer.from('u:p').toString('base64') } } };
  assert.deepEqual(lookupCredentials(cfg, 'gcr.io'), { kind: 'helper', helper: 'docker-credential-gcloud' });
  assert.deepEqual(lookupCredentials(cfg, 'quay.io'), { kind: 'helper', helper: 'docker-credential-desktop' });
  assert.equal(lookupCredentials(cfg, 'r.example.com').kind, 'credentials');
});

test('DOCKER_CONFIG is honoured; a missing file is anonymous, a broken one is reported without its content', async () => {
  assert.equal(defaultDockerConfigPath({ DOCKER_CONFIG: '/x/y' }), join('/x/y', 'config.json'));
  const dir = mkdtempSync(join(tmpdir(), 'ss-dockercfg-'));
  try {
    assert.deepEqual(await loadCredentials('r.example.com', join(dir, 'absent.json')), { kind: 'none' });
    const broken = join(dir, 'config.json');
    writeFileSync(broken, '{"auths": {"r.example.com": {"auth": "c2VjcmV0'); // truncated
    const r = await loadCredentials('r.example.com', broken);
    assert.equal(r.kind, 'invalid');
    assert.ok(r.kind === 'invalid' && !r.message.includes('c2VjcmV0'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
