// The built server over stdio, as any editor starts it (here without a transport flag, as the
// `secret-surface-language-server` bin is run): work-done progress of the first index (files read of
// the files found, then the analysis, ending once diagnostics are out), the status notifications the
// VS Code status bar reads, and the output-channel log — what was indexed and skipped with the reason,
// trace lines only at `trace`, never a Secret value and never a credential-shaped name unredacted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IndexProgressNotification, ReportChangedNotification, type IndexProgressParams, type ReportChangedParams } from '../../server/src/protocol.js';
import { clientOver, copyFixture, type TestClient } from './lsp-client.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SERVER = join(REPO, 'server/out/server.js');
const skip = existsSync(SERVER) ? false : 'server/out/server.js not built (npm run build)';
const SECRET_VALUE = 'correct-horse-battery-staple-42';
const FILES = 600;

/** Polls `pred` (the status notifications recorded here do not wake the client's waiters). */
async function until(pred: () => boolean, what: string, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !pred(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
  }
}

interface Progress {
  token: string;
  value: { kind: 'begin' | 'report' | 'end'; message?: string; percentage?: number; title?: string };
}

async function withServer(root: string, settings: Record<string, unknown>, body: (c: TestClient, seen: { index: IndexProgressParams[]; report: ReportChangedParams[] }) => Promise<void>): Promise<void> {
  // No --stdio: the server defaults to stdio, which is what the bin and editor configs rely on.
  const child = spawn(process.execPath, [SERVER], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  const client = clientOver(child.stdout, child.stdin);
  client.processId = process.pid;
  client.settings = { secretSurface: settings };
  const seen = { index: [] as IndexProgressParams[], report: [] as ReportChangedParams[] };
  client.conn.onNotification(IndexProgressNotification, (p) => seen.index.push(p));
  client.conn.onNotification(ReportChangedNotification, (p) => seen.report.push(p));
  try {
    await client.initialize([pathToFileURL(root).href]);
    await body(client, seen);
    await client.shutdown();
    assert.equal(await exited, 0, stderr);
  } finally {
    child.kill();
  }
}

function bigWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ss-lsp-progress-'));
  mkdirSync(join(dir, 'k8s'));
  for (let i = 0; i < FILES; i++) {
    writeFileSync(join(dir, 'k8s', `cm-${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  mode: prod\n`);
  }
  writeFileSync(
    join(dir, 'k8s', 'api.yaml'),
    [
      'apiVersion: v1',
      'kind: Secret',
      'metadata: { name: db }',
      'stringData:',
      `  password: ${SECRET_VALUE}`,
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: api, namespace: shop }',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: api',
      '          image: alpine:3.20',
      '          env:',
      '            - name: DB_PASSWORD',
      '              valueFrom: { secretKeyRef: { name: db, key: password } }',
      '',
    ].join('\n'),
  );
  // Too large to read, with a credential-shaped name: the log says why it was skipped, redacted.
  writeFileSync(join(dir, 'k8s', 'token=Zx81kQm2Lp0vYt7.yaml'), `# ${'x'.repeat(5000)}\n`);
  return dir;
}

test('first index over stdio: progress counts files read of the total, then ends once diagnostics are out', { skip }, async () => {
  const dir = bigWorkspace();
  try {
    await withServer(dir, { maxFileBytes: 4096 }, async (client, seen) => {
      const api = pathToFileURL(join(dir, 'k8s', 'api.yaml')).href;
      await client.waitFor(() => client.codes(api).includes('secret-in-shell-image'), 'the finding on api.yaml', 60_000);
      const progress = () => client.progress as Progress[];
      await client.waitFor(() => progress().some((p) => p.value.kind === 'end'), 'the index progress to end', 30_000);
      const values = progress().map((p) => p.value);
      assert.equal(values[0]?.kind, 'begin');
      assert.match(values[0]?.message ?? '', /Reading files in folder0/);
      const reading = values.filter((v) => v.kind === 'report' && /files read/.test(v.message ?? ''));
      assert.ok(reading.length >= 1, `no "files read" report among ${JSON.stringify(values)}`);
      // Total = every candidate file found: the ConfigMaps, api.yaml and the skipped one.
      for (const r of reading) {
        const [, read, total] = /(\d+)\/(\d+) files read/.exec(r.message!)!;
        assert.equal(Number(total), FILES + 2, r.message);
        assert.ok(Number(read) <= FILES + 2 && (r.percentage ?? -1) >= 0 && (r.percentage ?? 101) <= 90, JSON.stringify(r));
      }
      assert.ok(values.some((v) => v.kind === 'report' && /analysing \d+ files/.test(v.message ?? '')), 'an "analysing" step');
      assert.equal(values.filter((v) => v.kind === 'end').length, 1, 'one index, one end');
      // The same steps for the status bar, ending with "done"; the report counts the exposed workload.
      await until(() => seen.index.some((p) => p.phase === 'done'), 'indexProgress done');
      assert.deepEqual([...new Set(seen.index.map((p) => p.phase))], ['reading', 'analysing', 'done']);
      assert.equal(seen.index.at(-1)!.read, FILES + 1, 'files read (the large one skipped)');
      await until(() => seen.report.some((r) => r.exposedWorkloads === 1), 'reportChanged with 1 exposed workload');
      assert.equal(seen.report.at(-1)!.containers, 1);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the log: indexed and skipped files with the reason at info, reads and timings only at trace, no Secret value or credential', { skip }, async () => {
  const dir = bigWorkspace();
  try {
    const messages = async (level: string | undefined) => {
      let lines: string[] = [];
      await withServer(dir, { maxFileBytes: 4096, ...(level ? { log: { level } } : {}) }, async (client) => {
        await client.waitFor(() => client.logs.some((l) => l.message.startsWith('First analysis of folder0 published')), 'the first-analysis log line', 60_000);
        lines = client.logs.map((l) => l.message);
      });
      return lines;
    };
    const info = await messages(undefined);
    assert.ok(info.some((l) => new RegExp(`^Indexed folder0: ${FILES + 1} file\\(s\\) read \\(${FILES + 1} YAML, 0 Dockerfile or build file\\(s\\)\\), 1 skipped, in \\d+ ms\\.$`).test(l)), info.join('\n'));
    const skipped = info.find((l) => l.startsWith('Skipped k8s/'));
    assert.ok(skipped, info.join('\n'));
    assert.match(skipped, /larger than 4096 bytes \(secretSurface\.maxFileBytes\)/);
    assert.ok(!skipped.includes('Zx81kQm2Lp0vYt7'), `credential-shaped name not redacted: ${skipped}`);
    assert.deepEqual(info.filter((l) => l.startsWith('[trace]')), [], 'no trace lines at the default level');

    const trace = await messages('trace');
    assert.ok(trace.some((l) => l === `[trace] read k8s/cm-0.yaml (${readFileSync(join(dir, 'k8s/cm-0.yaml')).length} bytes)`), trace.slice(0, 20).join('\n'));
    assert.ok(trace.some((l) => /^\[trace\] analysed folder0 in \d+ ms: \d+ finding\(s\), 1 container\(s\) receiving Secrets$/.test(l)), 'analysis timing');
    assert.ok(trace.some((l) => /^\[trace\] publishing \d+ document\(s\) of folder0/.test(l)), 'publish timing');
    for (const l of [...info, ...trace]) assert.ok(!l.includes(SECRET_VALUE), `a Secret value in the log: ${l}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a core notice about a file from disk is logged once', { skip }, async () => {
  const ws = copyFixture('shop');
  // A Helm template outside any chart: the core does not analyse it and says so.
  mkdirSync(join(ws.dir, 'loose', 'templates'), { recursive: true });
  writeFileSync(join(ws.dir, 'loose', 'templates', 'deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n');
  try {
    await withServer(ws.dir, {}, async (client) => {
      await client.waitFor(() => client.logs.some((l) => l.message.startsWith('loose/templates/deploy.yaml: ')), 'the notice about the loose template', 60_000);
      const lines = client.logs.map((l) => l.message).filter((l) => l.startsWith('loose/templates/deploy.yaml: '));
      assert.equal(lines.length, 1, lines.join('\n'));
    });
  } finally {
    ws.dispose();
  }
});

test('the package names a language-server bin that runs the built server', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  assert.equal(pkg.bin['secret-surface-language-server'], 'server/out/server.js');
  if (existsSync(SERVER)) assert.ok(readFileSync(SERVER, 'utf8').startsWith('#!/usr/bin/env node\n'), 'the bundle starts with a node shebang');
});
