// What the real-editor suites share: where scripts/e2e/setup-editor.sh put code-server, playwright-core,
// Chromium and Neovim, and setup-precommit.sh pre-commit (and a clear reason when something is missing),
// an environment whose XDG dirs point into a temp dir so no editor writes to $HOME, free ports, the example workspace, artefact
// folders and deadline-based polling.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file runs from build/test/e2e/support). */
export const REPO = resolve(fileURLToPath(new URL('../../../../', import.meta.url)));
export const TOOLS = process.env.SECRET_SURFACE_TOOLS ?? join(REPO, '.tools');
export const CODE_SERVER = join(TOOLS, 'code-server/node_modules/.bin/code-server');
export const PLAYWRIGHT_DIR = join(TOOLS, 'playwright');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const SERVER_JS = join(REPO, 'server/out/server.js');
export const VSIX = join(REPO, 'secret-surface.vsix');
export const PRE_COMMIT = join(TOOLS, 'pre-commit/bin/pre-commit');

const SETUP_HINT = 'run scripts/e2e/setup.sh (Debian; installs it) or install it yourself';

/** Returns why a suite cannot run, or undefined when everything it needs is present. */
export function missing(...needs: ('code-server' | 'playwright' | 'chromium' | 'nvim' | 'emacs' | 'server' | 'vsix' | 'pre-commit')[]): string | undefined {
  const reasons: string[] = [];
  for (const n of needs) {
    if (n === 'code-server' && !existsSync(CODE_SERVER)) reasons.push(`code-server 4.100.3 not found at ${CODE_SERVER}`);
    if (n === 'playwright' && !existsSync(join(PLAYWRIGHT_DIR, 'node_modules/playwright-core'))) reasons.push(`playwright-core not found under ${PLAYWRIGHT_DIR}`);
    if (n === 'chromium' && !existsSync(CHROMIUM)) reasons.push(`Chromium not found at ${CHROMIUM}`);
    if (n === 'nvim' && spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status !== 0) reasons.push('nvim (Neovim >= 0.7) not on PATH');
    if (n === 'emacs' && spawnSync('emacs', ['--batch', '-q', '--eval', "(progn (package-initialize) (require 'eglot) (require 'yaml-mode))"], { stdio: 'ignore' }).status !== 0)
      reasons.push('emacs with the eglot and yaml-mode packages (Debian: emacs-nox elpa-eglot elpa-yaml-mode) not found');
    if (n === 'server' && !existsSync(SERVER_JS)) reasons.push(`${SERVER_JS} not built (npm run build)`);
    if (n === 'vsix' && !existsSync(VSIX)) reasons.push(`${VSIX} not built (npm run package)`);
    if (n === 'pre-commit' && !existsSync(PRE_COMMIT)) reasons.push(`pre-commit 4.7.0 not found at ${PRE_COMMIT} (scripts/e2e/setup-precommit.sh)`);
  }
  return reasons.length ? `${reasons.join('; ')} — ${SETUP_HINT}` : undefined;
}

/** A temp dir plus an environment that keeps code-server, Chromium and Neovim out of $HOME. */
export function isolatedEnv(label: string): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), `ss-${label}-`));
  const env = { ...process.env };
  for (const [k, sub] of [['XDG_CONFIG_HOME', 'xdg-config'], ['XDG_DATA_HOME', 'xdg-data'], ['XDG_CACHE_HOME', 'xdg-cache'], ['XDG_STATE_HOME', 'xdg-state']] as const) {
    env[k] = join(dir, sub);
    mkdirSync(env[k]!, { recursive: true });
  }
  return { dir, env };
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

/** Polls `check` until it returns a truthy value or the deadline passes. */
export async function poll<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, ms: number, every = 100): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** test-artifacts/<name>/ (git-ignored), for screenshots and logs CI keeps. */
export function artifacts(name: string): string {
  const dir = join(REPO, 'test-artifacts', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * The scenario every editor suite plays: a manifest whose container receives a Secret while its
 * image (built from a Dockerfile in the workspace) has a shell, and the FROM edit that hardens it.
 * It is the example workspace when that has the api service, else the LSP fixture workspace.
 */
export interface Scenario {
  dir: string;
  manifest: string;
  dockerfile: string;
  /** Text in the manifest that the image finding sits on. */
  imageText: string;
  fromLine: string;
  hardenedFromLine: string;
  rule: string;
}

export function copyScenario(into: string): Scenario {
  const examples = join(REPO, 'examples');
  const dir = join(into, 'ws');
  if (existsSync(join(examples, 'k8s/api.yaml')) && existsSync(join(examples, 'services/api/Dockerfile'))) {
    cpSync(examples, dir, { recursive: true });
    return {
      dir,
      manifest: 'k8s/api.yaml',
      dockerfile: 'services/api/Dockerfile',
      imageText: 'registry.example.com/shop/api:1.4.2',
      fromLine: 'FROM node:20',
      hardenedFromLine: 'FROM gcr.io/distroless/nodejs20-debian12',
      rule: 'secret-in-shell-image',
    };
  }
  cpSync(join(REPO, 'test/fixtures/lsp/shop'), dir, { recursive: true });
  return {
    dir,
    manifest: 'k8s/ledger.yaml',
    dockerfile: 'ledger/Dockerfile',
    imageText: 'registry.example.com/acme/ledger:1.4.2',
    fromLine: 'FROM debian:bookworm-slim',
    hardenedFromLine: 'FROM gcr.io/distroless/static-debian12:nonroot',
    rule: 'secret-in-shell-image',
  };
}
