// Writes docs/admission/*.yaml: the admission policies `secret-surface policy admission examples` generates
// (run `npm run build:types` first; `npm run docs` does). test/unit/admission-docs.test.ts fails when stale.
import { mkdirSync, writeFileSync } from 'node:fs';
const { ADMISSION_EXAMPLES } = await import('../build/server/src/cli/policy-admission.js');
mkdirSync('docs/admission', { recursive: true });
for (const ex of ADMISSION_EXAMPLES) writeFileSync(ex.file, ex.render());
console.log(`wrote ${ADMISSION_EXAMPLES.length} admission policy examples to docs/admission/`);
