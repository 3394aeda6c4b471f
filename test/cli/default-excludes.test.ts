// The default excludes end to end: vendor/, node_modules/, testdata/ and golden*/ are left out of a
// scan, the summary says how many files they held, and `defaultExcludes: false` reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIXTURE = new URL('../../../test/fixtures/default-excludes/', import.meta.url);

/** The fixture in a temporary folder, with a node_modules/ (which git does not keep). */
function workspace(): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ss-default-excludes-'));
  cpSync(FIXTURE, dir, { recursive: true });
  mkdirSync(join(dir, 'node_modules/some-package'), { recursive: true });
  writeFileSync(join(dir, 'node_modules/some-package/pod.yaml'), readFileSync(join(dir, 'k8s/api.yaml'), 'utf8').replace('name: api', 'name: from-npm'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

function scan(dir: string, format: 'json' | 'text'): string {
  const r = spawnSync(process.execPath, ['server/out/cli.js', 'scan', dir, '--format', format, '--fail-on', 'never'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

interface Report {
  findings: { rule: string; file: string }[];
  summary: { excludedByDefault?: number };
}

test('scan leaves out vendor/, node_modules/, testdata/ and golden*/ and counts them; defaultExcludes: false reads them', () => {
  const ws = workspace();
  try {
    const on = JSON.parse(scan(ws.dir, 'json')) as Report;
    assert.deepEqual([...new Set(on.findings.map((f) => f.file))], ['k8s/api.yaml']);
    assert.equal(on.summary.excludedByDefault, 4);
    assert.match(scan(ws.dir, 'text'), /^Analysed 1 workload with 1 container; 4 files excluded by default \(vendor\/, node_modules\/, testdata\/, golden\*\/ …\)\.$/m);

    writeFileSync(join(ws.dir, '.secret-surface.yaml'), 'version: 1\ndefaultExcludes: false\n');
    const off = JSON.parse(scan(ws.dir, 'json')) as Report;
    assert.deepEqual([...new Set(off.findings.map((f) => f.file))].sort(), [
      'k8s/api.yaml',
      'node_modules/some-package/pod.yaml',
      'pkg/render/testdata/pod.yaml',
      'test/golden-outputs/pod.yaml',
      'vendor/github.com/acme/lib/deploy/pod.yaml',
    ]);
    assert.equal(off.summary.excludedByDefault, undefined);
  } finally {
    ws.dispose();
  }
});
