// "Secret Surface: Check Cluster…" in a real VS Code (code-server + Chromium, driven by Playwright keyboard and
// clicks) against the real kube-apiserver and registry of the cluster-check suites: context pick, the modal
// confirmation naming the context and server, namespaces, progress, and the results view — namespace →
// workload → container with the tools and their layer evidence, the forbidden namespace as a node, and the
// link to the matching workspace manifest. The code-server process gets KUBECONFIG (the limited user's token).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, isolatedEnv, missing, poll } from './support/editor-env.js';
import { launchBrowser, packageVsix, startCodeServer, type Browser, type CodeServer, type Page } from './support/editor-code-server.js';
import { startClusterWorld, type ClusterWorld } from './cluster-check-scenario.js';

const SHOTS = artifacts('editor-cluster');
let world: ClusterWorld;
let server: CodeServer;
let dir: string;
let env: NodeJS.ProcessEnv;

before(async () => {
  const why = missing('code-server', 'playwright', 'chromium', 'server');
  assert.equal(why, undefined, why);
  world = await startClusterWorld();
  ({ dir, env } = isolatedEnv('editor-cluster'));
  mkdirSync(join(dir, 'docker'), { recursive: true });
  env = { ...env, KUBECONFIG: world.kubeconfig, DOCKER_CONFIG: join(dir, 'docker') };
  server = await startCodeServer({ dir, env, vsix: packageVsix() });
});

after(async () => {
  await server?.stop();
  await world?.stop();
});

async function rowWith(page: Page, text: string | RegExp, ms = 60_000) {
  const row = page.locator('.monaco-list-row', { hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: ms });
  return row;
}

test('Check Cluster… from the command palette shows the live results', { timeout: 300_000 }, async () => {
  const browser: Browser = await launchBrowser(dir, env);
  const page = browser.page;
  try {
    await page.goto(`${server.url}/?folder=${encodeURIComponent(world.workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // The extension is active once its views exist; the command then resolves immediately.
    await poll(async () => {
      await page.keyboard.press('F1');
      await page.waitForSelector('.quick-input-widget input', { timeout: 5000 });
      await page.keyboard.type('Secret Surface: Check Cluster');
      const found = await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Check Cluster' }).count();
      if (!found) await page.keyboard.press('Escape');
      return found > 0;
    }, 'the Check Cluster command in the palette', 90_000, 1000);
    await page.keyboard.press('Enter');

    // Context pick: the kubeconfig's only (current) context.
    await page.locator('.quick-input-widget input[placeholder="Kubernetes context to check"]').first().waitFor({ state: 'visible', timeout: 30_000 });
    await rowWith(page, /surface\s*current/, 30_000);
    await page.screenshot({ path: join(SHOTS, '01-contexts.png') });
    await page.keyboard.press('Enter');

    // The confirmation names the context and the API server before anything connects.
    const dialog = page.locator('.monaco-dialog-box').first();
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await dialog.innerText();
    assert.match(text, /Connect to context "surface" at https:\/\/127\.0\.0\.1:\d+/);
    assert.ok(text.includes(world.cluster.server), text);
    assert.match(text, /never Secrets/);
    await page.screenshot({ path: join(SHOTS, '02-confirm.png') });
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Check Cluster' }).first().click();

    // Namespaces: choose shop and vault (vault is not readable with the documented Role).
    await rowWith(page, 'Choose namespaces', 30_000);
    await page.keyboard.type('Choose');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.quick-input-widget input', { timeout: 10_000 });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('shop, vault');
    await page.keyboard.press('Enter');

    // Room for the results: fold the file explorer section.
    await page.locator('.pane-header', { hasText: 'Workspace' }).first().click().catch(() => undefined);
    // Results view: namespace → workload → container → tools with their layer evidence.
    await rowWith(page, /Deployment tools/, 120_000);
    await page.screenshot({ path: join(SHOTS, '03-results.png') });
    // The tree is virtualised: collapse shop to bring the forbidden namespace's node into view, then reopen it.
    const shop = await rowWith(page, /shop\s*\d+ container/);
    await shop.click();
    const vault = await rowWith(page, /vault\s*forbidden — not checked/);
    assert.ok(vault);
    await shop.click();
    await (await rowWith(page, /tools\s*error · 1 Secret/)).click();
    const curl = await rowWith(page, /curl.*network · layer sha256:[0-9a-f]{12} \/usr\/bin\/curl/);
    assert.ok(curl);
    await rowWith(page, /Image .*shop\/tools:1\.0.*decided by registry/);
    await page.screenshot({ path: join(SHOTS, '04-tools.png') });

    // The link opens the workspace manifest that declares the same Deployment.
    await (await rowWith(page, 'Open workspace manifest')).click();
    await page.locator('.tab[data-resource-name="tools.yaml"]').first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, '05-manifest.png') });
  } catch (err) {
    await page.screenshot({ path: join(SHOTS, 'failure.png') }).catch(() => undefined);
    throw err;
  } finally {
    await browser.close();
  }
});
