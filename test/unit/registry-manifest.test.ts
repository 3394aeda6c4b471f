// Manifest parsing and platform choice of the registry client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MalformedError, MEDIA, parseImageConfig, parseManifest, runningDigest, selectPlatform, type Descriptor } from '../../server/src/cluster/registry/manifest.js';

const d = (n: number, platform?: Descriptor['platform']): Descriptor => ({ mediaType: MEDIA.ociManifest, digest: `sha256:${String(n).repeat(64).slice(0, 64)}`, size: 10, ...(platform ? { platform } : {}) });

test('platform selection: exact, default arm64 variant, absent', () => {
  const list = [d(1, { os: 'linux', architecture: 'amd64' }), d(2, { os: 'linux', architecture: 'arm64', variant: 'v8' }), d(3, { os: 'linux', architecture: 'arm', variant: 'v6' }), d(4, { os: 'linux', architecture: 'arm', variant: 'v7' })];
  assert.equal(selectPlatform(list, { os: 'linux', architecture: 'amd64' }), list[0]);
  assert.equal(selectPlatform(list, { os: 'linux', architecture: 'arm64' }), list[1]);
  assert.equal(selectPlatform(list, { os: 'linux', architecture: 'arm' }), list[3]);
  assert.equal(selectPlatform(list, { os: 'linux', architecture: 'arm', variant: 'v6' }), list[2]);
  assert.equal(selectPlatform(list, { os: 'windows', architecture: 'amd64' }), undefined);
});

test('index vs image manifest, by mediaType or Content-Type', () => {
  const index = JSON.stringify({ schemaVersion: 2, manifests: [d(1, { os: 'linux', architecture: 'amd64' })] });
  assert.equal(parseManifest(index, MEDIA.dockerList).kind, 'index');
  const image = JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.dockerManifest, config: d(5), layers: [d(6), d(7)] });
  const m = parseManifest(image, undefined);
  assert.ok(m.kind === 'image' && m.layers.length === 2);
});

test('malformed manifests and configs throw MalformedError', () => {
  for (const bad of ['{', '[]', '{"schemaVersion":1}', JSON.stringify({ schemaVersion: 2, config: d(1) }), JSON.stringify({ schemaVersion: 2, config: { digest: 'nope', size: 1 }, layers: [] })]) {
    assert.throws(() => parseManifest(bad, MEDIA.ociManifest), MalformedError, bad);
  }
  assert.throws(() => parseImageConfig('not json'), MalformedError);
});

test('image config: user, entrypoint, cmd and history', () => {
  const cfg = parseImageConfig(JSON.stringify({ os: 'linux', architecture: 'amd64', config: { User: '65532', Entrypoint: ['/app'], Cmd: null }, history: [{ created_by: 'COPY app /app' }, { created_by: 'USER 65532', empty_layer: true }] }));
  assert.deepEqual(cfg, { user: '65532', entrypoint: ['/app'], history: [{ created_by: 'COPY app /app' }, { created_by: 'USER 65532', empty_layer: true }], os: 'linux', architecture: 'amd64' });
});

test('running digest from containerStatuses[].imageID in each runtime spelling', () => {
  const d = `sha256:${'ab'.repeat(32)}`;
  assert.equal(runningDigest(`docker.io/library/nginx@${d}`), d);
  assert.equal(runningDigest(`docker-pullable://nginx@${d}`), d);
  assert.equal(runningDigest(`registry.local:5000/team/app@${d}`), d);
  assert.equal(runningDigest(d), d);
  assert.equal(runningDigest(`docker://${d}`), d);
  assert.equal(runningDigest(''), undefined);
  assert.equal(runningDigest('nginx:latest'), undefined);
  assert.equal(runningDigest('sha256:short'), undefined);
});
