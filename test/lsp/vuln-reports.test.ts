// CVE counts in the editor, over the LSP harness with the real core: reports named by the setting
// `secretSurface.vulnerabilities.reports` and by `.secret-surface.yaml` `vulnerabilities.reports` reach the
// diagnostics, the hover on an image and the exposure report rows; a report changed on disk (a file event)
// refreshes all three; a malformed report is a diagnostic on that file and the rest still works; a report
// outside the workspace folder is not read.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Workspace } from '../../server/src/core/workspace.js';
import { ExposureReportRequest } from '../../server/src/protocol.js';
import { codeOf, inProcess, rangeOf } from './lsp-client.js';

const FIX = new URL('../../../test/fixtures/vulns/', import.meta.url);
let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.reverse()) c();
  cleanup = [];
});

async function start(settings: Record<string, unknown>, config?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'ss-lsp-vulns-'));
  cpSync(new URL('workspace', FIX), dir, { recursive: true });
  cpSync(new URL('reports', FIX), join(dir, 'scans'), { recursive: true });
  cpSync(new URL('malformed/truncated.json', FIX), join(dir, 'bad', 'truncated.json'));
  if (config) writeFileSync(join(dir, '.secret-surface.yaml'), config);
  const { client, dispose } = inProcess({ createWorkspace: (s) => new Workspace({ settings: s }) });
  cleanup.push(dispose, () => rmSync(dir, { recursive: true, force: true }));
  client.settings = { secretSurface: settings };
  await client.initialize([pathToFileURL(dir).href]);
  const uri = (rel: string) => pathToFileURL(join(dir, rel)).href;
  return { dir, client, uri };
}

const SHELL = 'secret-in-shell-image';

test('counts from the setting reach diagnostics, hover and report rows, and a changed report refreshes them', async () => {
  const { dir, client, uri } = await start({ vulnerabilities: { reports: ['scans/*.trivy.json'] } });
  const manifest = uri('k8s/apps.yaml');
  const python = () => client.diagnostics.get(manifest)?.find((d) => codeOf(d) === SHELL && /python:3\.12-slim/.test(d.message));
  const d = await client.waitFor(() => (python() && /3 critical/.test(python()!.message) ? python() : undefined), 'python finding with its CVE count');
  assert.equal(d.severity, 1, 'raised to error at the default threshold');
  assert.match(d.message, /scans\/python\.trivy\.json/);

  const text = readFileSync(join(dir, 'k8s/apps.yaml'), 'utf8');
  const hover = await client.hover(manifest, rangeOf(text, 'python:3.12-slim').start);
  const md = (hover?.contents as { value: string }).value;
  assert.match(md, /\*\*CVEs:\*\* 3 critical, 1 high, 1 medium, 1 low, 0 unknown — scans\/python\.trivy\.json \(matched by name and tag\); over the threshold/);

  const report = await client.conn.sendRequest(ExposureReportRequest, {});
  const row = report.rows.find((r) => r.image === 'python:3.12-slim');
  assert.equal(row?.vulnerabilities?.critical, 3);
  assert.ok((row?.risk ?? 0) > 0);
  assert.equal(report.rows.find((r) => r.image === 'nginx:1.27')?.vulnerabilities, undefined, 'a SARIF report the glob does not name is not read');

  // The unused report is said on its own file.
  const unused = uri('scans/alpine-unused.trivy.json');
  await client.waitFor(() => client.diagnostics.get(unused)?.some((x) => /ignored: no image in the workspace matches it/.test(x.message)), 'unused report notice');

  // The report changes on disk: no critical CVE any more.
  const file = join(dir, 'scans/python.trivy.json');
  writeFileSync(file, readFileSync(file, 'utf8').replaceAll('"CRITICAL"', '"LOW"'));
  await client.fileEvents([{ uri: uri('scans/python.trivy.json'), type: 2 }]);
  const after = await client.waitFor(() => (python() && !/critical/.test(python()!.message) ? python() : undefined), 'the finding without critical CVEs');
  assert.match(after.message, /1 high, 1 medium CVEs|1 high/);
  const hover2 = await client.hover(manifest, rangeOf(text, 'python:3.12-slim').start);
  assert.match((hover2?.contents as { value: string }).value, /\*\*CVEs:\*\* 0 critical, 1 high/);
  const report2 = await client.conn.sendRequest(ExposureReportRequest, {});
  assert.equal(report2.rows.find((r) => r.image === 'python:3.12-slim')?.vulnerabilities?.critical, 0);
});

test('the config file names reports; a malformed one is a diagnostic on it and the others still apply', async () => {
  const { client, uri } = await start({}, 'version: 1\nvulnerabilities:\n  reports: [scans/*.json, bad/*.json, ../outside.json]\n');
  const manifest = uri('k8s/apps.yaml');
  await client.waitFor(
    () => client.diagnostics.get(manifest)?.some((d) => codeOf(d) === SHELL && /The image has 3 critical/.test(d.message)),
    'counts from the config-file reports',
  );
  const bad = uri('bad/truncated.json');
  const notice = await client.waitFor(() => client.diagnostics.get(bad)?.find((d) => /vulnerability report not used: not JSON/.test(d.message)), 'malformed report notice');
  assert.equal(notice.severity, 1);
  const config = uri('.secret-surface.yaml');
  await client.waitFor(() => client.diagnostics.get(config)?.some((d) => /outside the workspace folder/.test(d.message)), 'a pattern leaving the folder is refused');
});
