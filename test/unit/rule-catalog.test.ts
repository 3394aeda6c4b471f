// The rule catalog is complete: every rule has an id slug, docs in every section, a golden workspace
// that fires and one that passes, and a generated doc page that is up to date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { rules } from '../../server/src/core/rules/index.js';
import { renderRuleDoc, renderRuleIndex } from '../../server/src/core/rules/docs.js';

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
