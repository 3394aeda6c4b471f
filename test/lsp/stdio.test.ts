// The built server (`node server/out/server.js --stdio`) as any editor would start it: initialize,
// didOpen, publishDiagnostics, cross-file refresh on didChange, a Dockerfile created on disk through
// a file event, hover, the report request, and a clean shutdown/exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ExposureReportRequest } from '../../server/src/protocol.js';
import { copyFixture, rangeOf, spawnServer } from './lsp-client.js';

const SERVER = fileURLToPath(new URL('../../../server/out/server.js', import.meta.url));
const SHELL = 'secret-in-shell-image';

test('the built server over stdio', { skip: existsSync(SERVER) ? false : 'server/out/server.js not built (npm run build)' }, async () => {
  const ws = copyFixture('shop');
  const { child, client, exited, stderr } = spawnServer(process.execPath, [SERVER, '--stdio']);
  try {
    const init = (await client.initialize([ws.uri('')])) as { serverInfo: { name: string } };
    assert.equal(init.serverInfo.name, 'secret-surface');
    const manifest = ws.uri('k8s/ledger.yaml');
    const docker = ws.uri('ledger/Dockerfile');
    const text = ws.read('k8s/ledger.yaml');
    await client.open(manifest, text);
    await client.waitFor(() => client.codes(manifest).includes(SHELL), `${SHELL} over stdio`);

    // Cross-file: the Dockerfile's buffer goes distroless.
    const dockerText = ws.read('ledger/Dockerfile');
    await client.open(docker, dockerText);
    const t0 = Date.now();
    await client.change(docker, dockerText.replace('FROM debian:bookworm-slim', 'FROM gcr.io/distroless/static-debian12:nonroot'));
    await client.waitFor(() => !client.codes(manifest).includes(SHELL), 'manifest refreshed by the Dockerfile edit');
    const crossMs = Date.now() - t0;
    await client.close(docker);

    // Back on disk (debian): the closed buffer falls back to disk, the finding returns; then the
    // Dockerfile is deleted on disk and the image becomes unverified.
    await client.waitFor(() => client.codes(manifest).includes(SHELL), 'disk Dockerfile after close');
    unlinkSync(`${ws.dir}/ledger/Dockerfile`);
    await client.fileEvents([{ uri: docker, type: 3 }]);
    await client.waitFor(() => client.codes(manifest).includes('secret-image-unverified'), 'unverified without a Dockerfile');
    mkdirSync(`${ws.dir}/ledger`, { recursive: true });
    writeFileSync(`${ws.dir}/ledger/Dockerfile`, dockerText);
    await client.fileEvents([{ uri: docker, type: 1 }]);
    await client.waitFor(() => client.codes(manifest).includes(SHELL), 'linked again after the Dockerfile is created');

    const image = rangeOf(text, 'registry.example.com/acme/ledger:1.4.2');
    const hover = await client.hover(manifest, image.start);
    assert.match((hover?.contents as { value: string }).value, /ledger\/Dockerfile/);

    const report = await client.conn.sendRequest(ExposureReportRequest, {});
    assert.deepEqual(report.rows.map((r) => `${r.workload.name}/${r.container}:${r.hardening}`), ['ledger/app:exposed']);

    await client.shutdown();
    assert.equal(await exited, 0, stderr());
    console.log(`stdio: cross-file refresh ${crossMs} ms`);
  } finally {
    child.kill();
    ws.dispose();
  }
});
