// An open document's diagnostics are converted once per problem and kept while the problem's findings
// stay the same objects (document-diagnostics.ts `keep`, core/problems.ts ProblemMemo): what is
// published must be exactly what a fresh conversion gives, through edits of one workload, a document
// that stops parsing (stale), and a new URI for the folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/core/workspace.js';
import { DocumentDiagnostics } from '../../server/src/lsp/document-diagnostics.js';
import { setKeepingLastGood } from '../../server/src/lsp/last-good.js';
import { problemsOf, ProblemMemo } from '../../server/src/core/problems.js';
import { numberedDeployment } from '../support/workspace.js';

const PATH = 'k8s/apps.yaml';

const manifest = (images: string[]) => images.map((img, i) => numberedDeployment(i, img)).join('\n---\n') + '\n';

test('kept conversions publish exactly what a fresh conversion does, and reuse the unchanged problems', () => {
  const images = ['alpine:3.20', 'debian:12', 'python:3.12', 'curlimages/curl:8.8.0', 'nginx:1.27', 'busybox:1.36'];
  const steps: { text: string; root: string }[] = [];
  let current = [...images];
  const push = (root = 'file:///ws/') => steps.push({ text: manifest(current), root });
  push();
  current[0] = 'gcr.io/distroless/static-debian12:nonroot';
  push();
  current[0] = 'alpine:3.20';
  push();
  current[3] = 'ubuntu:24.04';
  push();
  // A half-typed key: the buffer does not parse, the last good version's findings are shown as stale.
  steps.push({ text: manifest(current).replace('kind: Deployment', 'kind: Deployment\n  : [broken'), root: 'file:///ws/' });
  push();
  // The folder is now reached under another URI (with an edit, or nothing would be published): every
  // diagnostic must name it, also those of the workloads the edit left alone.
  current[1] = 'nginx:1.27';
  push('file:///moved/');
  current = current.map(() => 'python:3.12');
  push('file:///moved/');

  const ws = new Workspace({ workspaceName: 'ws' });
  const kept = new DocumentDiagnostics();
  let before: unknown[] | undefined;
  let reused = 0;
  for (const [i, step] of steps.entries()) {
    const errors = setKeepingLastGood(ws, PATH, step.text);
    const stale = new Set(errors ? [PATH] : []);
    const r = ws.analyze();
    const toUri = (p: string) => step.root + p;
    kept.update(r.partitions!, r.notices, stale);
    const fresh = new DocumentDiagnostics();
    fresh.update(r.partitions!, r.notices, stale);
    const got = kept.publish(PATH, true, toUri, true);
    const expected = fresh.publish(PATH, true, toUri);
    assert.ok(expected && expected.length > 5, `step ${i}: too few diagnostics to compare`);
    assert.ok(got, `step ${i}: the kept document was not published though its diagnostics changed`);
    assert.deepStrictEqual(got, expected, `step ${i}: kept conversions differ from a fresh one`);
    if (before) reused += got.filter((d) => before!.includes(d)).length;
    before = got;
  }
  // Edits of one workload keep the other workloads' diagnostics as they were converted.
  assert.ok(reused > 20, `only ${reused} diagnostics were reused`);
});

test('problemsOf with a memo: the same problems as without, the same objects for the same findings', () => {
  const ws = new Workspace({ workspaceName: 'ws' });
  ws.setFile(PATH, manifest(['alpine:3.20', 'debian:12', 'python:3.12']));
  const findings = ws.analyze().findings;
  const memo = new ProblemMemo();
  const first = problemsOf(findings, memo);
  assert.deepStrictEqual(first, problemsOf(findings));
  assert.ok(first.some((p) => p.members.length > 1), 'the tool rules merge on these images');
  const again = problemsOf(findings, memo);
  assert.ok(again.every((p, i) => p === first[i]), 'the same findings give the same problems');
  // One finding fewer: its group is made again, the others are kept.
  const fewer = findings.filter((f) => f !== first.find((p) => p.members.length > 1)!.members[1]);
  const third = problemsOf(fewer, memo);
  assert.deepStrictEqual(third, problemsOf(fewer));
  assert.ok(third.filter((p) => first.includes(p)).length === first.length - 1, 'only the changed group is made again');
});
