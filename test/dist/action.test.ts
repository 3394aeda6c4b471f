// The GitHub Action: action.yml's metadata checked as GitHub reads it (required keys, every input
// described, branding, the composite steps and what they reference), then its scan step run locally
// as the runner runs it — the step's env built from action.yml with the inputs substituted, GitHub's
// INPUT_*, GITHUB_WORKSPACE, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY — against a copy of examples/: the
// SARIF file (valid SARIF 2.1.0, paths relative to the repository root), the outputs and the summary.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { Ajv } from 'ajv';

const require = createRequire(import.meta.url);
const AjvDraft04 = (require('ajv-draft-04') as { default: typeof Ajv }).default;

interface Step {
  name?: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface ActionYml {
  name?: string;
  description?: string;
  author?: string;
  branding?: { icon?: string; color?: string };
  inputs?: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs?: Record<string, { description?: string; value?: string }>;
  runs?: { using?: string; steps?: Step[] };
}

const action = parse(readFileSync('action.yml', 'utf8')) as ActionYml;
const steps = action.runs?.steps ?? [];
const scanStep = steps.find((s) => s.id === 'scan');
let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ss-action-'));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('action.yml: name, description, branding, described inputs, and composite steps that reference only what exists', () => {
  assert.equal(action.name, 'Secret Surface');
  assert.ok((action.description ?? '').length > 20 && (action.description ?? '').length <= 200, 'a description of at most 200 characters');
  assert.equal(action.runs?.using, 'composite');
  // Branding colours are a fixed list; the icon is a Feather icon name.
  assert.ok(['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'].includes(action.branding?.color ?? ''), String(action.branding?.color));
  assert.equal(action.branding?.icon, 'shield');
  const inputs = action.inputs ?? {};
  for (const name of ['path', 'format', 'output', 'fail-on', 'upload-sarif']) assert.ok(inputs[name], `input ${name}`);
  for (const [name, i] of Object.entries(inputs)) {
    assert.ok((i.description ?? '').length > 0, `input ${name} has a description`);
    assert.ok(i.default !== undefined || i.required, `input ${name} has a default or is required`);
  }
  assert.equal(inputs['format']?.default, 'sarif');
  for (const [name, o] of Object.entries(action.outputs ?? {})) assert.ok(o.description && o.value, `output ${name} has a description and a value`);

  const text = readFileSync('action.yml', 'utf8');
  for (const m of text.matchAll(/\$\{\{[^}]*?\binputs\.([a-z-]+)/g)) assert.ok(inputs[m[1]!], `\${{ inputs.${m[1]} }} is a declared input`);
  const ids = new Set(steps.map((s) => s.id).filter(Boolean));
  for (const m of text.matchAll(/steps\.([a-z-]+)\.outputs\.([a-z-]+)/g)) {
    assert.ok(ids.has(m[1]!), `step ${m[1]} exists`);
    assert.ok(['report', 'findings', 'exit-code'].includes(m[2]!), `output ${m[2]} is one run.mjs writes`);
  }
  for (const s of steps) assert.ok(s.uses || (s.run && s.shell), `composite run steps need a shell: ${s.name}`);
  // The scan runs the script from the action's own checkout; the upload uses CodeQL's action.
  assert.match(scanStep?.run ?? '', /^node "\$GITHUB_ACTION_PATH\/scripts\/action\/run\.mjs"$/);
  assert.ok(existsSync('scripts/action/run.mjs'));
  const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.equal(upload?.uses, 'github/codeql-action/upload-sarif@v3');
  assert.equal(upload?.with?.['sarif_file'], '${{ steps.scan.outputs.report }}');
  assert.match(upload?.if ?? '', /inputs\.upload-sarif == 'true'/);
  // Findings fail the job only after the upload.
  const last = steps.at(-1)!;
  assert.match(last.if ?? '', /steps\.scan\.outputs\.exit-code != '0'/);
  assert.ok(steps.indexOf(upload!) < steps.indexOf(last));
});

/** Runs the scan step as the runner would: its env from action.yml with `${{ inputs.X }}` substituted. */
function runScanStep(workspace: string, given: Record<string, string>): { code: number; stdout: string; outputs: Record<string, string>; summary: string } {
  const value = (name: string) => given[name] ?? action.inputs?.[name]?.default ?? '';
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(INPUT_|GITHUB_)/.test(k)) env[k] = v;
  for (const [k, v] of Object.entries(scanStep?.env ?? {})) env[k] = v.replace(/\$\{\{\s*inputs\.([a-z-]+)\s*\}\}/g, (_, n: string) => value(n));
  const outputFile = join(dir, `output-${Math.random().toString(36).slice(2)}`);
  const summaryFile = `${outputFile}.summary`;
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  Object.assign(env, { GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_ACTION_PATH: resolve('.') });
  const run = (scanStep?.run ?? '').replace('$GITHUB_ACTION_PATH', resolve('.'));
  const r = spawnSync('bash', ['-c', run], { cwd: workspace, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { code: r.status ?? -1, stdout: r.stdout + r.stderr, outputs, summary: readFileSync(summaryFile, 'utf8') };
}

test('the scan step on examples/: a valid SARIF file with repository-relative paths, the outputs, the job summary', () => {
  const ws = join(dir, 'repo');
  cpSync('examples', join(ws, 'deploy'), { recursive: true });
  const r = runScanStep(ws, { path: 'deploy', output: 'reports/secret-surface.sarif', args: '--no-render' });
  assert.equal(r.code, 0, r.stdout);
  assert.equal(r.outputs['exit-code'], '1', r.stdout);
  assert.equal(r.outputs['report'], join(ws, 'reports/secret-surface.sarif'));
  const sarif = JSON.parse(readFileSync(r.outputs['report']!, 'utf8')) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
  const validate = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
  assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  const results = sarif.runs[0]!.results;
  assert.equal(r.outputs['findings'], String(results.length));
  assert.ok(results.length > 0);
  // Code scanning resolves paths from the repository root: every one names a file under deploy/.
  const uris = results.flatMap((x) => x.locations.map((l) => decodeURI(l.physicalLocation.artifactLocation.uri)));
  for (const u of uris) assert.ok(u.startsWith('deploy/') && existsSync(join(ws, u)), `${u} is a repository path`);
  assert.ok(results.some((x) => x.ruleId === 'secret-in-shell-image' && x.locations[0]!.physicalLocation.artifactLocation.uri === 'deploy/k8s/api.yaml'));
  assert.match(r.summary, /^\|.*\|$/m, 'a Markdown table in the job summary');
  assert.match(r.summary, /api/);
  assert.match(r.stdout, /findings at or above error \(exit 1\)/);
});

test('the scan step: fail-on never passes, json counts findings, bad inputs fail with an ::error line', () => {
  const ws = join(dir, 'repo2');
  cpSync('examples', ws, { recursive: true });
  const never = runScanStep(ws, { 'fail-on': 'never', args: '--no-render', summary: 'false' });
  assert.equal(never.code, 0, never.stdout);
  assert.equal(never.outputs['exit-code'], '0');
  assert.equal(never.summary, '');
  // At the root the paths are left as the CLI writes them.
  const sarif = JSON.parse(readFileSync(join(ws, 'secret-surface.sarif'), 'utf8')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  assert.ok(sarif.runs[0]!.results.some((x) => x.locations[0]!.physicalLocation.artifactLocation.uri === 'k8s/api.yaml'));

  const json = runScanStep(ws, { format: 'json', output: 'ss.json', args: '--no-render', summary: 'false' });
  assert.equal(json.outputs['exit-code'], '1');
  assert.equal(json.outputs['findings'], String((JSON.parse(readFileSync(join(ws, 'ss.json'), 'utf8')) as { findings: unknown[] }).findings.length));

  for (const [given, message] of [
    [{ format: 'xml' }, /format must be one of sarif, json/],
    [{ 'fail-on': 'sometimes' }, /fail-on must be one of error, warning, info, never/],
    [{ path: '../elsewhere' }, /is outside the repository/],
    [{ path: 'no-such-folder' }, /is not a folder in the repository/],
    [{ args: '--no-such-option' }, /secret-surface scan failed \(exit 2\)/],
  ] as const) {
    const bad = runScanStep(ws, given);
    assert.equal(bad.code, 2, `${JSON.stringify(given)}: ${bad.stdout}`);
    assert.match(bad.stdout, /::error title=Secret Surface::/);
    assert.match(bad.stdout, message);
    assert.equal(bad.outputs['exit-code'], undefined);
  }
});
