// Finding → diagnostic conversion and the "publish only what changed" bookkeeping of the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../server/src/core/model.js';
import { findingToDiagnostic } from '../../server/src/lsp/diagnostics.js';

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
