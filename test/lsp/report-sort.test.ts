// The exposure report as the VS Code view shows it: the server's report request on the example
// workspace, ordered by the view's three sort keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Workspace } from '../../server/src/core/workspace.js';
import { ExposureReportRequest, severityRank } from '../../server/src/protocol.js';
import { sortRows } from '../../client/src/report-sort.js';
import { inProcess } from './lsp-client.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

test('report rows from the example workspace sort by severity, workload and image', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-report-'));
  cpSync(EXAMPLES, dir, { recursive: true });
  const { client, dispose } = inProcess({ createWorkspace: (s) => new Workspace({ settings: s }) });
  try {
    await client.initialize([pathToFileURL(dir).href]);
    await client.waitFor(() => client.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'end'), 'index done');
    const { rows } = await client.conn.sendRequest(ExposureReportRequest, {});
    assert.ok(rows.length >= 2, `rows: ${rows.length}`);

    const bySeverity = sortRows(rows, 'severity');
    const ranks = bySeverity.map((r) => (r.worstSeverity ? severityRank(r.worstSeverity) : 9));
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), 'worst severity first');
    assert.equal(bySeverity[0]!.worstSeverity, 'error');
    const payments = bySeverity.findIndex((r) => r.workload.name === 'payments');
    const api = bySeverity.findIndex((r) => r.workload.name === 'api');
    if (payments >= 0 && api >= 0) assert.ok(api < payments, 'the exposed api comes before the hardened payments service');

    const key = (r: (typeof rows)[number]) => `${r.workload.namespace}/${r.workload.kind}/${r.workload.name}/${r.container}`;
    const byWorkload = sortRows(rows, 'workload').map(key);
    assert.deepEqual(byWorkload, [...byWorkload].sort());
    const byImage = sortRows(rows, 'image').map((r) => r.image);
    assert.deepEqual(byImage, [...byImage].sort());
    assert.equal(new Set(sortRows(rows, 'image')).size, rows.length, 'sorting keeps every row');
  } finally {
    dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
