// The rule catalog is complete: every rule has an id slug, docs in every section, a golden workspace
// that fires and one that passes, and a generated doc page that is up to date; every other list of
// rule ids (package.json settings, the config schema, the README table) is the catalog's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { rules } from '../../server/src/core/rules/index.js';
import { renderRuleDoc, renderRuleIndex, ruleSettingsContribution, ruleSettingsSchema } from '../../server/src/core/rules/docs.js';
import type { RuleId } from '../../server/src/core/rules/index.js';

test('rule ids are unique slugs', () => {
  const ids = rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[a-z]+(-[a-z]+)+$/);
});

for (const rule of rules) {
  test(`${rule.id} has docs, goldens and an up-to-date doc page`, () => {
    for (const section of ['summary', 'what', 'why', 'example', 'instead'] as const) {
      assert.ok(rule.docs[section].trim().length > 20, `${rule.id}: docs.${section} is missing or too short`);
    }
    assert.ok(existsSync(`test/golden/rules/${rule.id}/fires`), `${rule.id}: no golden workspace that fires`);
    assert.ok(existsSync(`test/golden/rules/${rule.id}/passes`), `${rule.id}: no golden workspace that passes`);
    const page = `docs/rules/${rule.id}.md`;
    assert.ok(existsSync(page), `${page} missing: run npm run docs`);
    assert.equal(readFileSync(page, 'utf8'), renderRuleDoc(rule), `${page} is stale: run npm run docs`);
  });
}

test('the rule index page is up to date', () => {
  assert.equal(readFileSync('docs/rules/README.md', 'utf8'), renderRuleIndex(rules));
});

test('package.json and the config schema list exactly the catalog rules, as npm run docs writes them', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const contributed = pkg.contributes.configuration.properties['secretSurface.rules'].properties;
  assert.deepEqual(contributed, ruleSettingsContribution(rules), 'package.json secretSurface.rules is stale: run npm run docs');
  const schema = JSON.parse(readFileSync('schemas/config.schema.json', 'utf8'));
  assert.deepEqual(schema.properties.rules.properties, ruleSettingsSchema(rules), 'config.schema.json rules is stale: run npm run docs');
});

test('the README rules table lists every catalog rule, in order, with its default severity', () => {
  const rows = [...readFileSync('README.md', 'utf8').matchAll(/^\| \[`([a-z-]+)`\]\(docs\/rules\/[a-z-]+\.md\) \| (\w+) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
  assert.deepEqual(rows, rules.map((r) => `${r.id} ${r.defaultSeverity}`));
});

test('rule ids are literal types: an id that is not in the catalog does not compile', () => {
  // @ts-expect-error — 'no-such-rule' is not a RuleId; if RuleId widened to string this line would compile and tsc would fail.
  const bogus: RuleId = 'no-such-rule';
  assert.equal(typeof bogus, 'string');
});
