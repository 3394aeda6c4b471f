// Bundles the language server, the CLI and the VS Code client with esbuild.
// - The language server and the client are CommonJS files (VS Code loads extensions with require;
//   node runs server/out/*.js as CommonJS thanks to the package.json written beside them).
// - The parse pool's worker (server/out/files/parse-worker.js) is CommonJS too, started by both.
// - The CLI is ES modules split into chunks (server/out/cli/, a package.json of type module beside
//   them): `scan` loads the core and the folder walk; `cluster`, `policy` and `--registry` import
//   their chunks (@kubernetes/client-node, node-fetch, tar-stream) only when asked for.
//   server/out/cli.js is the `bin`: it turns on Node's compile cache where Node has one (22.1+)
//   and imports the entry chunk.
import { build } from 'esbuild';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

// JSON data (the image catalog) as one JSON.parse of a string: V8 reads that far faster than the
// same data written as an object literal, which is what esbuild's JSON loader emits.
const jsonAsParse = {
  name: 'json-as-parse',
  setup(b) {
    b.onLoad({ filter: /\.json$/ }, (args) => ({
      contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8'))))});`,
      loader: 'js',
    }));
  },
};

// The exposure page's browser script, built first: the CLI's HTML report and the webview inline it.
const page = await build({ entryPoints: ['server/src/exposure-page/main.ts'], bundle: true, platform: 'browser', target: 'es2020', format: 'iife', minify: true, write: false, logLevel: 'warning' });
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', define: { EXPOSURE_PAGE_SCRIPT: JSON.stringify(page.outputFiles[0].text) } };
const cjs = [
  { in: 'server/src/server.ts', out: 'server/out/server.js', banner: { js: '#!/usr/bin/env node' } },
  // The parse pool's worker, for the CLI and the language server: one CommonJS file both start.
  { in: 'server/src/files/parse-worker.ts', out: 'server/out/files/parse-worker.js', minify: true },
  { in: 'client/src/extension.ts', out: 'client/out/extension.js', external: ['vscode'] },
];
for (const e of cjs) {
  if (!existsSync(e.in)) continue;
  // import.meta.url (where the entry finds the parse worker) is the bundle's own file URL in CommonJS too.
  const metaUrl = "const __ssImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";
  const banner = { js: [e.banner?.js, metaUrl].filter(Boolean).join('\n') };
  await build({ ...common, format: 'cjs', entryPoints: [e.in], outfile: e.out, external: e.external ?? [], banner, minify: e.minify ?? false, define: { ...common.define, 'import.meta.url': '__ssImportMetaUrl' } });
  // The language server is a bin (secret-surface-language-server) that runs from a checkout too.
  if (e.banner) chmodSync(e.out, 0o755);
}

// CommonJS packages inside an ES module bundle still call require() for node built-ins.
const esmRequire = "import { createRequire as __ssCreateRequire } from 'node:module'; const require = __ssCreateRequire(import.meta.url);";
rmSync('server/out/cli', { recursive: true, force: true });
await build({
  ...common,
  format: 'esm',
  splitting: true,
  entryPoints: { main: 'server/src/cli/main.ts' },
  outdir: 'server/out/cli',
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: esmRequire },
  minify: true,
  plugins: [jsonAsParse],
});
for (const dir of ['server/out', 'client/out']) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/package.json`, JSON.stringify({ type: 'commonjs' }) + '\n');
}
writeFileSync('server/out/cli/package.json', JSON.stringify({ type: 'module' }) + '\n');
writeFileSync(
  'server/out/cli.js',
  `#!/usr/bin/env node
// The secret-surface command: the compile cache where this Node has one, then the CLI's entry chunk.
'use strict';
const mod = require('node:module');
if (typeof mod.enableCompileCache === 'function' && !process.env.NODE_DISABLE_COMPILE_CACHE) mod.enableCompileCache();
import('./cli/main.js');
`,
  { mode: 0o755 },
);
