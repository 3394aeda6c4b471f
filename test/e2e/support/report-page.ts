// Driving the exposure page in Chromium: the playwright-core shapes these suites use beyond the
// editor suites' ones (it is installed outside the project, untyped here), and opening a page while
// recording every Content Security Policy violation and console error it causes.
import type { Browser } from './editor-code-server.js';
import { poll } from './editor-env.js';

export interface ReportLocator {
  first(): ReportLocator;
  nth(i: number): ReportLocator;
  locator(selector: string, o?: { hasText?: string | RegExp }): ReportLocator;
  waitFor(o?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<void>;
  click(o?: { position?: { x: number; y: number }; timeout?: number }): Promise<void>;
  innerText(): Promise<string>;
  count(): Promise<number>;
  allInnerTexts(): Promise<string[]>;
  fill(text: string): Promise<void>;
  selectOption(value: string): Promise<unknown>;
  getAttribute(name: string): Promise<string | null>;
}

export interface FrameLocator {
  frameLocator(selector: string): FrameLocator;
  locator(selector: string, o?: { hasText?: string | RegExp }): ReportLocator;
}

export interface ReportPage {
  goto(url: string): Promise<unknown>;
  locator(selector: string, o?: { hasText?: string | RegExp }): ReportLocator;
  frameLocator(selector: string): FrameLocator;
  waitForSelector(selector: string, o?: { timeout?: number; state?: string }): Promise<unknown>;
  /** Browser-side code is passed as source text (this project's types have no DOM); see `until`. */
  evaluate(expression: string): Promise<unknown>;
  addInitScript(script: { content: string }): Promise<void>;
  screenshot(o: { path: string }): Promise<Buffer>;
  on(event: 'console', fn: (m: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', fn: (e: Error) => void): void;
}

/**
 * Polls a browser-side expression until it is true. Not `waitForFunction`: that evaluates its
 * predicate with eval inside the page, which the page's policy (rightly) refuses.
 */
export async function until(page: ReportPage, expression: string, ms = 30_000): Promise<void> {
  await poll(async () => (await page.evaluate(expression)) === true, expression, ms, 50);
}

export function pageOf(browser: Browser): ReportPage {
  return browser.page as unknown as ReportPage;
}

/**
 * Opens `url` and waits until the page has drawn. Returns a function that lists what went wrong since:
 * CSP violations (the page's own `securitypolicyviolation` events and Chromium's console report of
 * them), console errors and uncaught exceptions.
 */
export async function openReport(page: ReportPage, url: string, drawn = '.ss-row'): Promise<() => string[]> {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
  });
  await page.goto(url);
  await page.waitForSelector(drawn, { timeout: 60_000 });
  return () => [...problems];
}

/**
 * Compressed bytes per pixel of a PNG screenshot: a blank page compresses to almost nothing (well
 * under 0.005), a drawn matrix or graph to several times that. A screenshot is an artefact; this is
 * the one check made of it.
 */
export function pngBytesPerPixel(png: Buffer): number {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  let idat = 0;
  for (let off = 8; off < png.length; ) {
    const len = png.readUInt32BE(off);
    if (png.toString('ascii', off + 4, off + 8) === 'IDAT') idat += len;
    off += len + 12;
  }
  return idat / (width * height);
}
