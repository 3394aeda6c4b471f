// The first index of a large folder is parsed on worker threads (files/parse-pool.ts): what the server
// publishes must be exactly what an index parsed on its own thread publishes — with live workers, with
// workers that cannot start (the files are parsed here instead), and through the built server, whose
// bundle finds the worker beside itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateMonorepo } from '../../bench/generate.js';
import { Workspace } from '../../server/src/core/workspace.js';
import { beginLoad, type LoadStats } from '../../server/src/files/parse-pool.js';
import type { SessionOptions } from '../../server/src/lsp/session.js';
import { inProcess, spawnServer, type TestClient } from './lsp-client.js';
import { deploymentWithSecret } from '../support/workspace.js';

const SERVER = fileURLToPath(new URL('../../../server/out/server.js', import.meta.url));
const WORKER = new URL('../../server/src/files/parse-worker.js', import.meta.url);
const MISSING_WORKER = new URL('../../server/src/files/no-such-worker.js', import.meta.url);

const dir = mkdtempSync(join(tmpdir(), 'ss-index-pool-'));
// 300 manifests and 30 Dockerfiles: above the size from which an index uses workers.
const repo = generateMonorepo(join(dir, 'mono'), 300, 30);
const folder = pathToFileURL(repo.root).href;
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Every document's diagnostics once the first index is published, by URI in order. */
async function indexed(client: TestClient): Promise<string> {
  await client.initialize([folder]);
  const kinds = () => client.progress.map((p) => (p as { value: { kind: string } }).value.kind);
  await client.waitFor(() => kinds().includes('end'), 'the index progress to end', 120_000);
  const out = [...client.diagnostics].filter(([, d]) => d.length > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  assert.ok(out.length > 0, "no diagnostics after the index");
  return JSON.stringify(out);
}

async function inProcessIndex(loadWith?: URL): Promise<{ published: string; stats: LoadStats[]; warnings: string[] }> {
  const stats: LoadStats[] = [];
  const options: SessionOptions<Workspace> = { createWorkspace: (settings, f) => new Workspace({ settings, workspaceName: f.dirName }) };
  if (loadWith)
    options.beginLoad = (target) => {
      const load = beginLoad(target, { jobs: 2, workerFile: loadWith });
      return {
        add: (file) => load.add(file),
        finish: async () => {
          const s = await load.finish();
          stats.push(s);
          return s;
        },
      };
    };
  const { client, dispose } = inProcess(options);
  try {
    const published = await indexed(client);
    return { published, stats, warnings: client.logs.filter((l) => l.type === 2).map((l) => l.message) };
  } finally {
    await client.shutdown();
    dispose();
  }
}

test('an index parsed on worker threads publishes what one parsed in this thread does, and so does one whose workers fail', async () => {
  const here = await inProcessIndex();
  const pooled = await inProcessIndex(WORKER);
  assert.equal(pooled.stats.length, 1);
  assert.ok(pooled.stats[0]!.onWorkers >= repo.manifests + repo.dockerfiles, `parsed on workers: ${pooled.stats[0]!.onWorkers}`);
  assert.equal(pooled.published, here.published);
  const failed = await inProcessIndex(MISSING_WORKER);
  assert.equal(failed.stats[0]!.onWorkers, 0, 'no worker could start: every file parsed here');
  // Never silently: the log says the workers failed and why.
  assert.deepEqual(pooled.warnings.filter((w) => /parse worker/.test(w)), []);
  assert.ok(
    failed.warnings.some((w) => /parse workers? could not run \(.*no-such-worker.*\); their files were parsed on the main thread/.test(w)),
    `no warning about the failed workers in: ${failed.warnings.join(' | ')}`,
  );
  assert.equal(failed.published, here.published);
});

test('the built server indexes a large folder on its workers and publishes the same', { skip: existsSync(SERVER) ? false : 'server/out/server.js not built (npm run build)' }, async () => {
  const here = await inProcessIndex();
  const { child, client, exited, stderr } = spawnServer(process.execPath, [SERVER, '--stdio']);
  try {
    assert.equal(await indexed(client), here.published);
    await client.shutdown();
    assert.equal(await exited, 0, stderr());
  } finally {
    if (child.exitCode === null) child.kill();
  }
});

// A re-index (here: the exclude setting changed) supersedes an index still loading its files. The old
// load may hand files over after the new one has set newer text; it must set nothing, or the folder
// would be analysed with the older text from then on.
test('a load whose index was superseded sets nothing: the newer index\'s text stays', async () => {
  const root = join(dir, 'superseded');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'deploy.yaml'), deploymentWithSecret('alpine:3.20'));
  const expected = (text: string) => {
    const ws = new Workspace({ workspaceName: 'superseded' });
    ws.setFile('deploy.yaml', text);
    return JSON.stringify(ws.analyze().findings);
  };
  const newer = deploymentWithSecret('gcr.io/distroless/static-debian12:nonroot');
  assert.notEqual(expected(deploymentWithSecret('alpine:3.20')), expected(newer), 'the two texts must differ in findings');

  let workspace: Workspace | undefined;
  const loads: { files: { path: string; text: string }[]; finishing: boolean }[] = [];
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let firstSet!: () => void;
  const firstDone = new Promise<void>((r) => (firstSet = r));
  const options: SessionOptions<Workspace> = {
    createWorkspace: (settings, f) => (workspace = new Workspace({ settings, workspaceName: f.dirName })),
    beginLoad: (target) => {
      const load = { files: [] as { path: string; text: string }[], finishing: false };
      const n = loads.push(load);
      return {
        add: (file) => load.files.push(file),
        finish: async () => {
          load.finishing = true;
          // The first index's files are handed over only once the second index is in.
          if (n === 1) await released;
          for (const f of load.files) target.setFile(f.path, f.text);
          if (n === 1) firstSet();
          return { onWorkers: 0, workerFailures: [] };
        },
      };
    },
  };
  const { client, dispose } = inProcess(options);
  try {
    await client.initialize([pathToFileURL(root).href]);
    await client.waitFor(() => loads[0]?.finishing === true, 'the first index to finish its walk');
    writeFileSync(join(root, 'deploy.yaml'), newer);
    client.settings = { secretSurface: { exclude: ['nothing/**'] } };
    await client.changeConfiguration();
    await client.waitFor(() => loads.length === 2 && loads[1]!.finishing, 'the second index to load');
    await client.waitFor(() => workspace !== undefined && JSON.stringify(workspace.analyze().findings) === expected(newer), "the second index's text");
    release();
    await firstDone;
    assert.equal(loads[0]!.files.find((f) => f.path === 'deploy.yaml')?.text, deploymentWithSecret('alpine:3.20'), 'the first load did hold the older text');
    assert.equal(JSON.stringify(workspace!.analyze().findings), expected(newer), "the first load's older text was not set");
  } finally {
    await client.shutdown();
    dispose();
  }
});
