// Which exec probe / hook commands need a shell in the image, and odd container shapes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { needsShell, parseManifest, shellScriptIndex } from '../../server/src/core/kubernetes/index.js';
import { EOLS, rangeOf } from './kubernetes-support.js';

test('shell invocations need a shell; plain exec commands do not', () => {
  const yes = [
    ['sh', '-c', 'curl -f localhost'],
    ['/bin/bash', '-c', 'test -f /tmp/ok'],
    ['/bin/sh', '-ec', 'pg_isready'],
    ['ash', '-c', 'x'],
    ['/usr/bin/dash', '-c', 'x'],
    ['zsh', '-c', 'x'],
    ['ksh', '-c', 'x'],
    ['busybox', 'sh', '-c', 'wget -q -O- localhost'],
    ['/bin/sh', '/healthcheck.sh'],
    ['cat /tmp/healthy'],
    ['test -f /tmp/ready && exit 0'],
  ];
  for (const c of yes) assert.equal(needsShell(c), true, JSON.stringify(c));
  const no = [[], ['/app/healthcheck'], ['/bin/grpc_health_probe', '-addr=:8080'], ['cat', '/tmp/healthy'], ['busybox', 'wget', '-q', 'localhost'], ['shell-tool', '-c', 'x']];
  for (const c of no) assert.equal(needsShell(c), false, JSON.stringify(c));
  assert.equal(shellScriptIndex(['sh', '-c', 'curl localhost']), 2);
  assert.equal(shellScriptIndex(['busybox', 'sh', '-ec', 'x']), 3);
  assert.equal(shellScriptIndex(['/app/check']), -1);
});

test('containers without an image, generateName, empty sections and odd scalar types', () => {
  for (const eol of Object.values(EOLS)) {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  generateName: runner-',
      'spec:',
      '  containers:',
      '    - name: patch-only',
      '      env:',
      '      envFrom:',
      '      volumeMounts: []',
      '    - name: 42',
      '      image: 1234',
      '      ports:',
      '        - containerPort: "8080"',
      '        - containerPort: http',
      '      command: /app/run',
      '',
    ].join(eol);
    const f = parseManifest('p.yaml', text);
    const w = f.workloads[0]!;
    assert.equal(w.ref.name, 'runner-');
    assert.deepEqual(w.nameLocation.range, rangeOf(text, 'runner-'));
    const [patch, numeric] = w.containers;
    assert.equal(patch!.image, '');
    // without an image the anchor falls back to the container's name value
    assert.deepEqual(patch!.imageLocation.range, rangeOf(text, 'patch-only'));
    assert.deepEqual(patch!.secrets, []);
    assert.equal(numeric!.name, '42');
    assert.equal(numeric!.image, '1234');
    assert.deepEqual(numeric!.ports, [{ containerPort: 8080, protocol: 'TCP' }]);
    assert.deepEqual(numeric!.command, ['/app/run']);
  }
});

test('apiVersion and kind must be strings; a workload without a pod spec adds nothing', () => {
  for (const eol of Object.values(EOLS)) {
    const f = parseManifest('x.yaml', ['apiVersion: 1', 'kind: Pod', 'spec: {containers: [{name: c, image: i}]}', ''].join(eol));
    assert.equal(f.notKubernetes, true);
    const g = parseManifest('y.yaml', ['apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: d}', 'spec: {replicas: 1}', ''].join(eol));
    assert.equal(g.notKubernetes, false);
    assert.deepEqual(g.workloads, []);
  }
});
