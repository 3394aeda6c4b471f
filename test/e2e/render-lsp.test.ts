// The language server over charts rendered by the real helm: diagnostics on the template line, a
// re-render when a values file is saved (and none while it is only edited), a render failure as one
// diagnostic with helm's message, and nothing run in an untrusted workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Workspace } from '../../server/src/core/workspace.js';
import { inProcess, type TestClient } from '../lsp/lsp-client.js';
import { findHelm } from './support/render-tools.js';

const SHELL = 'secret-in-shell-image';

function chartWorkspace(): { dir: string; uri: (rel: string) => string; read: (rel: string) => string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ss-render-lsp-'));
  cpSync('test/fixtures/render/helm', dir, { recursive: true });
  return { dir, uri: (rel) => pathToFileURL(join(dir, rel)).href, read: (rel) => readFileSync(join(dir, rel), 'utf8'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

async function start(trusted: boolean, helm = findHelm()): Promise<{ client: TestClient; ws: ReturnType<typeof chartWorkspace>; dispose: () => void }> {
  const ws = chartWorkspace();
  const { client, dispose } = inProcess({ createWorkspace: (settings) => new Workspace({ settings }) });
  client.settings = { secretSurface: { render: { helmPath: helm } } };
  await client.initialize([ws.uri('')], { trusted });
  return {
    client,
    ws,
    dispose: () => {
      dispose();
      ws.dispose();
    },
  };
}

test('editor: the rendered chart gives diagnostics on the template line; saving a values file re-renders, typing in it does not', async () => {
  const { client, ws, dispose } = await start(true);
  try {
    const api = ws.uri('charts/shop/templates/api.yaml');
    await client.waitFor(() => client.codes(api).includes(SHELL), 'shell finding on the template', 30_000);
    const d = client.diagnostics.get(api)!.find((x) => x.code === SHELL)!;
    assert.equal(d.range.start.line, 18);
    assert.match(d.message, /node:20.*rendered by helm template from charts\/shop with charts\/shop\/values\.yaml, charts\/shop\/values-prod\.yaml/);
    assert.ok(d.relatedInformation?.some((r) => r.location.uri === ws.uri('charts/shop/values-prod.yaml') && r.location.range.start.line === 3));
    // The hover on the template's image line shows the rendered value.
    const hover = await client.hover(api, d.range.start);
    assert.match((hover?.contents as { value: string } | undefined)?.value ?? '', /node:20/);

    // Typing in the values file renders nothing; saving it does.
    const values = ws.uri('charts/shop/values-prod.yaml');
    const distroless = ws.read('charts/shop/values-prod.yaml').replace('repository: node', 'repository: gcr.io/distroless/nodejs20-debian12').replace('tag: "20"', 'tag: nonroot');
    await client.open(values, ws.read('charts/shop/values-prod.yaml'));
    await client.change(values, distroless);
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(client.codes(api).includes(SHELL), 'no render per keystroke');
    writeFileSync(join(ws.dir, 'charts/shop/values-prod.yaml'), distroless);
    await client.save(values);
    await client.waitFor(() => client.diagnostics.get(api) && !client.codes(api).includes(SHELL), 'the shell finding gone after the save', 30_000);

    // A template that breaks the render: one diagnostic with helm's own message, on the template helm names.
    const worker = ws.uri('charts/shop/templates/worker.yaml');
    const broken = ws.read('charts/shop/templates/worker.yaml').replace('{{ .Values.worker.image | quote }}', '{{ required "worker.tag is required" .Values.worker.tag }}');
    writeFileSync(join(ws.dir, 'charts/shop/templates/worker.yaml'), broken);
    await client.open(worker, broken);
    await client.save(worker);
    const failed = await client.waitFor(() => client.diagnostics.get(worker)?.find((x) => /did not render/.test(x.message)), 'the render failure on the template', 30_000);
    assert.match(failed.message, /Chart charts\/shop did not render: .*worker\.tag is required/);
    assert.equal(failed.range.start.line, 15);
    await client.shutdown();
  } finally {
    dispose();
  }
});

test('editor, untrusted workspace: helm is not run, and Chart.yaml says why', async () => {
  const { client, ws, dispose } = await start(false);
  try {
    const chart = ws.uri('charts/shop/Chart.yaml');
    const d = await client.waitFor(() => client.diagnostics.get(chart)?.[0], 'the not-rendered notice', 30_000);
    assert.match(d.message, /Chart charts\/shop not rendered: the workspace is not trusted, so helm is not run/);
    assert.deepEqual(client.codes(ws.uri('charts/shop/templates/api.yaml')), []);
    await client.shutdown();
  } finally {
    dispose();
  }
});
