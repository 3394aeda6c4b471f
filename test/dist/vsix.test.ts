// The extension package as the marketplace receives it: `vsce package` run exactly as `npm run package`
// runs it (no skip flags: a missing repository, license or icon fails it) on the built bundles, then the
// .vsix opened like a zip and its contents checked — what must ship, and what must not (sources, tests,
// fixtures, source maps, node_modules). Prints the package's size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readZip } from '../support/zip.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  scripts: Record<string, string>;
  icon?: string;
  license?: string;
  repository?: { url?: string };
  bugs?: { url?: string };
  homepage?: string;
  categories?: string[];
  keywords?: string[];
  galleryBanner?: { color?: string; theme?: string };
};

/** `vsce package …` as package.json's package:vsix script has it, writing to `out` instead. */
function vsceArgs(out: string): string[] {
  const script = pkg.scripts['package:vsix'] ?? '';
  assert.ok(pkg.scripts['package']?.includes('npm run package:vsix'), `npm run package runs package:vsix: ${pkg.scripts['package']}`);
  const words = script.split(/\s+/);
  assert.deepEqual(words.slice(0, 2), ['vsce', 'package'], script);
  for (const flag of ['--allow-missing-repository', '--skip-license', '--allow-star-activation', '--allow-unused-files-pattern']) assert.ok(!words.includes(flag), `${flag} in ${script}`);
  const o = words.indexOf('-o');
  assert.ok(o > 0, `the script names its output: ${script}`);
  return [...words.slice(1, o), '-o', out, ...words.slice(o + 2)];
}

test('vsce package (strict) builds a .vsix holding the bundles, the manifest, README, CHANGELOG, LICENSE and icon — and no sources, tests or maps', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-vsix-'));
  try {
    const out = join(dir, 'secret-surface.vsix');
    const r = spawnSync(process.execPath, ['node_modules/@vscode/vsce/vsce', ...vsceArgs(out)], { encoding: 'utf8' });
    assert.equal(r.status, 0, `vsce package failed:\n${r.stdout}\n${r.stderr}`);
    const bytes = statSync(out).size;
    const entries = readZip(readFileSync(out));
    const names = entries.map((e) => e.name).sort();
    console.log(`secret-surface.vsix: ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes} bytes), ${names.length} files, ${(entries.reduce((n, e) => n + e.size, 0) / 1024 / 1024).toFixed(2)} MB unpacked`);

    for (const f of [
      'extension.vsixmanifest',
      'extension/package.json',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/LICENSE.txt',
      'extension/images/icon.png',
      'extension/client/out/extension.js',
      'extension/client/out/package.json',
      'extension/server/out/server.js',
      'extension/server/out/files/parse-worker.js',
      'extension/server/out/hcl2-parser.js',
      'extension/server/out/package.json',
      'extension/schemas/config.schema.json',
      'extension/docs/rules/secret-in-shell-image.md',
    ])
      assert.ok(names.includes(f), `${f} missing from the .vsix: ${names.join(', ')}`);
    const unwanted = names.filter(
      (n) =>
        n.endsWith('.map') ||
        (n.endsWith('.ts') && !n.endsWith('.d.ts')) ||
        /(^|\/)(node_modules|test|fixtures|src|bench|examples|build|scripts|\.ci|\.tools|test-artifacts)\//.test(n.replace(/^extension\//, '')) ||
        n.endsWith('.vsix') ||
        n.includes('tsconfig') ||
        n.includes('.eslint'),
    );
    assert.deepEqual(unwanted, [], 'sources, tests, fixtures, maps or dev tooling in the .vsix');

    const manifest = JSON.parse(entries.find((e) => e.name === 'extension/package.json')!.data.toString('utf8')) as typeof pkg;
    assert.equal(manifest.icon, 'images/icon.png');
    const icon = entries.find((e) => e.name === 'extension/images/icon.png')!.data;
    assert.equal(icon.subarray(1, 4).toString('ascii'), 'PNG');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128], 'the icon is 128×128');
    const readme = entries.find((e) => e.name === 'extension/readme.md')!.data.toString('utf8');
    // Relative links are rewritten to the repository, so the marketplace page shows the screenshots.
    assert.match(readme, /!\[[^\]]*\]\(https:\/\/github\.com\/secret-surface\/secret-surface\/raw\/HEAD\/docs\/images\/exposure-matrix\.png\)/);
    assert.match(entries.find((e) => e.name === 'extension/LICENSE.txt')!.data.toString('utf8'), /^MIT License/);
    const xml = entries.find((e) => e.name === 'extension.vsixmanifest')!.data.toString('utf8');
    assert.match(xml, /<Categories>Linters,Visualization<\/Categories>/);
    assert.match(xml, /<Icon>extension\/images\/icon\.png<\/Icon>/);
    assert.match(xml, /Links\.Source" Value="https:\/\/github\.com\/secret-surface\/secret-surface\.git"/);
    assert.match(xml, /Branding\.Color" Value="#[0-9a-f]{6}"/i);

    // A real unzip, where one is installed, agrees that every member extracts.
    if (spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0) {
      const t = spawnSync('unzip', ['-tq', out], { encoding: 'utf8' });
      assert.equal(t.status, 0, t.stdout + t.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('package.json carries the marketplace metadata', () => {
  assert.equal(pkg.license, 'MIT');
  assert.equal(pkg.repository?.url, 'https://github.com/secret-surface/secret-surface.git');
  assert.equal(pkg.bugs?.url, 'https://github.com/secret-surface/secret-surface/issues');
  assert.match(pkg.homepage ?? '', /^https:\/\/github\.com\/secret-surface\/secret-surface/);
  // Marketplace categories are a fixed list; these two say what the extension is.
  assert.deepEqual(pkg.categories, ['Linters', 'Visualization']);
  assert.ok((pkg.keywords?.length ?? 0) > 0 && (pkg.keywords?.length ?? 0) <= 30, 'vsce allows at most 30 keywords');
  assert.match(pkg.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
  assert.ok(pkg.galleryBanner?.theme === 'dark' || pkg.galleryBanner?.theme === 'light');
  // The PNG is rendered from the SVG beside it (scripts/gen-images.mjs).
  assert.ok(statSync('images/icon.svg').size > 0);
});
