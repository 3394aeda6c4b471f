// Renders the committed images with the Chromium and playwright-core that scripts/e2e/setup-editor.sh
// installs: the extension icon (images/icon.svg → images/icon.png, 128×128, transparent corners) and the
// README's screenshots of the exposure page (docs/images/), taken from `scan examples --format html`.
// Run after `npm run build`: `node scripts/gen-images.mjs [icon|screenshots]` (default both).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
const TOOLS = process.env.SECRET_SURFACE_TOOLS ?? join(REPO, '.tools');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const what = process.argv[2] ?? 'all';

const require = createRequire(join(TOOLS, 'playwright', 'package.json'));
const { chromium } = require('playwright-core');
const work = mkdtempSync(join(tmpdir(), 'ss-images-'));
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  if (what === 'all' || what === 'icon') {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
    const svg = readFileSync(join(REPO, 'images/icon.svg'), 'utf8');
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.screenshot({ path: join(REPO, 'images/icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
    console.log('wrote images/icon.png');
    await page.close();
  }
  if (what === 'all' || what === 'screenshots') {
    const ws = join(work, 'examples');
    cpSync(join(REPO, 'examples'), ws, { recursive: true });
    const r = spawnSync(process.execPath, [join(REPO, 'server/out/cli.js'), 'scan', ws, '--format', 'html', '--fail-on', 'never', '--no-render'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`scan --format html failed: ${r.stderr}`);
    // The heading names the scanned folder; the copy is named like the original.
    writeFileSync(join(ws, 'exposure.html'), r.stdout);
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(join(ws, 'exposure.html')).href);
    await page.waitForSelector('.ss-row');
    const shot = async (name, bottomSelector) => {
      const bottom = await page.evaluate((sel) => Math.max(...[...document.querySelectorAll(sel)].map((e) => e.getBoundingClientRect().bottom)), bottomSelector);
      await page.screenshot({ path: join(REPO, 'docs/images', name), clip: { x: 0, y: 0, width: 1400, height: Math.ceil(bottom) + 12 } });
      console.log(`wrote docs/images/${name}`);
    };
    await shot('exposure-matrix.png', '.ss-row');
    await page.locator('#ss-tab-graph').click();
    await page.waitForSelector('.ss-graph svg');
    await shot('exposure-graph.png', '.ss-graph .ss-node');
    await page.close();
  }
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
