// Suppression written in manifests: the workload / pod template annotation, and ignore comments
// scoped to the whole workload or to the container just below them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_RULES, isSuppressed, parseManifest, parseRuleList } from '../../server/src/core/kubernetes/index.js';
import type { ManifestFacts } from '../../server/src/core/model.js';
import { eolTest } from './kubernetes-support.js';

function byName(f: ManifestFacts, name: string) {
  const w = f.workloads.find((x) => x.ref.name === name);
  assert.ok(w, name);
  return w;
}

eolTest('annotations on the workload and on its pod template', 'suppression.yaml', (text) => {
  const w = byName(parseManifest('s.yaml', text), 'suppressed-by-annotation');
  assert.deepEqual([...w.suppressed].sort(), ['secret-as-env-var', 'secret-in-shell-image', 'secret-volume-not-csi']);
  assert.equal(w.annotations['secret-surface.io/ignore'], 'secret-as-env-var, secret-in-shell-image');
  assert.equal(w.containers[0]!.suppressed, undefined);
});

eolTest('a comment above a container (its first line or its image line) is container-scoped', 'suppression.yaml', (text) => {
  const w = byName(parseManifest('s.yaml', text), 'suppressed-by-comment');
  const [fetcher, shell, plain] = w.containers;
  assert.deepEqual(fetcher!.suppressed, ['secret-in-network-client-image']);
  assert.deepEqual(shell!.suppressed, ['secret-in-shell-image', 'secret-as-env-var']);
  assert.equal(plain!.suppressed, undefined);
  // the comment above `containers:` is not next to a container: it covers the workload; the
  // reason after `--` is not a rule id
  assert.deepEqual(w.suppressed, ['token-automount-in-unhardened-image']);
});

eolTest('an ignore comment without ids suppresses every rule', 'suppression.yaml', (text) => {
  const f = parseManifest('s.yaml', text);
  const trailing = byName(f, 'suppress-everything');
  assert.deepEqual(trailing.containers[0]!.suppressed, [ALL_RULES]);
  assert.ok(isSuppressed(trailing.containers[0]!.suppressed, 'secret-in-shell-image'));
  assert.deepEqual(trailing.suppressed, []);
  assert.deepEqual(byName(f, 'whole-document').suppressed, [ALL_RULES]);
});

eolTest('`# secret-surface-ignore` inside a quoted value is not a comment', 'suppression.yaml', (text) => {
  const w = byName(parseManifest('s.yaml', text), 'not-suppressed');
  assert.deepEqual(w.suppressed, []);
  assert.equal(w.containers[0]!.suppressed, undefined);
  assert.equal(isSuppressed(w.suppressed, 'secret-in-shell-image'), false);
});

test('rule lists: commas or spaces, prose after the ids, `all` and `*`', () => {
  assert.deepEqual(parseRuleList('rule-a, rule-b'), ['rule-a', 'rule-b']);
  assert.deepEqual(parseRuleList(' rule-a rule-b -- because'), ['rule-a', 'rule-b']);
  assert.deepEqual(parseRuleList(': rule-a'), ['rule-a']);
  assert.deepEqual(parseRuleList(''), [ALL_RULES]);
  assert.deepEqual(parseRuleList('all'), [ALL_RULES]);
  assert.deepEqual(parseRuleList('*'), [ALL_RULES]);
  assert.equal(isSuppressed(['rule-a'], 'rule-b'), false);
  assert.equal(isSuppressed(undefined, 'rule-b'), false);
});
