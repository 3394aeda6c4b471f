// The language server with the real core, in-process over LSP: the fixture workspace's findings as
// diagnostics with rule metadata and related locations, cross-file refresh both ways, hovers on an
// image and on a FROM line, the exposure report, the project config file and the imageMap setting.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Workspace } from '../../server/src/core/workspace.js';
import { ruleDocUrl } from '../../server/src/core/rules/index.js';
import { ExposureReportRequest, RulesRequest } from '../../server/src/protocol.js';
import { codeOf, copyFixture, inProcess, rangeOf, type TestClient } from './lsp-client.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.reverse()) c();
  cleanup = [];
});

async function start(settings: Record<string, unknown> = {}) {
  const ws = copyFixture('shop');
  const { client, dispose } = inProcess({ createWorkspace: (s) => new Workspace({ settings: s }) });
  cleanup.push(dispose, ws.dispose);
  client.settings = { secretSurface: settings };
  await client.initialize([ws.uri('')]);
  return { ws, client };
}

const SHELL = 'secret-in-shell-image';
const has = (client: TestClient, uri: string, code: string) => client.codes(uri).includes(code);

test('manifest diagnostics carry rule id, docs link, severity and related locations into the Dockerfile', async () => {
  const { ws, client } = await start();
  const manifest = ws.uri('k8s/ledger.yaml');
  await client.waitFor(() => has(client, manifest, SHELL), `${SHELL} on the manifest`);
  const d = client.diagnostics.get(manifest)!.find((x) => codeOf(x) === SHELL)!;
  assert.equal(d.source, 'secret-surface');
  assert.equal(d.codeDescription?.href, ruleDocUrl(SHELL));
  assert.deepEqual(d.range, rangeOf(ws.read('k8s/ledger.yaml'), 'registry.example.com/acme/ledger:1.4.2'));
  const related = d.relatedInformation ?? [];
  const inDockerfile = related.find((r) => r.location.uri === ws.uri('ledger/Dockerfile'));
  assert.ok(inDockerfile, `related: ${related.map((r) => r.location.uri).join(', ')}`);
  assert.equal(inDockerfile.location.range.start.line, rangeOf(ws.read('ledger/Dockerfile'), 'debian:bookworm-slim').start.line);
  assert.equal((d.data as { rule: string }).rule, SHELL);
  // The Dockerfile gets its own finding on the FROM line.
  await client.waitFor(() => has(client, ws.uri('ledger/Dockerfile'), SHELL), 'Dockerfile-side finding');
});

test('editing the Dockerfile to distroless clears the manifest finding, and undoing brings it back', async () => {
  const { ws, client } = await start();
  const manifest = ws.uri('k8s/ledger.yaml');
  const docker = ws.uri('ledger/Dockerfile');
  await client.waitFor(() => has(client, manifest, SHELL), 'initial finding');
  const text = ws.read('ledger/Dockerfile');
  await client.open(docker, text);
  await client.change(docker, text.replace('FROM debian:bookworm-slim', 'FROM gcr.io/distroless/static-debian12:nonroot'));
  await client.waitFor(() => !has(client, manifest, SHELL) && !has(client, docker, SHELL), 'finding gone from both files');
  await client.change(docker, text);
  await client.waitFor(() => has(client, manifest, SHELL), 'finding back');
  // And the reverse direction: a manifest edit that stops delivering the Secret clears the Dockerfile's finding.
  const m = ws.read('k8s/ledger.yaml');
  await client.open(manifest, m);
  await client.change(manifest, m.replace(/ {6}volumes:[\s\S]*$/, '').replace(/ {10}volumeMounts:\n.*\n/, ''));
  await client.waitFor(() => !has(client, docker, SHELL), 'Dockerfile finding gone once no Secret reaches the image');
});

test('hover on the image and on the FROM line', async () => {
  const { ws, client } = await start();
  const manifest = ws.uri('k8s/ledger.yaml');
  await client.waitFor(() => has(client, manifest, SHELL), 'indexed');
  const image = rangeOf(ws.read('k8s/ledger.yaml'), 'registry.example.com/acme/ledger:1.4.2');
  const h = await client.hover(manifest, { line: image.start.line, character: image.start.character + 5 });
  const md = (h?.contents as { kind: string; value: string }).value;
  assert.equal((h?.contents as { kind: string }).kind, 'markdown');
  assert.match(md, /ledger\/Dockerfile/);
  assert.match(md, /`sh`/);
  assert.match(md, /ledger-db/);
  const from = rangeOf(ws.read('ledger/Dockerfile'), 'debian:bookworm-slim');
  const fh = await client.hover(ws.uri('ledger/Dockerfile'), { line: from.start.line, character: from.start.character + 2 });
  assert.match((fh?.contents as { value: string }).value, /Deployment default\/ledger, container `app`/);
  const none = await client.hover(manifest, { line: 0, character: 0 });
  assert.equal(none, null);
});

test('the exposure report request and the rule catalog request', async () => {
  const { ws, client } = await start();
  await client.waitFor(() => has(client, ws.uri('k8s/ledger.yaml'), SHELL), 'indexed');
  const report = await client.conn.sendRequest(ExposureReportRequest, {});
  const row = report.rows.find((r) => r.workload.name === 'ledger');
  assert.ok(row, JSON.stringify(report.rows));
  assert.equal(row.container, 'app');
  assert.equal(row.hardening, 'exposed');
  assert.deepEqual(row.shells, ['bash', 'dash', 'sh']);
  assert.deepEqual(row.secrets.map((s) => s.name), ['ledger-db']);
  assert.equal(row.manifest.uri, ws.uri('k8s/ledger.yaml'));
  assert.equal(row.dockerfile?.uri, ws.uri('ledger/Dockerfile'));
  assert.equal(row.dockerfile?.range.start.line, rangeOf(ws.read('ledger/Dockerfile'), 'FROM debian').start.line);
  assert.equal(row.worstSeverity, 'error');
  const rules = await client.conn.sendRequest(RulesRequest);
  assert.ok(rules.some((r) => r.id === SHELL && r.docsUrl === ruleDocUrl(SHELL) && r.summary.length > 0));
});

test('.secret-surface.yaml on disk and the imageMap setting apply without a restart', async () => {
  const { ws, client } = await start();
  const manifest = ws.uri('k8s/ledger.yaml');
  await client.waitFor(() => has(client, manifest, SHELL), 'indexed');
  writeFileSync(`${ws.dir}/.secret-surface.yaml`, `version: 1\nrules:\n  ${SHELL}: off\n`);
  await client.fileEvents([{ uri: ws.uri('.secret-surface.yaml'), type: 1 }]);
  await client.waitFor(() => !has(client, manifest, SHELL) && client.codes(manifest).length > 0, 'rule off via the config file');

  // An image no build config links: unverified until the imageMap setting points at its Dockerfile.
  mkdirSync(`${ws.dir}/build`);
  writeFileSync(`${ws.dir}/build/custom.Dockerfile`, 'FROM alpine:3.20\nENTRYPOINT ["/app"]\n');
  const tools = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: toolbox\nspec:\n  containers:\n    - name: box\n      image: registry.example.com/acme/toolbox:2\n      envFrom:\n        - secretRef: {name: toolbox-env}\n`;
  writeFileSync(`${ws.dir}/k8s/toolbox.yaml`, tools);
  await client.fileEvents([
    { uri: ws.uri('build/custom.Dockerfile'), type: 1 },
    { uri: ws.uri('k8s/toolbox.yaml'), type: 1 },
  ]);
  const toolbox = ws.uri('k8s/toolbox.yaml');
  await client.waitFor(() => has(client, toolbox, 'secret-image-unverified'), 'unverified image');
  client.settings = { secretSurface: { imageMap: { 'registry.example.com/acme/toolbox': 'build/custom.Dockerfile' } } };
  await client.changeConfiguration();
  await client.waitFor(() => !has(client, toolbox, 'secret-image-unverified') && has(client, toolbox, 'secret-in-network-client-image'), 'linked through imageMap');
});

test('broken YAML and a binary file become notices; the server keeps working', async () => {
  const { ws, client } = await start();
  const manifest = ws.uri('k8s/ledger.yaml');
  await client.waitFor(() => has(client, manifest, SHELL), 'indexed');
  const broken = ws.uri('k8s/broken.yaml');
  await client.open(broken, 'apiVersion: v1\nkind: Pod\nmetadata: {name: [unclosed\n  spec: : :\n\t- tab\n');
  const [d] = await client.waitFor(() => client.nonEmpty(broken), 'a notice on the broken file');
  assert.equal(d!.source, 'secret-surface');
  await client.open(ws.uri('k8s/blob.yaml'), 'a\u0000b\u0000'.repeat(100));
  const m = ws.read('k8s/ledger.yaml');
  await client.open(manifest, m);
  await client.change(manifest, m.replace('secretName: ledger-db', 'secretName: ledger-db-v2'));
  await client.waitFor(() => client.diagnostics.get(manifest)?.some((x) => codeOf(x) === SHELL && x.message.includes('ledger-db-v2')), 'still analysing after bad input');
});

test('a ServiceAccount in another file and the skaffold.yaml link refresh the manifest', async () => {
  const { ws, client } = await start();
  const manifest = ws.uri('k8s/ledger.yaml');
  const TOKEN = 'token-automount-in-unhardened-image';
  await client.waitFor(() => has(client, manifest, SHELL), 'indexed');
  // Let the ServiceAccount decide about the token, then flip it in its own file.
  const m = ws.read('k8s/ledger.yaml').replace('      automountServiceAccountToken: false\n', '      serviceAccountName: ledger\n');
  await client.open(manifest, m);
  const sa = ws.uri('k8s/sa.yaml');
  const saText = (mount: boolean) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ledger\n  namespace: default\nautomountServiceAccountToken: ${mount}\n`;
  await client.open(sa, saText(true));
  await client.waitFor(() => has(client, manifest, TOKEN), 'token finding while the ServiceAccount mounts it');
  await client.change(sa, saText(false));
  await client.waitFor(() => !has(client, manifest, TOKEN), 'token finding gone after the ServiceAccount edit');
  // The finding points at skaffold.yaml as the reason for the link; once skaffold stops building the
  // image, the link falls back to the directory-name convention and that related location goes.
  const skaffold = ws.uri('skaffold.yaml');
  const linkedBySkaffold = () =>
    client.diagnostics.get(manifest)?.find((d) => codeOf(d) === SHELL)?.relatedInformation?.some((r) => r.location.uri === skaffold);
  assert.ok(linkedBySkaffold(), 'skaffold.yaml is a related location');
  const sk = ws.read('skaffold.yaml');
  await client.open(skaffold, sk);
  await client.change(skaffold, sk.replace('registry.example.com/acme/ledger', 'registry.example.com/acme/other'));
  await client.waitFor(() => has(client, manifest, SHELL) && !linkedBySkaffold(), 'manifest refreshed after the skaffold.yaml edit');
});
