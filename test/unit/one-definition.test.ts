// One word, one definition: the severity order, the settings shape and the default size limit are
// each written once (server/src/core/model.ts) and imported everywhere else. A source scan finds any
// copy that creeps back into the server, the client, the benchmarks or the tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MAX_FILE_BYTES, SEVERITY_ORDER, severityRank } from '../../server/src/core/model.js';
import { DEFAULT_SETTINGS } from '../../server/src/protocol.js';

const HOME = 'server/src/core/model.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'node_modules' || n === 'out' || n === 'fixtures' || n === '.work' ? [] : sources(p);
    return /\.(ts|mjs)$/.test(n) ? [p.split('\\').join('/')] : [];
  });
}

const FILES = ['server/src', 'client/src', 'test', 'bench', 'scripts'].flatMap(sources);

/** Files (other than model.ts and this test) whose text matches `re`. */
function copies(re: RegExp): string[] {
  return FILES.filter((f) => f !== HOME && !f.endsWith('one-definition.test.ts') && re.test(readFileSync(f, 'utf8')));
}

test('the scan reads the places copies would hide in', () => {
  for (const f of [HOME, 'server/src/protocol.ts', 'client/src/report-sort.ts', 'server/src/lsp/document-diagnostics.ts', 'test/golden/fix-properties.test.ts']) {
    assert.ok(FILES.includes(f), `${f} is scanned`);
  }
});

test('one severity order: SEVERITY_ORDER in model.ts, nowhere else a rank table', () => {
  assert.deepEqual(Object.entries(SEVERITY_ORDER).sort((a, b) => a[1] - b[1]).map(([s]) => s), ['error', 'warning', 'info', 'hint']);
  assert.ok(severityRank('error') < severityRank('hint'));
  // A table that ranks severities by number, in any spacing or quoting.
  assert.deepEqual(copies(/['"]?error['"]?\s*:\s*0\s*,\s*['"]?warning['"]?\s*:\s*1/), []);
  assert.ok(/error: 0, warning: 1/.test(readFileSync(HOME, 'utf8')), 'the scan pattern matches the one definition');
});

test('one default size limit: DEFAULT_MAX_FILE_BYTES, which the editor default uses', () => {
  assert.equal(DEFAULT_SETTINGS.maxFileBytes, DEFAULT_MAX_FILE_BYTES);
  // 2 MiB written out (not the 2 GiB image limit of the registry reader).
  assert.deepEqual(copies(/\b2\s*\*\s*1024\s*\*\s*1024\b(?!\s*\*)|\b2097152\b/), []);
});

test('one settings shape: WorkspaceSettings in model.ts; the server and the client derive theirs from it', () => {
  // A declared `imageMap` field (what only a settings type has); the places that fill one in are not declarations.
  assert.deepEqual(copies(/^\s*imageMap\??\s*:\s*(Record<|\{\s*\[)/m), []);
  assert.match(readFileSync('server/src/protocol.ts', 'utf8'), /interface SecretSurfaceSettings extends Required<WorkspaceSettings>/);
  assert.deepEqual(copies(/interface (CoreSettings|WorkspaceSettings)\b/), []);
});
