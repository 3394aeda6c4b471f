// Quick fixes through the LSP from a client that is not VS Code: Debian's Neovim, headless, starts the
// built server over stdio on a temp copy of test/fixtures/editor-fixes/shop, asks for code actions on
// our diagnostics, applies the chosen fix with Neovim's own vim.lsp.util.apply_workspace_edit, writes
// the buffer, and waits for the server to publish the file without the finding. The Dockerfile's
// shell-form CMD gets the exec-form fix; the manifest's `sh -c` probe gets the httpGet fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, SERVER_JS, artifacts, isolatedEnv, missing } from './support/editor-env.js';

const FIXTURE = join(REPO, 'test/fixtures/editor-fixes/shop');
const RULE = 'shell-form-without-shell';

/** One fix to apply: the file, the rule of the diagnostic it resolves, and how its title starts. */
interface Step {
  file: string;
  code: string;
  title: string;
}

// Everything happens inside one Neovim so the same client session sees the edits, the writes and the
// republished diagnostics. Results go to stdout as JSON lines; any failure exits with :cquit 1.
const LUA = String.raw`
local function out(obj) io.stdout:write(vim.json.encode(obj) .. '\n') end
local function fail(msg) io.stderr:write('FAIL: ' .. msg .. '\n'); io.stderr:flush(); vim.cmd('cquit 1') end
local root = os.getenv('SS_ROOT')
local timeout = tonumber(os.getenv('SS_TIMEOUT_MS') or '30000')
local steps = vim.json.decode(os.getenv('SS_STEPS'))

-- Every publish per document, numbered, so a step can wait for one that came after its edit.
local published = {}
local client_id = vim.lsp.start_client({
  name = 'secret-surface',
  cmd = { os.getenv('SS_NODE'), os.getenv('SS_SERVER'), '--stdio' },
  root_dir = root,
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      if result then
        local prev = published[result.uri]
        published[result.uri] = { seq = (prev and prev.seq or 0) + 1, diagnostics = result.diagnostics }
      end
      return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
  },
})
if not client_id then fail('could not start the server') end

local function ours(uri, code)
  local p = published[uri]
  if not p then return nil end
  local list = {}
  for _, d in ipairs(p.diagnostics) do
    if d.code == code and d.source == 'secret-surface' then table.insert(list, d) end
  end
  return list
end

for _, step in ipairs(steps) do
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. step.file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  local uri = vim.uri_from_bufnr(bufnr)
  if not vim.wait(timeout, function() local l = ours(uri, step.code); return l ~= nil and #l > 0 end, 50) then
    fail('no ' .. step.code .. ' diagnostic on ' .. step.file .. ' within ' .. timeout .. ' ms')
  end
  local diagnostics = ours(uri, step.code)

  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = diagnostics[1].range,
    context = { diagnostics = diagnostics, only = { 'quickfix' } },
  }, timeout)
  local titles, chosen = {}, nil
  for _, resp in pairs(responses or {}) do
    for _, a in ipairs(resp.result or {}) do
      table.insert(titles, a.title)
      if not chosen and a.title:sub(1, #step.title) == step.title then chosen = a end
    end
  end
  if not chosen then fail('no action titled "' .. step.title .. '…" on ' .. step.file .. ' among: ' .. table.concat(titles, ' | ')) end
  if not chosen.edit then fail('the action "' .. chosen.title .. '" carries no edit') end

  local client = vim.lsp.get_client_by_id(client_id)
  local before = published[uri].seq
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
  vim.cmd('write')
  -- The server publishes only when a document's diagnostics change, so the next publish reflects the edit.
  if not vim.wait(timeout, function()
    local l = ours(uri, step.code)
    return published[uri].seq > before and #l == 0
  end, 50) then
    fail(step.code .. ' still reported on ' .. step.file .. ' after the fix: ' .. vim.json.encode(published[uri].diagnostics))
  end
  out({
    file = step.file,
    before = diagnostics,
    titles = titles,
    chosen = { title = chosen.title, kind = chosen.kind, isPreferred = chosen.isPreferred or false, edit = chosen.edit },
    after = published[uri].diagnostics,
    modified = vim.api.nvim_buf_get_option(bufnr, 'modified'),
  })
end

vim.lsp.stop_client(client_id)
vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
vim.cmd('qall!')
`;

interface StepResult {
  file: string;
  before: { code: string; source: string; range: { start: { line: number; character: number } } }[];
  titles: string[];
  chosen: { title: string; kind: string; isPreferred: boolean; edit: { documentChanges?: { textDocument?: { uri: string; version: number | null } }[] } };
  after: { code?: string }[];
  modified: boolean;
}

async function runSteps(dir: string, env: NodeJS.ProcessEnv, root: string, steps: Step[], timeoutMs: number) {
  const script = join(dir, 'secret-surface-fixes.lua');
  writeFileSync(script, LUA);
  const t0 = Date.now();
  const child = spawn('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${script}`], {
    cwd: root,
    env: { ...env, SS_ROOT: root, SS_STEPS: JSON.stringify(steps), SS_NODE: process.execPath, SS_SERVER: SERVER_JS, SS_TIMEOUT_MS: String(timeoutMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // A hard ceiling: a hung Neovim must fail the test, not stall CI.
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs * (steps.length * 2 + 2));
  const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  clearTimeout(killer);
  const results: StepResult[] = [];
  for (const line of stdout.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    try {
      results.push(JSON.parse(t) as StepResult);
    } catch {
      /* Neovim may write terminal noise around our lines */
    }
  }
  return { code, stderr, stdout, results, ms: Date.now() - t0 };
}

/** The 0-based line of the first line of `text` that contains `needle` (fails when there is none). */
function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `"${needle}" not found`);
  return text.slice(0, at).split('\n').length - 1;
}

test('Neovim applies the exec-form fix to a Dockerfile and the httpGet fix to a probe, and the findings clear', async () => {
  const why = missing('nvim', 'server');
  assert.equal(why, undefined, why);
  const { dir, env } = isolatedEnv('nvim-fixes');
  try {
    const root = join(dir, 'shop');
    cpSync(FIXTURE, root, { recursive: true });
    const dockerfile = 'web/Dockerfile';
    const manifest = 'k8s/web.yaml';
    const dockerBefore = readFileSync(join(root, dockerfile), 'utf8');
    const manifestBefore = readFileSync(join(root, manifest), 'utf8');
    const shellCmd = 'CMD node server.js';
    const execProbe = 'exec:\n              command: ["sh", "-c", "curl -fsS http://localhost:8080/healthz"]\n';
    assert.ok(dockerBefore.includes(shellCmd) && manifestBefore.includes(execProbe), 'fixture has the shell-form CMD and the sh -c probe');

    const steps: Step[] = [
      { file: dockerfile, code: RULE, title: 'Rewrite in exec form' },
      { file: manifest, code: RULE, title: 'Replace the livenessProbe' },
    ];
    const r = await runSteps(dir, env, root, steps, 30_000);
    writeFileSync(join(artifacts('editor-fixes-nvim'), 'nvim.log'), `exit ${r.code} in ${r.ms} ms\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}\n`);
    assert.equal(r.code, 0, `nvim exited ${r.code}: ${r.stderr}`);
    assert.equal(r.results.length, 2, r.stdout);
    const [docker, probe] = r.results as [StepResult, StepResult];

    // The Dockerfile: the diagnostic sat on the CMD line, the fix is the preferred quick fix, a versioned edit.
    assert.equal(docker.before[0]!.range.start.line, lineOf(dockerBefore, shellCmd));
    assert.equal(docker.chosen.kind, 'quickfix');
    assert.equal(docker.chosen.isPreferred, true);
    assert.match(docker.chosen.title, /CMD \["server\.js"\]/);
    const dockerChange = docker.chosen.edit.documentChanges?.[0]?.textDocument;
    assert.ok(dockerChange && dockerChange.uri.endsWith(dockerfile), JSON.stringify(docker.chosen.edit));
    assert.equal(typeof dockerChange.version, 'number', 'an open buffer gets a versioned edit');
    assert.equal(docker.modified, false, 'the buffer was written');
    assert.ok(!docker.after.some((d) => d.code === RULE));
    // On disk: exactly the CMD line changed, every other byte (comments included) is as it was.
    assert.equal(readFileSync(join(root, dockerfile), 'utf8'), dockerBefore.replace(shellCmd, 'CMD ["server.js"]'));

    // The manifest: the probe's exec becomes httpGet on the declared port; the comment after it stays.
    assert.equal(probe.before[0]!.range.start.line, lineOf(manifestBefore, 'image: gcr.io/distroless'));
    assert.equal(probe.chosen.isPreferred, true);
    assert.match(probe.chosen.title, /httpGet \/healthz on port 8080/);
    assert.equal(probe.modified, false, 'the buffer was written');
    assert.ok(!probe.after.some((d) => d.code === RULE));
    assert.equal(
      readFileSync(join(root, manifest), 'utf8'),
      manifestBefore.replace(execProbe, 'httpGet:\n              path: /healthz\n              port: 8080\n'),
    );

    // And from disk, independently of any editor: the CLI finds nothing left in the fixed workspace.
    const scan = spawnSync(process.execPath, [join(REPO, 'server/out/cli.js'), 'scan', root, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8' });
    assert.equal(scan.status, 0, scan.stderr);
    const left = (JSON.parse(scan.stdout) as { findings: { rule: string; file: string }[] }).findings;
    assert.deepEqual(left.filter((f) => f.rule === RULE), [], JSON.stringify(left));
    console.log(`nvim fixes: ${r.results.map((s) => `${s.file}: "${s.chosen.title}" of ${s.titles.length}`).join('; ')}; ${r.ms} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
