// The npm package as a user gets it: `npm pack` of the built tree, the tarball installed into an empty
// project with npm offline against an empty cache and an unreachable registry (so it must need nothing
// from a registry: the bundles carry every runtime dependency), then its two bins run from
// node_modules/.bin — `secret-surface scan` on a copy of examples/ (the findings and exit code of the
// repository's own CLI) and `secret-surface-language-server --stdio` answering initialize and
// publishing diagnostics for an opened manifest.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnServer } from '../lsp/lsp-client.js';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let dir = '';
let project = '';
let packed: { filename: string; size: number; unpackedSize: number; files: { path: string }[] } | undefined;

/** npm with no registry to reach and no cache to fall back on, so any download fails at once. */
function npmEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^npm_/i.test(k)) delete env[k];
  return {
    ...env,
    npm_config_offline: 'true',
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_cache: join(dir, 'empty-cache'),
    npm_config_userconfig: join(dir, 'npmrc'),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ss-npm-'));
  writeFileSync(join(dir, 'npmrc'), '');
  // --ignore-scripts: npm test has just built server/out; prepack would build it again.
  const r = spawnSync(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { encoding: 'utf8', env: npmEnv() });
  assert.equal(r.status, 0, r.stderr);
  packed = (JSON.parse(r.stdout) as (typeof packed)[])[0];
  project = join(dir, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  const i = spawnSync(NPM, ['install', '--offline', '--no-audit', '--no-fund', join(dir, packed!.filename)], { cwd: project, encoding: 'utf8', env: npmEnv() });
  assert.equal(i.status, 0, `npm install --offline of the tarball failed (does it still need a registry?):\n${i.stdout}\n${i.stderr}`);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('npm pack holds the CLI and language-server bundles, the schemas and the docs — no sources, tests or maps', () => {
  const files = packed!.files.map((f) => f.path).sort();
  console.log(`${packed!.filename}: ${(packed!.size / 1024 / 1024).toFixed(2)} MB packed, ${(packed!.unpackedSize / 1024 / 1024).toFixed(2)} MB unpacked, ${files.length} files`);
  // Every file the build wrote under server/out (the bins, the bundles they load on demand, the parse
  // worker, the package.json files that make them CommonJS), less source maps.
  const built = readdirSync('server/out', { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.map'))
    .map((e) => relative('.', join(e.parentPath, e.name)).split(sep).join('/'));
  for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'schemas/findings.schema.json', 'server/out/cli.js', 'server/out/server.js', ...built])
    assert.ok(files.includes(f), `${f} missing from the npm package: ${files.join(', ')}`);
  assert.deepEqual(
    files.filter((f) => f.endsWith('.map') || (f.endsWith('.ts') && !f.endsWith('.d.ts')) || /^(test|bench|examples|scripts|build|node_modules|server\/src|client\/src|\.ci)\//.test(f)),
    [],
  );
  const manifest = JSON.parse(readFileSync(join(project, 'node_modules/secret-surface/package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  assert.deepEqual(Object.keys(manifest.dependencies ?? {}), [], 'runtime dependencies are bundled, none is installed');
});

test('npx-style: node_modules/.bin/secret-surface scan finds what the repository CLI finds, with its exit code', () => {
  const ws = join(dir, 'examples');
  cpSync('examples', ws, { recursive: true });
  const bin = join(project, 'node_modules/.bin/secret-surface');
  assert.ok(existsSync(bin) && (statSync(bin).mode & 0o111) !== 0, `${bin} is an executable`);
  const installed = spawnSync(bin, ['scan', ws, '--format', 'json', '--no-render'], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const own = spawnSync(process.execPath, ['server/out/cli.js', 'scan', ws, '--format', 'json', '--no-render'], { encoding: 'utf8' });
  assert.equal(installed.status, 1, installed.stderr);
  assert.equal(installed.status, own.status);
  const findings = (out: string) => (JSON.parse(out) as { findings: { rule: string; file: string }[] }).findings.map((f) => `${f.file} ${f.rule}`);
  assert.ok(findings(installed.stdout).includes('k8s/api.yaml secret-in-shell-image'), installed.stdout.slice(0, 500));
  assert.deepEqual(findings(installed.stdout), findings(own.stdout));
  // The text report and its summary, as a person running it sees them.
  const text = spawnSync(bin, ['scan', ws, '--no-render', '--fail-on', 'never'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /k8s\/worker\.yaml:\d+:\d+ +error +secret-in-network-client-image/);
});

test('secret-surface-language-server --stdio answers initialize and publishes diagnostics', async () => {
  const ws = join(dir, 'lsp-ws');
  cpSync('examples', ws, { recursive: true });
  const bin = join(project, 'node_modules/.bin/secret-surface-language-server');
  const { child, client, exited, stderr } = spawnServer(bin, ['--stdio']);
  try {
    const init = (await client.initialize([pathToFileURL(ws).href])) as { serverInfo: { name: string }; capabilities: { hoverProvider?: unknown; codeActionProvider?: unknown } };
    assert.equal(init.serverInfo.name, 'secret-surface');
    assert.ok(init.capabilities.hoverProvider && init.capabilities.codeActionProvider, JSON.stringify(init.capabilities));
    const manifest = pathToFileURL(join(ws, 'k8s/api.yaml')).href;
    await client.open(manifest, readFileSync(join(ws, 'k8s/api.yaml'), 'utf8'));
    await client.waitFor(() => client.codes(manifest).includes('secret-in-shell-image'), 'secret-in-shell-image on k8s/api.yaml from the installed server');
    await client.shutdown();
    assert.equal(await exited, 0, stderr());
  } finally {
    if (child.exitCode === null) child.kill();
  }
});
