// The HTML exposure report as a user opens it: `scan --format html` written to a file in the scanned
// folder and loaded from file:// in Debian's Chromium (headless, playwright-core). Asserts the matrix
// (headers, cells, links to file and line), sorting, filtering and grouping driven by clicks and
// typing, the graph's nodes and edges, and that the page breaks no rule of its Content Security
// Policy. Also loads and scrolls a generated 10,000-manifest report. Screenshots land in
// test-artifacts/report-page/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REPO, artifacts, isolatedEnv, missing } from './support/editor-env.js';
import { launchBrowser, type Browser } from './support/editor-code-server.js';
import { openReport, pageOf, pngBytesPerPixel, until, type ReportPage } from './support/report-page.js';
import { generateMonorepo } from '../../bench/generate.js';

const SHOTS = artifacts('report-page');
const CLI = join(REPO, 'server/out/cli.js');
let dir = '';
let env: NodeJS.ProcessEnv = {};
let browser: Browser | undefined;

function scanHtml(folder: string, extra: string[] = []): string {
  const r = spawnSync(process.execPath, [CLI, 'scan', folder, '--format', 'html', '--fail-on', 'never', '--no-render', ...extra], { encoding: 'utf8', maxBuffer: 1 << 30 });
  assert.equal(r.status, 0, r.stderr);
  const file = join(folder, 'exposure.html');
  writeFileSync(file, r.stdout);
  return file;
}

before(async () => {
  const why = missing('playwright', 'chromium');
  assert.equal(why, undefined, why);
  ({ dir, env } = isolatedEnv('report-page'));
  browser = await launchBrowser(dir, env);
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the HTML report from file://: matrix, links, sort, filter, group and graph, with no CSP violation', async () => {
  const ws = join(dir, 'examples');
  cpSync(join(REPO, 'examples'), ws, { recursive: true });
  const file = scanHtml(ws);
  const html = readFileSync(file, 'utf8');
  assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)=["']?https?:/i, 'nothing is loaded from the network');
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/);
  const page: ReportPage = pageOf(browser!);
  const violations = await openReport(page, pathToFileURL(file).href);

  // The matrix: fixed columns, then one column per Secret.
  const headers = await page.locator('.ss-head .ss-hcell').allInnerTexts();
  for (const h of ['Workload', 'Namespace', 'Container', 'Secrets', 'Hardening', 'Shell', 'Network', 'Interpreter', 'Token']) assert.ok(headers.includes(h), `${h} in ${headers.join(', ')}`);
  const api = page.locator('.ss-row', { hasText: 'Deployment api' }).first();
  assert.equal(await api.locator('[data-col="namespace"]').innerText(), 'shop');
  assert.match(await api.locator('[data-col="secrets"]').innerText(), /^api-db \(env\), api-tls \(volume\)$/);
  assert.match(await api.locator('[data-col="shell"]').innerText(), /\bsh\b/);
  assert.match(await api.locator('[data-col="hardening"]').innerText(), /^exposed$/);
  // Cells link to the file and line: the workload to its image: line, the Secret to its env entry.
  assert.equal(await api.locator('[data-col="workload"] a').getAttribute('href'), 'k8s/api.yaml#L17');
  assert.match((await api.locator('[data-col="secrets"] a').first().getAttribute('href')) ?? '', /^k8s\/api\.yaml#L\d+$/);
  assert.ok(pngBytesPerPixel(await page.screenshot({ path: join(SHOTS, '01-matrix.png') })) > 0.005, 'the matrix screenshot is not blank');
  // Scrolled right: the Link column, then one column per Secret (drawn only once in view).
  await page.evaluate("(m => { m.scrollLeft = 900; })(document.querySelector('.ss-matrix'))");
  await page.waitForSelector('.ss-row [data-col="link"] a');
  assert.match((await api.locator('[data-col="link"] a').getAttribute('href')) ?? '', /^services\/api\/Dockerfile#L\d+$/);
  await page.evaluate("(m => { m.scrollLeft = m.scrollWidth; })(document.querySelector('.ss-matrix'))");
  await page.waitForSelector('.ss-hcell[data-col="secret:smtp-credentials"]');
  assert.equal(await page.locator('.ss-row', { hasText: 'CronJob nightly-report' }).first().locator('[data-col="secret:smtp-credentials"]').innerText(), 'envFrom');
  assert.equal(await page.locator('.ss-row', { hasText: 'Deployment api' }).first().locator('[data-col="secret:smtp-credentials"]').innerText(), '');
  // The workload column stays frozen on the left.
  assert.equal(await page.locator('.ss-row [data-col="workload"]').count() > 0, true);
  await page.screenshot({ path: join(SHOTS, '01b-matrix-secret-columns.png') });
  await page.evaluate("(m => { m.scrollLeft = 0; })(document.querySelector('.ss-matrix'))");

  // Sorting by a header click: ascending, then descending.
  const names = () => page.locator('.ss-row [data-col="workload"]').allInnerTexts();
  await page.locator('.ss-hcell[data-col="workload"]').click();
  const asc = await names();
  assert.deepEqual(asc, [...asc].sort((a, b) => (a.split(' ')[1]! < b.split(' ')[1]! ? -1 : 1)));
  assert.equal(await page.locator('.ss-hcell[data-col="workload"]').getAttribute('aria-sort'), 'ascending');
  await page.locator('.ss-hcell[data-col="workload"]').click();
  assert.deepEqual(await names(), [...asc].reverse());
  await page.locator('.ss-hcell[data-col="hardening"]').click();
  assert.equal(await page.locator('.ss-row [data-col="hardening"]').first().innerText(), 'exposed');

  // Filtering by text: a Secret's name keeps the one container that receives it.
  await page.locator('#ss-filter').fill('postgres-superuser');
  await until(page, "document.querySelectorAll('.ss-row').length === 1");
  assert.match(await page.locator('.ss-row').first().innerText(), /StatefulSet postgres/);
  assert.match(await page.locator('#ss-count').innerText(), /^1 of \d+ containers$/);
  await page.screenshot({ path: join(SHOTS, '02-filtered.png') });
  await page.locator('#ss-filter').fill('');
  await until(page, "document.querySelectorAll('.ss-row').length > 1");

  // Grouping by Secret: one header per Secret, each container under every Secret it receives.
  await page.locator('#ss-group').selectOption('secret');
  const groups = await page.locator('.ss-group').allInnerTexts();
  assert.ok(groups.some((g) => /^Secret api-db\s*1$/.test(g)), groups.join(' | '));
  assert.ok(groups.some((g) => /^Secret api-tls\s*1$/.test(g)), groups.join(' | '));
  await page.screenshot({ path: join(SHOTS, '03-grouped-by-secret.png') });
  await page.locator('#ss-group').selectOption('image');
  assert.ok((await page.locator('.ss-group').allInnerTexts()).some((g) => g.startsWith('postgres:16')));

  // The graph: Secret → workload → image → Dockerfile → base, joined by edges.
  await page.locator('#ss-group').selectOption('none');
  await page.locator('#ss-tab-graph').click();
  await page.waitForSelector('.ss-graph svg');
  const node = (id: string) => page.locator(`.ss-graph .ss-node[data-id="${id}"]`);
  for (const id of ['secret:api-db', 'workload:shop/Deployment/api', 'image:registry.example.com/shop/api:1.4.2', 'dockerfile:services/api/Dockerfile']) {
    assert.equal(await node(id).count(), 1, `graph node ${id}`);
  }
  const edge = (from: string, to: string) => page.locator(`.ss-graph .ss-edge[data-from="${from}"][data-to="${to}"]`).count();
  assert.equal(await edge('secret:api-db', 'workload:shop/Deployment/api'), 1);
  assert.equal(await edge('workload:shop/Deployment/api', 'image:registry.example.com/shop/api:1.4.2'), 1);
  assert.equal(await edge('image:registry.example.com/shop/api:1.4.2', 'dockerfile:services/api/Dockerfile'), 1);
  assert.equal(await page.locator('.ss-graph .ss-node[data-layer="base"]').count() > 0, true, 'base images are drawn');
  assert.match((await node('secret:api-db').locator('a').getAttribute('href')) ?? '', /^k8s\/api\.yaml#L\d+$/);
  assert.ok(pngBytesPerPixel(await page.screenshot({ path: join(SHOTS, '04-graph.png') })) > 0.005, 'the graph screenshot is not blank');
  // The filter narrows the graph too.
  await page.locator('#ss-filter').fill('ledger');
  await until(page, `document.querySelectorAll('.ss-graph .ss-node[data-layer="workload"]').length === 1`);

  // Every link drawn names a file of the workspace and a line inside it.
  await page.locator('#ss-filter').fill('');
  await page.locator('#ss-tab-matrix').click();
  await until(page, "document.querySelectorAll('.ss-row').length > 1");
  const hrefs = (await page.evaluate("[...document.querySelectorAll('.ss-matrix a[href]')].map((a) => a.getAttribute('href'))")) as string[];
  assert.ok(hrefs.length > 10, `${hrefs.length} links`);
  for (const href of hrefs) {
    const m = /^(.+)#L(\d+)$/.exec(href);
    assert.ok(m, href);
    const target = fileURLToPath(new URL(m[1]!, pathToFileURL(file)));
    assert.ok(existsSync(target), `${href}: no such file`);
    assert.ok(Number(m[2]) <= readFileSync(target, 'utf8').split('\n').length, `${href}: past the end of the file`);
  }
  assert.deepEqual(violations(), []);
});

test('a 10,000-manifest report loads and scrolls, drawing only the rows in view', async () => {
  const repo = generateMonorepo(join(dir, 'mono'), 10_000, 1_000);
  const file = scanHtml(repo.root);
  const page = pageOf(browser!);
  const violations = await openReport(page, pathToFileURL(file).href);
  const total = Number((await page.locator('#ss-count').innerText()).match(/of (\d+) containers/)![1]);
  assert.ok(total >= 10_000, `${total} containers`);
  const drawn = await page.locator('.ss-row').count();
  assert.ok(drawn > 10 && drawn < 120, `${drawn} rows in the DOM for ${total}`);
  // Scroll to the middle and to the end: the rows there are drawn, the first ones are gone.
  await page.evaluate("(m => { m.scrollTop = m.scrollHeight / 2; })(document.querySelector('.ss-matrix'))");
  await until(page, "Number(document.querySelector('.ss-matrix').getAttribute('data-first')) > 5000");
  await page.evaluate("(m => { m.scrollTop = m.scrollHeight; })(document.querySelector('.ss-matrix'))");
  await until(page, `document.querySelector('.ss-row[data-row="${total - 1}"]') !== null`);
  assert.equal(await page.locator('.ss-row[data-row="0"]').count(), 0);
  await page.screenshot({ path: join(SHOTS, '05-large-scrolled.png') });
  assert.deepEqual(violations(), []);
});
