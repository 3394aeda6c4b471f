// The generated Falco rules checked as far as possible without the Falco engine (test/support/falco-rules.ts):
// the rules-file shape from Falco's documented keys, every condition parsed with Falco's grammar, every field
// one Falco documents, every macro and list defined before use. The check itself is shown to fail on bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { checkFalcoRuleSchema, checkFalcoRules } from '../support/falco-rules.js';
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

test("every Falco golden passes the Falco engine's own rules-file schema, document by document", () => {
  const files = readdirSync('test/golden/runtime').filter((f) => f.includes('.falco.'));
  for (const f of files) {
    const docs = parseAllDocuments(readFileSync(`test/golden/runtime/${f}`, 'utf8'));
    assert.equal(docs.length, 1, f);
    for (const d of docs) {
      assert.deepEqual(d.errors, [], f);
      const value = d.toJS();
      assert.ok(Array.isArray(value) && value.length > 5, f);
      assert.deepEqual(checkFalcoRuleSchema(value), [], f);
    }
  }
});

test("Falco's schema refuses what the engine would warn about: lower-case priority, unknown key, wrong types", () => {
  const good = parse(readFileSync('test/golden/runtime/examples.falco.yaml', 'utf8')) as Record<string, unknown>[];
  const ruleAt = good.findIndex((i) => typeof i['rule'] === 'string');
  const listAt = good.findIndex((i) => typeof i['list'] === 'string');
  const cases: [string, (items: Record<string, unknown>[]) => void, RegExp][] = [
    // The rule loader takes priorities in any case; the schema lists only upper case.
    ['lower-case priority', (x) => (x[ruleAt]!['priority'] = 'critical'), new RegExp(`falco schema: /${ruleAt}/priority must be equal to one of the allowed values \\(EMERGENCY, ALERT, CRITICAL`)],
    ['unknown key', (x) => (x[ruleAt]!['severity'] = 'high'), new RegExp(`falco schema: /${ruleAt} must NOT have additional properties \\(severity\\)`)],
    ['enabled as a string', (x) => (x[ruleAt]!['enabled'] = 'yes'), new RegExp(`falco schema: /${ruleAt}/enabled must be boolean`)],
    ['tags not strings', (x) => (x[ruleAt]!['tags'] = [1]), new RegExp(`falco schema: /${ruleAt}/tags/0 must be string`)],
    ['exception without a name', (x) => (x[ruleAt]!['exceptions'] = [{ fields: ['proc.name'] }]), /must have required property 'name'/],
    ['list item an object', (x) => (x[listAt]!['items'] = [{ a: 1 }]), new RegExp(`falco schema: /${listAt}/items/0 must be integer`)],
    ['override with a bad mode', (x) => (x[ruleAt]!['override'] = { condition: 'merge' }), /override\/condition must be equal to one of the allowed values \(append, replace\)/],
  ];
  assert.ok(listAt >= 0, 'the golden defines a list');
  for (const [what, f, re] of cases) {
    const copy = structuredClone(good);
    f(copy);
    const errors = checkFalcoRuleSchema(copy);
    assert.ok(errors.some((e) => re.test(e)), `${what}: ${errors.join('\n')}`);
  }
  assert.match(checkFalcoRuleSchema({ rule: 'x' }).join('\n'), /falco schema: \/ must be array/);
});
