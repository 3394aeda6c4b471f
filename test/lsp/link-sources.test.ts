// The language server treats every registered link source as a build config: a Makefile or a
// workflow changed on disk (a watched-file event, no open buffer) re-links the manifests it builds.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Workspace } from '../../server/src/core/workspace.js';
import { WATCH_GLOBS } from '../../server/src/files/walk.js';
import { codeOf, inProcess } from './lsp-client.js';

const SOURCES = new URL('../../../test/fixtures/link-sources/', import.meta.url);
let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.reverse()) c();
  cleanup = [];
});

async function start(fixture: string) {
  const dir = mkdtempSync(join(tmpdir(), `ss-lsp-${fixture}-`));
  cpSync(new URL(fixture, SOURCES), dir, { recursive: true });
  const uri = (rel: string) => pathToFileURL(join(dir, rel)).href;
  const { client, dispose } = inProcess({ createWorkspace: (s) => new Workspace({ settings: s }) });
  cleanup.push(dispose, () => rmSync(dir, { recursive: true, force: true }));
  await client.initialize([uri('')]);
  return { dir, uri, client };
}

/** The file the shell finding on `manifest` names as the reason for its link, if any. */
function linkedBy(client: Awaited<ReturnType<typeof start>>['client'], manifest: string): string | undefined {
  const d = client.diagnostics.get(manifest)?.find((x) => codeOf(x) === 'secret-in-shell-image');
  return d?.relatedInformation?.find((r) => r.message.startsWith('image linked here'))?.location.uri;
}

test('a Makefile edit on disk re-links the manifest it builds', async () => {
  const { dir, uri, client } = await start('makefile');
  const manifest = uri('k8s/deploy.yaml');
  await client.waitFor(() => linkedBy(client, manifest) === uri('Makefile'), 'the controller is linked through the Makefile');
  const path = join(dir, 'Makefile');
  writeFileSync(path, readFileSync(path, 'utf8').replace('REGISTRY ?= ghcr.io/acme', 'REGISTRY ?= ghcr.io/elsewhere').replace('$(AGENT_REGISTRY)/agent', 'quay.io/acme/agent-v2'));
  await client.fileEvents([{ uri: uri('Makefile'), type: 2 }]);
  await client.waitFor(() => linkedBy(client, manifest) === undefined && !client.codes(manifest).includes('secret-in-interpreter-image'), 'no Makefile link after the edit');
});

test('a workflow change re-links, and the watchers cover every link source file', async () => {
  const { dir, uri, client } = await start('github-actions');
  const web = uri('k8s/web.yaml');
  const workflow = uri('.github/workflows/release.yml');
  await client.waitFor(() => linkedBy(client, web) === workflow, 'web linked through the workflow');
  const path = join(dir, '.github/workflows/release.yml');
  writeFileSync(path, readFileSync(path, 'utf8').replace('WEB_IMAGE: ${{ env.REGISTRY }}/web', 'WEB_IMAGE: ${{ env.REGISTRY }}/web-next'));
  await client.fileEvents([{ uri: workflow, type: 2 }]);
  await client.waitFor(() => linkedBy(client, web) === undefined, 'web no longer linked after the workflow edit');
  const watch = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
  const globs = (watch?.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
  for (const g of WATCH_GLOBS) assert.ok(globs.includes(g), g);
  assert.ok(globs.includes('**/{Makefile,makefile,GNUmakefile}') && globs.includes('**/*.{sh,bash}'));
});
