// Neovim (headless, from Debian) as an LSP client that is not VS Code: it starts the built server over
// stdio on the example workspace, opens a manifest, and must receive our diagnostic with its rule id,
// source and a related location in the Dockerfile, show the error's sign on the image line with default
// settings, and a hover on the image.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { copyScenario, isolatedEnv, missing } from './support/editor-env.js';
import { runNvim } from './support/editor-nvim.js';

test('Neovim receives diagnostics and a hover from the server over stdio', async () => {
  const why = missing('nvim', 'server');
  assert.equal(why, undefined, why);
  const { dir, env } = isolatedEnv('nvim');
  try {
    const sc = copyScenario(dir);
    const text = readFileSync(join(sc.dir, sc.manifest), 'utf8');
    const at = text.indexOf(sc.imageText);
    const before = text.slice(0, at);
    const hover = { line: before.split('\n').length - 1, character: at - (before.lastIndexOf('\n') + 1) + 3 };
    const r = await runNvim({ dir, env, root: sc.dir, file: join(sc.dir, sc.manifest), code: sc.rule, hover });
    assert.equal(r.code, 0, `nvim exited ${r.code}: ${r.stderr}`);
    const d = r.diagnostics?.find((x) => x.code === sc.rule);
    assert.ok(d, `no ${sc.rule} among ${JSON.stringify(r.diagnostics?.map((x) => x.code))}`);
    assert.equal(d.source, 'secret-surface');
    assert.equal(d.range.start.line, hover.line, 'the finding sits on the image line');
    assert.ok(d.relatedInformation?.some((ri) => ri.location.uri.endsWith(sc.dockerfile)), 'related location in the Dockerfile');
    assert.ok((r.shown ?? 0) >= 1, 'Neovim shows the diagnostics in the buffer');
    // Default settings: the image line holds an error and a warning; the sign shown is the error's.
    const onLine = (r.diagnostics ?? []).filter((x) => x.range.start.line === hover.line);
    assert.ok(onLine.length >= 2, `several diagnostics on the image line: ${JSON.stringify(onLine.map((x) => x.code))}`);
    assert.equal(r.signs?.[String(hover.line)], 'DiagnosticSignError', `signs: ${JSON.stringify(r.signs)}`);
    const h = r.hover?.contents;
    const hoverText = typeof h === 'string' ? h : h?.value ?? '';
    assert.ok(hoverText.length > 0, 'hover on the image has content');
    assert.equal(r.codeActionProvider, true, 'the server advertises code actions to Neovim');
    const actions = (r.codeActions ?? []) as { title: string; diagnostics?: { code?: string }[] }[];
    assert.ok(actions.some((a) => a.diagnostics?.some((x) => x.code === sc.rule)), `no code action for ${sc.rule} among ${JSON.stringify(actions.map((a) => a.title))}`);
    console.log(`nvim: ${r.diagnostics?.length} diagnostics, hover ${hoverText.length} chars, ${r.codeActions?.length} code actions, ${r.ms} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
