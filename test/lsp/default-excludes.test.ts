// The language server leaves out the same default excludes as the CLI (vendor/, testdata/, golden*/ …)
// and reads them once the config file says `defaultExcludes: false`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Workspace } from '../../server/src/core/workspace.js';
import { inProcess } from './lsp-client.js';

const FIXTURE = new URL('../../../test/fixtures/default-excludes/', import.meta.url);

test('the editor leaves the default excludes out, and reads them after defaultExcludes: false', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-lsp-default-excludes-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const uri = (rel: string): string => pathToFileURL(join(dir, rel)).href;
  const { client, dispose } = inProcess({ createWorkspace: (s, folder) => new Workspace({ settings: s, workspaceName: folder.dirName }) });
  try {
    await client.initialize([uri('')]);
    const api = uri('k8s/api.yaml');
    const vendored = uri('vendor/github.com/acme/lib/deploy/pod.yaml');
    const testdata = uri('pkg/render/testdata/pod.yaml');
    await client.waitFor(() => client.codes(api).includes('secret-in-shell-image'), 'k8s/api.yaml analysed');
    for (const u of [vendored, testdata, uri('test/golden-outputs/pod.yaml')]) assert.deepEqual(client.codes(u), [], `${u} is excluded by default`);
    writeFileSync(join(dir, '.secret-surface.yaml'), 'version: 1\ndefaultExcludes: false\n');
    await client.fileEvents([{ uri: uri('.secret-surface.yaml'), type: 1 }]);
    await client.waitFor(() => client.codes(vendored).includes('secret-in-shell-image') && client.codes(testdata).includes('secret-in-shell-image'), 'vendor/ and testdata/ read after defaultExcludes: false');
  } finally {
    dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
