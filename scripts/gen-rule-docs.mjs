// Writes docs/rules/*.md from the compiled rule catalog and docs/catalog.md from the image catalog
// (run `npm run build:types` first; `npm run docs` does).
import { mkdirSync, writeFileSync } from 'node:fs';
const { rules } = await import('../build/server/src/core/rules/index.js');
const { renderRuleDoc, renderRuleIndex } = await import('../build/server/src/core/rules/docs.js');
const { loadCatalog, renderCatalogDoc } = await import('../build/server/src/core/catalog/index.js');
mkdirSync('docs/rules', { recursive: true });
for (const r of rules) writeFileSync(`docs/rules/${r.id}.md`, renderRuleDoc(r));
writeFileSync('docs/rules/README.md', renderRuleIndex(rules));
writeFileSync('docs/catalog.md', renderCatalogDoc(loadCatalog().data));
console.log(`wrote ${rules.length} rule pages to docs/rules/ and docs/catalog.md`);
