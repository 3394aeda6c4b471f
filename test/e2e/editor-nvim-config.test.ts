// The Neovim configuration docs/editors.md gives, run as it is: the block marked
// `<!-- editors-test: nvim-init -->` becomes init.lua, `secret-surface-language-server` is the package's
// bin (server/out/server.js) on PATH, and headless Neovim opens the example manifest. The server must
// attach, publish our diagnostics, and the sign Neovim shows on each line with an error must be the
// error's (several findings share the `image:` line; without severity sorting an info's sign can win).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, SERVER_JS, copyScenario, isolatedEnv, missing } from './support/editor-env.js';

const MARK = '<!-- editors-test: nvim-init -->';

/** The Lua block that follows the marker in docs/editors.md. */
export function documentedInit(): string {
  const md = readFileSync(join(REPO, 'docs/editors.md'), 'utf8');
  const at = md.indexOf(MARK);
  assert.ok(at >= 0, `${MARK} not found in docs/editors.md`);
  const m = /```lua\n([\s\S]*?)```/.exec(md.slice(at));
  assert.ok(m, 'no lua block after the marker');
  return m[1]!;
}

const CHECK = String.raw`
local function out(obj) io.stdout:write(vim.json.encode(obj) .. '\n') end
local want = os.getenv('SS_CODE')
local bufnr = vim.api.nvim_get_current_buf()
local ok = vim.wait(tonumber(os.getenv('SS_TIMEOUT_MS')), function()
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do if d.code == want then return true end end
  return false
end, 50)
if not ok then io.stderr:write('FAIL: no ' .. want .. ' diagnostic; clients: ' .. #vim.lsp.get_active_clients() .. '\n'); vim.cmd('cquit 1') end
vim.wait(500) -- let every publish of the first analysis arrive
local lines = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local l = lines[d.lnum] or { severities = {} }
  table.insert(l.severities, d.severity)
  lines[d.lnum] = l
end
local result = {}
for lnum, l in pairs(lines) do
  local placed = vim.fn.sign_getplaced(bufnr, { group = '*', lnum = lnum + 1 })[1].signs
  local top
  for _, s in ipairs(placed) do if not top or s.priority > top.priority then top = s end end
  table.insert(result, { line = lnum, severities = l.severities, top = top and top.name or vim.NIL, signs = #placed })
end
local clients = {}
for _, c in ipairs(vim.lsp.get_active_clients()) do table.insert(clients, c.name) end
out({ lines = result, clients = clients })
vim.cmd('qall!')
`;

interface LineSigns {
  line: number;
  severities: number[];
  top: string | null;
  signs: number;
}

test('the Neovim init.lua of docs/editors.md starts the server and shows the error sign first', async () => {
  const why = missing('nvim', 'server');
  assert.equal(why, undefined, why);
  const { dir, env } = isolatedEnv('nvim-config');
  try {
    const sc = copyScenario(dir);
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(SERVER_JS, join(bin, 'secret-surface-language-server'));
    writeFileSync(join(dir, 'init.lua'), documentedInit());
    writeFileSync(join(dir, 'check.lua'), CHECK);
    const child = spawn('nvim', ['--headless', '-n', '-u', join(dir, 'init.lua'), join(sc.dir, sc.manifest), '-c', `luafile ${join(dir, 'check.lua')}`], {
      cwd: sc.dir,
      env: { ...env, PATH: `${bin}:${process.env.PATH ?? ''}`, SS_CODE: sc.rule, SS_TIMEOUT_MS: '30000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
    clearTimeout(killer);
    assert.equal(code, 0, `nvim exited ${code}: ${stderr}\n${stdout}`);
    const line = stdout.split('\n').find((l) => l.trim().startsWith('{'));
    assert.ok(line, `no result from nvim: ${stdout}`);
    const r = JSON.parse(line) as { lines: LineSigns[]; clients: string[] };
    assert.deepEqual(r.clients, ['secret-surface']);
    // vim.diagnostic.severity.ERROR is 1: every line holding an error shows the error's sign.
    const withError = r.lines.filter((l) => l.severities.includes(1));
    assert.ok(withError.length >= 1, JSON.stringify(r.lines));
    for (const l of withError) assert.equal(l.top, 'DiagnosticSignError', `line ${l.line + 1}: ${JSON.stringify(l)}`);
    const mixed = r.lines.filter((l) => new Set(l.severities).size > 1);
    console.log(`nvim (docs/editors.md init.lua): ${r.lines.length} lines with diagnostics, ${mixed.length} with mixed severities, error sign on top of ${withError.length}/${withError.length}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
