// The layers hold: server/src/core imports no editor, LSP, file-system, process or network module and
// nothing outside itself (no adapter: lsp, cli, cluster, protocol, server), so the CLI, the server and
// the cluster check can all run it and tests can too; and the client reaches the server only through
// the shared contract, server/src/protocol.ts. One scanner checks both, and is itself tested on a
// fixture of bad imports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import ts from 'typescript';

/** Outside packages the core may use: parsers of the formats it reads, and pure path arithmetic. */
const CORE_PACKAGES = new Set(['yaml', 'dockerfile-ast', 'fast-xml-parser', 'node:path/posix']);

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p.split('\\').join('/')] : [];
  });
}

/** Every module specifier a file names: static imports and exports, `import()`, `require()`; comments and strings are not imports. */
function importsOf(text: string): { specifier: string; line: number }[] {
  const info = ts.preProcessFile(text, true, true);
  const lines = (pos: number) => text.slice(0, pos).split('\n').length;
  return info.importedFiles.map((f) => ({ specifier: f.fileName, line: lines(f.pos) }));
}

/** Where a specifier points: a repository path (`server/src/lsp/session`) for a relative one, the package name otherwise. */
function target(file: string, specifier: string): { path: string } | { pkg: string } {
  if (!specifier.startsWith('.')) return { pkg: specifier };
  return { path: posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.(js|ts)$/, '') };
}

/** What in `text` (as if it were `file`, a file under server/src/core) breaks the core's boundary. */
function coreViolations(file: string, text: string): string[] {
  const out: string[] = [];
  for (const { specifier, line } of importsOf(text)) {
    const t = target(file, specifier);
    if ('path' in t ? !t.path.startsWith('server/src/core/') : !CORE_PACKAGES.has(t.pkg)) out.push(`${file}:${line}: ${specifier}`);
  }
  return out;
}

/** What in `text` (a file under client/src) reaches into the server other than through protocol.ts. */
function clientViolations(file: string, text: string): string[] {
  const out: string[] = [];
  for (const { specifier, line } of importsOf(text)) {
    const t = target(file, specifier);
    if ('path' in t && t.path.startsWith('server/') && t.path !== 'server/src/protocol') out.push(`${file}:${line}: ${specifier}`);
  }
  return out;
}

test('server/src/core imports nothing impure and nothing outside the core', () => {
  const files = tsFiles('server/src/core');
  assert.ok(files.length > 20);
  assert.deepEqual(files.flatMap((f) => coreViolations(f, readFileSync(f, 'utf8'))), []);
});

test('the core scanner reports every bad import of the fixture and none of the good ones', () => {
  const bad = readFileSync('test/fixtures/core-boundary/bad.ts', 'utf8');
  const expected = bad.split('\n').flatMap((l, i) => (l.includes('// BAD') ? [i + 1] : []));
  assert.ok(expected.length >= 10);
  const found = coreViolations('server/src/core/rules/bad.ts', bad).map((v) => Number(/:(\d+):/.exec(v)![1]));
  // A multi-line import is reported on its first line; its BAD marker sits on the last.
  assert.deepEqual(found.length, expected.length, coreViolations('server/src/core/rules/bad.ts', bad).join('\n'));
  for (const l of found) assert.ok(expected.some((e) => e >= l && e - l <= 2), `line ${l} reported but not marked BAD`);
  assert.deepEqual(coreViolations('server/src/core/rules/good.ts', readFileSync('test/fixtures/core-boundary/good.ts', 'utf8')), []);
});

test('client/src imports nothing from the server but server/src/protocol.ts', () => {
  const files = tsFiles('client/src');
  assert.ok(files.length >= 4);
  assert.deepEqual(files.flatMap((f) => clientViolations(f, readFileSync(f, 'utf8'))), []);
  assert.ok(files.some((f) => /protocol\.js/.test(readFileSync(f, 'utf8'))), 'the client does use the contract');
  // The same scanner flags a reach around the contract.
  assert.equal(clientViolations('client/src/x.ts', "import type { Location } from '../../server/src/core/model.js';\n").length, 1);
  assert.equal(clientViolations('client/src/x.ts', "import { RulesRequest } from '../../server/src/protocol.js';\n").length, 0);
});
