// Registry faults that need no registry: a server that never answers, a closed port, Basic auth from a
// small local server, and cancellation. Each is a result in bounded time, never a throw or a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectImage } from '../../server/src/cluster/registry/index.js';
import { freePort } from './support/registry.js';
import { image, layer, OCI_MANIFEST } from './support/image-builder.js';

async function listen(server: Server | ReturnType<typeof createNetServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

test('a registry that accepts the connection and never answers: timeout within the limit', async () => {
  const sockets: Socket[] = [];
  const silent = createNetServer((s) => {
    sockets.push(s);
  });
  const port = await listen(silent);
  try {
    const started = Date.now();
    const r = await inspectImage(`127.0.0.1:${port}/team/app:1`, { insecureHosts: [`127.0.0.1:${port}`], limits: { timeoutMs: 500 } });
    const took = Date.now() - started;
    assert.ok(!r.ok && r.reason === 'timeout', JSON.stringify(r));
    assert.ok(took >= 450 && took < 3000, `took ${took} ms`);
    assert.ok(sockets.length >= 1, 'the request reached the server');
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});

test('a layer that stalls mid-stream: timeout, not a hang', async () => {
  const img = image({ layers: [await layer([{ path: 'bin/sh' }])] });
  const server = createServer((req, res) => {
    if (req.url?.includes('/manifests/')) res.writeHead(200, { 'content-type': OCI_MANIFEST }).end(img.manifest.bytes);
    else if (req.url?.endsWith(img.config.digest)) res.writeHead(200).end(img.config.bytes);
    else {
      res.writeHead(200, { 'content-length': String(img.layers[0]!.size) });
      res.write(img.layers[0]!.bytes.subarray(0, 10)); // then nothing
    }
  });
  const port = await listen(server);
  try {
    const started = Date.now();
    const r = await inspectImage(`127.0.0.1:${port}/team/app:1`, { insecureHosts: [`127.0.0.1:${port}`], limits: { timeoutMs: 600 } });
    assert.ok(!r.ok && r.reason === 'timeout', JSON.stringify(r));
    assert.ok(Date.now() - started < 3000);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('nothing listening: network failure, quickly', async () => {
  const port = await freePort();
  const r = await inspectImage(`127.0.0.1:${port}/team/app:1`, { insecureHosts: [`127.0.0.1:${port}`], limits: { timeoutMs: 5000 } });
  assert.ok(!r.ok && r.reason === 'network' && /ECONNREFUSED/.test(r.message), JSON.stringify(r));
});

test('Basic auth with Docker config credentials; 401 without them', async () => {
  const img = image({ layers: [await layer([{ path: 'usr/bin/psql' }, { path: 'usr/bin/redis-cli' }])] });
  const expected = `Basic ${Buffer.from('ops:hunter2').toString('base64')}`;
  const server = createServer((req, res) => {
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="Secret Surface test"' }).end();
      return;
    }
    if (req.url?.includes('/manifests/')) res.writeHead(200, { 'content-type': OCI_MANIFEST }).end(img.manifest.bytes);
    else if (req.url?.endsWith(img.config.digest)) res.writeHead(200).end(img.config.bytes);
    else if (req.url?.endsWith(img.layers[0]!.digest)) res.writeHead(200).end(img.layers[0]!.bytes);
    else res.writeHead(404).end();
  });
  const port = await listen(server);
  const dir = mkdtempSync(join(tmpdir(), 'ss-basic-'));
  try {
    const host = `127.0.0.1:${port}`;
    const anon = await inspectImage(`${host}/team/db:1`, { insecureHosts: [host], dockerConfigPath: join(dir, 'none.json') });
    assert.ok(!anon.ok && anon.reason === 'unauthorized', JSON.stringify(anon));
    const cfg = join(dir, 'config.json');
    writeFileSync(cfg, JSON.stringify({ auths: { [host]: { auth: Buffer.from('ops:hunter2').toString('base64') } } }));
    const r = await inspectImage(`${host}/team/db:1`, { insecureHosts: [host], dockerConfigPath: cfg });
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.tools.map((t) => t.tool), ['psql', 'redis-cli']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('a cancelled inspection settles at once', async () => {
  const sockets: Socket[] = [];
  const silent = createNetServer((s) => {
    sockets.push(s);
  });
  const port = await listen(silent);
  try {
    const ctl = new AbortController();
    const pending = inspectImage(`127.0.0.1:${port}/team/app:1`, { insecureHosts: [`127.0.0.1:${port}`], signal: ctl.signal, limits: { timeoutMs: 60_000 } });
    const deadline = Date.now() + 5000;
    while (sockets.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const started = Date.now();
    ctl.abort();
    const r = await pending;
    assert.ok(!r.ok && r.reason === 'timeout' && /cancelled/.test(r.message), JSON.stringify(r));
    assert.ok(Date.now() - started < 1000);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});
