// One YAML reader for manifests, build configs and the config file: aliases and `<<` merge keys are
// followed everywhere (a compose file that shares its build settings through an anchor links), and no
// other module reads the `yaml` AST on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deploymentWithSecret, listFiles } from '../support/workspace.js';
import { Workspace } from '../../server/src/core/workspace.js';
import { readBuildConfig } from '../../server/src/core/linking/read-build-config.js';
import { parseConfig } from '../../server/src/core/config/parse-config.js';

const CORE = fileURLToPath(new URL('../../../server/src/core/', import.meta.url));

const DOCKERFILE = 'FROM debian:13-slim\nRUN apt-get update && apt-get install -y curl\n';
const DEPLOY = deploymentWithSecret('registry.example.com/shop/apix:1.0');

function sourceOfApix(compose: string): string | undefined {
  const ws = new Workspace();
  ws.setFile('api/Dockerfile', DOCKERFILE);
  ws.setFile('deploy.yaml', DEPLOY);
  ws.setFile('docker-compose.yaml', compose);
  const e = ws.analyze().exposures.find((x) => x.container.image === 'registry.example.com/shop/apix:1.0');
  assert.ok(e, 'the api container is analysed');
  return e.image.source === 'dockerfile' ? e.image.stage?.file : e.image.source;
}

test('compose: `build: *anchor` links the service to the anchored context', () => {
  const compose = 'x-api-build: &apibuild\n  context: api\nservices:\n  api:\n    image: registry.example.com/shop/apix\n    build: *apibuild\n';
  assert.equal(sourceOfApix(compose), 'api/Dockerfile');
  const r = readBuildConfig('docker-compose.yaml', compose);
  assert.deepEqual(r.links.map((l) => [l.image, l.dockerfile]), [['registry.example.com/shop/apix', 'api/Dockerfile']]);
});

test('compose: a service that merges `<<: *x` gets its build and image from the anchor', () => {
  const compose = [
    'x-common: &w',
    '  image: registry.example.com/shop/apix',
    '  build: { context: api }',
    'services:',
    '  api:',
    '    <<: *w',
    '    environment: { A: "1" }',
    '',
  ].join('\n');
  assert.equal(sourceOfApix(compose), 'api/Dockerfile');
});

test('compose: a key the service sets itself wins over the merged one', () => {
  const compose = 'x: &w\n  build: other\nservices:\n  api:\n    <<: *w\n    image: registry.example.com/shop/apix\n    build: api\n';
  const r = readBuildConfig('docker-compose.yaml', compose);
  assert.deepEqual(r.links.map((l) => l.dockerfile), ['api/Dockerfile']);
});

test('skaffold and kustomize follow aliases too', () => {
  const skaffold = 'apiVersion: skaffold/v4beta11\nkind: Config\nx: &art\n  image: registry.example.com/shop/apix\n  context: api\nbuild:\n  artifacts:\n    - *art\n';
  assert.deepEqual(readBuildConfig('skaffold.yaml', skaffold).links.map((l) => l.dockerfile), ['api/Dockerfile']);
  const kust = 'x: &img\n  name: app\n  newName: registry.example.com/shop/apix\nimages:\n  - *img\n';
  assert.deepEqual(readBuildConfig('kustomization.yaml', kust).renames?.map((r) => r.to), ['registry.example.com/shop/apix']);
});

test('the config file follows merge keys: rules shared through an anchor apply', () => {
  const { config, notices } = parseConfig('.secret-surface.yaml', 'version: 1\nx-rules: &r\n  secret-as-env-var: off\nrules:\n  <<: *r\n', {});
  assert.equal(config.rules['secret-as-env-var'], 'off');
  assert.deepEqual(notices.filter((n) => !/x-rules/.test(n.message)).map((n) => n.message), []);
});


test('only core/yaml reads the yaml AST: no other core module imports its node helpers or defines its own', () => {
  const offenders: string[] = [];
  const files = listFiles(CORE).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length > 30, 'the scan reads the sources');
  for (const rel of files) {
    const file = join(CORE, rel);
    if (rel.startsWith('yaml/')) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^import\s+\{([^}]*)\}\s+from\s+'yaml'/gm)) {
      const values = m[1]!.split(',').map((s) => s.trim()).filter((s) => s && !s.startsWith('type '));
      const readers = values.filter((v) => v !== 'parseAllDocuments');
      if (readers.length > 0) offenders.push(`${rel} imports ${readers.join(', ')} from yaml`);
    }
    if (/function (pairOf|valueAt|mapAt|getPair|deref|scalarText|seqMaps|rootMap)\b/.test(text)) offenders.push(`${rel} defines its own YAML accessor`);
    if (/yaml-nodes\.js/.test(text)) offenders.push(`${rel} imports a yaml-nodes module`);
  }
  assert.deepEqual(offenders, []);
});
