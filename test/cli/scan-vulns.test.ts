// `secret-surface scan --vulns`: reports read from files and globs (and from the config's
// vulnerabilities.reports), counts in the JSON findings, severities raised at the threshold, and unreadable or
// unused reports said as notices while the scan goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = 'server/out/cli.js';
function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface Out {
  findings: { rule: string; severity: string; image?: string; vulnerabilities?: { critical: number; matchedBy: string; overThreshold: boolean } }[];
  notices: { file: string; severity: string; message: string }[];
}

test('scan --vulns GLOB: counts in findings, raised severity, unused and malformed reports as notices', () => {
  const r = run('scan', 'test/fixtures/vulns/workspace', '--format', 'json', '--fail-on', 'never', '--vulns', 'test/fixtures/vulns/reports/*.{json,sarif}', '--vulns', 'test/fixtures/vulns/malformed/codeql.sarif');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Out;
  const py = out.findings.find((f) => f.rule === 'secret-in-shell-image' && f.image === 'python:3.12-slim')!;
  assert.equal(py.vulnerabilities?.critical, 3);
  assert.equal(py.severity, 'error');
  assert.ok(out.findings.some((f) => f.vulnerabilities?.matchedBy === 'digest'));
  assert.ok(out.notices.some((n) => n.file === 'test/fixtures/vulns/reports/alpine-unused.trivy.json' && /ignored: no image in the workspace matches it/.test(n.message)));
  assert.ok(out.notices.some((n) => n.file === 'test/fixtures/vulns/malformed/codeql.sarif' && n.severity === 'error' && /SARIF from CodeQL, not Trivy or Grype/.test(n.message)));
  assert.ok(out.notices.some((n) => /5 read, 4 images matched, 1 unused, 1 not readable/.test(n.message)));
});

test('the config names reports relative to itself and sets the threshold; --vuln-threshold wins', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-vulns-'));
  cpSync('test/fixtures/vulns/workspace', dir, { recursive: true });
  cpSync('test/fixtures/vulns/reports', join(dir, 'scans'), { recursive: true });
  writeFileSync(join(dir, '.secret-surface.yaml'), 'version: 1\nvulnerabilities:\n  reports: [scans/*.trivy.json]\n  threshold: { severity: critical, count: 5 }\n');
  const a = JSON.parse(run('scan', dir, '--format', 'json', '--fail-on', 'never').stdout) as Out;
  const py = a.findings.filter((f) => f.image === 'python:3.12-slim');
  assert.ok(py.length > 0 && py.every((f) => f.vulnerabilities?.critical === 3 && !f.vulnerabilities.overThreshold));
  const b = JSON.parse(run('scan', dir, '--format', 'json', '--fail-on', 'never', '--vuln-threshold', 'high:4').stdout) as Out;
  assert.ok(b.findings.filter((f) => f.image === 'python:3.12-slim').every((f) => f.vulnerabilities?.overThreshold));
  const bad = run('scan', dir, '--vuln-threshold', 'severe');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--vuln-threshold must be SEVERITY\[:COUNT\]/);
});
