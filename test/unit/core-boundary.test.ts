// The core stays pure: no editor, LSP, file-system, process or network import anywhere under
// server/src/core, so the CLI, the server and the cluster check can all run it and tests can too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const FORBIDDEN = [
  /^vscode$/,
  /^vscode-languageserver/,
  /^vscode-languageclient/,
  /^(node:)?fs(\/promises)?$/,
  /^(node:)?(http|https|net|tls|dgram|child_process|worker_threads|os)$/,
  /^node-fetch$/,
  /^@kubernetes\/client-node$/,
];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('server/src/core imports nothing impure', () => {
  const files = tsFiles('server/src/core');
  assert.ok(files.length > 20);
  const offenders: string[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? '';
      if (FORBIDDEN.some((re) => re.test(spec))) offenders.push(`${f}: ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('the boundary check would catch an impure import', () => {
  const sample = "import { readFileSync } from 'node:fs';";
  const m = /from\s+['"]([^'"]+)['"]/.exec(sample);
  assert.ok(m && FORBIDDEN.some((re) => re.test(m[1]!)));
});
