// `scan --registry` against a real registry (Debian's docker-registry on 127.0.0.1) holding images the test
// pushes itself: an uncatalogued image with sh + curl layers gets errors from registry facts, a whiteout of
// /bin/sh leaves no shell, a busybox image shows its applets, an unreachable registry leaves the image
// unverified with the reason in bounded time, and a second run reads its answers from the disk cache.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { image, layer, Pusher, type LayerFile } from './support/image-builder.js';

const CLI = 'server/out/cli.js';
let reg: RunningRegistry;
let dir: string;
let shellDigest = '';

const base: LayerFile[] = [{ path: 'etc/', type: 'dir' }, { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/sbin/nologin\n' }];

function pod(name: string, img: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  automountServiceAccountToken: false\n  containers:\n    - name: app\n      image: ${img}\n      env:\n        - name: K\n          valueFrom:\n            secretKeyRef: { name: s, key: k }\n`;
}

function scan(ws: string, ...extra: string[]): { findings: { rule: string; severity: string; message: string; file: string }[]; stderr: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [CLI, 'scan', ws, '--format', 'json', '--fail-on', 'never', '--registry', '--insecure-registry', reg.host, '--cache-dir', join(dir, 'cache'), ...extra], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', DOCKER_CONFIG: join(dir, 'no-docker') },
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return { findings: JSON.parse(r.stdout).findings, stderr: r.stderr, ms: Date.now() - t0 };
}

const requests = (): string[] => readFileSync(reg.logFile, 'utf8').split('\n').filter((l) => /"(GET|HEAD) \/v2\/team\//.test(l) || /http\.request\.uri="\/v2\/team\//.test(l));

before(async () => {
  reg = await startRegistry();
  dir = mkdtempSync(join(tmpdir(), 'ss-scan-registry-'));
  const push = new Pusher(reg.url);
  const shellBase = await layer([...base, { path: 'bin/', type: 'dir' }, { path: 'bin/bash' }, { path: 'bin/sh', type: 'symlink', linkname: 'bash' }]);
  const curlLayer = await layer([{ path: 'usr/bin/curl' }]);
  const shell = image({ layers: [shellBase, curlLayer], entrypoint: ['/app'] });
  await push.pushImage('team/shell-curl', '1.0', shell);
  shellDigest = shell.manifest.digest;
  await push.pushImage('team/whiteout', '1.0', image({ layers: [shellBase, curlLayer, await layer([{ path: 'bin/.wh.sh' }, { path: 'bin/.wh.bash' }])] }));
  const bb = await layer([...base, { path: 'bin/busybox', content: Buffer.alloc(4096, 2) }, { path: 'bin/sh', type: 'hardlink', linkname: 'bin/busybox' }, { path: 'usr/bin/wget', type: 'symlink', linkname: '/bin/busybox' }]);
  await push.pushImage('team/busybox', '1.0', image({ layers: [bb], cmd: ['sh'] }));
});

after(async () => {
  await reg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('registry facts decide uncatalogued images: sh + curl layers, a whiteout of the shell, busybox applets', () => {
  const ws = join(dir, 'ws1');
  spawnSync('mkdir', ['-p', ws]);
  writeFileSync(join(ws, 'a.yaml'), pod('a', `${reg.host}/team/shell-curl:1.0`));
  writeFileSync(join(ws, 'b.yaml'), pod('b', `${reg.host}/team/whiteout:1.0`));
  writeFileSync(join(ws, 'c.yaml'), pod('c', `${reg.host}/team/busybox:1.0`));
  const { findings, stderr } = scan(ws);
  const of = (file: string, rule: string) => findings.find((f) => f.file === file && f.rule === rule);
  const shell = of('a.yaml', 'secret-in-shell-image');
  assert.equal(shell?.severity, 'error');
  assert.match(shell!.message, /^Shell \(bash, sh\) in /);
  assert.match((shell as { decidedBy?: string }).decidedBy ?? '', /^the registry at sha256:[0-9a-f]{12}… \(linux\/amd64\)$/);
  assert.equal(of('a.yaml', 'secret-in-network-client-image')?.severity, 'error');
  assert.equal(of('a.yaml', 'secret-image-unverified'), undefined, 'the registry decided it');
  assert.equal(of('b.yaml', 'secret-in-shell-image'), undefined, 'the whiteouts removed sh and bash');
  assert.match(of('b.yaml', 'secret-in-network-client-image')?.message ?? '', /curl/);
  assert.match(of('c.yaml', 'secret-in-shell-image')?.message ?? '', /busybox/);
  assert.match(of('c.yaml', 'secret-in-network-client-image')?.message ?? '', /wget/);
  assert.match(stderr, /registry: 3 image\(s\) looked up, 3 decided/);
});

test('without --registry the unverified finding says the registry would decide it', () => {
  const ws = join(dir, 'ws2');
  spawnSync('mkdir', ['-p', ws]);
  writeFileSync(join(ws, 'a.yaml'), pod('a', `${reg.host}/team/shell-curl:1.0`));
  const r = spawnSync(process.execPath, [CLI, 'scan', ws, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8' });
  const f = (JSON.parse(r.stdout).findings as { rule: string; message: string }[]).find((x) => x.rule === 'secret-image-unverified');
  assert.match(f?.message ?? '', /scan --registry or the cluster check can read it/);
});

test('an unreachable registry: unverified with the reason, and the scan completes in bounded time', () => {
  const ws = join(dir, 'ws3');
  spawnSync('mkdir', ['-p', ws]);
  writeFileSync(join(ws, 'a.yaml'), pod('a', '127.0.0.1:1/team/app:1.0'));
  const { findings, ms } = scan(ws, '--insecure-registry', '127.0.0.1:1');
  const f = findings.find((x) => x.rule === 'secret-image-unverified');
  assert.equal(f?.severity, 'warning');
  assert.match(f!.message, /the registry did not decide: the registry could not be reached/);
  assert.ok(ms < 60_000, `took ${ms} ms`);
});

test('a second run reads the digest cache: no layer is fetched again, and a digest reference sends no request', () => {
  const ws = join(dir, 'ws4');
  spawnSync('mkdir', ['-p', ws]);
  writeFileSync(join(ws, 'a.yaml'), pod('a', `${reg.host}/team/shell-curl@${shellDigest}`));
  scan(ws);
  const before = requests().length;
  const blobsBefore = requests().filter((l) => l.includes('/blobs/')).length;
  assert.ok(blobsBefore > 0, 'the registry log records the first run\'s layer reads');
  const second = scan(ws);
  assert.match(second.stderr, /1 decided \(1 from the digest cache\)/);
  assert.equal(requests().filter((l) => l.includes('/blobs/')).length, blobsBefore, 'no blob read on the second run');
  assert.equal(requests().length, before, 'no registry request at all for a digest reference');
  assert.equal(second.findings.find((x) => x.rule === 'secret-in-shell-image')?.severity, 'error');
});

test('a workspace Dockerfile on an uncatalogued base: the registry reads the base, and the finding says it decided', () => {
  const ws = join(dir, 'ws5');
  spawnSync('mkdir', ['-p', join(ws, 'ledger')]);
  writeFileSync(join(ws, 'ledger', 'deploy.yaml'), pod('ledger', 'ledger'));
  writeFileSync(join(ws, 'ledger', 'Dockerfile'), `FROM ${reg.host}/team/shell-curl:1.0\nCOPY app /app\nENTRYPOINT ["/app"]\n`);
  const without = spawnSync(process.execPath, [CLI, 'scan', ws, '--format', 'json', '--fail-on', 'never', '--no-render'], { encoding: 'utf8' });
  const unverified = (JSON.parse(without.stdout).findings as { rule: string; message: string }[]).find((x) => x.rule === 'secret-image-unverified');
  assert.match(unverified?.message ?? '', /reading the base from its registry \(scan --registry\) would decide it/);
  const { findings, stderr } = scan(ws);
  const shell = findings.find((f) => f.rule === 'secret-in-shell-image' && f.file === 'ledger/deploy.yaml') as { severity: string; decidedBy?: string } | undefined;
  assert.equal(shell?.severity, 'error');
  assert.match(shell?.decidedBy ?? '', new RegExp(`^the Dockerfile ledger/Dockerfile, linked by convention; its base ${reg.host.replace(/\./g, '\\.')}/team/shell-curl:1\\.0 by the registry at sha256:[0-9a-f]{12}… \\(linux/amd64\\)$`));
  assert.equal(findings.find((f) => f.rule === 'secret-image-unverified'), undefined);
  assert.match(stderr, /registry: 1 image\(s\) looked up, 1 decided/);
});

test('an image over the layer cap is not decided — the finding says which layer and limit — and the scan completes', async () => {
  const push = new Pusher(reg.url);
  // 3 MiB of incompressible bytes in one layer; the cap is 1 MiB.
  const big = await layer([...base, { path: 'bin/', type: 'dir' }, { path: 'bin/sh', content: Buffer.from(Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 2654435761) >>> 24)) }]);
  await push.pushImage('team/big', '1.0', image({ layers: [big] }));
  const ws = join(dir, 'ws6');
  spawnSync('mkdir', ['-p', ws]);
  writeFileSync(join(ws, 'a.yaml'), pod('a', `${reg.host}/team/big:1.0`));
  const { findings, stderr } = scan(ws, '--registry-max-layer-mb', '1');
  const f = findings.find((x) => x.rule === 'secret-image-unverified');
  assert.equal(f?.severity, 'warning');
  assert.match(f!.message, /the registry did not decide: the registry listing was incomplete \(too-large: layer sha256:[0-9a-f]{12}… is over the 1 MiB (uncompressed )?layer limit; listed \d+ entries before stopping\)/);
  assert.equal(findings.find((x) => x.rule === 'secret-in-shell-image'), undefined, 'an incomplete listing decides nothing');
  assert.match(stderr, /1 not decided/);
});

test('`registry:` in .secret-surface.yaml turns the registry on without the flag, with its loopback plain-http host', () => {
  const ws = join(dir, 'ws7');
  spawnSync('mkdir', ['-p', ws]);
  writeFileSync(join(ws, 'a.yaml'), pod('a', `${reg.host}/team/shell-curl:1.0`));
  writeFileSync(join(ws, '.secret-surface.yaml'), `version: 1\nregistry:\n  enabled: true\n  insecure: [${reg.host}]\n`);
  const r = spawnSync(process.execPath, [CLI, 'scan', ws, '--format', 'json', '--fail-on', 'never', '--no-render', '--cache-dir', join(dir, 'cache')], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', DOCKER_CONFIG: join(dir, 'no-docker') },
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const findings = JSON.parse(r.stdout).findings as { rule: string; severity: string; decidedBy?: string }[];
  assert.equal(findings.find((x) => x.rule === 'secret-in-shell-image')?.severity, 'error');
  assert.match(findings.find((x) => x.rule === 'secret-in-shell-image')?.decidedBy ?? '', /^the registry at sha256:/);
});
