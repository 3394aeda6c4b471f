// A real VS Code end to end: code-server 4.100.3 with the packaged .vsix installed, driven through
// Debian's Chromium. (1) The UI: open the example workspace, see our diagnostics in the Problems
// panel (rows distinct in their first 60 characters), hover the image (the rendered verdict and
// sections), type a key into the manifest character by character (no problem disappears, sampled
// during typing), change the Dockerfile's FROM to a distroless base and watch the manifest's finding go. (2) The mocha suite inside the same server's extension host (test/e2e/exthost).
// Screenshots land in test-artifacts/editor-code-server/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, artifacts, copyScenario, isolatedEnv, missing, poll, type Scenario } from './support/editor-env.js';
import type { ReportPage } from './support/report-page.js';
import { loadWorkspaceDir } from '../support/workspace.js';
import { bundleExthostSuite, launchBrowser, packageVsix, quickOpen, runExthostSuite, startCodeServer, type Browser, type CodeServer, type Page } from './support/editor-code-server.js';

const SHOTS = artifacts('editor-code-server');
let dir = '';
let env: NodeJS.ProcessEnv = {};
let server: CodeServer | undefined;
let extensions = '';

before(async () => {
  const why = missing('code-server', 'playwright', 'chromium', 'server');
  assert.equal(why, undefined, why);
  ({ dir, env } = isolatedEnv('code-server'));
  const vsix = packageVsix();
  server = await startCodeServer({ dir, env, vsix });
  extensions = join(dir, 'extensions');
});

after(async () => {
  await server?.stop();
  if (server) writeFileSync(join(SHOTS, 'code-server.log'), server.log());
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Opens the workbench on `folder` and waits for the Explorer to list it. */
async function openFolder(page: Page | ReportPage, folder: string): Promise<void> {
  await page.goto(`${server!.url}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60_000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
}

/** Runs "Secret Surface: <title>" from the command palette. */
async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(`Secret Surface: ${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
}

/** Problem rows in the Problems panel after filtering it down to one file. */
async function problemRows(page: Page): Promise<string[]> {
  return page.locator('.markers-panel .monaco-list-row').allInnerTexts();
}

/** The message of each of our problem rows (file rows and related-information rows left out). */
async function markerRows(page: Page): Promise<string[]> {
  const rows = await problemRows(page);
  return rows.filter((t) => t.includes('secret-surface')).map((t) => t.slice(0, t.indexOf('secret-surface')).replace(/\s+/g, ' ').trim());
}

/** Every problem of the workspace, as the status bar counts them (errors + warnings + infos). */
async function problemTotal(page: Page): Promise<number> {
  const text = await page.locator('#status\\.problems').first().innerText();
  return (text.match(/\d+/g) ?? []).reduce((n, x) => n + Number(x), 0);
}

async function command(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
}

test('code-server: Problems panel, hover, and a Dockerfile edit that clears the manifest finding', async () => {
  const browser: Browser = await launchBrowser(dir, env);
  const sc: Scenario = copyScenario(join(dir, 'ui'));
  const page = browser.page;
  try {
    await openFolder(page, sc.dir);
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);

    await quickOpen(page, sc.manifest);
    await page.waitForSelector('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error', { timeout: 60_000 });

    // Problems panel, filtered to the manifest so rows of other files cannot satisfy the checks.
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector('.markers-panel', { timeout: 30_000 });
    const filter = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
    await filter.waitFor({ timeout: 30_000 });
    await filter.fill(`**/${sc.manifest}`);
    const rows = await poll(async () => {
      const r = await problemRows(page);
      return r.some((t) => t.includes(sc.rule)) ? r : undefined;
    }, `${sc.rule} in the Problems panel`, 60_000);
    assert.ok(rows.some((t) => t.includes('secret-surface')), `rows: ${rows.join(' | ')}`);
    // Each row's message is distinct in its first 60 characters: what differs comes first. (The panel
    // maximized: related-information rows are expanded, and rows out of view are not rendered.)
    await command(page, 'View: Toggle Maximized Panel');
    const heads = (await poll(async () => {
      const m = await markerRows(page);
      return m.length >= 4 ? m : undefined;
    }, 'the manifest\'s four problems in view', 30_000)).map((m) => m.slice(0, 60));
    assert.ok(heads.length >= 4, `marker rows: ${heads.join(' | ')}`);
    assert.equal(new Set(heads).size, heads.length, `rows not distinct in 60 characters: ${heads.join(' | ')}`);
    await page.screenshot({ path: join(SHOTS, '01-problems.png') });
    await command(page, 'View: Toggle Maximized Panel');

    // Hover the image value in the manifest editor.
    await page.locator('.tab[data-resource-name="' + sc.manifest.slice(sc.manifest.lastIndexOf('/') + 1) + '"]').first().click();
    const imageSpan = page.locator('.monaco-editor .view-line span span', { hasText: sc.imageText }).first();
    await imageSpan.hover();
    // Our hover names the linked Dockerfile by path (the diagnostic's hover only says "Dockerfile").
    const hover = page.locator('.monaco-hover-content:visible', { hasText: sc.dockerfile }).first();
    await hover.waitFor({ state: 'visible', timeout: 30_000 });
    // The rendered hover: the verdict first, section titles as paragraphs of their own (not in a list item).
    // (VS Code puts the diagnostics' own hover parts first; ours is the rendered markdown after them.)
    const verdict = hover.locator('p', { hasText: /^Exposed — / }).first();
    assert.match(await verdict.innerText(), /^Exposed — 2 Secrets reach container api, and its image has a shell, a network client and an interpreter/);
    assert.equal(await verdict.locator('a', { hasText: 'secret-in-shell-image' }).count(), 1, 'the verdict links the rule');
    assert.equal(await hover.locator('li strong', { hasText: /^(Tools|Secrets)$/ }).count(), 0, 'a section title inside a list item');
    assert.equal(await hover.locator('p > strong', { hasText: /^(Tools|Secrets)$/ }).count(), 2);
    assert.ok((await hover.locator('li', { hasText: 'Shell: sh, bash, dash — from base image node:20' }).count()) >= 1, await hover.innerText());
    await page.screenshot({ path: join(SHOTS, '02-hover.png') });
    await page.keyboard.press('Escape');

    // Typing a new key under image:, one character at a time: after every keystroke the workspace holds
    // at least the problems it held before (the status bar counts every file) — stale ones, not none.
    const baseline = await problemTotal(page);
    assert.ok(baseline >= 10, `${baseline} problems in the workspace`);
    await page.locator('.monaco-editor .view-line', { hasText: sc.imageText }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type('          ');
    let samples = 0;
    for (const ch of 'resources') {
      await page.keyboard.type(ch);
      // Sampled right after the keystroke, while the server is still analysing it, and again after.
      for (let sample = 0; sample < 3; sample++, samples++) {
        const now = await problemTotal(page);
        assert.ok(now >= baseline, `after "${ch}": ${now} problems, before ${baseline}`);
      }
    }
    // Still half typed: the manifest's findings are there, marked stale.
    await poll(async () => ((await markerRows(page)).some((m) => m.includes('(stale:')) ? true : undefined), 'the stale marking while the key is half typed', 30_000);
    assert.ok((await problemTotal(page)) >= baseline);
    console.log(`code-server: ${samples} samples while typing, never fewer than ${baseline} problems`);
    await page.screenshot({ path: join(SHOTS, '02b-mid-typing.png') });
    await page.keyboard.type(':');
    await poll(async () => ((await markerRows(page)).every((m) => !m.includes('(stale:')) ? true : undefined), 'findings current again', 30_000);

    // Edit the Dockerfile's FROM line to a distroless base and save.
    await quickOpen(page, sc.dockerfile);
    await page.locator('.monaco-editor .view-line', { hasText: sc.fromLine }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.type(sc.hardenedFromLine);
    await page.keyboard.press('Control+S');
    await poll(() => readFileSync(join(sc.dir, sc.dockerfile), 'utf8').includes(sc.hardenedFromLine), 'the Dockerfile saved', 15_000);
    await page.screenshot({ path: join(SHOTS, '03-dockerfile-edited.png') });

    // The panel's filter again (the editor can drop it while other files are opened and typed in): rows of
    // another file's own secret-in-shell-image finding must not keep this check from passing, or let it pass.
    await filter.fill(`**/${sc.manifest}`);
    await poll(async () => !(await problemRows(page)).some((t) => t.includes(sc.rule)), `${sc.rule} to leave ${sc.manifest} in the Problems panel`, 60_000);
    await page.screenshot({ path: join(SHOTS, '04-finding-gone.png') });

    // The exposure report view in the Explorer: a row per container; clicking one opens its manifest.
    await runCommand(page, 'Show Exposure Report');
    const workload = readFileSync(join(sc.dir, sc.manifest), 'utf8').match(/^  name: (\S+)/m)![1]!;
    const row = page.locator('.pane-body .monaco-list-row', { hasText: `Deployment ${workload} ›` }).first();
    await row.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, '05-exposure-report.png') });
    await page.locator('.tab[data-resource-name="' + sc.dockerfile.slice(sc.dockerfile.lastIndexOf('/') + 1) + '"]').first().click();
    await row.click();
    await page.locator(`.tab.active[data-resource-name="${sc.manifest.slice(sc.manifest.lastIndexOf('/') + 1)}"]`).first().waitFor({ timeout: 30_000 });
  } catch (e) {
    await page.screenshot({ path: join(SHOTS, '99-failure.png') }).catch(() => undefined);
    throw e;
  } finally {
    await browser.close();
  }
});

test('code-server: Open Exposure Page shows the matrix in a webview, and a click on a Secret cell opens its line', async () => {
  const browser: Browser = await launchBrowser(dir, env);
  const sc: Scenario = copyScenario(join(dir, 'page'));
  const page = browser.page as unknown as ReportPage;
  // Where the api container's first Secret is delivered, from the core itself.
  const api = loadWorkspaceDir(sc.dir).ws.analyze().report.find((r) => r.image === sc.imageText)!;
  const delivery = api.secrets[0]!;
  try {
    await openFolder(page, sc.dir);
    await quickOpen(browser.page, sc.manifest);
    await page.waitForSelector('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error', { timeout: 60_000 });
    await runCommand(browser.page, 'Open Exposure Page');
    // The webview is an iframe holding the page's own iframe.
    const frame = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    const row = frame.locator('.ss-row', { hasText: `${api.workload.kind} ${api.workload.name}` }).first();
    await row.waitFor({ timeout: 60_000 });
    assert.equal(await row.locator('[data-col="namespace"]').innerText(), api.workload.namespace);
    assert.match(await row.locator('[data-col="secrets"]').innerText(), new RegExp(`${delivery.name} \\(${delivery.channel}\\)`));
    assert.ok((await frame.locator('.ss-head .ss-hcell').allInnerTexts()).includes('Shell'));
    await page.screenshot({ path: join(SHOTS, '07-exposure-page.png') });
    await row.locator('[data-col="secrets"] a').first().click();
    const name = sc.manifest.slice(sc.manifest.lastIndexOf('/') + 1);
    await page.locator(`.tab.active[data-resource-name="${name}"]`).first().waitFor({ timeout: 30_000 });
    const line = delivery.location!.range.start.line + 1;
    await poll(async () => new RegExp(`^Ln ${line}, Col ${delivery.location!.range.start.character + 1}\\b`).test(await page.locator('.statusbar-item[id="status.editor.selection"]').first().innerText()), `the cursor on line ${line} of ${sc.manifest}`, 30_000);
    await page.screenshot({ path: join(SHOTS, '08-exposure-page-opened-line.png') });
  } catch (e) {
    await page.screenshot({ path: join(SHOTS, '99-exposure-page-failure.png') }).catch(() => undefined);
    throw e;
  } finally {
    await browser.close();
  }
});

test('the .vsix holds the bundles, the config schema and the rule docs, and nothing else', () => {
  const r = spawnSync(process.execPath, [join(REPO, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files = r.stdout.trim().split('\n').sort();
  for (const f of ['package.json', 'client/out/extension.js', 'server/out/server.js', 'schemas/config.schema.json', 'docs/rules/secret-in-shell-image.md']) {
    assert.ok(files.includes(f), `${f} missing from ${files.join(', ')}`);
  }
  assert.deepEqual(files.filter((f) => f.endsWith('.map') || f.endsWith('.ts') || f.startsWith('node_modules/') || f.startsWith('test/')), []);
});

test('code-server: the mocha suite in the extension host passes', async () => {
  const browser = await launchBrowser(dir, env);
  try {
    const sc = copyScenario(join(dir, 'exthost'));
    writeFileSync(join(dir, 'exthost', 'scenario.json'), JSON.stringify(sc));
    // Bundled inside the repository so the suite resolves mocha from its node_modules.
    const suite = await bundleExthostSuite(join(REPO, 'build', 'e2e-exthost'));
    // The installed .vsix, loaded as the development extension, so the suite tests what ships.
    const installed = readdirSync(extensions).find((n) => n.startsWith('secret-surface.secret-surface'));
    assert.ok(installed, `.vsix not installed in ${extensions}`);
    const lines: string[] = [];
    const code = await runExthostSuite(browser, server!, {
      folder: sc.dir,
      extensionPath: join(extensions, installed),
      testsPath: suite,
      timeoutMs: 180_000,
      onLine: (l) => lines.push(l),
    });
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(join(SHOTS, 'exthost.log'), lines.join('\n'));
    await browser.page.screenshot({ path: join(SHOTS, '06-exthost.png') }).catch(() => undefined);
    assert.equal(code, 0, `extension-host suite: ${code}\n${lines.join('\n')}`);
    // mocha's reporter reaches the page console as format strings: "✔ %s (%dms) <title> <ms>".
    assert.equal(lines.filter((l) => l.includes('✔')).length, 7, lines.join('\n'));
  } finally {
    await browser.close();
  }
});
