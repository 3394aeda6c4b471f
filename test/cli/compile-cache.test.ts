// The bin's code cache (server/out/cli.js, cli/bin.ts), run as a user runs it: the first run writes a
// cache, later runs print the same bytes, a cache that is not V8's is rewritten rather than trusted,
// and NODE_DISABLE_COMPILE_CACHE writes nothing. Also: a scan loads none of the on-demand bundles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nodeModule from 'node:module';

const CLI = 'server/out/cli.js';
/** Node 22.1+ keeps the cache itself, in a layout of its own. */
const nodeKeepsCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

function scan(cacheDir: string, extra: NodeJS.ProcessEnv = {}, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NODE_COMPILE_CACHE: cacheDir, ...extra };
  if (!('NODE_DISABLE_COMPILE_CACHE' in extra)) delete env['NODE_DISABLE_COMPILE_CACHE'];
  const r = spawnSync(process.execPath, [...args, CLI, 'scan', 'examples', '--no-render', '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8', env });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('the first scan writes a code cache; scans that read it print the same report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-cc-'));
  const first = scan(dir);
  assert.equal(first.code, 0, first.stderr);
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  assert.ok(files.length >= 1, 'no cache file written');
  const second = scan(dir);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.stdout, first.stdout);
  assert.equal(second.stderr, first.stderr);
});

test('a cache file that V8 rejects is rewritten, and the scan is unaffected', { skip: nodeKeepsCache ? 'Node keeps its own compile cache here' : false }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-cc-'));
  const good = scan(dir);
  const [name] = readdirSync(dir);
  assert.ok(name, 'no cache file written');
  const file = join(dir, name);
  writeFileSync(file, 'not a V8 code cache');
  const r = scan(dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, good.stdout);
  assert.ok(statSync(file).size > 1000, 'the rejected cache was not rewritten');
  assert.notEqual(readFileSync(file, 'utf8').slice(0, 19), 'not a V8 code cache');
});

test('NODE_DISABLE_COMPILE_CACHE: no cache is written', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'ss-cc-')), 'cache');
  const r = scan(dir, { NODE_DISABLE_COMPILE_CACHE: '1' });
  assert.equal(r.code, 0, r.stderr);
  assert.throws(() => readdirSync(dir), /ENOENT/);
});

test('a scan loads none of the on-demand bundles (cluster, policy, registry, report pages) nor the HCL parser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-cc-'));
  // --require runs first in the process: at exit it prints every CommonJS file the process loaded.
  const probe = join(dir, 'probe.cjs');
  writeFileSync(probe, "process.on('exit', () => require('node:fs').writeSync(2, '\\nLOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));\n");
  const r = scan(join(dir, 'cache'), { NODE_DISABLE_COMPILE_CACHE: '1' }, '--require', probe);
  assert.equal(r.code, 0, r.stderr);
  const loaded = JSON.parse(/LOADED (.*)/.exec(r.stderr)![1]!) as string[];
  assert.ok(loaded.some((f) => f.endsWith('/cli/main.js')), loaded.join('\n'));
  for (const f of loaded) assert.doesNotMatch(f, /\/(cluster|policy|scan-registry|report-page|report-output|hcl2-parser)\.js$/);
});
