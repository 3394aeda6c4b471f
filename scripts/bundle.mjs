// Bundles the language server, the CLI and the VS Code client with esbuild, all as CommonJS files
// (VS Code loads extensions with require; node runs server/out/**/*.js as CommonJS thanks to the
// package.json written beside them).
// - The parse pool's worker (server/out/files/parse-worker.js) is started by the CLI and the server.
// - The CLI is server/out/cli/main.js, which is all `scan` loads: the commands and report formats it
//   does not always need (cluster, policy, scan --registry, the exposure page, policy reports) are
//   bundles of their own beside it, required by its dynamic import()s only when asked for; each
//   holds its own copy of what it shares with main.js, so nothing of theirs is compiled for a scan.
//   The HCL parser is a file of its own too (server/out/hcl2-parser.js), read on the first bake file,
//   and so is the CLI's image catalog (server/out/catalog.json).
// - server/out/cli.js is the `bin`: it runs cli/main.js through V8's code cache (cli/bin.ts).
// The metafiles are checked below: a CLI bundle that holds what it must not fails the build.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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

// The CLI's image catalog is a file beside its bundles (server/out/catalog.json), read and parsed when
// the catalog module loads: as a string inside main.js it was read again as part of the bundle and of
// its code cache (a third of each).
const cliCatalog = {
  name: 'cli-catalog',
  setup(b) {
    b.onLoad({ filter: /server\/src\/core\/catalog\/catalog\.json$/ }, () => ({
      contents: "export default JSON.parse(require('node:fs').readFileSync(require('node:path').join(__dirname, '..', 'catalog.json'), 'utf8'));",
      loader: 'js',
    }));
  },
};

// The `yaml` package as its ESM build (yaml/browser/index.js: the same release, the same code) rather than
// its CommonJS one, whose parser and composer read `process.env.LOG_TOKENS` / `LOG_STREAM` once per
// token: a lookup in the process environment each time, a quarter of the parse time of a large
// folder. The two differ otherwise only in how a warning is printed (console.warn, not
// process.emitWarning) and `!!binary` giving a Uint8Array rather than a Buffer (read by nothing here).
const YAML_ESM = fileURLToPath(new URL('../node_modules/yaml/browser/index.js', import.meta.url));
const yamlEsm = {
  name: 'yaml-esm',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: YAML_ESM }));
  },
};

// What no bundle may hold, and why: the HCL parser is the file beside the bundles that the first bake
// file reads (below), and yaml comes as its ESM build (yamlEsm). A bundle that holds one fails the build.
const IN_NO_BUNDLE = [
  ['node_modules/hcl2-parser/', 'it reads server/out/hcl2-parser.js on the first bake file'],
  ['node_modules/yaml/dist/', "the bundles take yaml's ESM build (see yamlEsm)"],
];
function refuseInputs(file, inputs, alsoRefused = []) {
  for (const [part, why] of [...IN_NO_BUNDLE, ...alsoRefused.map((p) => [p, 'scripts/bundle.mjs keeps that out of it'])]) {
    const bad = inputs.find((p) => p.includes(part));
    if (bad) throw new Error(`${file} holds ${bad}: ${why}`);
  }
}

// The CLI's modules imported on demand: `import('./cluster.js')` in server/src/cli names
// server/out/cli/cluster.js here as it names build/server/cli/cluster.js in the compiled tree.
const CLI_LAZY = ['cluster', 'policy', 'scan-registry', 'report-page', 'report-output'];
const cliLazy = {
  name: 'cli-lazy',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^\\./(${CLI_LAZY.join('|')})\\.js$`) }, (args) =>
      args.kind === 'dynamic-import' && args.importer.includes('server/src/cli/') ? { path: args.path, external: true } : undefined,
    );
  },
};

// The exposure page's browser script, built first: the CLI's HTML report and the webview inline it.
const page = await build({ entryPoints: ['server/src/exposure-page/main.ts'], bundle: true, platform: 'browser', target: 'es2020', format: 'iife', minify: true, write: false, logLevel: 'warning' });
// import.meta.url (where an entry finds the parse worker) is the bundle's own file URL in CommonJS too.
const metaUrl = "const __ssImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  define: { EXPOSURE_PAGE_SCRIPT: JSON.stringify(page.outputFiles[0].text), 'import.meta.url': '__ssImportMetaUrl' },
  plugins: [yamlEsm],
};
const withBanner = (...lines) => ({ js: [...lines.filter(Boolean), metaUrl].join('\n') });

// Every bundle is minified (the .vsix and the npm package carry less, and V8 has less to read); the
// source maps beside them keep stack traces readable and stay out of the .vsix.
const cjs = [
  // The language server reads the HCL parser from the file beside it, like the CLI (see below).
  { in: 'server/src/server.ts', out: 'server/out/server.js', bin: true, define: { SS_HCL_PARSER_FILE: JSON.stringify('./hcl2-parser.js') } },
  // The parse pool's worker, for the CLI and the language server: one CommonJS file both start.
  { in: 'server/src/files/parse-worker.ts', out: 'server/out/files/parse-worker.js' },
  { in: 'client/src/extension.ts', out: 'client/out/extension.js', external: ['vscode'] },
];
for (const e of cjs) {
  if (!existsSync(e.in)) continue;
  const r = await build({ ...common, entryPoints: [e.in], outfile: e.out, external: e.external ?? [], banner: withBanner(e.bin && '#!/usr/bin/env node'), minify: true, define: { ...common.define, ...e.define } });
  refuseInputs(e.out, Object.keys(r.metafile.inputs));
  // The language server is a bin (secret-surface-language-server) that runs from a checkout too.
  if (e.bin) chmodSync(e.out, 0o755);
}

// The CLI: main.js and its on-demand bundles. dynamic-import: false makes esbuild write their
// import()s as require()s, which the code cache's loader (cli/bin.ts) gives main.js.
rmSync('server/out/cli', { recursive: true, force: true });
const cliBuild = (name, src) =>
  build({
    ...common,
    entryPoints: [src],
    outfile: `server/out/cli/${name}.js`,
    banner: withBanner(),
    minify: true,
    supported: { 'dynamic-import': false },
    define: { ...common.define, SS_HCL_PARSER_FILE: JSON.stringify('../hcl2-parser.js') },
    plugins: [yamlEsm, cliCatalog, jsonAsParse, cliLazy],
  });
const cliMetafiles = [await cliBuild('main', 'server/src/cli/main.ts')];
for (const name of CLI_LAZY) cliMetafiles.push(await cliBuild(name, `server/src/cli/${name}.ts`));

writeFileSync('server/out/catalog.json', JSON.stringify(JSON.parse(readFileSync('server/src/core/catalog/catalog.json', 'utf8'))));

// The HCL parser (hcl2-parser, 3.4 MB: HashiCorp's hcl/v2 compiled to JavaScript) as a file of its own,
// required by files/hcl.ts on the first docker-bake.hcl by the CLI and the language server: compiled
// with main.js it cost every scan tens of milliseconds, and every editor start the same.
await build({ entryPoints: ['node_modules/hcl2-parser/dist/index.js'], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: 'server/out/hcl2-parser.js', minify: true, logLevel: 'warning' });

// What `scan` must not compile besides what no bundle holds: cluster, registry and policy code (and
// their dependencies) in main.js.
const NOT_IN_MAIN = ['node_modules/@kubernetes/', 'node_modules/node-fetch/', 'node_modules/tar-stream/', 'server/src/cluster/', 'server/src/core/policy/', 'server/src/cli/report-page.ts'];
for (const [i, r] of cliMetafiles.entries()) {
  for (const [file, out] of Object.entries(r.metafile.outputs)) {
    refuseInputs(file, Object.keys(out.inputs), i === 0 ? NOT_IN_MAIN : []);
  }
}

for (const dir of ['server/out', 'client/out']) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/package.json`, JSON.stringify({ type: 'commonjs' }) + '\n');
}
// The bin, told which build of main.js it runs (its code cache is kept per build).
const mainHash = createHash('sha256').update(readFileSync('server/out/cli/main.js')).digest('hex').slice(0, 16);
await build({ ...common, entryPoints: ['server/src/cli/bin.ts'], outfile: 'server/out/cli.js', sourcemap: false, minify: true, banner: withBanner('#!/usr/bin/env node'), define: { ...common.define, SS_MAIN_HASH: JSON.stringify(mainHash) } });
chmodSync('server/out/cli.js', 0o755);
