// The pre-commit hook (.pre-commit-hooks.yaml) run by the real pre-commit 4.7.0 from PyPI
// (scripts/e2e/setup-precommit.sh): `pre-commit try-repo <this repository> secret-surface --all-files` in
// fixture git repositories. pre-commit installs the hook as a consumer's would — `language: node`, so
// npm installs this repository from a git clone and its prepare step builds the CLI — with npm offline
// (the build tools come from npm's cache, which `npm ci` filled; offline, npm makes no request at all).
// The hook fails on the example shop's exposed workloads, passes on its hardened payments service alone,
// and is skipped when no manifest or Dockerfile is among the files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRE_COMMIT, REPO, missing } from './support/editor-env.js';

let dir = '';
let env: NodeJS.ProcessEnv = {};

before(() => {
  const why = missing('pre-commit');
  assert.equal(why, undefined, why);
  dir = mkdtempSync(join(tmpdir(), 'ss-pre-commit-'));
  env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(npm_|PRE_COMMIT)/i.test(k)) delete env[k];
  Object.assign(env, {
    // pre-commit's home (its log; try-repo builds each run's hook environment in a store of its own).
    PRE_COMMIT_HOME: join(dir, 'pre-commit-home'),
    // Offline: npm answers only from its cache (keyed by the registry's URLs), never from the network.
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    NO_COLOR: '1',
    GIT_AUTHOR_NAME: 'fixture',
    GIT_AUTHOR_EMAIL: 'fixture@example.invalid',
    GIT_COMMITTER_NAME: 'fixture',
    GIT_COMMITTER_EMAIL: 'fixture@example.invalid',
  });
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A git repository holding `files` (copied from examples/ or written), committed. */
function fixtureRepo(name: string, fill: (root: string) => void): string {
  const root = join(dir, name);
  mkdirSync(root);
  fill(root);
  for (const args of [['init', '-q'], ['add', '-A'], ['commit', '-q', '-m', 'fixture']]) {
    const r = spawnSync('git', args, { cwd: root, env, encoding: 'utf8' });
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  }
  return root;
}

function tryRepo(cwd: string): { code: number; out: string } {
  const r = spawnSync(PRE_COMMIT, ['try-repo', REPO, 'secret-surface', '--all-files', '--color', 'never'], { cwd, env, encoding: 'utf8', timeout: 540_000 });
  return { code: r.status ?? -1, out: `${r.stdout}\n${r.stderr}` };
}

test('pre-commit try-repo: fails on exposed workloads, passes on a hardened one, skips commits without manifests', { timeout: 900_000 }, () => {
  const t0 = Date.now();
  const bad = fixtureRepo('shop', (root) => cpSync(join(REPO, 'examples'), root, { recursive: true }));
  const failing = tryRepo(bad);
  console.log(`pre-commit: hook environment installed and first run in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  assert.equal(failing.code, 1, failing.out);
  assert.match(failing.out, /^Secret Surface\.+Failed$/m);
  assert.match(failing.out, /k8s\/api\.yaml:\d+:\d+ +error +secret-in-shell-image/);
  assert.match(failing.out, /services\/worker\/Dockerfile:\d+:\d+ +error +secret-in-network-client-image/);

  const good = fixtureRepo('payments', (root) => {
    const ex = join(REPO, 'examples');
    cpSync(join(ex, '.secret-surface.yaml'), join(root, '.secret-surface.yaml'));
    cpSync(join(ex, 'k8s/payments.yaml'), join(root, 'k8s/payments.yaml'));
    cpSync(join(ex, 'services/payments'), join(root, 'services/payments'), { recursive: true });
  });
  const t1 = Date.now();
  const passing = tryRepo(good);
  console.log(`pre-commit: second run in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  assert.equal(passing.code, 0, passing.out);
  assert.match(passing.out, /^Secret Surface\.+Passed$/m);

  const docs = fixtureRepo('docs', (root) => writeFileSync(join(root, 'README.md'), '# nothing to deploy\n'));
  const skipped = tryRepo(docs);
  assert.equal(skipped.code, 0, skipped.out);
  assert.match(skipped.out, /^Secret Surface\.+\(no files to check\)Skipped$/m);
});
