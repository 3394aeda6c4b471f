// Path → tool mapping of the registry client: which programs in which directories count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toolForName, toolForPath } from '../../server/src/cluster/registry/tool-paths.js';

test('shells, busybox, interpreters, network clients and package managers by path', () => {
  assert.deepEqual(toolForPath('/bin/sh'), { tool: 'sh', category: 'shell' });
  assert.deepEqual(toolForPath('/usr/bin/zsh'), { tool: 'zsh', category: 'shell' });
  assert.deepEqual(toolForPath('/busybox/sh'), { tool: 'sh', category: 'shell' });
  assert.deepEqual(toolForPath('/bin/busybox'), { tool: 'busybox', category: 'shell' });
  assert.deepEqual(toolForPath('/usr/local/bin/python3.12'), { tool: 'python3', category: 'interpreter' });
  assert.deepEqual(toolForPath('/usr/bin/perl5.36.0'), { tool: 'perl', category: 'interpreter' });
  assert.deepEqual(toolForPath('/usr/bin/nodejs'), { tool: 'node', category: 'interpreter' });
  assert.deepEqual(toolForPath('/usr/bin/curl'), { tool: 'curl', category: 'network' });
  assert.deepEqual(toolForPath('/bin/nc.openbsd'), { tool: 'nc', category: 'network' });
  assert.deepEqual(toolForPath('/usr/local/aws-cli/v2/current/bin/aws'), { tool: 'aws', category: 'network' });
  assert.deepEqual(toolForPath('/usr/bin/redis-cli'), { tool: 'redis-cli', category: 'network' });
  assert.deepEqual(toolForPath('/sbin/apk'), { tool: 'apk', category: 'package-manager' });
  assert.deepEqual(toolForPath('/usr/local/bin/pip3.12'), { tool: 'pip3', category: 'package-manager' });
});

test('programs outside bin directories and ordinary programs are not tools', () => {
  assert.equal(toolForPath('/usr/share/doc/bash'), undefined);
  assert.equal(toolForPath('/etc/alternatives/nc'), undefined);
  assert.equal(toolForPath('/usr/lib/python3.11/os.py'), undefined);
  assert.equal(toolForPath('/app/sh'), undefined);
  assert.equal(toolForPath('/bin/ls'), undefined);
  assert.equal(toolForName('python3-config'), undefined);
  assert.equal(toolForName('constructor'), undefined, 'object prototype names are not tools');
});
