// The editor figure a user feels: in a real VS Code (code-server + Chromium, the packaged .vsix), from
// opening the example workspace to the first diagnostic counted in the status bar's Problems item, and
// to the Secret Surface item showing its exposed workloads (the first analysis is out). Each run is a
// fresh window, so a fresh extension host that activates the extension and starts the server.
// Run by `npm run bench` when the e2e tools are installed (scripts/e2e/setup.sh), else skipped.
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { copyScenario, isolatedEnv, missing, poll } from '../test/e2e/support/editor-env.js';
import { launchBrowser, packageVsix, startCodeServer } from '../test/e2e/support/editor-code-server.js';

const RUNS = Number(process.env['BENCH_CODE_SERVER_RUNS'] ?? 3);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

console.log('\n== VS Code (code-server + Chromium, packaged .vsix)');
const why = missing('code-server', 'playwright', 'chromium', 'server');
if (why) {
  console.log(`skipped: ${why}`);
  process.exit(0);
}
const { dir, env } = isolatedEnv('bench-code-server');
const server = await startCodeServer({ dir, env, vsix: packageVsix() });
const diagnostics: number[] = [];
const status: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const sc = copyScenario(join(dir, `run-${i}`));
    const browser = await launchBrowser(dir, env);
    try {
      const page = browser.page;
      const t0 = performance.now();
      await page.goto(`${server.url}/?folder=${encodeURIComponent(sc.dir)}`);
      const problems = page.locator('.part.statusbar #status\\.problems').first();
      diagnostics.push(await poll(async () => /[1-9]/.test(await problems.innerText()) && performance.now() - t0, 'a diagnostic in the Problems count', 180_000, 50));
      const item = page.locator('.part.statusbar .statusbar-item', { hasText: /\d+ exposed/ }).first();
      await item.waitFor({ timeout: 180_000 });
      status.push(performance.now() - t0);
    } finally {
      await browser.close();
    }
  }
  const f = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(0)} ms   p95 ${pct(xs, 95).toFixed(0)} ms`;
  console.log(`workspace opened → first diagnostic (Problems count), examples/ (${RUNS} windows)   ${f(diagnostics)}`);
  console.log(`workspace opened → status bar "N exposed" (first analysis out)   ${f(status)}`);
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
