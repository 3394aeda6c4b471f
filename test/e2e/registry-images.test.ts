// The registry client against a real registry (Debian's docker-registry on 127.0.0.1) holding images
// the test builds and pushes itself: tools found with their layer evidence, platform choice, running
// digest over tag, whiteouts, busybox links, limits, malformed content, 404 and the digest cache.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import nodeFetch from 'node-fetch';
import { inspectImage, inspectImages, MemoryDigestCache, type FetchLike, type InspectOptions, type RegistryImageOk, type RegistryImageResult } from '../../server/src/cluster/registry/index.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { image, layer, OCI_MANIFEST, Pusher, zstdLabelledLayer, type BuiltImage, type LayerFile } from './support/image-builder.js';

let reg: RunningRegistry;
const built: Record<string, BuiltImage> = {};
let multiArchDigest = '';

const base: LayerFile[] = [{ path: 'etc/', type: 'dir' }, { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/sbin/nologin\n' }];

function ok(r: RegistryImageResult): RegistryImageOk {
  assert.ok(r.ok, `expected ok, got ${JSON.stringify(r)}`);
  return r;
}

/** tool → "layerDigest path" (and via), the evidence a finding shows. */
function evidence(r: RegistryImageOk): Record<string, string> {
  return Object.fromEntries(
    r.tools.map((t) => {
      assert.equal(t.origin.kind, 'layer');
      const o = t.origin as { digest: string; path: string };
      return [t.tool, `${o.digest} ${o.path}${t.via ? ` via ${t.via}` : ''}`];
    }),
  );
}

function opts(extra: InspectOptions = {}): InspectOptions {
  return { insecureHosts: [reg.host], dockerConfigPath: '/nonexistent/config.json', limits: { timeoutMs: 20_000 }, ...extra };
}

/** node-fetch, counted by request kind and by how many calls are pending at once. */
function countingFetch(delayMs = 0): { fetch: FetchLike; blobs: () => number; manifests: () => number; maxPending: () => number } {
  let blobs = 0;
  let manifests = 0;
  let pending = 0;
  let maxPending = 0;
  const f = (async (url: Parameters<FetchLike>[0], init?: Parameters<FetchLike>[1]) => {
    const u = String(url);
    if (u.includes('/blobs/')) blobs++;
    if (u.includes('/manifests/')) manifests++;
    pending++;
    maxPending = Math.max(maxPending, pending);
    try {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      return await nodeFetch(url, init);
    } finally {
      pending--;
    }
  }) as FetchLike;
  return { fetch: f, blobs: () => blobs, manifests: () => manifests, maxPending: () => maxPending };
}

before(async () => {
  reg = await startRegistry();
  const push = new Pusher(reg.url);

  const shellBase = await layer([...base, { path: 'bin/', type: 'dir' }, { path: 'bin/bash' }, { path: 'bin/sh', type: 'symlink', linkname: 'bash' }]);
  const curlLayer = await layer([{ path: 'usr/bin/curl' }, { path: 'usr/lib/x86_64-linux-gnu/libcurl.so.4' }]);
  built.shell = image({ layers: [shellBase, curlLayer], entrypoint: ['/bin/sh', '-c'], cmd: ['exec app'] });
  await push.pushImage('team/shell-curl', '1.0', built.shell);

  const distroless = await layer([
    ...base,
    { path: 'etc/ssl/certs/ca-certificates.crt', content: '-----BEGIN CERTIFICATE-----\n' },
    { path: 'app/server', content: Buffer.alloc(2048, 1) },
    { path: 'usr/share/doc/bash/README' }, // a name that is a tool, outside any bin directory
  ]);
  built.distroless = image({ layers: [distroless], user: '65532', entrypoint: ['/app/server'] });
  await push.pushImage('team/distroless', 'v1', built.distroless);

  const bb = await layer([
    ...base,
    { path: 'bin/busybox', content: Buffer.alloc(4096, 2) },
    { path: 'bin/sh', type: 'hardlink', linkname: 'bin/busybox' },
    { path: 'usr/bin/wget', type: 'symlink', linkname: '/bin/busybox' },
    { path: 'usr/bin/nc', type: 'symlink', linkname: '../../bin/busybox' },
    { path: 'bin/ls', type: 'symlink', linkname: 'busybox' },
  ]);
  built.busybox = image({ layers: [bb], cmd: ['sh'] });
  await push.pushImage('team/busybox', 'latest', built.busybox);

  built.amd64 = image({ layers: [await layer([...base, { path: 'bin/sh' }, { path: 'app/server' }])], architecture: 'amd64' });
  built.arm64 = image({ layers: [await layer([...base, { path: 'app/server' }])], architecture: 'arm64', variant: 'v8' });
  multiArchDigest = await push.pushIndex('team/multi', 'latest', [
    { image: built.amd64, architecture: 'amd64' },
    { image: built.arm64, architecture: 'arm64', variant: 'v8' },
  ]);

  const wh = await layer([{ path: 'bin/.wh.sh' }]);
  built.whiteout = image({ layers: [shellBase, curlLayer, wh] });
  await push.pushImage('team/whiteout', 'latest', built.whiteout);

  const big = await layer([{ path: 'usr/bin/python3' }, { path: 'opt/blob.bin', content: randomBytes(300_000) }, { path: 'usr/bin/perl' }]);
  built.big = image({ layers: [shellBase, big] });
  await push.pushImage('team/big', 'latest', built.big);

  built.zstd = image({ layers: [shellBase, zstdLabelledLayer(), curlLayer] });
  await push.pushImage('team/zstd', 'latest', built.zstd);

  built.plainTar = image({ layers: [await layer([{ path: 'usr/local/bin/node' }, { path: 'usr/bin/openssl' }], 'none')] });
  await push.pushImage('team/plain', 'latest', built.plainTar);

  built.badConfig = image({ layers: [shellBase], rawConfig: Buffer.from('{"config": {"User": ') });
  await push.pushImage('team/bad-config', 'latest', built.badConfig);
});

after(async () => {
  await reg?.stop();
});

test('an image with /bin/sh, bash and curl: each tool with its layer digest and path', async () => {
  const r = ok(await inspectImage(`${reg.host}/team/shell-curl:1.0`, opts()));
  const [l0, l1] = built.shell!.layers;
  assert.equal(r.digest, built.shell!.manifest.digest);
  assert.deepEqual(evidence(r), { bash: `${l0!.digest} /bin/bash`, sh: `${l0!.digest} /bin/sh`, curl: `${l1!.digest} /usr/bin/curl` });
  assert.deepEqual(r.files['/bin/sh'], { layerDigest: l0!.digest, path: '/bin/sh', kind: 'symlink', target: 'bash' });
  assert.deepEqual(r.config.entrypoint, ['/bin/sh', '-c']);
  assert.equal(r.config.history?.length, 2);
  assert.equal(r.truncated, undefined);
  assert.deepEqual(r.tools.map((t) => t.category).sort(), ['network', 'shell', 'shell']);
});

test('a distroless-like image: no tools, its user read from the config', async () => {
  const r = ok(await inspectImage(`${reg.host}/team/distroless:v1`, opts()));
  assert.deepEqual(r.tools, []);
  assert.deepEqual(r.files, {});
  assert.equal(r.config.user, '65532');
});

test('busybox with sh as a hardlink and wget/nc as symlinks: each applet via busybox', async () => {
  const r = ok(await inspectImage(`${reg.host}/team/busybox`, opts()));
  const d = built.busybox!.layers[0]!.digest;
  assert.deepEqual(evidence(r), {
    busybox: `${d} /bin/busybox`,
    nc: `${d} /usr/bin/nc via busybox`,
    sh: `${d} /bin/sh via busybox`,
    wget: `${d} /usr/bin/wget via busybox`,
  });
  assert.equal(r.files['/bin/sh']?.kind, 'hardlink');
  assert.equal(r.files['/bin/ls'], undefined);
});

test('multi-arch index: amd64 (default) has a shell, arm64 has none', async () => {
  const amd = ok(await inspectImage(`${reg.host}/team/multi:latest`, opts()));
  assert.equal(amd.digest, built.amd64!.manifest.digest);
  assert.equal(amd.indexDigest, multiArchDigest);
  assert.deepEqual(Object.keys(evidence(amd)), ['sh']);
  const arm = ok(await inspectImage(`${reg.host}/team/multi:latest`, opts({ platform: { os: 'linux', architecture: 'arm64' } })));
  assert.equal(arm.digest, built.arm64!.manifest.digest);
  assert.deepEqual(arm.tools, []);
  const none = await inspectImage(`${reg.host}/team/multi:latest`, opts({ platform: { os: 'linux', architecture: 's390x' } }));
  assert.equal(none.ok, false);
  assert.ok(!none.ok && none.reason === 'not-found' && /linux\/arm64\/v8/.test(none.message), JSON.stringify(none));
});

test('the running digest wins over the tag', async () => {
  // The tag now names the distroless image; the pod still runs the shell image's digest.
  await new Pusher(reg.url).pushImage('team/moving', 'prod', built.shell!);
  await new Pusher(reg.url).pushImage('team/moving', 'prod', built.distroless!);
  const byTag = ok(await inspectImage(`${reg.host}/team/moving:prod`, opts()));
  assert.deepEqual(byTag.tools, []);
  // As containerStatuses[].imageID spells it.
  const running = ok(await inspectImage(`${reg.host}/team/moving:prod`, opts({ digest: `${reg.host}/team/moving@${built.shell!.manifest.digest}` })));
  assert.equal(running.digest, built.shell!.manifest.digest);
  assert.deepEqual(Object.keys(evidence(running)).sort(), ['bash', 'curl', 'sh']);
  // The running digest of an index resolves through it to the platform.
  const viaIndex = ok(await inspectImage(`${reg.host}/team/multi:gone`, opts({ digest: multiArchDigest })));
  assert.equal(viaIndex.digest, built.amd64!.manifest.digest);
});

test('a whiteout in the top layer deletes /bin/sh; the /bin/sh → bash link of a lower layer is gone too', async () => {
  const r = ok(await inspectImage(`${reg.host}/team/whiteout`, opts()));
  assert.deepEqual(Object.keys(evidence(r)).sort(), ['bash', 'curl']);
  assert.equal(r.files['/bin/sh'], undefined);
});

test('a layer over the byte limit: too-large with what the earlier layers and the partial stream showed', async () => {
  const big = built.big!.layers[1]!;
  const limit = 4096;
  assert.ok(big.size > limit, `fixture layer must be over the limit (${big.size})`);
  const r = ok(await inspectImage(`${reg.host}/team/big`, opts({ limits: { maxLayerBytes: limit, timeoutMs: 20_000 } })));
  assert.match(r.truncated ?? '', /^too-large: layer sha256:[0-9a-f]{12}… is over the 4096 bytes layer limit/);
  const tools = evidence(r);
  assert.equal(tools.bash, `${built.big!.layers[0]!.digest} /bin/bash`);
  assert.equal(tools.python3, `${big.digest} /usr/bin/python3`, 'the entry before the limit is still reported');
  assert.equal(tools.perl, undefined, 'the entry after the limit was never read');
  // The image limit stops the whole image, too.
  const img = ok(await inspectImage(`${reg.host}/team/big`, opts({ limits: { maxImageBytes: built.big!.layers[0]!.size + 100, timeoutMs: 20_000 } })));
  assert.match(img.truncated ?? '', /image limit/);
});

test('zstd layer on a runtime without zstd: unsupported for that layer, the other layers still count', async (t) => {
  const r = ok(await inspectImage(`${reg.host}/team/zstd`, opts()));
  const { ZSTD_SUPPORTED } = await import('../../server/src/cluster/registry/index.js');
  if (ZSTD_SUPPORTED) {
    t.diagnostic('this Node.js decompresses zstd; the labelled layer is not real zstd, so the result is malformed or truncated');
    return;
  }
  assert.match(r.truncated ?? '', /^unsupported: zstd layer sha256:/);
  assert.deepEqual(Object.keys(evidence(r)).sort(), ['bash', 'curl', 'sh']);
});

test('an uncompressed tar layer is read as is', async () => {
  const r = ok(await inspectImage(`${reg.host}/team/plain`, opts()));
  assert.deepEqual(r.tools.map((t) => `${t.tool}:${t.category}`), ['node:interpreter', 'openssl:network']);
});

test('404 for an unknown repository and an unknown tag', async () => {
  for (const ref of [`${reg.host}/team/absent:1`, `${reg.host}/team/shell-curl:nope`]) {
    const r = await inspectImage(ref, opts());
    assert.ok(!r.ok && r.reason === 'not-found', JSON.stringify(r));
    assert.ok(!r.message.includes('\n'));
  }
});

test('malformed image config from the real registry', async () => {
  const r = await inspectImage(`${reg.host}/team/bad-config`, opts());
  assert.ok(!r.ok && r.reason === 'malformed' && /image config is not valid JSON/.test(r.message), JSON.stringify(r));
});

test('malformed manifest: refused by the registry, so served by a fake registry for this one case', async (t) => {
  const raw = Buffer.from('{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "layers": [');
  const put = await new Pusher(reg.url).putManifest('team/malformed', 'latest', OCI_MANIFEST, raw);
  let target = `${reg.host}/team/malformed:latest`;
  let hosts = [reg.host];
  let close = async (): Promise<void> => undefined;
  if (put.status !== 201) {
    // distribution validates manifests on PUT (MANIFEST_INVALID), so a broken one can only come from
    // a registry that is broken or hostile: a tiny server plays that registry.
    assert.equal(put.status, 400, put.body);
    t.diagnostic(`registry refused the malformed manifest: ${put.body.trim()}`);
    const fake = createServer((req, res) => {
      if (req.url === '/v2/team/malformed/manifests/latest') res.writeHead(200, { 'content-type': OCI_MANIFEST }).end(raw);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const port = (fake.address() as { port: number }).port;
    target = `127.0.0.1:${port}/team/malformed:latest`;
    hosts = [`127.0.0.1:${port}`];
    close = () => new Promise<void>((resolve) => fake.close(() => resolve()));
  }
  try {
    const r = await inspectImage(target, opts({ insecureHosts: hosts }));
    assert.ok(!r.ok && r.reason === 'malformed' && /manifest is not valid JSON/.test(r.message), JSON.stringify(r));
  } finally {
    await close();
  }
});

test('digest cache: a second inspection of the same digest reads no blobs', async () => {
  const cache = new MemoryDigestCache();
  const first = countingFetch();
  const a = ok(await inspectImage(`${reg.host}/team/shell-curl:1.0`, opts({ cache, fetch: first.fetch })));
  assert.equal(first.blobs(), 3, 'config + two layers');
  const second = countingFetch();
  const b = ok(await inspectImage(`${reg.host}/team/shell-curl:1.0`, opts({ cache, fetch: second.fetch })));
  assert.equal(second.blobs(), 0);
  assert.equal(second.manifests(), 1, 'the tag is still resolved to its digest');
  assert.equal(b.cached, true);
  assert.deepEqual(b.tools, a.tools);
  const third = countingFetch();
  ok(await inspectImage(`${reg.host}/team/shell-curl:1.0`, opts({ cache, fetch: third.fetch, digest: a.digest })));
  assert.equal(third.blobs() + third.manifests(), 0, 'a known running digest needs no request at all');
  // Truncated results are not cached: they depend on the limits.
  const big = countingFetch();
  const limited = { maxLayerBytes: 4096, timeoutMs: 20_000 };
  ok(await inspectImage(`${reg.host}/team/big`, opts({ cache, fetch: big.fetch, limits: limited })));
  const again = countingFetch();
  ok(await inspectImage(`${reg.host}/team/big`, opts({ cache, fetch: again.fetch, limits: limited })));
  assert.ok(again.blobs() > 0);
});

test('inspectImages: bounded concurrency, one inspection per distinct image, results in input order', async () => {
  const counter = countingFetch(40);
  const refs = ['shell-curl:1.0', 'distroless:v1', 'busybox', 'whiteout', 'plain', 'multi', 'shell-curl:1.0'].map((r) => `${reg.host}/team/${r}`);
  const results = await inspectImages(refs, { ...opts({ fetch: counter.fetch }), concurrency: 2 });
  assert.equal(results.length, refs.length);
  assert.equal(counter.maxPending(), 2, 'two inspections at a time, never more');
  assert.deepEqual(results.map((r) => (r.ok ? r.tools.length : r.reason)), [3, 0, 4, 2, 2, 1, 3]);
  assert.equal(results[0], results[6], 'the repeated reference was inspected once');
  const serial = countingFetch(5);
  await inspectImages(refs.slice(0, 3), { ...opts({ fetch: serial.fetch }), concurrency: 1 });
  assert.equal(serial.maxPending(), 1);
});
