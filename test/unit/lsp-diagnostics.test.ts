// Finding → diagnostic conversion and the "publish only what changed" bookkeeping of the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../server/src/core/model.js';
import { DiagnosticBuilder, PublishedState, findingToDiagnostic } from '../../server/src/lsp/diagnostics.js';

const range = (line: number, a = 0, b = 5) => ({ start: { line, character: a }, end: { line, character: b } });
const toUri = (p: string) => `file:///ws/${p}`;

function finding(over: Partial<Finding> = {}): Finding {
  return {
    rule: 'secret-in-shell-image',
    severity: 'error',
    message: 'Container "app" receives 1 Secret while its image has a shell',
    location: { file: 'k8s/app.yaml', range: range(12, 10, 30) },
    workload: { kind: 'Deployment', namespace: 'default', name: 'app' },
    container: 'app',
    image: 'registry.example.com/app:1',
    related: [{ location: { file: 'app/Dockerfile', range: range(0, 5, 11) }, message: 'sh from base image debian' }],
    data: { replacement: 'gcr.io/distroless/static-debian12' },
    ...over,
  };
}

test('a finding becomes a diagnostic with source, rule id, docs link, related URIs and fix data', () => {
  const d = findingToDiagnostic(finding(), toUri);
  assert.equal(d.source, 'secret-surface');
  assert.equal(d.code, 'secret-in-shell-image');
  assert.match(d.codeDescription!.href, /\/secret-in-shell-image\.md$/);
  assert.equal(d.severity, 1);
  assert.deepEqual(d.relatedInformation, [{ location: { uri: 'file:///ws/app/Dockerfile', range: range(0, 5, 11) }, message: 'sh from base image debian' }]);
  assert.deepEqual(d.data, {
    rule: 'secret-in-shell-image',
    workload: { kind: 'Deployment', namespace: 'default', name: 'app' },
    container: 'app',
    image: 'registry.example.com/app:1',
    fix: { replacement: 'gcr.io/distroless/static-debian12' },
  });
});

test('equal findings from a new analysis are not republished; a moved related location or a gone file is', () => {
  const builder = new DiagnosticBuilder();
  // The builder groups by workspace path; the session re-keys by URI before diffing.
  const sent = new PublishedState();
  const other = finding({ location: { file: 'k8s/other.yaml', range: range(3) }, related: [] });
  const first = sent.diff(builder.build([finding(), other], [], toUri));
  assert.deepEqual(first.map((p) => p.uri).sort(), ['k8s/app.yaml', 'k8s/other.yaml']);

  // Fresh objects with the same content: nothing to send.
  assert.deepEqual(sent.diff(builder.build([finding(), { ...other }], [], toUri)), []);

  // The Dockerfile line moved: only the manifest that points at it is republished.
  const moved = finding({ related: [{ location: { file: 'app/Dockerfile', range: range(2, 5, 11) }, message: 'sh from base image debian' }] });
  const second = sent.diff(builder.build([moved, other], [], toUri));
  assert.deepEqual(second.map((p) => p.uri), ['k8s/app.yaml']);
  assert.equal(second[0]!.diagnostics[0]!.relatedInformation![0]!.location.range.start.line, 2);

  // A file whose findings are all gone gets an empty publish, once.
  const third = sent.diff(builder.build([moved], [{ file: 'k8s/other.yaml', severity: 'warning', message: 'invalid YAML' }], toUri));
  assert.deepEqual(third.map((p) => [p.uri, p.diagnostics.map((d) => d.message)]), [['k8s/other.yaml', ['invalid YAML']]]);
  const fourth = sent.diff(builder.build([moved], [], toUri));
  assert.deepEqual(fourth, [{ uri: 'k8s/other.yaml', diagnostics: [] }]);
  assert.deepEqual(sent.diff(builder.build([moved], [], toUri)), []);
});
