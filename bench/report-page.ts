// `npm run bench` section: the exposure page of the 10,000-manifest corpus — the time the CLI takes to
// write `--format html` (beside `--format json` of the same scan), the page model and document alone,
// the report's size, and, when Chromium and playwright-core are installed, the time to load the file
// and draw, to scroll it end to end, and to filter it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { generateMonorepo } from './generate.js';
import { loadWorkspaceDir } from '../test/support/workspace.js';
import { buildPageModel } from '../server/src/core/report-page/model.js';
import { pageDocument } from '../server/src/core/report-page/html.js';
import { toMarkdown } from '../server/src/core/report-page/markdown.js';
import { missing } from '../test/e2e/support/editor-env.js';
import { launchBrowser } from '../test/e2e/support/editor-code-server.js';
import { pageOf, until } from '../test/e2e/support/report-page.js';

const root = join('bench', '.work', 'mono');
if (!existsSync(join(root, 'skaffold.yaml'))) generateMonorepo(root);

function cli(format: string, out?: string): { ms: number; bytes: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['server/out/cli.js', 'scan', root, '--format', format, '--fail-on', 'never', '--no-render'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`scan --format ${format} failed: ${r.stderr}`);
  if (out) writeFileSync(out, r.stdout);
  return { ms, bytes: Buffer.byteLength(r.stdout) };
}

async function main(): Promise<void> {
  console.log('\n== exposure page: 10,000-manifest corpus');
  const dir = mkdtempSync(join(tmpdir(), 'ss-bench-page-'));
  const file = join(root, 'exposure.html');
  try {
    const json = cli('json');
    const html = cli('html', file);
    console.log(`scan --format json         ${json.ms.toFixed(0)} ms`);
    console.log(`scan --format html         ${html.ms.toFixed(0)} ms   (${(html.bytes / 1e6).toFixed(1)} MB, self-contained)`);
    const report = loadWorkspaceDir(root).ws.analyze().report;
    const script = (await build({ entryPoints: ['server/src/exposure-page/main.ts'], bundle: true, format: 'iife', minify: true, write: false, logLevel: 'warning' })).outputFiles[0]!.text;
    let t = performance.now();
    const model = buildPageModel(report, { title: 'bench' });
    const modelMs = performance.now() - t;
    t = performance.now();
    const doc = pageDocument({ model, script, host: 'file', csp: "default-src 'none'" });
    const docMs = performance.now() - t;
    t = performance.now();
    const md = toMarkdown(model);
    const mdMs = performance.now() - t;
    console.log(`page model                 ${modelMs.toFixed(0)} ms for ${model.rows.length} containers, ${model.secrets.length} Secret columns`);
    console.log(`HTML document              ${docMs.toFixed(0)} ms, ${(doc.length / 1e6).toFixed(1)} MB (page script ${(script.length / 1024).toFixed(0)} KB)`);
    console.log(`Markdown table             ${mdMs.toFixed(0)} ms, ${md.length} characters (bounded)`);
    const why = missing('playwright', 'chromium');
    if (why) {
      console.log(`Chromium load and scroll   skipped: ${why}`);
      return;
    }
    const browser = await launchBrowser(dir, { ...process.env, XDG_CONFIG_HOME: dir, XDG_CACHE_HOME: dir });
    try {
      const page = pageOf(browser);
      t = performance.now();
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('.ss-row', { timeout: 120_000 });
      const loadMs = performance.now() - t;
      // Scroll end to end in 40 steps, each waiting for the frame that draws it.
      t = performance.now();
      for (let i = 1; i <= 40; i++) {
        await page.evaluate(`new Promise((done) => { const m = document.querySelector('.ss-matrix'); m.scrollTop = m.scrollHeight * ${i} / 40; requestAnimationFrame(() => requestAnimationFrame(done)); })`);
      }
      await until(page, `document.querySelector('.ss-row[data-row="${model.rows.length - 1}"]') !== null`);
      const scrollMs = performance.now() - t;
      const drawn = await page.evaluate("document.querySelectorAll('.ss-row').length");
      t = performance.now();
      await page.locator('#ss-filter').fill('db-42');
      await until(page, `!document.querySelector('#ss-count').textContent.startsWith('${model.rows.length} of')`);
      const filterMs = performance.now() - t;
      console.log(`Chromium: load and draw    ${loadMs.toFixed(0)} ms (file://, ${statSync(file).size} bytes)`);
      console.log(`Chromium: scroll to end    ${scrollMs.toFixed(0)} ms in 40 steps (${(scrollMs / 40).toFixed(1)} ms a step), ${String(drawn)} rows in the DOM`);
      console.log(`Chromium: filter "db-42"   ${filterMs.toFixed(0)} ms (including the 120 ms typing pause)`);
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(file, { force: true });
  }
}

await main();
