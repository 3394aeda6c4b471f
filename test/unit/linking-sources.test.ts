// The link-source registry: one list that classify, readBuildConfig, the linker's precedence and the
// editor's watchers all derive from — so a source registered once is recognised, read, ranked and watched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LINK_SOURCES, linkSourceFor } from '../../server/src/core/linking/sources/index.js';
import { LINK_PRECEDENCE } from '../../server/src/core/linking/linker.js';
import { buildConfigFormat, classifyFile } from '../../server/src/core/linking/classify.js';
import { readBuildConfig } from '../../server/src/core/linking/read-build-config.js';
import { WATCH_GLOBS } from '../../server/src/files/walk.js';

test('every registered source has its own id, and ranked sources sit between the setting and the convention in rank order', () => {
  const ids = LINK_SOURCES.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length);
  const ranked = LINK_SOURCES.filter((s) => s.rank !== undefined).sort((a, b) => a.rank! - b.rank!).map((s) => s.id);
  assert.deepEqual(LINK_PRECEDENCE, ['config', 'setting', ...ranked, 'convention']);
  assert.deepEqual(LINK_PRECEDENCE.slice(0, 5), ['config', 'setting', 'skaffold', 'compose', 'tilt']);
  assert.ok(!LINK_PRECEDENCE.includes('kustomize'), 'kustomize contributes renames, not links');
});

test('a path is classified, and read, by the source that claims it', () => {
  const cases: [string, string][] = [
    ['deploy/skaffold.yaml', 'skaffold'],
    ['docker-compose.override.yml', 'compose'],
    ['k8s/Kustomization', 'kustomize'],
    ['dev/Tiltfile', 'tilt'],
  ];
  for (const [path, id] of cases) {
    assert.equal(linkSourceFor(path)?.id, id, path);
    assert.equal(buildConfigFormat(path), id, path);
    assert.equal(classifyFile(path), 'build-config', path);
  }
  assert.equal(linkSourceFor('k8s/deployment.yaml'), undefined);
  assert.equal(readBuildConfig('dev/Tiltfile', 'docker_build("a", ".")\n').links[0]?.source, 'tilt');
});

test('every source watch glob reaches the editor watchers', () => {
  for (const s of LINK_SOURCES) for (const g of s.watch) assert.ok(WATCH_GLOBS.includes(g), `${s.id}: ${g}`);
  assert.ok(WATCH_GLOBS.includes('**/Tiltfile'));
});
