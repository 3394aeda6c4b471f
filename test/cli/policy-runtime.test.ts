// `secret-surface policy runtime` run as a user runs it (the bundled CLI, a real process): YAML on stdout or
// in -o FILE, the summary on stderr, usage errors and a malformed --baseline exiting 2 with every problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const CLI = 'server/out/cli.js';

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('policy runtime writes each engine\'s YAML for the examples on stdout, the golden bytes', () => {
  for (const engine of ['falco', 'tetragon', 'kubearmor']) {
    const r = run('policy', 'runtime', 'examples', '--engine', engine);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(`test/golden/runtime/examples.${engine}.yaml`, 'utf8'));
    assert.match(r.stderr, new RegExp(`^secret-surface: ${engine}: 5 containers covered, 1 not covered`));
    for (const d of parseAllDocuments(r.stdout)) assert.deepEqual(d.errors, []);
  }
});

test('policy runtime -o FILE --mode block --baseline FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-policy-'));
  const out = join(dir, 'tetragon.yaml');
  const r = run('policy', 'runtime', 'examples', '--engine=tetragon', '--mode', 'block', '-o', out, '--baseline', 'test/fixtures/runtime/baseline.yaml');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const yaml = readFileSync(out, 'utf8');
  assert.match(yaml, /action: Override/);
  assert.match(yaml, /\/usr\/local\/bin\/tls-reload/);
  assert.match(r.stderr, /1 baseline entry unused/);
});

test('policy runtime usage errors and a malformed baseline exit 2 with one clear message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-policy-'));
  const bad = join(dir, 'baseline.yaml');
  writeFileSync(bad, 'version: 1\nobserved:\n  - process: /bin/cat\n    files: [etc/passwd]\n');
  const cases: [string[], RegExp][] = [
    [['policy', 'runtime', 'examples'], /--engine is required \(falco, tetragon, kubearmor\)/],
    [['policy', 'runtime', 'examples', '--engine', 'sysdig'], /--engine must be falco, tetragon, kubearmor, not "sysdig"/],
    [['policy', 'runtime', 'examples', '--engine', 'falco', '--mode', 'enforce'], /--mode must be audit or block/],
    [['policy', 'runtime', 'no-such-dir', '--engine', 'falco'], /directory not found: no-such-dir/],
    [['policy', 'nope'], /unknown policy kind "nope"/],
    [['policy', 'runtime', 'examples', '--engine', 'falco', '--baseline', bad], /invalid baseline .*\n {2}observed\[0\]\.files\[0\]: must be an absolute path, not "etc\/passwd"/],
    [['policy', 'runtime', 'examples', '--engine', 'falco', '--baseline', join(dir, 'missing.yaml')], /cannot read baseline file/],
  ];
  for (const [args, re] of cases) {
    const r = run(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, re);
  }
});
