// The language server reading undecided images from a real registry (Debian's docker-registry on
// 127.0.0.1): the setting turns it on in a trusted workspace and the unverified warning becomes the error
// the registry's layers decide, on the same line; in an untrusted workspace no registry request is made.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Workspace } from '../../server/src/core/workspace.js';
import { inProcess } from '../lsp/lsp-client.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { image, layer, Pusher } from './support/image-builder.js';

let reg: RunningRegistry;
let dir: string;

const pod = (img: string): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  automountServiceAccountToken: false\n  containers:\n    - name: app\n      image: ${img}\n      env:\n        - name: K\n          valueFrom:\n            secretKeyRef: { name: s, key: k }\n`;

const requests = (): number => readFileSync(reg.logFile, 'utf8').split('\n').filter((l) => /\/v2\/lsp\//.test(l)).length;

before(async () => {
  reg = await startRegistry();
  dir = mkdtempSync(join(tmpdir(), 'ss-registry-lsp-'));
  process.env['XDG_CACHE_HOME'] = join(dir, 'cache');
  const shell = await layer([{ path: 'bin/', type: 'dir' }, { path: 'bin/bash' }, { path: 'bin/sh', type: 'symlink', linkname: 'bash' }, { path: 'usr/bin/curl' }]);
  await new Pusher(reg.url).pushImage('lsp/app', '1.0', image({ layers: [shell], entrypoint: ['/app'] }));
});

after(async () => {
  await reg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function folder(name: string, config: string): { root: string; manifest: string } {
  const root = join(dir, name);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'pod.yaml'), pod(`${reg.host}/lsp/app:1.0`));
  writeFileSync(join(root, '.secret-surface.yaml'), config);
  return { root, manifest: pathToFileURL(join(root, 'pod.yaml')).href };
}

test('editor, trusted: `registry:` in the config reads the image in the background and the warning becomes the registry-decided error', async () => {
  const { root, manifest } = folder('trusted', `version: 1\nregistry:\n  enabled: true\n  insecure: [${reg.host}]\n`);
  const { client, dispose } = inProcess({ createWorkspace: (settings) => new Workspace({ settings }) });
  try {
    await client.initialize([pathToFileURL(root).href], { trusted: true });
    const shell = await client.waitFor(() => client.diagnostics.get(manifest)?.find((d) => d.code === 'secret-in-shell-image'), 'the registry-decided shell finding', 60_000);
    assert.equal(shell.severity, 1, 'an error');
    assert.equal(shell.range.start.line, 8, 'on the image line');
    assert.ok(!client.codes(manifest).includes('secret-image-unverified'), 'the registry decided the image');
    assert.ok(requests() > 0, 'the registry was asked');
    await client.shutdown();
  } finally {
    dispose();
  }
});

test('editor, untrusted: the same config makes no registry request; the image stays unverified', async () => {
  const { root, manifest } = folder('untrusted', `version: 1\nregistry:\n  enabled: true\n  insecure: [${reg.host}]\n`);
  const before = requests();
  const { client, dispose } = inProcess({ createWorkspace: (settings) => new Workspace({ settings }) });
  try {
    await client.initialize([pathToFileURL(root).href], { trusted: false });
    await client.waitFor(() => client.codes(manifest).includes('secret-image-unverified'), 'the unverified finding', 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(client.codes(manifest).includes('secret-image-unverified'));
    assert.ok(!client.codes(manifest).includes('secret-in-shell-image'));
    assert.equal(requests(), before, 'no request in an untrusted workspace');
    await client.shutdown();
  } finally {
    dispose();
  }
});
