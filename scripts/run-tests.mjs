// Runs the fast suites (unit, golden, LSP) with Node's test runner over the compiled tests in build/test.
// Real-server and real-editor suites live under test/e2e and run with `npm run test:e2e`.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

// `--e2e` runs build/test/e2e instead (servers and editors installed by scripts/e2e/setup.sh).
const e2e = process.argv.includes('--e2e');
const root = e2e ? 'build/test/e2e' : 'build/test';
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (e2e || name !== 'e2e') walk(p);
    } else if (name.endsWith('.test.js')) files.push(p);
  }
})(root);
files.sort();
const filter = process.argv.slice(2).find((a) => !a.startsWith('--'));
const chosen = filter ? files.filter((f) => f.includes(filter)) : files;
if (chosen.length === 0) {
  console.error(`no test files found under ${root}${filter ? ` matching ${filter}` : ''}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...(e2e ? ['--test-concurrency=1'] : []), ...chosen], { stdio: 'inherit' });
process.exit(r.status ?? 1);
