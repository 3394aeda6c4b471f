// Bundles the language server, the CLI and the VS Code client with esbuild into CommonJS files
// (VS Code loads extensions with require; node runs server/out/*.js as CommonJS thanks to the
// package.json written beside them).
import { build } from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
const entries = [
  { in: 'server/src/server.ts', out: 'server/out/server.js' },
  { in: 'server/src/cli/main.ts', out: 'server/out/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { in: 'client/src/extension.ts', out: 'client/out/extension.js', external: ['vscode'] },
];
for (const e of entries) {
  if (!existsSync(e.in)) continue;
  await build({ ...common, entryPoints: [e.in], outfile: e.out, external: e.external ?? [], banner: e.banner });
}
for (const dir of ['server/out', 'client/out']) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/package.json`, JSON.stringify({ type: 'commonjs' }) + '\n');
}
