// Runs a real VS Code for the suites: packages the extension into a .vsix, starts code-server 4.100.3
// on 127.0.0.1 with a throw-away profile and the .vsix installed, opens Debian's Chromium on it with
// playwright-core, and stops everything as one process group. Also bundles the extension-host mocha
// suite and runs it through the workbench's ?payload= hook.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { CHROMIUM, CODE_SERVER, PLAYWRIGHT_DIR, REPO, VSIX, freePort, poll } from './editor-env.js';

/** The few playwright-core shapes the suites use (it is installed outside the project, untyped here). */
export interface Locator {
  first(): Locator;
  locator(selector: string, o?: { hasText?: string | RegExp }): Locator;
  waitFor(o?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<void>;
  click(o?: { position?: { x: number; y: number } }): Promise<void>;
  hover(): Promise<void>;
  innerText(): Promise<string>;
  count(): Promise<number>;
  allInnerTexts(): Promise<string[]>;
  fill(text: string): Promise<void>;
}
export interface Page {
  goto(url: string): Promise<unknown>;
  locator(selector: string, o?: { hasText?: string | RegExp }): Locator;
  waitForSelector(selector: string, o?: { timeout?: number; state?: string }): Promise<unknown>;
  keyboard: { press(key: string): Promise<void>; type(text: string): Promise<void> };
  screenshot(o: { path: string }): Promise<unknown>;
  on(event: 'console' | 'pageerror', fn: (m: { text?(): string; message?: string }) => void): void;
  exposeFunction(name: string, fn: (...a: unknown[]) => unknown): Promise<void>;
}
export interface Browser {
  page: Page;
  close(): Promise<void>;
}

/** Builds the .vsix with the project's own `npm run package` (no network), and returns its path. */
export function packageVsix(): string {
  const r = spawnSync('npm', ['run', 'package', '--silent'], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run package failed:\n${r.stdout}\n${r.stderr}`);
  return VSIX;
}

/**
 * Bundles an extension-host suite (test/e2e/exthost/<entry>.ts, `index` by default) into one CommonJS file
 * the extension host can require (mocha and vscode stay external).
 */
export async function bundleExthostSuite(outDir: string, entry = 'index'): Promise<string> {
  const outfile = join(outDir, 'exthost', 'index.js');
  await build({
    entryPoints: [join(REPO, `test/e2e/exthost/${entry}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
    // mocha is resolved from the repository's node_modules.
    nodePaths: [join(REPO, 'node_modules')],
  });
  writeFileSync(join(outDir, 'exthost', 'package.json'), '{"type":"commonjs"}\n');
  return outfile;
}

export interface CodeServer {
  url: string;
  log: () => string;
  stop(): Promise<void>;
}

export async function startCodeServer(opts: { dir: string; env: NodeJS.ProcessEnv; vsix?: string }): Promise<CodeServer> {
  const ud = join(opts.dir, 'user-data');
  const ext = join(opts.dir, 'extensions');
  mkdirSync(join(ud, 'User'), { recursive: true });
  mkdirSync(ext, { recursive: true });
  writeFileSync(
    join(ud, 'User', 'settings.json'),
    JSON.stringify({
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'workbench.tips.enabled': false,
      'editor.hover.delay': 100,
    }),
  );
  const common = ['--user-data-dir', ud, '--extensions-dir', ext];
  if (opts.vsix) {
    const r = spawnSync(CODE_SERVER, [...common, '--install-extension', opts.vsix], { env: opts.env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`installing ${opts.vsix} failed:\n${r.stdout}\n${r.stderr}`);
  }
  const port = await freePort();
  let log = '';
  // detached: its own process group, so stop() also ends the file watcher and extension hosts.
  const child: ChildProcess = spawn(
    CODE_SERVER,
    ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', ...common, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust'],
    { env: opts.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const closed = new Promise((r) => child.once('close', r));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    await Promise.race([closed, new Promise((r) => setTimeout(r, 5000).unref())]);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  try {
    await poll(async () => (await fetch(`${url}/healthz`)).ok, `code-server on ${url}`, 30_000, 200);
  } catch (e) {
    await stop();
    throw new Error(`${String(e)}\n${log}`);
  }
  return { url, log: () => log, stop };
}

/**
 * `ownSignals`: the caller handles SIGINT/SIGTERM/SIGHUP and closes the browser itself. Otherwise
 * playwright-core closes it on those signals and exits the process (code 130) at once, before the
 * caller can stop code-server.
 */
export async function launchBrowser(dir: string, env: NodeJS.ProcessEnv, o: { ownSignals?: boolean } = {}): Promise<Browser> {
  const require = createRequire(join(PLAYWRIGHT_DIR, 'package.json'));
  const { chromium } = require('playwright-core') as {
    chromium: { launchPersistentContext(dir: string, o: unknown): Promise<{ pages(): Page[]; newPage(): Promise<Page>; close(): Promise<void> }> };
  };
  const profile = mkdtempSync(join(dir, 'chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    env,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 900 },
    ...(o.ownSignals ? { handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false } : {}),
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  return {
    page,
    close: async () => {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens a workspace file through Quick Open (Ctrl+P) and waits for its tab. */
export async function quickOpen(page: Page, rel: string): Promise<void> {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(rel);
  // Enter opens the first row: wait until the list has caught up with what was typed (name and folder).
  const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
  await poll(async () => {
    const first = await page.locator('.quick-input-list .monaco-list-row').first().innerText();
    return first.includes(name) && first.includes(dir);
  }, `${rel} first in Quick Open`, 30_000);
  await page.keyboard.press('Enter');
  await page.locator(`.tab[data-resource-name="${name}"]`).first().waitFor({ timeout: 30_000 });
  await page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 10_000 });
}

/**
 * The language servers of the extension installed under `extensionsDir` that are running now (pids):
 * what a workspace with nothing to analyse must not have.
 */
export function serverProcesses(extensionsDir: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue; // gone meanwhile
    }
    if (cmd.includes(extensionsDir) && cmd.includes('server/out/server.js')) pids.push(Number(name));
  }
  return pids;
}

/** Opens the workbench with the extension-host suite in ?payload= and resolves with the exit code it reports. */
export async function runExthostSuite(
  browser: Browser,
  server: CodeServer,
  opts: {
    folder: string;
    extensionPath: string;
    testsPath: string;
    timeoutMs: number;
    onLine: (l: string) => void;
    /**
     * Pass testsPath with its `.js`. Needed when the suite lies inside an extension whose package.json
     * says "type": "module": the extension host then import()s it, and import() does not add `.js`.
     */
    keepTestsPathExtension?: boolean;
  },
): Promise<number | 'timeout'> {
  const authority = new URL(server.url).host;
  const remote = (p: string) => `vscode-remote://${authority}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(opts.extensionPath)],
    ['extensionTestsPath', remote(opts.keepTestsPathExtension ? opts.testsPath : opts.testsPath.replace(/\.js$/, ''))],
  ]);
  let done: (code: number) => void = () => undefined;
  const exited = new Promise<number>((r) => (done = r));
  await browser.page.exposeFunction('codeAutomationExit', (code: unknown) => done(Number(code)));
  await browser.page.exposeFunction('codeAutomationLog', () => undefined);
  browser.page.on('console', (m) => {
    const t = m.text?.() ?? '';
    if (/passing|failing|pending|✔|✓|^\s*\d+\) |Error|assert/i.test(t)) opts.onLine(t.replace(/%c/g, ''));
  });
  await browser.page.goto(`${server.url}/?folder=${encodeURIComponent(opts.folder)}&payload=${encodeURIComponent(payload)}`);
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([exited, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), opts.timeoutMs)))]);
  clearTimeout(timer);
  return result;
}
