// The scan CLI run as a user runs it (the bundled server/out/cli.js, a real process): formats, exit
// codes, usage errors, and the JSON and SARIF outputs validated against their schemas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { rules } from '../../server/src/core/rules/index.js';

const require = createRequire(import.meta.url);
const AjvDraft04 = (require('ajv-draft-04') as { default: typeof Ajv }).default;
const CLI = 'server/out/cli.js';

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('scan of the example workspace: every rule fires, exit 1 on errors', () => {
  const r = run('scan', 'examples', '--format', 'json');
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { findings: { rule: string; file: string }[] };
  const fired = new Set(report.findings.map((f) => f.rule));
  for (const rule of rules) assert.ok(fired.has(rule.id), `${rule.id} does not fire on examples/`);
  // The hardened payments service has no findings at all.
  assert.ok(!report.findings.some((f) => f.file === 'k8s/payments.yaml' || f.file === 'services/payments/Dockerfile'));
  for (const f of report.findings) assert.ok(!f.file.includes('\\') && !f.file.startsWith('/'), f.file);
});

test('JSON output validates against schemas/findings.schema.json', () => {
  const r = run('scan', 'examples', '--format', 'json', '--fail-on', 'never');
  assert.equal(r.code, 0);
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync('schemas/findings.schema.json', 'utf8')));
  const data = JSON.parse(r.stdout) as { findings: { range: { start: { line: number } } }[] };
  assert.ok(validate(data), JSON.stringify(validate.errors, null, 2));
  assert.ok(data.findings.length > 10);
  // A broken report is rejected, so the schema really checks something.
  data.findings[0].range.start.line = -1;
  assert.equal(validate(data), false);
});

test('SARIF output validates against the SARIF 2.1.0 schema and carries rules with help', () => {
  const r = run('scan', 'examples', '--format', 'sarif', '--fail-on', 'never');
  assert.equal(r.code, 0);
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const ajv = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
  const validate = ajv.compile(schema);
  const sarif = JSON.parse(r.stdout) as any;
  const valid: boolean = validate(sarif);
  assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  const run0 = sarif.runs[0];
  assert.equal(run0.tool.driver.rules.length, rules.length);
  for (const rule of run0.tool.driver.rules) assert.ok(rule.help.text.length > 20 && rule.helpUri.endsWith(`${rule.id}.md`));
  const withRelated = run0.results.filter((x: { relatedLocations: unknown[] }) => x.relatedLocations.length > 0);
  assert.ok(withRelated.length > 0);
  for (const res of run0.results) {
    assert.ok(res.locations[0].physicalLocation.region.startLine >= 1);
    assert.ok(!res.locations[0].physicalLocation.artifactLocation.uri.startsWith('/'));
  }
  sarif.runs[0].results[0].level = 'fatal';
  assert.equal(validate(sarif), false);
});

test('text output: file:line:col severity rule message, grouped, summary, no colour off a TTY', () => {
  const r = run('scan', 'examples');
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^k8s\/api\.yaml:17:18 {2}error {4}secret-in-shell-image {2}Shell \(sh, bash, dash\) in image FROM node:20 — container api receives 2 Secrets$/m);
  // Findings at one place share their evidence: each related line is printed once there.
  const at = r.stdout.split('\n').filter((l) => l.startsWith('    ↳ services/api/Dockerfile:2:6  curl'));
  assert.equal(at.length, 2, 'once for the network-client finding, once for the token finding');
  assert.equal(r.stdout.split('\n').filter((l) => l === '    ↳ k8s/api.yaml:22:15  Secret "api-db" as env DB_PASSWORD (key password)').length, 2, 'at the image value and at the secretKeyRef');
  assert.match(r.stdout, /findings: \d+ error, \d+ warning, \d+ info\.\nAnalysed \d+ workloads with \d+ containers; 1 file skipped\.\n  skipped: charts\/cache\/templates\/deployment\.yaml: Helm template/);
  assert.match(r.stdout, /Helm template skipped/);
  assert.ok(!r.stdout.includes('\x1b['));
});

test('--fail-on sets the threshold', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-cli-'));
  writeFileSync(
    join(dir, 'deploy.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: a }\nspec:\n  template:\n    spec:\n      automountServiceAccountToken: false\n' +
      '      containers:\n        - name: a\n          image: gcr.io/distroless/static-debian13:nonroot\n' +
      '          env:\n            - name: K\n              valueFrom: { secretKeyRef: { name: s, key: k } }\n',
  );
  assert.equal(run('scan', dir).code, 0); // only an info finding
  assert.equal(run('scan', dir, '--fail-on', 'info').code, 1);
  assert.equal(run('scan', dir, '--fail-on=warning').code, 0);
  assert.equal(run('scan', dir, '--fail-on', 'never').code, 0);
});

test('usage and I/O errors exit 2 with one clear line and no stack trace', () => {
  const cases: [string[], RegExp][] = [
    [['scan', 'no/such/dir'], /directory not found: no\/such\/dir/],
    [['scan', 'examples', '--format', 'xml'], /--format must be text, json, sarif, policyreport, openreports, html or markdown/],
    [['scan', 'examples', '--fail-on'], /--fail-on needs a value/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['scan', 'examples', '--config', 'no/such.yaml'], /cannot read config file: no\/such\.yaml/],
  ];
  for (const [args, re] of cases) {
    const r = run(...args);
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}`);
    assert.match(r.stderr, re);
    assert.ok(!/\n\s+at /.test(r.stderr), `stack trace in: ${r.stderr}`);
    assert.equal(r.stdout, '');
  }
});

test('an invalid config file is a usage error naming the file and line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-cli-'));
  mkdirSync(join(dir, 'k8s'));
  writeFileSync(join(dir, '.secret-surface.yaml'), 'version: 1\nrules:\n  secret-as-env-var: loud\n');
  const r = run('scan', dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /invalid config \.secret-surface\.yaml:3/);
  writeFileSync(join(dir, '.secret-surface.yaml'), 'version: 1\nrules: [1]\n');
  const mapping = run('scan', dir);
  assert.match(mapping.stderr, /`rules` must be a mapping/);
  assert.doesNotMatch(mapping.stderr, /Usage:/, 'an invalid input is not a mistake in the command line');
  assert.match(run('scan', dir, '--frobnicate').stderr, /unknown option --frobnicate\nUsage: /);
  const other = join(dir, 'other.yaml');
  writeFileSync(other, 'version: 1\nexclude: [1, 2\n');
  const r2 = run('scan', dir, '--config', other);
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, new RegExp(`invalid config ${other.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
});

test('--config replaces the workspace config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-cli-'));
  const cfg = join(dir, 'quiet.yaml');
  writeFileSync(cfg, 'version: 1\nrules:\n  secret-in-shell-image: off\n  secret-in-network-client-image: off\n  shell-form-without-shell: off\n');
  const r = run('scan', 'examples', '--config', cfg, '--format', 'json');
  const rulesFired = new Set((JSON.parse(r.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule));
  assert.ok(!rulesFired.has('secret-in-shell-image'));
  assert.ok(rulesFired.has('secret-in-interpreter-image'));
  assert.equal(r.code, 0);
});
