// Parsing on worker threads changes nothing a user sees: for every fixture workspace under test/ and
// examples/, and a generated monorepo, the text, JSON and SARIF outputs are byte for byte those of the
// in-thread parse — in-process through the parse pool, and through the bundled CLI with --jobs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../../server/src/core/workspace.js';
import { rules } from '../../server/src/core/rules/index.js';
import { toText } from '../../server/src/core/output/text.js';
import { toJsonReport } from '../../server/src/core/output/json.js';
import { toSarif } from '../../server/src/core/output/sarif.js';
import { jsonPieces } from '../../server/src/core/output/json-stream.js';
import { walkFolderSync, isCandidate, SKIP_DIRS } from '../../server/src/files/walk.js';
import { ParsePool, beginLoad, describeWorkerFailures } from '../../server/src/files/parse-pool.js';
import { generateMonorepo } from '../../bench/generate.js';
import { parseFile, readsAlone } from '../../server/src/core/parse-file.js';
import { MUTATORS, seedWorkspaces } from '../fuzz/fuzz.js';
import { rng } from '../support/random-workspace.js';

const WORKER = new URL('../../server/src/files/parse-worker.js', import.meta.url);
const CLI = 'server/out/cli.js';

/** examples/ and every directory under test/ that holds, at any depth, a file the workspace reads. */
function fixtureRoots(): string[] {
  const roots: string[] = [];
  const visit = (dir: string): boolean => {
    let holds = false;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && visit(join(dir, e.name))) holds = true;
      } else if (isCandidate(e.name) || isCandidate(`x/${e.name}`)) holds = true;
    }
    if (holds) roots.push(dir);
    return holds;
  };
  visit('test');
  visit('examples');
  return roots.sort();
}

/** The three outputs, as the CLI writes them. */
function outputs(ws: Workspace): string[] {
  const r = ws.analyze();
  return [
    toText(r.findings, r.notices, { color: false, ...(r.summary ? { summary: r.summary } : {}) }),
    [...jsonPieces(toJsonReport(r.findings, r.notices, r.summary))].join(''),
    [...jsonPieces(toSarif(r.findings, rules, 'test', { notices: r.notices, ...(r.summary ? { summary: r.summary } : {}) }))].join(''),
  ];
}

test('pool of 2 and of 4 workers: the same text, JSON and SARIF as parsing in-thread, on every fixture workspace', async () => {
  const roots = fixtureRoots();
  assert.ok(roots.length > 50, `only ${roots.length} fixture workspaces found`);
  const pools = [new ParsePool(2, WORKER), new ParsePool(4, WORKER)];
  let onWorkers = 0;
  try {
    for (const root of roots) {
      const files = walkFolderSync(root).files;
      const single = new Workspace();
      for (const f of files) single.setFile(f.path, f.text);
      const expected = outputs(single);
      for (const pool of pools) {
        const ws = new Workspace();
        const load = pool.begin(ws);
        for (const f of files) load.add(f);
        onWorkers += (await load.finish()).onWorkers;
        const got = outputs(ws);
        for (const [i, format] of ['text', 'JSON', 'SARIF'].entries()) assert.equal(got[i], expected[i], `${root}: ${format} differs with ${pool.size} workers`);
      }
    }
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
  // The comparison proves something only if the workers did the parsing.
  assert.ok(onWorkers > 500, `only ${onWorkers} files were parsed on workers`);
});

// The workers answer with JSON text (ParseAnswer.parsed), which carries plain data only: a key whose
// value is undefined, a non-finite number, a Map or a class instance would arrive changed. Strict deep
// equality tells {a: undefined} from {}, so this holds the readers to facts JSON carries exactly.
test('the facts a worker computes survive its JSON answer unchanged: every fixture file and mutations of them', () => {
  const r = rng(20261207);
  const names = Object.keys(MUTATORS);
  let files = 0;
  for (const ws of seedWorkspaces()) {
    for (const [path, text] of ws) {
      if (!readsAlone(path)) continue;
      const inputs = [text, ...Array.from({ length: 2 }, () => MUTATORS[names[r.int(names.length)]!]!(text, r, 4096))];
      for (const input of inputs) {
        const parsed = parseFile(path, input);
        assert.deepStrictEqual(JSON.parse(JSON.stringify(parsed)), parsed, `${path}: its facts change through JSON`);
        files++;
      }
    }
  }
  assert.ok(files > 1000, `only ${files} inputs read`);
});

test('a worker that cannot start leaves the parsing to this thread: same result', async () => {
  const files = walkFolderSync('examples').files;
  const single = new Workspace();
  for (const f of files) single.setFile(f.path, f.text);
  const ws = new Workspace();
  const load = beginLoad(ws, { jobs: 2, workerFile: new URL('./no-such-worker.js', WORKER) });
  for (const f of files) load.add(f);
  const stats = await load.finish();
  assert.equal(stats.onWorkers, 0);
  // Each worker that was handed a batch says why it failed (one batch here: the other is never asked).
  assert.ok(stats.workerFailures.length >= 1, 'the failure is said');
  assert.match(describeWorkerFailures(stats) ?? '', /^\d parse workers? could not run \(.*no-such-worker.*\); their files were parsed on the main thread$/);
  assert.deepEqual(outputs(ws), outputs(single));
});

test('files added one by one in any order, as a walk reads them, on workers started as batches fill: the same outputs as in-thread', async () => {
  const mono = generateMonorepo(join(mkdtempSync(join(tmpdir(), 'ss-stream-')), 'mono'), 600, 60).root;
  const files = walkFolderSync(mono).files;
  const single = new Workspace();
  for (const f of files) single.setFile(f.path, f.text);
  const r = rng(20261208);
  const shuffled = [...files];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  for (const jobs of [2, 'auto'] as const) {
    const ws = new Workspace();
    const load = beginLoad(ws, { jobs, workerFile: WORKER });
    for (const f of shuffled) load.add(f);
    const stats = await load.finish();
    assert.deepEqual(stats.workerFailures, []);
    assert.ok(stats.onWorkers > 500, `jobs ${jobs}: only ${stats.onWorkers} files parsed on workers`);
    assert.deepEqual(outputs(ws), outputs(single), `jobs ${jobs}: the outputs differ`);
  }
});

test('a worker lost in the middle of a load: its batches are parsed on this thread, the others go on, the result is unchanged', async () => {
  const mono = generateMonorepo(join(mkdtempSync(join(tmpdir(), 'ss-dying-')), 'mono'), 600, 60).root;
  const files = walkFolderSync(mono).files;
  const single = new Workspace();
  for (const f of files) single.setFile(f.path, f.text);
  const ws = new Workspace();
  const load = beginLoad(ws, { jobs: 2, workerFile: new URL('../support/dying-parse-worker.js', import.meta.url) });
  for (const f of files) load.add(f);
  const stats = await load.finish();
  // A worker answers one batch and dies on its second (a worker handed one batch only lives).
  assert.ok(stats.workerFailures.length >= 1, 'the loss is said');
  for (const failure of stats.workerFailures) assert.equal(failure, 'exited with code 3');
  assert.ok(stats.onWorkers > 0 && stats.onWorkers < files.length, `parsed on workers: ${stats.onWorkers}`);
  assert.deepEqual(outputs(ws), outputs(single));
});

// Every fixture is compared in-process above; the CLI runs show the bundle's worker and the streamed output agree.
test('the bundled CLI: --jobs 1, 2 and 4 write the same bytes for examples/ and a generated monorepo', () => {
  const mono = generateMonorepo(join(mkdtempSync(join(tmpdir(), 'ss-jobs-')), 'mono'), 1_000, 100).root;
  for (const dir of ['examples', mono]) {
    for (const [format, others] of [['text', ['2']], ['json', ['2', '4']], ['sarif', ['4']]] as const) {
      const run = (jobs: string) => {
        const r = spawnSync(process.execPath, [CLI, 'scan', dir, '--format', format, '--fail-on', 'never', '--no-render', '--allow-unrendered', '--jobs', jobs], {
          encoding: 'utf8',
          maxBuffer: 1 << 28,
          env: { ...process.env, NO_COLOR: '1' },
        });
        assert.equal(r.status, 0, `${dir} --format ${format} --jobs ${jobs}: ${r.stderr}`);
        // Workers that could not start would still give the same bytes (this thread parses instead): they must have run.
        assert.doesNotMatch(r.stderr, /parse workers? could not run/, `${dir} --format ${format} --jobs ${jobs}`);
        return r.stdout;
      };
      const one = run('1');
      assert.ok(one.length > 1000, `${dir} --format ${format}: output too short to compare`);
      for (const jobs of others) assert.ok(run(jobs) === one, `${dir} --format ${format}: --jobs ${jobs} differs from --jobs 1`);
    }
  }
});

test('--jobs must be a whole number', () => {
  const r = spawnSync(process.execPath, [CLI, 'scan', 'examples', '--jobs', '0'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--jobs must be a whole number of worker threads/);
});
