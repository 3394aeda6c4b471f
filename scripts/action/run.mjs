// The scan step of the GitHub Action (action.yml): reads the action's inputs from INPUT_* variables, runs
// `secret-surface scan` with the CLI bundled beside this script (the action's own checkout), writes the
// report file, and hands back its outputs through GITHUB_OUTPUT (report, findings, exit-code) and a
// Markdown table to GITHUB_STEP_SUMMARY. SARIF paths are made relative to the repository root, as code
// scanning reads them, when the scanned folder is a subfolder. Findings at or above fail-on do not fail
// this step (the upload comes first); action.yml's last step fails on exit-code. Exits non-zero itself only
// when no report could be written (bad input, the CLI's usage or I/O error).
import { spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../server/out/cli.js');
const FORMATS = ['sarif', 'json', 'text', 'html', 'markdown', 'policyreport', 'openreports'];
const FAIL_ON = ['error', 'warning', 'info', 'never'];

const input = (name, fallback) => {
  const v = process.env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] ?? process.env[`INPUT_${name.toUpperCase()}`];
  return v === undefined || v.trim() === '' ? fallback : v.trim();
};
const fail = (message) => {
  console.log(`::error title=Secret Surface::${message}`);
  process.exit(2);
};
const setOutput = (name, value) => {
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${name}=${value}\n`);
  console.log(`${name}=${value}`);
};

const workspace = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd());
const path = input('path', '.');
const format = input('format', 'sarif');
const output = input('output', format === 'sarif' ? 'secret-surface.sarif' : `secret-surface.${{ json: 'json', html: 'html', markdown: 'md', text: 'txt' }[format] ?? 'yaml'}`);
const failOn = input('fail-on', 'error');
const summary = input('summary', 'true') === 'true';
// Extra options, split on whitespace (no shell: nothing in them is expanded or run).
const args = input('args', '').split(/\s+/).filter(Boolean);

if (!FORMATS.includes(format)) fail(`format must be one of ${FORMATS.join(', ')}, not "${format}"`);
if (!FAIL_ON.includes(failOn)) fail(`fail-on must be one of ${FAIL_ON.join(', ')}, not "${failOn}"`);
const dir = resolve(workspace, path);
const inside = (p) => p === workspace || p.startsWith(workspace + sep);
if (!inside(dir)) fail(`path "${path}" is outside the repository (${workspace})`);
if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`path "${path}" is not a folder in the repository`);
const out = isAbsolute(output) ? output : resolve(workspace, output);
if (!existsSync(CLI)) fail(`${CLI} is missing: the action's checkout has no built CLI (npm ci && npm run build in ${resolve(dirname(CLI), '../..')})`);

mkdirSync(dirname(out), { recursive: true });
const fd = openSync(out, 'w');
const scan = spawnSync(process.execPath, [CLI, 'scan', dir, '--format', format, '--fail-on', failOn, ...args], {
  cwd: workspace,
  stdio: ['ignore', fd, 'inherit'],
  env: { ...process.env, NO_COLOR: '1' },
});
closeSync(fd);
const code = scan.status ?? 2;
if (code === 2 || scan.error) fail(`secret-surface scan failed (exit ${code}${scan.error ? `: ${scan.error.message}` : ''}); see the line above`);

let findings = '';
const prefix = relative(workspace, dir).split(sep).join('/');
if (format === 'sarif') {
  const sarif = JSON.parse(readFileSync(out, 'utf8'));
  if (prefix) {
    const base = encodeURI(`${prefix}/`);
    const walk = (v) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        if (v.uriBaseId === '%SRCROOT%' && typeof v.uri === 'string' && !/^[a-z]+:/i.test(v.uri)) v.uri = base + v.uri;
        Object.values(v).forEach(walk);
      }
    };
    walk(sarif.runs);
    writeFileSync(out, `${JSON.stringify(sarif, null, 2)}\n`);
  }
  findings = String(sarif.runs.reduce((n, r) => n + (r.results?.length ?? 0), 0));
} else if (format === 'json') {
  findings = String(JSON.parse(readFileSync(out, 'utf8')).findings.length);
}

setOutput('report', out);
if (findings !== '') setOutput('findings', findings);
setOutput('exit-code', String(code));

if (summary && process.env.GITHUB_STEP_SUMMARY) {
  const md = spawnSync(process.execPath, [CLI, 'scan', dir, '--format', 'markdown', '--fail-on', 'never', ...args], { cwd: workspace, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1' } });
  if (md.status === 0) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${md.stdout}\n`);
}
const verdict = code === 0 ? `nothing at or above ${failOn}` : code === 1 ? `findings at or above ${failOn}` : 'a chart or overlay could not be rendered, so its Secrets were not checked';
console.log(`secret-surface scan ${prefix || '.'}: ${findings ? `${findings} findings, ` : ''}${verdict} (exit ${code}); report ${relative(workspace, out) || out}`);
