// What an editor lists (core/problems.ts) over the example workspace: one problem per root cause per
// place, messages that differ in their first 60 characters, the most severe first at a place, each
// rule still separately configurable, and delivery findings on the delivery node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf, MERGED_TOOL_RULES } from '../../server/src/core/problems.js';
import { severityRank } from '../../server/src/core/model.js';
import { loadWorkspaceDir, rangeOf } from '../support/workspace.js';

const place = (p: { location: { file: string; range: { start: { line: number; character: number } } } }) =>
  `${p.location.file}:${p.location.range.start.line}:${p.location.range.start.character}`;

test('examples: the tool rules at one place are one problem, every member kept, the worst severity first', () => {
  const { ws } = loadWorkspaceDir('examples');
  const r = ws.analyze();
  const problems = problemsOf(r.findings);
  const api = problems.filter((p) => p.location.file === 'k8s/api.yaml' && p.location.range.start.line === 16);
  const tool = api.find((p) => p.members.length > 1)!;
  assert.deepEqual(tool.members.map((m) => m.rule).sort(), [...MERGED_TOOL_RULES].sort());
  assert.equal(tool.severity, 'error');
  assert.match(tool.message, /^Shell \(sh, bash, dash\), network client \(curl, wget, ssh \+\d\) and interpreter \(python3, perl\) in image FROM node:20 — container api receives 2 Secrets$/);
  // Each member's own severity stays visible.
  assert.ok(tool.related.some((x) => x.message.startsWith('secret-in-interpreter-image (warning): Interpreter (python3, perl)')));
  // The Dockerfile's FROM line: one problem, not three.
  assert.equal(problems.filter((p) => p.location.file === 'services/api/Dockerfile' && p.location.range.start.line === 1).length, 1);
  // Nothing is lost: every finding is a member of exactly one problem.
  assert.equal(problems.reduce((n, p) => n + p.members.length, 0), r.findings.length);
  // At every place the most severe problem comes first.
  for (let i = 1; i < problems.length; i++) {
    if (place(problems[i]!) === place(problems[i - 1]!)) assert.ok(severityRank(problems[i - 1]!.severity) <= severityRank(problems[i]!.severity));
  }
});

test('examples: Problems rows of one file differ in their first 60 characters; messages are short', () => {
  const { ws } = loadWorkspaceDir('examples');
  const problems = problemsOf(ws.analyze().findings);
  const byFile = new Map<string, string[]>();
  for (const p of problems) byFile.set(p.location.file, [...(byFile.get(p.location.file) ?? []), p.message.slice(0, 60)]);
  for (const [file, heads] of byFile) assert.equal(new Set(heads).size, heads.length, `${file}: ${heads.join(' | ')}`);
  const lengths = problems.map((p) => p.message.length).sort((a, b) => a - b);
  assert.ok(lengths[Math.floor(lengths.length / 2)]! <= 160, `median ${lengths[Math.floor(lengths.length / 2)]}`);
});

test('a rule turned off is no member; another severity is kept per member and decides the problem', () => {
  const off = loadWorkspaceDir('examples', undefined, { settings: { rules: { 'secret-in-shell-image': 'off', 'secret-in-interpreter-image': 'error', 'secret-in-network-client-image': 'info' } } });
  const p = problemsOf(off.ws.analyze().findings).find((x) => x.location.file === 'k8s/api.yaml' && x.members.length > 1)!;
  assert.deepEqual(p.members.map((m) => [m.rule, m.severity]), [['secret-in-interpreter-image', 'error'], ['secret-in-network-client-image', 'info']]);
  assert.equal(p.rule, 'secret-in-interpreter-image');
  assert.match(p.message, /^Interpreter \(python3, perl\) and network client \(curl/);
  assert.doesNotMatch(p.message, /Shell/);
});

test('env-var and Secret-volume findings sit on the secretKeyRef / secretRef / volume secret: they are about', () => {
  const { ws, files } = loadWorkspaceDir('examples');
  const findings = ws.analyze().findings;
  const api = files.get('k8s/api.yaml')!;
  const env = findings.find((f) => f.rule === 'secret-as-env-var' && f.location.file === 'k8s/api.yaml')!;
  assert.deepEqual(env.location.range, rangeOf(api, 'secretKeyRef'));
  assert.match(env.message, /^Secret "api-db" key password as env var DB_PASSWORD/);
  const vol = findings.find((f) => f.rule === 'secret-volume-not-csi' && f.location.file === 'k8s/api.yaml')!;
  const key = rangeOf(api, 'secret:');
  assert.deepEqual(vol.location.range, { start: key.start, end: { line: key.end.line, character: key.end.character - 1 } });
  const worker = files.get('k8s/worker.yaml')!;
  const from = findings.find((f) => f.rule === 'secret-as-env-var' && f.location.file === 'k8s/worker.yaml')!;
  assert.deepEqual(from.location.range, rangeOf(worker, 'secretRef'));
});
