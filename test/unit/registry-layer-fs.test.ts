// Whiteouts, opaque directories, hardlinks and symlink resolution of the layered filesystem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LayeredFs, type LayerEntry } from '../../server/src/cluster/registry/layer-fs.js';

const file = (name: string): LayerEntry => ({ name, kind: 'file' });
const dir = (name: string): LayerEntry => ({ name, kind: 'dir' });
const sym = (name: string, linkname: string): LayerEntry => ({ name, kind: 'symlink', linkname });
const hard = (name: string, linkname: string): LayerEntry => ({ name, kind: 'hardlink', linkname });

function tools(fs: LayeredFs): Record<string, string> {
  const { tools } = fs.findTools();
  return Object.fromEntries(tools.map((t) => [t.tool + (t.via ? `(${t.via})` : ''), t.origin.kind === 'layer' ? `${t.origin.digest} ${t.origin.path}` : '']));
}

test('a .wh. whiteout in a later layer deletes the file below it', () => {
  const fs = new LayeredFs();
  fs.applyLayer('sha256:a', [dir('bin/'), file('bin/sh'), file('bin/bash'), file('usr/bin/curl')]);
  fs.applyLayer('sha256:b', [file('bin/.wh.sh')]);
  assert.deepEqual(tools(fs), { bash: 'sha256:a /bin/bash', curl: 'sha256:a /usr/bin/curl' });
});

test('a whiteout of a directory removes what is under it; an opaque marker hides only lower layers', () => {
  const fs = new LayeredFs();
  fs.applyLayer('sha256:a', [file('usr/local/bin/python3'), file('usr/local/bin/node'), file('opt/tools/bin/curl')]);
  fs.applyLayer('sha256:b', [file('opt/.wh.tools'), file('usr/local/bin/wget'), file('usr/local/bin/.wh..wh..opq')]);
  assert.deepEqual(tools(fs), { wget: 'sha256:b /usr/local/bin/wget' });
});

test('the same layer may re-add a path it whites out (whiteouts apply to the layers below)', () => {
  const fs = new LayeredFs();
  fs.applyLayer('sha256:a', [file('bin/sh')]);
  fs.applyLayer('sha256:b', [file('bin/sh'), file('bin/.wh.sh')]);
  assert.deepEqual(tools(fs), { sh: 'sha256:b /bin/sh' });
});

test('symlinks resolve through directory links; a dangling /bin/sh is not a shell', () => {
  const fs = new LayeredFs();
  fs.applyLayer('sha256:a', [sym('bin', 'usr/bin'), file('usr/bin/dash'), sym('usr/bin/sh', 'dash'), sym('usr/bin/nc', '/etc/alternatives/nc'), sym('etc/alternatives/nc', '/bin/nc.openbsd'), file('usr/bin/nc.openbsd')]);
  assert.equal(fs.resolve('/bin/sh'), '/usr/bin/dash');
  assert.equal(fs.resolve('/usr/bin/nc'), '/usr/bin/nc.openbsd');
  assert.deepEqual(Object.keys(tools(fs)).sort(), ['dash', 'nc', 'sh']);
  fs.applyLayer('sha256:b', [file('usr/bin/.wh.dash')]);
  assert.equal(fs.resolve('/bin/sh'), undefined);
  assert.deepEqual(Object.keys(tools(fs)), ['nc']);
  const { files } = fs.findTools();
  assert.equal(files.has('/usr/bin/sh'), false);
});

test('symlink loops resolve to nothing instead of spinning', () => {
  const fs = new LayeredFs();
  fs.applyLayer('sha256:a', [sym('bin/sh', 'ash'), sym('bin/ash', 'sh')]);
  assert.equal(fs.resolve('/bin/sh'), undefined);
  assert.deepEqual(tools(fs), {});
});

test('busybox applets as symlinks and hardlinks are tools via busybox, even after the original is deleted', () => {
  const fs = new LayeredFs();
  fs.applyLayer('sha256:a', [file('bin/busybox'), hard('bin/sh', 'bin/busybox'), sym('usr/bin/wget', '/bin/busybox'), sym('usr/bin/nc', '../../bin/busybox'), sym('bin/ls', 'busybox')]);
  assert.deepEqual(tools(fs), {
    busybox: 'sha256:a /bin/busybox',
    'sh(busybox)': 'sha256:a /bin/sh',
    'wget(busybox)': 'sha256:a /usr/bin/wget',
    'nc(busybox)': 'sha256:a /usr/bin/nc',
  });
  fs.applyLayer('sha256:b', [file('bin/.wh.busybox')]);
  // The hardlink keeps the bytes; the symlinks now dangle.
  assert.deepEqual(tools(fs), { 'sh(busybox)': 'sha256:a /bin/sh' });
});

test('a directory replaced by a symlink drops what was under it', () => {
  const fs = new LayeredFs();
  fs.applyLayer('sha256:a', [dir('bin'), file('bin/bash'), file('usr/bin/zsh')]);
  fs.applyLayer('sha256:b', [sym('bin', 'usr/bin')]);
  assert.deepEqual(Object.keys(tools(fs)), ['zsh']);
  assert.equal(fs.resolve('/bin/zsh'), '/usr/bin/zsh');
});
