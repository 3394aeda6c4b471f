// Writes what is generated from the rule and fix catalogs (run `npm run build:types` first; `npm run docs`
// does): docs/rules/*.md, docs/fixes.md, docs/catalog.md from the image catalog, and the per-rule
// settings blocks of package.json and schemas/config.schema.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
const { rules } = await import('../build/server/src/core/rules/index.js');
const { renderRuleDoc, renderRuleIndex, ruleSettingsContribution, ruleSettingsSchema } = await import('../build/server/src/core/rules/docs.js');
const { fixes } = await import('../build/server/src/core/fixes/catalog.js');
const { renderFixDocs } = await import('../build/server/src/core/fixes/docs.js');
const { loadCatalog, renderCatalogDoc } = await import('../build/server/src/core/catalog/index.js');

mkdirSync('docs/rules', { recursive: true });
for (const r of rules) writeFileSync(`docs/rules/${r.id}.md`, renderRuleDoc(r));
writeFileSync('docs/rules/README.md', renderRuleIndex(rules));
writeFileSync('docs/fixes.md', renderFixDocs(fixes));
writeFileSync('docs/catalog.md', renderCatalogDoc(loadCatalog().data));

/** Rewrites a JSON file with `edit` applied, keeping the 2-space layout the repository uses. */
function editJson(path, edit) {
  const json = JSON.parse(readFileSync(path, 'utf8'));
  edit(json);
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
}
editJson('package.json', (p) => {
  p.contributes.configuration.properties['secretSurface.rules'].properties = ruleSettingsContribution(rules);
});
editJson('schemas/config.schema.json', (s) => {
  s.properties.rules.properties = ruleSettingsSchema(rules);
});
console.log(`wrote ${rules.length} rule pages, docs/fixes.md (${fixes.length} fixes), docs/catalog.md and the rule settings of package.json and the config schema`);
