// Where the extension starts, in a real VS Code (code-server + Chromium, the packaged .vsix):
// (1) a repository with only a CI workflow and mkdocs.yml — even with the workflow open, no language
// server process, no Secret Surface views, no status-bar item; then a Kubernetes manifest is added and
// opened, and the server, the views and the item appear. (2) The example workspace: the status-bar item
// counts through the first index, then shows the exposed workloads, and clicking it opens the Secret
// Exposure view. Screenshots land in test-artifacts/editor-activation/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, copyScenario, isolatedEnv, missing, poll } from './support/editor-env.js';
import { launchBrowser, packageVsix, quickOpen, serverProcesses, startCodeServer, type CodeServer, type Page } from './support/editor-code-server.js';

const SHOTS = artifacts('editor-activation');
let dir = '';
let env: NodeJS.ProcessEnv = {};
let server: CodeServer | undefined;
let extensions = '';

before(async () => {
  const why = missing('code-server', 'playwright', 'chromium', 'server');
  assert.equal(why, undefined, why);
  ({ dir, env } = isolatedEnv('activation'));
  server = await startCodeServer({ dir, env, vsix: packageVsix() });
  extensions = join(dir, 'extensions');
});

after(async () => {
  if (server) writeFileSync(join(SHOTS, 'code-server.log'), server.log());
  await server?.stop();
});

async function openWorkbench(page: Page, folder: string): Promise<void> {
  await page.goto(`${server!.url}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60_000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
}

const paneHeaders = (page: Page) => page.locator('.pane-header', { hasText: /Secret Exposure|Cluster Check/ }).count();
const statusItem = (page: Page) => page.locator('.part.statusbar .statusbar-item', { hasText: /exposed|Secret Surface/ });

test('a CI-only workspace starts no server and shows no views, until a manifest is opened', async () => {
  const ws = join(dir, 'ci-only');
  mkdirSync(join(ws, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(ws, '.github', 'workflows', 'ci.yml'), 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n');
  writeFileSync(join(ws, 'mkdocs.yml'), 'site_name: Docs\nnav:\n  - Home: index.md\ntheme:\n  name: material\n');
  mkdirSync(join(ws, 'docs'));
  writeFileSync(join(ws, 'docs', 'index.md'), '# Docs\n');
  const browser = await launchBrowser(dir, env);
  const page = browser.page;
  try {
    await openWorkbench(page, ws);
    // Opening a YAML file activates the extension (onLanguage:yaml); its check finds nothing to analyse.
    await quickOpen(page, 'mkdocs.yml');
    await quickOpen(page, '.github/workflows/ci.yml');
    // Long enough for a started server to show up: the example workspace has one within seconds.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      assert.deepEqual(serverProcesses(extensions), [], 'a language server process in a CI-only workspace');
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(await paneHeaders(page), 0, 'Secret Surface views in a CI-only workspace');
    assert.equal(await statusItem(page).count(), 0, 'a Secret Surface status-bar item in a CI-only workspace');
    await page.screenshot({ path: join(SHOTS, '01-ci-only-nothing.png') });

    // The control: a Kubernetes manifest appears and is opened — now the server starts and the views show.
    mkdirSync(join(ws, 'k8s'));
    writeFileSync(
      join(ws, 'k8s', 'api.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: alpine:3.20\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef: { name: db, key: password }\n',
    );
    await quickOpen(page, 'k8s/api.yaml');
    await poll(() => serverProcesses(extensions).length > 0, 'the language server to start once a manifest is open', 60_000);
    await poll(async () => (await paneHeaders(page)) >= 1, 'the Secret Surface views', 30_000);
    await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60_000 });
    await statusItem(page).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, '02-ci-only-manifest-opened.png') });
  } catch (e) {
    await page.screenshot({ path: join(SHOTS, '99-ci-only-failure.png') }).catch(() => undefined);
    throw e;
  } finally {
    await browser.close();
  }
  await poll(() => serverProcesses(extensions).length === 0, 'the server to stop with its window', 30_000).catch(() => undefined);
});

test('the status-bar item shows the exposed workloads and opens the exposure view', async () => {
  const sc = copyScenario(join(dir, 'examples'));
  const browser = await launchBrowser(dir, env);
  const page = browser.page;
  try {
    await openWorkbench(page, sc.dir);
    // The workspace has Dockerfiles: the server starts without any file opened.
    await poll(() => serverProcesses(extensions).length > 0, 'the language server on the example workspace', 60_000);
    const item = page.locator('.part.statusbar .statusbar-item', { hasText: /\d+ exposed/ }).first();
    await item.waitFor({ timeout: 60_000 });
    const text = await item.innerText();
    const exposed = Number(/(\d+) exposed/.exec(text)?.[1]);
    assert.ok(exposed >= 1, `status bar: ${text}`);
    await page.screenshot({ path: join(SHOTS, '03-status-bar.png') });

    // Collapse the exposure view first, so that the click is what opens it.
    const header = page.locator('.pane-header', { hasText: 'Secret Exposure' }).first();
    await header.waitFor({ timeout: 30_000 });
    if ((await page.locator('.pane-header.expanded', { hasText: 'Secret Exposure' }).count()) > 0) await header.click();
    await item.click();
    await page.locator('.pane-header.expanded', { hasText: 'Secret Exposure' }).first().waitFor({ timeout: 30_000 });
    const row = page.locator('.pane-body .monaco-list-row', { hasText: /Deployment \S+ ›/ }).first();
    await row.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, '04-status-bar-opened-exposure-view.png') });
    console.log(`code-server: status bar "${text.trim()}"`);
  } catch (e) {
    await page.screenshot({ path: join(SHOTS, '99-status-failure.png') }).catch(() => undefined);
    throw e;
  } finally {
    await browser.close();
  }
});
