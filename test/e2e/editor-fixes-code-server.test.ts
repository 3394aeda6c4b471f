// Quick fixes in a real VS Code: code-server 4.100.3 with the packaged .vsix installed, driven through
// Debian's Chromium like a person would. On a temp copy of test/fixtures/editor-fixes/shop: put the
// cursor on the Dockerfile's shell-form CMD finding, Ctrl+. → the exec-form fix → Enter, save, and see
// the finding leave the Problems panel and the file on disk as expected; then the same for the
// manifest's `sh -c` probe and its httpGet fix. Then the same server runs the extension-host mocha
// suite test/e2e/exthost/fixes-suite.ts (the API path: executeCodeActionProvider, applyEdit, fix-all).
// On a copy of test/fixtures/fixes/lsp-shop: the "ignore on this instruction" suppression through Ctrl+.
// (applied at once, the finding gone), Ctrl+. on the Secret's volume mount (a line no diagnostic covers)
// listing the CSI fix, and that two-file fix opening the refactor preview, applied from it, the created
// SecretProviderClass opened. On another copy of the shop, "Fix All Safe Problems in Workspace" from the
// command palette: both files in the refactor preview, ticked, applied, saved, the problems gone.
// Screenshots land in test-artifacts/editor-fixes-code-server/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, artifacts, isolatedEnv, missing, poll } from './support/editor-env.js';
import { bundleExthostSuite, launchBrowser, packageVsix, runExthostSuite, startCodeServer, type Browser, type CodeServer, type Page } from './support/editor-code-server.js';

const SHOTS = artifacts('editor-fixes-code-server');
const FIXTURE = join(REPO, 'test/fixtures/editor-fixes/shop');
const SHOP = join(REPO, 'test/fixtures/fixes/lsp-shop');
const RULE = 'shell-form-without-shell';
// Generous: CI runs this on two cores, and every wait below polls, so a fast machine pays nothing.
const LONG = 90_000;

let dir = '';
let env: NodeJS.ProcessEnv = {};
let server: CodeServer | undefined;

before(async () => {
  const why = missing('code-server', 'playwright', 'chromium', 'server');
  assert.equal(why, undefined, why);
  ({ dir, env } = isolatedEnv('code-server-fixes'));
  server = await startCodeServer({ dir, env, vsix: packageVsix() });
});

after(async () => {
  await server?.stop();
  if (server) writeFileSync(join(SHOTS, 'code-server.log'), server.log());
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const basename = (rel: string) => rel.slice(rel.lastIndexOf('/') + 1);

async function quickOpen(page: Page, rel: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: LONG });
  await page.keyboard.type(rel);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: basename(rel) }).first().waitFor({ timeout: LONG });
  await page.keyboard.press('Enter');
  await page.locator(`.tab[data-resource-name="${basename(rel)}"]`).first().waitFor({ timeout: LONG });
  await page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: LONG });
}

/** Moves the cursor with Go to Line/Column (Ctrl+G) to a 0-based position, so it lands inside the finding's range. */
async function gotoPosition(page: Page, pos: { line: number; character: number }): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: LONG });
  await page.keyboard.type(`${pos.line + 1}:${pos.character + 1}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: LONG });
}

/** Filters the Problems panel down to one file, so rows of other files cannot satisfy a check. */
async function filterProblems(page: Page, rel: string): Promise<void> {
  // Ctrl+Shift+M toggles: pressed only when the panel is not showing (a second page of the same server restores it open).
  const showing = await page.waitForSelector('.markers-panel', { timeout: 3_000, state: 'visible' }).then(() => true, () => false);
  if (!showing) await page.keyboard.press('Control+Shift+M');
  await page.waitForSelector('.markers-panel', { timeout: LONG, state: 'visible' });
  const filter = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
  await filter.waitFor({ timeout: LONG });
  await filter.fill(`**/${rel}`);
}

const problemRows = (page: Page) => page.locator('.markers-panel .monaco-list-row').allInnerTexts();
/** The status bar's problem counts: errors, then warnings (and infos when there are any). */
const statusCounts = async (page: Page) => (await page.locator('#status\\.problems').first().innerText()).match(/\d+/g) ?? [];

/**
 * Ctrl+. on the cursor, then walks the menu with the arrow keys until the focused item is the fix
 * whose title contains `title`, and accepts it with Enter (a mouse click on the item is swallowed by
 * the menu's pointer block). Returns every item's text as the menu showed it.
 */
async function applyQuickFix(page: Page, title: string, shot: string): Promise<string[]> {
  await page.keyboard.press('Control+.');
  const rows = page.locator('.action-widget .monaco-list-row');
  await rows.first().waitFor({ state: 'visible', timeout: LONG });
  const items = await poll(async () => {
    const all = await rows.allInnerTexts();
    return all.some((t) => t.includes(title)) ? all : undefined;
  }, `"${title}" in the quick-fix menu`, LONG);
  const focused = page.locator('.action-widget .monaco-list-row.focused');
  for (let i = 0; !(await focused.allInnerTexts()).some((t) => t.includes(title)); i++) {
    assert.ok(i <= items.length, `could not focus "${title}" in the menu: ${items.join(' | ')}`);
    await page.keyboard.press('ArrowDown');
  }
  await page.screenshot({ path: join(SHOTS, shot) });
  await page.keyboard.press('Enter');
  await page.locator('.action-widget').first().waitFor({ state: 'hidden', timeout: LONG });
  return items;
}

/** Where `needle` starts in `text`, plus `shift` characters, as a 0-based line and character. */
function positionOf(text: string, needle: string, shift = 0): { line: number; character: number } {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `"${needle}" not found`);
  const before = text.slice(0, at + shift);
  return { line: before.split('\n').length - 1, character: before.length - (before.lastIndexOf('\n') + 1) };
}

/** Applies one fix through the UI and checks the Problems panel before and after and the saved file. */
async function fixThroughUi(
  page: Page,
  ws: string,
  o: { file: string; cursorAt: string; title: string; expected: string; step: string },
): Promise<string[]> {
  const original = readFileSync(join(ws, o.file), 'utf8');
  await quickOpen(page, o.file);
  await filterProblems(page, o.file);
  await poll(async () => (await problemRows(page)).some((t) => t.includes(RULE) && t.includes('secret-surface')), `${RULE} for ${o.file} in the Problems panel`, LONG);
  await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: LONG });
  await page.screenshot({ path: join(SHOTS, `${o.step}-1-problem.png`) });

  await gotoPosition(page, positionOf(original, o.cursorAt, 2));
  const items = await applyQuickFix(page, o.title, `${o.step}-2-quick-fix-menu.png`);
  // The edit lands in the buffer first (a dirty editor); saving writes exactly the expected text.
  const firstChanged = o.expected.split('\n').find((l) => !original.includes(l))!;
  await page.locator('.monaco-editor .view-line', { hasText: firstChanged.trim() }).first().waitFor({ timeout: LONG });
  await page.keyboard.press('Control+S');
  await poll(() => readFileSync(join(ws, o.file), 'utf8') === o.expected, `${o.file} saved with the fix`, LONG);

  await poll(async () => !(await problemRows(page)).some((t) => t.includes(RULE)), `${RULE} to leave ${o.file} in the Problems panel`, LONG);
  await poll(async () => (await page.locator('.monaco-editor .squiggly-error').count()) === 0, `the squiggle to leave ${o.file}`, LONG);
  await page.screenshot({ path: join(SHOTS, `${o.step}-3-fixed.png`) });
  assert.equal(readFileSync(join(ws, o.file), 'utf8'), o.expected);
  return items;
}

test('code-server: the exec-form fix on a Dockerfile and the httpGet fix on a probe, through Ctrl+. and Enter', async () => {
  const ws = join(dir, 'shop');
  cpSync(FIXTURE, ws, { recursive: true });
  const dockerfile = 'web/Dockerfile';
  const manifest = 'k8s/web.yaml';
  const dockerBefore = readFileSync(join(ws, dockerfile), 'utf8');
  const manifestBefore = readFileSync(join(ws, manifest), 'utf8');
  const execProbe = 'exec:\n              command: ["sh", "-c", "curl -fsS http://localhost:8080/healthz"]\n';
  assert.ok(manifestBefore.includes(execProbe), 'fixture has the sh -c probe');

  const browser: Browser = await launchBrowser(dir, env);
  const page = browser.page;
  try {
    await page.goto(`${server!.url}/?folder=${encodeURIComponent(ws)}`);
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: LONG });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: LONG });
    // The server indexes the workspace at start: both findings count before any file is opened.
    await poll(async () => (await statusCounts(page))[0] === '2', 'two errors in the status bar', LONG);

    const dockerMenu = await fixThroughUi(page, ws, {
      step: '01-dockerfile',
      file: dockerfile,
      cursorAt: 'CMD node server.js',
      title: 'Rewrite in exec form: CMD ["server.js"]',
      expected: dockerBefore.replace('CMD node server.js', 'CMD ["server.js"]'),
    });
    const manifestMenu = await fixThroughUi(page, ws, {
      step: '02-manifest',
      file: manifest,
      // The finding sits on the image value.
      cursorAt: 'gcr.io/distroless/nodejs22',
      title: 'with httpGet /healthz on port 8080',
      expected: manifestBefore.replace(execProbe, 'httpGet:\n              path: /healthz\n              port: 8080\n'),
    });
    // Those were the workspace's only two findings: the status bar's problem counts drop to zero.
    await poll(async () => {
      const counts = await statusCounts(page);
      return counts.length > 0 && counts.every((n) => n === '0');
    }, 'no problems in the status bar', LONG);
    console.log(`code-server quick-fix menus: Dockerfile [${dockerMenu.join(' | ')}]; manifest [${manifestMenu.join(' | ')}]`);
  } catch (e) {
    await page.screenshot({ path: join(SHOTS, '99-failure.png') }).catch(() => undefined);
    throw e;
  } finally {
    await browser.close();
  }
});

test('code-server: a suppression applied at once, the delivery-line fixes, and the refactor preview of a two-file fix', async () => {
  const ws = join(dir, 'lsp-shop');
  cpSync(SHOP, ws, { recursive: true });
  const dockerfile = 'web/Dockerfile';
  const manifest = 'k8s/web.yaml';
  const dockerBefore = readFileSync(join(ws, dockerfile), 'utf8');
  const browser: Browser = await launchBrowser(dir, env);
  const page = browser.page;
  try {
    await page.goto(`${server!.url}/?folder=${encodeURIComponent(ws)}`);
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: LONG });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: LONG });

    // The suppression: no confirmation, the comment above the instruction, the finding gone.
    const ignoreMenu = await fixThroughUi(page, ws, {
      step: '04-suppress',
      file: dockerfile,
      cursorAt: 'CMD node server.js',
      title: 'Ignore shell-form-without-shell on this CMD instruction',
      expected: dockerBefore.replace('CMD node server.js', '# secret-surface-ignore shell-form-without-shell\nCMD node server.js'),
    });
    // Offered after the real fix, never in its place.
    assert.ok(ignoreMenu.findIndex((t) => t.includes('Rewrite in exec form')) < ignoreMenu.findIndex((t) => t.includes('Ignore shell-form-without-shell')), ignoreMenu.join(' | '));

    // Ctrl+. on the volume mount of the Secret: no diagnostic sits there, the volume finding's fixes are listed.
    await quickOpen(page, manifest);
    await filterProblems(page, manifest);
    await poll(async () => (await problemRows(page)).some((t) => t.includes('secret-volume-not-csi')), 'secret-volume-not-csi in the Problems panel', LONG);
    const text = readFileSync(join(ws, manifest), 'utf8');
    await gotoPosition(page, positionOf(text, 'mountPath: /etc/tls', 3));
    const menu = await applyQuickFix(page, 'Secrets Store CSI', '05-delivery-line-menu.png');
    assert.ok(menu.some((t) => t.startsWith('Ignore secret-volume-not-csi')), menu.join(' | '));

    // Two files and unsafe: VS Code shows the refactor preview instead of applying.
    const preview = page.locator('.bulk-edit-panel').first();
    await preview.waitFor({ state: 'visible', timeout: LONG });
    await poll(async () => {
      const t = await preview.innerText();
      return t.includes('web-tls-secret-provider-class.yaml') && t.includes('web.yaml') ? t : undefined;
    }, 'both files in the refactor preview', LONG);
    assert.equal(readFileSync(join(ws, manifest), 'utf8'), text, 'nothing applied before confirming');
    await page.screenshot({ path: join(SHOTS, '06-refactor-preview.png') });
    // Changes that need confirmation start unticked: the user ticks each file, then applies.
    const boxes = '.bulk-edit-panel .edit-checkbox';
    assert.ok((await page.locator(boxes).count()) >= 2, 'a checkbox per change');
    assert.equal(await page.locator(`${boxes}:checked`).count(), 0, 'needsConfirmation changes start unticked');
    for (const n of [0, 1]) await page.locator(`.bulk-edit-panel .monaco-list-row[aria-level="1"] .edit-checkbox >> nth=${n}`).click();
    await poll(async () => (await page.locator(`${boxes}:not(:checked)`).count()) === 0, 'every change ticked', LONG);
    await page.screenshot({ path: join(SHOTS, '06-refactor-preview-ticked.png') });
    await page.locator('.bulk-edit-panel .monaco-button', { hasText: 'Apply' }).first().click();

    // Applied: the created SecretProviderClass opens (window/showDocument), placeholders and all.
    const created = 'web-tls-secret-provider-class.yaml';
    await page.locator(`.tab[data-resource-name="${created}"]`).first().waitFor({ timeout: LONG });
    await page.locator('.monaco-editor .view-line', { hasText: 'vaultAddress: "<REPLACE: Vault address' }).first().waitFor({ timeout: LONG });
    await page.screenshot({ path: join(SHOTS, '07-created-file-open.png') });
    // Save all (Ctrl+K S): the manifest now mounts the volume through CSI and its finding leaves.
    await page.keyboard.press('Control+K');
    await page.keyboard.press('s');
    await poll(() => /csi:\n\s+driver: secrets-store\.csi\.k8s\.io/.test(readFileSync(join(ws, manifest), 'utf8')), `${manifest} saved with the CSI volume`, LONG);
    await poll(() => /<REPLACE: Vault address/.test(readFileSync(join(ws, 'k8s', created), 'utf8')), `${created} saved`, LONG);
    await filterProblems(page, manifest);
    await poll(async () => !(await problemRows(page)).some((t) => t.includes('secret-volume-not-csi')), 'secret-volume-not-csi to leave the Problems panel', LONG);
    await page.screenshot({ path: join(SHOTS, '08-csi-applied.png') });
    console.log(`code-server delivery-line menu: [${menu.join(' | ')}]`);
  } catch (e) {
    await page.screenshot({ path: join(SHOTS, '99-failure-preview.png') }).catch(() => undefined);
    throw e;
  } finally {
    await browser.close();
  }
});

test('code-server: "Fix All Safe Problems in Workspace" from the command palette fixes both files through the refactor preview', async () => {
  const ws = join(dir, 'shop-all');
  cpSync(FIXTURE, ws, { recursive: true });
  const dockerfile = 'web/Dockerfile';
  const manifest = 'k8s/web.yaml';
  const dockerExpected = readFileSync(join(ws, dockerfile), 'utf8').replace('CMD node server.js', 'CMD ["server.js"]');
  const manifestBefore = readFileSync(join(ws, manifest), 'utf8');
  const execProbe = 'exec:\n              command: ["sh", "-c", "curl -fsS http://localhost:8080/healthz"]\n';
  const manifestExpected = manifestBefore.replace(execProbe, 'httpGet:\n              path: /healthz\n              port: 8080\n');
  assert.notEqual(manifestExpected, manifestBefore);
  const browser: Browser = await launchBrowser(dir, env);
  const page = browser.page;
  try {
    await page.goto(`${server!.url}/?folder=${encodeURIComponent(ws)}`);
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: LONG });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: LONG });
    // No file opened: the two findings are counted from the server's index.
    await poll(async () => (await statusCounts(page))[0] === '2', 'two errors in the status bar', LONG);

    await page.keyboard.press('Control+Shift+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: LONG });
    await page.keyboard.type('Secret Surface: Fix All Safe Problems in Workspace');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Fix All Safe Problems in Workspace' }).first().waitFor({ timeout: LONG });
    await page.screenshot({ path: join(SHOTS, '09-fix-all-palette.png') });
    await page.keyboard.press('Enter');

    // One edit over two files: the refactor preview lists both, and nothing is written before Apply.
    const preview = page.locator('.bulk-edit-panel').first();
    await preview.waitFor({ state: 'visible', timeout: LONG });
    await poll(async () => {
      const t = await preview.innerText();
      return t.includes('Dockerfile') && t.includes('web.yaml') ? t : undefined;
    }, 'both files in the refactor preview', LONG);
    assert.equal(readFileSync(join(ws, manifest), 'utf8'), manifestBefore, 'nothing applied before confirming');
    const fileBoxes = '.bulk-edit-panel .monaco-list-row[aria-level="1"] .edit-checkbox';
    const n = await page.locator(fileBoxes).count();
    assert.ok(n >= 2, 'a checkbox per file');
    for (let i = 0; i < n; i++) await page.locator(`${fileBoxes} >> nth=${i}`).click();
    await poll(async () => (await page.locator('.bulk-edit-panel .edit-checkbox:not(:checked)').count()) === 0, 'every change ticked', LONG);
    await page.screenshot({ path: join(SHOTS, '10-fix-all-preview.png') });
    await page.locator('.bulk-edit-panel .monaco-button', { hasText: 'Apply' }).first().click();

    // The command reports what it applied; Save All writes exactly the two fixes and the problems leave.
    await page.locator('.notifications-toasts', { hasText: 'applied Fix all safe problems' }).first().waitFor({ timeout: LONG });
    await page.keyboard.press('Control+K');
    await page.keyboard.press('s');
    await poll(() => readFileSync(join(ws, dockerfile), 'utf8') === dockerExpected, `${dockerfile} saved with the exec-form CMD`, LONG);
    await poll(() => readFileSync(join(ws, manifest), 'utf8') === manifestExpected, `${manifest} saved with the httpGet probe`, LONG);
    await poll(async () => {
      const counts = await statusCounts(page);
      return counts.length > 0 && counts.every((c) => c === '0');
    }, 'no problems in the status bar', LONG);
    await page.screenshot({ path: join(SHOTS, '11-fix-all-applied.png') });
  } catch (e) {
    await page.screenshot({ path: join(SHOTS, '99-failure-fix-all.png') }).catch(() => undefined);
    throw e;
  } finally {
    await browser.close();
  }
});

test('code-server: the quick-fix mocha suite in the extension host passes', async () => {
  const ws = join(dir, 'exthost', 'shop');
  mkdirSync(join(dir, 'exthost'), { recursive: true });
  cpSync(FIXTURE, ws, { recursive: true });
  const suite = await bundleExthostSuite(join(REPO, 'build', 'e2e-exthost-fixes'), 'fixes-index');
  // The installed .vsix, loaded as the development extension, so the suite tests what ships.
  const extensions = join(dir, 'extensions');
  const installed = readdirSync(extensions).find((n) => n.startsWith('secret-surface.secret-surface'));
  assert.ok(installed, `.vsix not installed in ${extensions}`);
  const browser = await launchBrowser(dir, env);
  try {
    const lines: string[] = [];
    const code = await runExthostSuite(browser, server!, {
      folder: ws,
      extensionPath: join(extensions, installed),
      testsPath: suite,
      timeoutMs: 240_000,
      onLine: (l) => lines.push(l),
    });
    writeFileSync(join(SHOTS, 'exthost.log'), lines.join('\n'));
    await browser.page.screenshot({ path: join(SHOTS, '03-exthost.png') }).catch(() => undefined);
    assert.equal(code, 0, `extension-host suite: ${code}\n${lines.join('\n')}`);
    // mocha's reporter reaches the page console as format strings: "✔ %s (%dms) <title> <ms>".
    assert.equal(lines.filter((l) => l.includes('✔')).length, 2, lines.join('\n'));
  } finally {
    await browser.close();
  }
});
