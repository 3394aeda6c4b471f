// The built server over stdio under hostile load: a flood of 500 edits to one document is analysed at
// its newest version only (far fewer analyses than edits, every publish for a newer version than the one
// before, the last one for the last version and equal to what that text gives on its own), and malformed
// frames between real requests are dropped with a log line that shows none of their bytes while the
// next request is still answered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ExposureReportRequest } from '../../server/src/protocol.js';
import { clientOver, copyFixture, type TestClient } from './lsp-client.js';

const SERVER = fileURLToPath(new URL('../../../server/out/server.js', import.meta.url));
const skip = existsSync(SERVER) ? false : 'server/out/server.js not built (npm run build)';

function start(): { client: TestClient; child: ReturnType<typeof spawn>; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, SECRET_SURFACE_DEBUG_MEMORY: '1' } });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  const client = clientOver(child.stdout!, child.stdin!);
  client.processId = process.pid;
  return { client, child, stderr: () => stderr, exited };
}

const stats = async (client: TestClient) =>
  (await client.conn.sendRequest<{ stats: { analyses: number; staleVersionsSkipped: number } }>('secretSurface/debug/memory', {})).stats;

test('a flood of 500 edits is analysed at its newest version', { skip }, async () => {
  const ws = copyFixture('shop');
  const { client, child, stderr, exited } = start();
  try {
    await client.initialize([ws.uri('')]);
    const uri = ws.uri('k8s/ledger.yaml');
    const a = ws.read('k8s/ledger.yaml');
    const b = a.replace('registry.example.com/acme/ledger:1.4.2', 'gcr.io/distroless/static-debian12:nonroot');
    const c = a.replace('registry.example.com/acme/ledger:1.4.2', 'node:20');
    await client.open(uri, a);
    await client.waitFor(() => client.nonEmpty(uri), 'the first publish');
    const versions = client.publishedVersions.get(uri)!;
    const before = await stats(client);
    const EDITS = 500;
    for (let i = 1; i <= EDITS; i++) await client.change(uri, i === EDITS ? c : i % 2 ? b : a);
    const last = EDITS + 1;
    await client.waitFor(() => versions.at(-1) === last, `a publish for version ${last}`, 60_000);
    const flooded = client.diagnostics.get(uri);
    const after = await stats(client);
    const analyses = after.analyses - before.analyses;
    console.log(`flood: ${EDITS} edits, ${analyses} analyses, ${after.staleVersionsSkipped} stale versions skipped, ${versions.length - 1} publishes`);
    assert.ok(analyses < EDITS / 5, `${analyses} analyses for ${EDITS} edits`);
    assert.ok(after.staleVersionsSkipped > EDITS / 2, `only ${after.staleVersionsSkipped} stale versions skipped`);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i]! > versions[i - 1]!, `publish versions not increasing: ${versions.join(',')}`);

    // The same text given on its own (after a different one) publishes exactly the same diagnostics.
    await client.change(uri, a);
    await client.waitFor(() => versions.at(-1) === last + 1, 'publish after the reset');
    assert.notDeepEqual(client.diagnostics.get(uri), flooded, 'the first text gives other diagnostics than the final one');
    await client.change(uri, c);
    await client.waitFor(() => versions.at(-1) === last + 2, 'publish of the final text alone');
    assert.deepEqual(client.diagnostics.get(uri), flooded);
    await client.shutdown();
    assert.equal(await exited, 0, stderr());
  } finally {
    child.kill();
    ws.dispose();
  }
});

test('malformed frames between requests are dropped and the next request is answered', { skip }, async () => {
  const ws = copyFixture('shop');
  const { client, child, stderr, exited } = start();
  try {
    await client.initialize([ws.uri('')]);
    const uri = ws.uri('k8s/ledger.yaml');
    await client.open(uri, ws.read('k8s/ledger.yaml'));
    await client.waitFor(() => client.nonEmpty(uri), 'diagnostics before the garbage');
    const garbage = [
      'password=hunter2-garbage\r\nmore garbage\r\n\r\n',
      'Content-Type: application/json\r\n\r\n{"token":"hunter2-no-length"}',
      'Content-Length: abc\r\n\r\n{}',
      'Content-Length: 17\r\n\r\n{not json hunter2',
      'Content-Length: 4000\r\n\r\n{"short":"hunter2"}',
      'stray bytes hunter2 without a header\n',
    ];
    for (const g of garbage) {
      child.stdin!.write(g);
      const report = await client.conn.sendRequest(ExposureReportRequest, {});
      assert.equal(report.rows.length, 1, `after ${JSON.stringify(g.slice(0, 30))}`);
    }
    const hover = await client.hover(uri, { line: 12, character: 20 });
    assert.ok(hover, 'hover answered after the garbage');
    const logged = [...client.logs.map((l) => l.message), stderr()].join('\n');
    const drops = client.logs.filter((l) => /dropped \d+ bytes? of malformed input/.test(l.message));
    assert.ok(drops.length >= garbage.length - 1, logged);
    assert.doesNotMatch(logged, /hunter2/);
    await client.shutdown();
    assert.equal(await exited, 0, stderr());
  } finally {
    child.kill();
    ws.dispose();
  }
});
