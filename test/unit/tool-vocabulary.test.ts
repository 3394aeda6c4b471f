// One tool vocabulary: a file scan (Dockerfile COPY of programs, package data) and the cluster check's
// registry layer reader classify the same image contents as the same tools, and no other module keeps
// a list of shells or tool names of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from '../support/workspace.js';
import { LayeredFs } from '../../server/src/cluster/registry/layer-fs.js';
import { toolForPath } from '../../server/src/cluster/registry/tool-paths.js';
import { imageFacts, parseDockerfile } from '../../server/src/core/docker/index.js';
import { loadCatalog } from '../../server/src/core/catalog/catalog.js';
import { knownTools, toolName, isShell } from '../../server/src/core/catalog/tools.js';
import { needsShell } from '../../server/src/core/kubernetes/exec-command.js';
import builtin from '../../server/src/core/catalog/catalog.json' with { type: 'json' };

const SRC = fileURLToPath(new URL('../../../server/src/', import.meta.url));

/** Program file names as images ship them: every tool, the versioned and alternative spellings, and non-tools. */
const PROGRAMS = [
  ...knownTools().map((t) => t.tool).filter((t) => t !== 'busybox'),
  'python3.12', 'python3.11m', 'python2.7', 'perl5.36.0', 'ruby3.3', 'php8.2', 'lua5.4', 'pip3.12', 'nodejs',
  'nc.openbsd', 'nc.traditional', 'ls', 'cat', 'python3-config', 'constructor',
];

function fileScanTools(dir: string): string[] {
  const text = `FROM scratch\n${PROGRAMS.map((p) => `COPY --from=tools ${dir}/${p} ${dir}/${p}`).join('\n')}\n`;
  const df = parseDockerfile('Dockerfile', text);
  return imageFacts(df, loadCatalog()).tools.map((t) => `${t.tool}:${t.category}`).sort();
}

function registryTools(dir: string): string[] {
  const fs = new LayeredFs();
  fs.applyLayer('sha256:a', PROGRAMS.map((p) => ({ name: `.${dir}/${p}`, kind: 'file' as const })));
  return fs.findTools().tools.map((t) => `${t.tool}:${t.category}`).sort();
}

test('the cluster check and the file scan name the same tools for the same programs', () => {
  for (const dir of ['/usr/bin', '/bin', '/usr/local/bin']) {
    const scan = fileScanTools(dir);
    assert.deepEqual(registryTools(dir), scan, dir);
    // The cases the two used to disagree on.
    for (const t of ['git:network', 'dig:network', 'gcloud:network', 'pwsh:shell', 'mksh:shell', 'node:interpreter', 'python3:interpreter', 'nc:network']) {
      assert.ok(scan.includes(t), `${t} in ${dir}`);
    }
    assert.ok(!scan.some((t) => /^(ls|cat|python3-config|constructor|nodejs|python3\.12):/.test(t)));
  }
});

test('every tool the catalog data names is a vocabulary tool of the same category, under its own name', () => {
  const seen: string[] = [];
  for (const table of Object.values(builtin.packages as Record<string, Record<string, { tools: { tool: string; category: string }[] }>>)) {
    for (const pkg of Object.values(table)) {
      for (const t of pkg.tools) {
        seen.push(t.tool);
        assert.deepEqual(toolName(t.tool), { tool: t.tool, category: t.category }, t.tool);
        assert.deepEqual(toolForPath(`/usr/bin/${t.tool}`), { tool: t.tool, category: t.category }, `registry: ${t.tool}`);
      }
    }
  }
  assert.ok(seen.length > 50);
});

test('the rule, the fix and the manifest reader agree on what a shell is', () => {
  for (const sh of ['sh', '/bin/bash', 'mksh', '/usr/bin/zsh', 'pwsh', 'fish']) {
    assert.ok(isShell(sh), sh);
    assert.ok(needsShell([sh, '-c', 'echo hi']), `needsShell ${sh}`);
  }
  assert.ok(isShell('busybox') && !isShell('python3') && !isShell('/bin/ls'));
});


test('no module outside the vocabulary lists shells or tool names itself', () => {
  const offenders: string[] = [];
  const files = listFiles(SRC).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length > 30, 'the scan reads the sources');
  for (const rel of files) {
    const file = join(SRC, rel);
    if (rel === 'core/catalog/tools.ts') continue;
    const text = readFileSync(file, 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '');
    // A list (array, Set, regex alternation) naming two shells or two network clients is a second dictionary.
    if (/['"](sh|bash|ash|dash|zsh|ksh|mksh)['"]\s*,\s*['"](sh|bash|ash|dash|zsh|ksh|mksh)['"]/.test(text)) offenders.push(`${rel} lists shells`);
    if (/\b(sh|bash|ash|dash|zsh|ksh)\|(sh|bash|ash|dash|zsh|ksh)\b/.test(text)) offenders.push(`${rel} matches shells by regex`);
    if (/\b(curl|wget|nc|netcat)\|(curl|wget|nc|netcat)\b|['"](curl|wget)['"]\s*,\s*['"](curl|wget|nc)['"]/.test(text)) offenders.push(`${rel} lists network clients`);
    if (/add\('(shell|network|interpreter|package-manager)'/.test(text)) offenders.push(`${rel} builds its own tool table`);
  }
  assert.deepEqual(offenders, []);
});
