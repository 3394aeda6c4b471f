// `scan --format html|markdown`: the exposure page from the core's page model — a self-contained HTML
// report (inline style and script allowed by their hashes, no request leaves the page) or a compact
// Markdown table for a pull-request comment.
import { createHash } from 'node:crypto';
import { buildPageModel } from '../core/report-page/model.js';
import { fileCsp, inlineParts, pageDocument } from '../core/report-page/html.js';
import { toMarkdown } from '../core/report-page/markdown.js';
import type { ExposureRow } from '../core/report.js';
import { UsageError } from './args.js';

/** The bundled page script (scripts/bundle.mjs defines it). */
declare const EXPOSURE_PAGE_SCRIPT: string;

export function formatExposurePage(format: 'html' | 'markdown', rows: readonly ExposureRow[], title: string, notes: readonly string[]): string {
  const model = buildPageModel(rows, { title, notes });
  if (format === 'markdown') return toMarkdown(model);
  if (typeof EXPOSURE_PAGE_SCRIPT !== 'string') throw new UsageError('--format html needs the bundled CLI (server/out/cli.js, built by npm run build)');
  const inline = inlineParts(EXPOSURE_PAGE_SCRIPT);
  const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64');
  return pageDocument({ model, script: EXPOSURE_PAGE_SCRIPT, host: 'file', csp: fileCsp(sha256(inline.style), sha256(inline.script)) });
}
