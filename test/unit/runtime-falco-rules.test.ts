// The generated Falco rules checked as far as possible without the Falco engine (test/support/falco-rules.ts):
// the rules-file shape from Falco's documented keys, every condition parsed with Falco's grammar, every field
// one Falco documents, every macro and list defined before use. The check itself is shown to fail on bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { checkFalcoRules } from '../support/falco-rules.js';
import { loadWorkspaceDir } from '../support/workspace.js';
import { generateRuntimePolicy } from '../../server/src/core/policy/runtime/index.js';

test('every Falco golden passes the rules-file check', () => {
  const files = readdirSync('test/golden/runtime').filter((f) => f.includes('.falco.'));
  assert.ok(files.length >= 2);
  for (const f of files) {
    const rules = parse(readFileSync(`test/golden/runtime/${f}`, 'utf8'));
    assert.deepEqual(checkFalcoRules(rules), [], f);
  }
  const fixture = generateRuntimePolicy(loadWorkspaceDir('test/fixtures/runtime/subpath').ws.analyze().exposures, 'falco', { mode: 'audit' }).yaml;
  const rules = parse(fixture);
  assert.deepEqual(checkFalcoRules(rules), []);
  // Label keys with dots and slashes stay inside the brackets.
  assert.match(fixture, /k8s\.pod\.label\[app\.kubernetes\.io\/name\] = "billing"/);
});

test('the check fails on an unknown field, an undefined macro or list, a bad priority and broken syntax', () => {
  const good = parse(readFileSync('test/golden/runtime/examples.falco.yaml', 'utf8')) as Record<string, unknown>[];
  const ruleAt = good.findIndex((i) => typeof i['rule'] === 'string');
  const mutate = (f: (items: Record<string, unknown>[]) => void) => {
    const copy = structuredClone(good);
    f(copy);
    return checkFalcoRules(copy);
  };
  const cases: [string, (items: Record<string, unknown>[]) => void, RegExp][] = [
    ['unknown field', (x) => (x[ruleAt]!['condition'] = `${x[ruleAt]!['condition']} and proc.nmae = x`), /unknown field proc\.nmae/],
    ['undefined macro', (x) => (x[ruleAt]!['condition'] = `secret_surface_nope and ${x[ruleAt]!['condition']}`), /secret_surface_nope is not a field comparison nor a macro/],
    ['undefined list', (x) => (x[ruleAt]!['condition'] = 'proc.name in (secret_surface_missing_list)'), /list secret_surface_missing_list is not defined/],
    ['bad priority', (x) => (x[ruleAt]!['priority'] = 'SEVERE'), /schema: \/\d+/],
    ['unknown key', (x) => (x[ruleAt]!['severity'] = 'high'), /schema: /],
    ['syntax', (x) => (x[ruleAt]!['condition'] = '(proc.name = a and'), /unexpected end|missing \)/],
    ['unknown output field', (x) => (x[ruleAt]!['output'] = 'x %proc.nam'), /output: unknown field proc\.nam/],
    ['label without key', (x) => (x[ruleAt]!['condition'] = 'k8s.pod.label = x'), /needs a label in brackets/],
  ];
  for (const [what, f, re] of cases) {
    const errors = mutate(f);
    assert.ok(errors.some((e) => re.test(e)), `${what}: ${errors.join('\n')}`);
  }
});
