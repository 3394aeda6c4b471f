// The hover as an editor renders it: the markdown parsed by a real CommonMark parser (markdown-it),
// asserted on the rendered structure and text — the verdict and its docs link first, sections as
// paragraphs of their own (never inside the list before them), tools with their origin, the Secrets,
// the token — and short.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { hoverAt } from '../../server/src/core/hover.js';
import { loadWorkspaceDir, rangeOf } from '../support/workspace.js';

type Token = ReturnType<MarkdownIt['parse']>[number];
const md = new MarkdownIt();

/** Top-level blocks: each paragraph's or list item's rendered text, with its nesting. */
function blocks(tokens: Token[]): { type: 'p' | 'li' | 'h'; text: string; inList: boolean }[] {
  const out: { type: 'p' | 'li' | 'h'; text: string; inList: boolean }[] = [];
  let depth = 0;
  let heading = false;
  for (const t of tokens) {
    if (t.type === 'list_item_open') depth++;
    if (t.type === 'list_item_close') depth--;
    if (t.type === 'heading_open') heading = true;
    if (t.type === 'heading_close') heading = false;
    if (t.type !== 'inline') continue;
    // What a reader sees: the text of the inline tokens (code spans as their text, links as their label).
    const text = (t.children ?? []).map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : c.type === 'softbreak' ? ' ' : '')).join('');
    out.push({ type: heading ? 'h' : depth > 0 ? 'li' : 'p', text, inList: depth > 0 });
  }
  return out;
}

function hoverOn(file: string, needle: string): string {
  const { ws, files } = loadWorkspaceDir('examples');
  const at = rangeOf(files.get(file)!, needle).start;
  const text = hoverAt(file, { line: at.line, character: at.character + 2 }, ws.analyze(), ws.dockerfileFacts(file));
  assert.ok(text, `no hover on ${needle}`);
  return text;
}

test('hover on the api image: verdict and docs link first, then tools with origin, Secrets, token — rendered', () => {
  const text = hoverOn('k8s/api.yaml', 'registry.example.com/shop/api');
  const tokens = md.parse(text, {});
  const b = blocks(tokens);
  // First block: the verdict, with a link to the rule that decides it.
  assert.match(b[0]!.text, /^Exposed — 2 Secrets reach container api, and its image has a shell, a network client and an interpreter the app does not run on\. secret-in-shell-image$/);
  const link = tokens.find((t) => t.type === 'inline')!.children!.find((c) => c.type === 'link_open')!;
  assert.match(link.attrGet('href') ?? '', /docs\/rules\/secret-in-shell-image\.md$/);
  // Section titles are paragraphs of their own, never inside the list item before them.
  const titles = b.filter((x) => /^(Tools|Secrets)$/.test(x.text));
  assert.deepEqual(titles.map((x) => [x.text, x.type]), [['Tools', 'p'], ['Secrets', 'p']]);
  assert.ok(!b.some((x) => x.type === 'h' && x.inList));
  assert.ok(!b.some((x) => x.type === 'li' && /Secrets|Service-account token/.test(x.text) && !/^"/.test(x.text)), 'no section runs into a list item');
  const order = ['Exposed', 'Tools', 'Secrets', 'Service-account token'].map((w) => b.findIndex((x) => x.text.startsWith(w)));
  assert.deepEqual([...order].sort((x, y) => x - y), order, `sections in order: ${order}`);
  const items = b.filter((x) => x.type === 'li').map((x) => x.text);
  assert.ok(items.includes('Shell: sh, bash, dash — from base image node:20'), items.join(' | '));
  assert.ok(items.some((x) => /^Network client: curl, wget, openssl \(may have: not confirmed by the catalog's sources\), ssh/.test(x)));
  assert.ok(items.includes('"api-db" as env DB_PASSWORD (key password)'));
  assert.ok(b.some((x) => /^Service-account token: mounted \(/.test(x.text)));
  // Short: a handful of blocks, well under the old length.
  assert.ok(text.length < 1200, `${text.length} characters`);
});

test('hover on an unknown image says "Not verified" first; on a FROM line, the workloads as a list', () => {
  const ledger = blocks(md.parse(hoverOn('k8s/ledger.yaml', 'registry.example.com/payments/ledger'), {}));
  assert.match(ledger[0]!.text, /^Not verified — 1 Secret reaches container ledger, and what its image holds is not known\. secret-image-unverified$/);
  const from = blocks(md.parse(hoverOn('services/api/Dockerfile', 'node:20'), {}));
  assert.match(from[0]!.text, /^Exposed — 1 container receives Secrets through this image:$/);
  assert.deepEqual(from.slice(1).map((x) => x.type), ['li']);
  assert.match(from[1]!.text, /^Deployment shop\/api, container api \(k8s\/api\.yaml\): "api-db" \(env\), "api-tls" \(volume\)$/);
});
