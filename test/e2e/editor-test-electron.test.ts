// The extension-host suite through @vscode/test-electron's runTests (scripts/e2e/run-exthost-electron.mjs,
// the route `npm run test:exthost` takes), with scripts/e2e/code-shim.sh standing in for the VS Code
// executable because VS Code cannot be downloaded here: the run exits 0 with every suite test
// passing, and a suite with a failing test makes the runner exit non-zero.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, artifacts, missing } from './support/editor-env.js';

const RUNNER = join(REPO, 'scripts/e2e/run-exthost-electron.mjs');
const SHIM = join(REPO, 'scripts/e2e/code-shim.sh');
const LOGS = artifacts('exthost-electron');

before(() => {
  const why = missing('code-server', 'playwright', 'chromium', 'server');
  assert.equal(why, undefined, why);
});

/** Runs the runner to completion (or kills its process group at the deadline); returns its exit code and output. */
function runRunner(args: string[], ms = 240_000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a run that overstays its deadline can be stopped with everything it started.
    const child = spawn(process.execPath, [RUNNER, ...args], {
      cwd: REPO,
      env: { ...process.env, VSCODE_EXECUTABLE: SHIM },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
      reject(new Error(`the runner did not finish within ${ms} ms:\n${out}`));
    }, ms);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** The mocha summary numbers the reporter printed ("7 passing", "1 failing"), or 0 when a line is absent. */
function summary(out: string): { passing: number; failing: number } {
  const n = (word: string) => Number(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'm').exec(out)?.[1] ?? 0);
  return { passing: n('passing'), failing: n('failing') };
}

test('runTests with the code-server shim runs the editor suite and exits 0', async () => {
  const { code, out } = await runRunner([]);
  writeFileSync(join(LOGS, 'runner-pass.log'), out);
  assert.equal(code, 0, out);
  // test-electron's own report of the executable's exit: the shim went through runTests.
  assert.match(out, /^Exit code: +0$/m, out);
  const { passing, failing } = summary(out);
  assert.ok(passing > 0, `no "N passing" line:\n${out}`);
  assert.equal(failing, 0, out);
  // Every test the suite declares ran and passed.
  const declared = readFileSync(join(REPO, 'test/e2e/exthost/editor-suite.ts'), 'utf8').match(/^\s*test\('/gm)?.length ?? 0;
  assert.equal(passing, declared, out);
  assert.equal(out.match(/^\s*✔ /gm)?.length ?? 0, declared, out);
});

test('a suite with a failing test makes the runner exit non-zero', async () => {
  // A tiny suite of its own, in the repository so it resolves mocha from node_modules: one test passes, one fails.
  const dir = join(REPO, 'build', 'e2e-exthost-electron-failing');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"type":"commonjs"}\n');
  writeFileSync(
    join(dir, 'index.js'),
    [
      "const Mocha = require('mocha');",
      "const assert = require('node:assert/strict');",
      'exports.run = function run() {',
      "  const mocha = new Mocha({ ui: 'tdd', color: false });",
      "  mocha.suite.emit('pre-require', globalThis, 'failing-suite', mocha);",
      "  suite('a deliberately failing suite', () => {",
      "    test('this one passes', () => assert.equal(1, 1));",
      "    test('this one fails', () => assert.equal(1, 2));",
      '  });',
      '  return new Promise((resolve, reject) => mocha.run((f) => (f > 0 ? reject(new Error(`${f} test(s) failed`)) : resolve())));',
      '};',
      '',
    ].join('\n'),
  );
  const { code, out } = await runRunner(['--tests', join(dir, 'index.js')]);
  writeFileSync(join(LOGS, 'runner-fail.log'), out);
  assert.notEqual(code, 0, out);
  assert.match(out, /^Exit code: +[1-9]\d*$/m, out);
  assert.deepEqual(summary(out), { passing: 1, failing: 1 }, out);
});
