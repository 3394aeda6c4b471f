// Version ranges: where an image's contents changed over time, the tag's version decides the fact, and the
// change is cited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../server/src/core/catalog/index.js';
import { Workspace } from '../../server/src/core/workspace.js';

const catalog = loadCatalog();
const curl = (ref: string): string | undefined => catalog.lookupImage(ref)?.tools.find((t) => t.tool === 'curl')?.state;

test('official nginx: curl only from 1.17.10 (mainline) / 1.18.0 (stable)', () => {
  const cases: [string, 'yes' | 'no'][] = [
    ['nginx:1.16', 'no'],
    ['nginx:1.16.1', 'no'],
    ['nginx:1.17.9', 'no'],
    ['nginx:1.15.12-perl', 'no'],
    ['nginx:1.16.1-alpine', 'no'],
    ['nginx:1.17.8-alpine-perl', 'no'],
    ['nginx:1.17.10', 'yes'],
    ['nginx:1.17', 'yes'], // the 1.17 tag's last build is 1.17.10
    ['nginx:1', 'yes'],
    ['nginx:1.18.0', 'yes'],
    ['nginx:1.27-alpine', 'yes'],
    ['nginx:1.29.1-perl', 'yes'],
    ['nginx', 'yes'],
    ['nginx:latest', 'yes'],
    ['nginx:stable', 'yes'],
    ['nginx:mainline-alpine', 'yes'],
  ];
  for (const [ref, want] of cases) assert.equal(curl(ref), want, ref);
});

test('a range names its source and says what changed; the tag outside it keeps the reference fact', () => {
  const old = catalog.lookupImage('nginx:1.16');
  assert.ok(old?.sources?.includes('NGXH'));
  assert.ok(catalog.data.sources?.NGXH);
  assert.match(old!.tools.find((t) => t.tool === 'curl')!.detail!, /1\.17\.10/);
  const now = catalog.lookupImage('nginx:1.27');
  assert.ok(!now?.sources?.includes('NGXH'));
  // A range changes only its own tool: the shell of an old tag is still a fact.
  assert.equal(old!.tools.find((t) => t.tool === 'sh')?.state, 'yes');
  // Through a mirror too.
  assert.equal(curl('public.ecr.aws/docker/library/nginx:1.16-alpine'), 'no');
  // Other families are untouched by nginx's range.
  assert.equal(curl('eclipse-temurin:11-jre'), 'yes');
});

test('an old nginx tag is not reported for curl; a current one is', () => {
  const ws = new Workspace();
  const pod = (image: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  automountServiceAccountToken: false\n  containers:\n    - name: web\n      image: ${image}\n      env:\n        - name: K\n          valueFrom:\n            secretKeyRef: { name: s, key: k }\n`;
  ws.setFile('old.yaml', pod('nginx:1.16.1'));
  ws.setFile('new.yaml', pod('nginx:1.27.3'));
  const fs = ws.analyze().findings.filter((f) => f.rule === 'secret-in-network-client-image');
  const old = fs.find((f) => f.location.file === 'old.yaml');
  const cur = fs.find((f) => f.location.file === 'new.yaml');
  assert.match(cur!.message, /curl/);
  assert.doesNotMatch(old?.message ?? '', /curl/);
});
