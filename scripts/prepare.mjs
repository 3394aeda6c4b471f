// npm's `prepare` step: builds the bundles when the package is installed from a git checkout that has none
// (`npm install -g github:secret-surface/secret-surface`, and pre-commit's `language: node`, which installs
// the hook repository that way). A tree that already has server/out/cli.js, and `npm ci` in a development
// checkout (`npm run build` builds there), are left alone.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

if (existsSync('server/out/cli.js') || process.env.npm_command === 'ci') process.exit(0);
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const require = createRequire(`${process.cwd()}/package.json`);
let hasEsbuild = true;
try {
  require.resolve('esbuild');
} catch {
  hasEsbuild = false;
}
// npm prepares a git dependency of a global install with the global setting still on, so the build
// tools never land in this checkout: install them here (no lifecycle scripts, no save).
if (!hasEsbuild) run('npm', ['install', '--global=false', '--include=dev', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund']);
run(process.execPath, ['scripts/bundle.mjs']);
