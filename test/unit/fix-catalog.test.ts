// The fix catalog is complete like the rule catalog: unique ids, rules it resolves that exist, docs,
// a golden diff per fix, and docs/fixes.md generated from it; fixes refer to rules only through the
// catalog (no rule-id string literals in core/fixes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fixes, FIX_IDS, type FixId } from '../../server/src/core/fixes/index.js';
import { renderFixDocs } from '../../server/src/core/fixes/docs.js';
import { ruleIds } from '../../server/src/core/rules/index.js';

test('fix ids are unique slugs, in catalog order', () => {
  assert.deepEqual([...FIX_IDS], fixes.map((f) => f.id));
  assert.equal(new Set(FIX_IDS).size, FIX_IDS.length);
  for (const id of FIX_IDS) assert.match(id, /^[a-z]+(-[a-z]+)+$/);
});

for (const fix of fixes) {
  test(`${fix.id} resolves catalog rules, has docs and a golden diff`, () => {
    assert.ok(fix.resolves.length > 0, `${fix.id} resolves no rule`);
    for (const r of fix.resolves) assert.ok(ruleIds.includes(r), `${fix.id} resolves unknown rule ${r}`);
    assert.ok(fix.title.length > 10 && fix.docs.safe.length > 1 && fix.docs.example.length > 20, `${fix.id}: docs are missing`);
    assert.ok(existsSync(`test/golden/fixes/${fix.id}/input`), `${fix.id}: no golden input`);
    assert.ok(existsSync(`test/golden/fixes/${fix.id}/expected.txt`), `${fix.id}: no golden diff`);
  });
}

test('every golden fix folder belongs to a catalog fix', () => {
  for (const dir of readdirSync('test/golden/fixes', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) assert.ok((FIX_IDS as readonly string[]).includes(dir), `test/golden/fixes/${dir} is no fix`);
});

test('docs/fixes.md is generated from the catalog and up to date', () => {
  assert.equal(readFileSync('docs/fixes.md', 'utf8'), renderFixDocs(fixes), 'docs/fixes.md is stale: run npm run docs');
});

test('fix ids are literal types: an id that is not in the catalog does not compile', () => {
  // @ts-expect-error — 'no-such-fix' is not a FixId; if FixId widened to string this line would compile and tsc would fail.
  const bogus: FixId = 'no-such-fix';
  assert.equal(typeof bogus, 'string');
});

test('core/fixes names rules only through the rule catalog, never by a string literal', () => {
  const offenders: string[] = [];
  for (const name of readdirSync('server/src/core/fixes')) {
    const text = readFileSync(`server/src/core/fixes/${name}`, 'utf8');
    for (const id of ruleIds) if (text.includes(`'${id}'`) || text.includes(`"${id}"`)) offenders.push(`${name}: '${id}'`);
    if (/data\??\.\[|data!\[/.test(text)) offenders.push(`${name} reads Finding.data by key`);
    if (/loadCatalog\(/.test(text)) offenders.push(`${name} loads the catalog again`);
  }
  assert.deepEqual(offenders, []);
});
