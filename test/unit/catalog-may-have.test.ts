// "May have": a tool the catalog does not confirm is reported as possible, one severity below a verified
// one, and the difference shows in the message, the JSON report and the SARIF log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { Workspace } from '../../server/src/core/workspace.js';
import { hoverAt } from '../../server/src/core/hover.js';
import { toJsonReport } from '../../server/src/core/output/json.js';
import { toSarif } from '../../server/src/core/output/sarif.js';
import { rules } from '../../server/src/core/rules/index.js';
import { milderSeverity, type Finding } from '../../server/src/core/model.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DIGEST = 'sha256:' + 'ab'.repeat(32);

function pod(containers: [string, string][]): string {
  const lines = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  automountServiceAccountToken: false', '  containers:'];
  for (const [name, image] of containers) {
    lines.push(`    - name: ${name}`, `      image: ${image}`, '      env:', '        - name: K', '          valueFrom:', '            secretKeyRef: { name: s, key: k }');
  }
  return lines.join('\n') + '\n';
}

function analyse(containers: [string, string][], config?: string): Finding[] {
  const ws = new Workspace();
  ws.setFile('pod.yaml', pod(containers));
  if (config) ws.setFile('.secret-surface.yaml', config);
  return ws.analyze().findings;
}

const find = (fs: Finding[], rule: string, container: string): Finding | undefined => fs.find((f) => f.rule === rule && f.container === container);

test('severity steps: error → warning → info → hint → hint', () => {
  assert.equal(milderSeverity('error'), 'warning');
  assert.equal(milderSeverity('warning'), 'info');
  assert.equal(milderSeverity('info'), 'hint');
  assert.equal(milderSeverity('hint'), 'hint');
});

test('only unverified tools: "may have", one severity below, certainty unverified', () => {
  const fs = analyse([['tools', 'ubuntu:22.04'], ['dbg', 'gcr.io/distroless/static-debian12:debug'], ['pinned', `gcr.io/distroless/static-debian12@${DIGEST}`]]);
  // ubuntu: the shell is a fact (error), perl is not confirmed (interpreter rule, warning → info).
  const shell = find(fs, 'secret-in-shell-image', 'tools');
  assert.equal(shell?.severity, 'error');
  assert.match(shell!.message, /^Shell \(sh, bash\) in ubuntu:22\.04 — /);
  assert.equal(shell!.certainty, undefined);
  const perl = find(fs, 'secret-in-interpreter-image', 'tools');
  assert.equal(perl?.severity, 'info');
  assert.equal(perl!.certainty, 'unverified');
  assert.match(perl!.message, /^Maybe an interpreter \(perl\) in ubuntu:22\.04 — /);
  // Why it is only "maybe": on the related line that names where the tool would come from.
  assert.ok(perl!.related.some((r) => /^perl from base image ubuntu:22\.04 \(perl: may have, not confirmed by the catalog's sources\)$/.test(r.message)));
  // distroless :debug: busybox is a fact.
  const dbg = find(fs, 'secret-in-shell-image', 'dbg');
  assert.equal(dbg?.severity, 'error');
  assert.match(dbg!.message, /^Shell \(busybox sh\/ash\) in /);
  // A digest without a tag: one of the variants, so only "may have", and the message says which.
  const pinned = find(fs, 'secret-in-shell-image', 'pinned');
  assert.equal(pinned?.severity, 'warning');
  assert.equal(pinned!.certainty, 'unverified');
  assert.match(pinned!.message, /^Maybe a shell \(busybox sh\/ash\) in /);
  assert.match(pinned!.message, /one of: no shell \(latest\/nonroot\) or busybox \(debug\/debug-nonroot\): write the tag beside the digest/);
  assert.doesNotMatch(pinned!.message, /No shell-free .* image exists/);
  assert.equal(find(fs, 'secret-image-unverified', 'pinned'), undefined, 'the image is catalogued, not unknown');
  const net = find(fs, 'secret-in-network-client-image', 'pinned');
  assert.equal(net?.severity, 'warning');
  assert.match(net!.message, /^Maybe a network client \(busybox wget\/nc/);
});

test('verified and unverified tools together: one finding at full severity that marks the guesses', () => {
  const fs = analyse([['java', 'eclipse-temurin:21-jre']]);
  const net = find(fs, 'secret-in-network-client-image', 'java');
  assert.equal(net?.severity, 'error');
  assert.equal(net!.certainty, undefined);
  assert.match(net!.message, /^Network client \(curl, wget, maybe openssl\) in eclipse-temurin:21-jre — /);
  assert.ok(net!.related.some((r) => /^curl, wget, openssl from base image eclipse-temurin:21-jre \(openssl: may have, not confirmed by the catalog's sources\)$/.test(r.message)));
});

test('a severity override lowers "may have" from the configured severity, not the default', () => {
  const fs = analyse([['tools', 'ubuntu:22.04']], 'version: 1\nrules:\n  secret-in-interpreter-image: error\n');
  assert.equal(find(fs, 'secret-in-interpreter-image', 'tools')?.severity, 'warning');
});

test('JSON: certainty appears on "may have" findings only, and the report validates against the schema', () => {
  const fs = analyse([['tools', 'ubuntu:22.04'], ['pinned', `gcr.io/distroless/static-debian12@${DIGEST}`]]);
  const report = toJsonReport(fs, []);
  const may = report.findings.filter((f) => f.certainty === 'unverified');
  assert.ok(may.length >= 2);
  for (const f of may) assert.match(f.message, /^Maybe /);
  for (const f of report.findings.filter((f) => f.certainty === undefined && /-image$/.test(f.rule) && f.rule !== 'secret-image-unverified')) assert.match(f.message, /^(Shell|Network client|Interpreter) \(/);
  assert.ok(!('certainty' in report.findings.find((f) => f.rule === 'secret-in-shell-image' && f.container === 'tools')!));
  const schema = JSON.parse(readFileSync(join(root, 'schemas', 'findings.schema.json'), 'utf8'));
  const validate = new Ajv.default({ allErrors: true, strict: true }).compile(schema);
  assert.equal(validate(report), true, JSON.stringify(validate.errors));
  const bad = structuredClone(report) as unknown as { findings: Record<string, unknown>[] };
  bad.findings[0]!['certainty'] = 'probably';
  assert.equal(validate(bad), false);
});

test('SARIF: a "may have" result has the milder level and says its certainty', () => {
  const fs = analyse([['tools', 'ubuntu:22.04'], ['pinned', `gcr.io/distroless/static-debian12@${DIGEST}`]]);
  const sarif = toSarif(fs, rules, '0.0.0') as { runs: { results: { ruleId: string; level: string; message: { text: string }; properties?: { certainty?: string } }[] }[] };
  const results = sarif.runs[0]!.results;
  const sure = results.find((r) => r.ruleId === 'secret-in-shell-image' && /^Shell /.test(r.message.text));
  const maybe = results.find((r) => r.ruleId === 'secret-in-shell-image' && /^Maybe a shell/.test(r.message.text));
  assert.equal(sure?.level, 'error');
  assert.equal(sure?.properties?.certainty, undefined);
  assert.match((sure?.properties as { decidedBy?: string } | undefined)?.decidedBy ?? '', /^the catalog entry /);
  assert.equal(maybe?.level, 'warning');
  assert.equal(maybe?.properties?.certainty, 'unverified');
  const perl = results.find((r) => r.ruleId === 'secret-in-interpreter-image');
  assert.equal(perl?.level, 'note');
});

test('Dockerfile side: a FROM line whose base only may bring a tool says "may bring", one severity below', () => {
  const ws = new Workspace();
  ws.setFile('app/Dockerfile', 'FROM ubuntu:22.04\nCOPY app /usr/local/bin/app\nENTRYPOINT ["/usr/local/bin/app"]\n');
  ws.setFile(
    'deploy.yaml',
    readFileSync(join(root, 'test', 'golden', 'rules', 'secret-in-shell-image', 'fires', 'deploy.yaml'), 'utf8').replace(/\n {8}- name: sidecar[\s\S]*$/, '\n'),
  );
  const fs = ws.analyze().findings.filter((f) => f.location.file === 'app/Dockerfile');
  const shell = fs.find((f) => f.rule === 'secret-in-shell-image');
  assert.equal(shell?.severity, 'error');
  assert.match(shell!.message, /^Shell \(sh, bash\) from base image ubuntu:22\.04 — Deployment default\/app receives/);
  const perl = fs.find((f) => f.rule === 'secret-in-interpreter-image');
  assert.equal(perl?.severity, 'info');
  assert.equal(perl?.certainty, 'unverified');
  assert.match(perl!.message, /^Maybe an interpreter \(perl\) from base image ubuntu:22\.04 — /);
});

test('hover: unverified tools say "may have", a catalogued image names its sources, a digest-only one its variants', () => {
  const ws = new Workspace();
  ws.setFile('pod.yaml', pod([['tools', 'ubuntu:22.04'], ['pinned', `gcr.io/distroless/static-debian12@${DIGEST}`]]));
  const text = pod([['tools', 'ubuntu:22.04'], ['pinned', `gcr.io/distroless/static-debian12@${DIGEST}`]]).split('\n');
  const at = (needle: string) => {
    const line = text.findIndex((l) => l.includes(needle));
    return { line, character: text[line]!.indexOf(needle) + 2 };
  };
  const ubuntu = hoverAt('pod.yaml', at('ubuntu:22.04'), ws.analyze()) ?? '';
  assert.match(ubuntu, /sources UBU, BPD, TEM/);
  assert.match(ubuntu, /`perl` \(may have: not confirmed by the catalog's sources\)/);
  assert.match(ubuntu, /- Shell: `sh`, `bash` — from base image ubuntu:22\.04/);
  const pinned = hoverAt('pod.yaml', at('gcr.io/distroless'), ws.analyze()) ?? '';
  assert.match(pinned, /names one of: no shell \(latest\/nonroot\) or busybox \(debug\/debug-nonroot\)/);
});
