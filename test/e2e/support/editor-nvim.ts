// Drives Debian's Neovim (0.7+) headless as a second, independent LSP client of the built server:
// it opens a file, waits for our diagnostic, reads the signs it shows, asks for a hover and for code actions, and prints what
// it got as JSON lines. The Lua lives here so the suite needs nothing but `nvim` on PATH.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_JS } from './editor-env.js';

const LUA = String.raw`
local function out(obj) io.stdout:write(vim.json.encode(obj) .. '\n') end
local function fail(msg) io.stderr:write('FAIL: ' .. msg .. '\n'); vim.cmd('cquit 1') end
local file, root, want = os.getenv('SS_FILE'), os.getenv('SS_ROOT'), os.getenv('SS_CODE')
local timeout = tonumber(os.getenv('SS_TIMEOUT_MS') or '20000')
local hover_pos = { line = tonumber(os.getenv('SS_HOVER_LINE')), character = tonumber(os.getenv('SS_HOVER_CHAR')) }

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(bufnr)
local diagnostics
local client_id = vim.lsp.start_client({
  name = 'secret-surface',
  cmd = { os.getenv('SS_NODE'), os.getenv('SS_SERVER'), '--stdio' },
  root_dir = root,
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      if result and result.uri == uri then
        for _, d in ipairs(result.diagnostics) do
          if d.code == want then diagnostics = result.diagnostics end
        end
      end
      return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
  },
})
if not client_id then fail('could not start the server') end
vim.lsp.buf_attach_client(bufnr, client_id)
if not vim.wait(timeout, function() return diagnostics ~= nil end, 50) then
  fail('no ' .. want .. ' diagnostic within ' .. timeout .. ' ms')
end
-- The sign each line shows: Vim lists a line's signs in display order (priority, then the last placed).
local signs = {}
for _, s in ipairs(vim.fn.sign_getplaced(bufnr, { group = '*' })[1].signs) do
  local key = tostring(s.lnum - 1)
  if signs[key] == nil then signs[key] = s.name end
end
out({ diagnostics = diagnostics, shown = #vim.diagnostic.get(bufnr), signs = signs })

local hovers = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', { textDocument = { uri = uri }, position = hover_pos }, timeout)
local hover
for _, r in pairs(hovers or {}) do if r.result then hover = r.result end end
out({ hover = hover or vim.NIL })

-- Code actions only when the server offers them (0.7 waits out the timeout for a method nobody serves).
local actions = {}
local client = vim.lsp.get_client_by_id(client_id)
if client.server_capabilities.codeActionProvider then
  local d = diagnostics[1]
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = uri }, range = d.range, context = { diagnostics = diagnostics },
  }, timeout)
  for _, resp in pairs(responses or {}) do
    for _, a in ipairs(resp.result or {}) do table.insert(actions, a) end
  end
end
out({ codeActions = actions, codeActionProvider = client.server_capabilities.codeActionProvider and true or false })
vim.lsp.stop_client(client_id)
vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
vim.cmd('qall!')
`;

export interface NvimResult {
  code: number | null;
  stderr: string;
  diagnostics?: { code?: string; source?: string; message: string; range: { start: { line: number; character: number } }; relatedInformation?: { location: { uri: string } }[] }[];
  shown?: number;
  /** 0-based line → the name of the sign Neovim shows there (DiagnosticSignError …). */
  signs?: Record<string, string>;
  hover?: { contents: { kind?: string; value?: string } | string } | null;
  codeActions?: { title: string }[];
  codeActionProvider?: boolean;
  ms: number;
}

export async function runNvim(opts: {
  dir: string;
  env: NodeJS.ProcessEnv;
  root: string;
  file: string;
  code: string;
  hover: { line: number; character: number };
  timeoutMs?: number;
}): Promise<NvimResult> {
  const script = join(opts.dir, 'secret-surface-check.lua');
  writeFileSync(script, LUA);
  const t0 = Date.now();
  const child = spawn('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${script}`], {
    cwd: opts.root,
    env: {
      ...opts.env,
      SS_FILE: opts.file,
      SS_ROOT: opts.root,
      SS_CODE: opts.code,
      SS_NODE: process.execPath,
      SS_SERVER: SERVER_JS,
      SS_HOVER_LINE: String(opts.hover.line),
      SS_HOVER_CHAR: String(opts.hover.character),
      SS_TIMEOUT_MS: String(opts.timeoutMs ?? 20_000),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // A hard ceiling: a hung Neovim must fail the test, not stall CI.
  const killer = setTimeout(() => child.kill('SIGKILL'), (opts.timeoutMs ?? 20_000) * 3);
  const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  clearTimeout(killer);
  const result: NvimResult = { code, stderr, ms: Date.now() - t0 };
  for (const line of stdout.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    try {
      Object.assign(result, JSON.parse(t));
    } catch {
      /* Neovim may write terminal noise around our lines */
    }
  }
  return result;
}
