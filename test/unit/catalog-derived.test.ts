// Server images read from their official Dockerfiles over a catalogued base: what each tag resolves to, the
// tools the Dockerfile adds or purges, the user it runs as — and the variants not read stay unknown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../server/src/core/catalog/index.js';

const catalog = loadCatalog();
const tools = (image: string): string[] | undefined =>
  catalog.lookupImage(image)?.tools.filter((t) => t.state === 'yes').map((t) => t.tool).sort();

test('rabbitmq 4: the Ubuntu 24.04 base plus the openssl binary it copies onto PATH; root until the entrypoint steps down', () => {
  const e = catalog.lookupImage('rabbitmq:4.2.9');
  assert.equal(e?.id, 'rabbitmq');
  assert.deepEqual(tools('rabbitmq:4.2.9'), ['apt', 'bash', 'dash', 'openssl', 'perl', 'sh']);
  assert.equal(e?.tools.find((t) => t.tool === 'wget')?.state, 'no');
  assert.equal(e?.defaultUser, 'root');
  assert.equal(e?.entrypointNeedsShell, true);
  assert.deepEqual(e?.sources, ['RMQ', 'RIUBU']);
  assert.equal(catalog.lookupImage('rabbitmq:4.2-management'), undefined, 'the management variant was not read');
  assert.equal(catalog.lookupImage('rabbitmq:3.13'), undefined, 'rabbitmq 3 was not read');
});

test('memcached and haproxy: their Debian slim or Alpine base, build tools purged, a non-root user', () => {
  assert.deepEqual(tools('memcached:1.6'), ['apt', 'bash', 'dash', 'perl', 'sh']);
  assert.equal(catalog.lookupImage('memcached:1.6')?.defaultUser, '11211');
  assert.equal(catalog.lookupImage('memcached:1.6-alpine')?.id, 'memcached-alpine');
  assert.ok(tools('memcached:1.6-alpine')?.includes('busybox'));
  assert.equal(catalog.lookupImage('haproxy:3.2')?.defaultUser, '99');
  assert.equal(catalog.lookupImage('haproxy:3.2-alpine')?.id, 'haproxy-alpine');
  assert.equal(catalog.lookupImage('public.ecr.aws/docker/library/haproxy:3.2')?.id, 'haproxy', 'the mirror alias applies');
  for (const id of ['memcached', 'haproxy', 'rabbitmq']) {
    const e = catalog.data.images.find((i) => i.id === id);
    assert.ok(e?.noReplacement, `${id} says no shell-free image is named`);
    for (const key of e!.sources ?? []) assert.ok(catalog.data.sources?.[key], `${id}: source ${key} is described`);
  }
});
