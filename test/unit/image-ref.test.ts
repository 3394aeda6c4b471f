// Image reference normalisation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseImageRef, sameRepository } from '../../server/src/core/catalog/image-ref.js';

test('Docker Hub short names gain docker.io/library', () => {
  assert.equal(parseImageRef('node:20').name, 'docker.io/library/node');
  assert.equal(parseImageRef('index.docker.io/library/node').name, 'docker.io/library/node');
  assert.equal(parseImageRef('bitnami/redis').name, 'docker.io/bitnami/redis');
  assert.ok(sameRepository('node', 'docker.io/library/node:18-alpine'));
});

test('registries with ports, tags and digests', () => {
  const r = parseImageRef('registry.local:5000/team/app:1.2@sha256:abc');
  assert.equal(r.registry, 'registry.local:5000');
  assert.equal(r.repository, 'team/app');
  assert.equal(r.tag, '1.2');
  assert.equal(r.digest, 'sha256:abc');
  assert.equal(parseImageRef('localhost/app').registry, 'localhost');
  assert.equal(parseImageRef('localhost:5000/app').tag, undefined);
  assert.equal(parseImageRef('gcr.io/distroless/static-debian12:nonroot').repository, 'distroless/static-debian12');
});
