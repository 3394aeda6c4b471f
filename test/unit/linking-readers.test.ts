// Build-config readers: skaffold (v2beta29, v3, v4beta11), compose, kustomize renames, Tiltfile —
// links, their reasons and ranges, CRLF input, and broken files that must become notices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readBuildConfig } from '../../server/src/core/linking/read-build-config.js';
import { classifyFile } from '../../server/src/core/linking/classify.js';
import { composeLinks, interpolateImage } from '../../server/src/core/linking/compose.js';
import { interpolateCompose, parseDotEnv } from '../../server/src/core/linking/compose-env.js';
import { tokenizeStarlark } from '../../server/src/core/linking/tiltfile.js';
import { LineIndex } from '../../server/src/core/text/positions.js';
import type { ImageLink, Range } from '../../server/src/core/model.js';

const FIXTURES = new URL('../../../test/fixtures/linking/', import.meta.url);
const fixture = (p: string): string => readFileSync(new URL(p, FIXTURES), 'utf8');

/** The range of the `nth` occurrence of `needle` in `text` (0-based), found by text, never typed by hand. */
function rangeOf(text: string, needle: string, nth = 0): Range {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${JSON.stringify(needle)} occurs ${nth + 1} times`);
  }
  return new LineIndex(text).range(at, at + needle.length);
}

function linkFor(links: ImageLink[], image: string): ImageLink {
  const l = links.find((x) => x.image === image);
  assert.ok(l, `a link for ${image} among ${links.map((x) => x.image).join(', ')}`);
  return l;
}

const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');

test('classifyFile by name', () => {
  const cases: [string, ReturnType<typeof classifyFile>][] = [
    ['Dockerfile', 'dockerfile'],
    ['api/Dockerfile.prod', 'dockerfile'],
    ['api/build.Dockerfile', 'dockerfile'],
    ['api/ledger.dockerfile', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['skaffold.yaml', 'build-config'],
    ['deploy/skaffold.yml', 'build-config'],
    ['skaffold-dev.yaml', 'build-config'],
    ['compose.yaml', 'build-config'],
    ['docker-compose.yml', 'build-config'],
    ['docker-compose.override.yml', 'build-config'],
    ['compose.prod.yaml', 'build-config'],
    ['k8s/kustomization.yaml', 'build-config'],
    ['k8s/Kustomization', 'build-config'],
    ['Tiltfile', 'build-config'],
    ['.env', 'compose-env'],
    ['deploy/.env', 'compose-env'],
    ['.env.local', 'other'],
    ['.secret-surface.yaml', 'config'],
    ['sub/.secret-surface.yml', 'config'],
    ['k8s/deployment.yaml', 'manifest-candidate'],
    ['values.YML', 'manifest-candidate'],
    ['README.md', 'other'],
    ['Dockerfile-notes.txt', 'other'],
    ['.dockerfile', 'other'],
  ];
  for (const [path, want] of cases) assert.equal(classifyFile(path), want, path);
});

test('skaffold v2beta29: two configs in one file, context, dockerfile, target, non-Docker builders', () => {
  const text = fixture('skaffold/v2beta29/skaffold.yaml');
  const r = readBuildConfig('deploy/skaffold.yaml', text);
  assert.equal(r.kind, 'skaffold');
  assert.deepEqual(
    r.links.map((l) => [l.image, l.dockerfile, l.target]),
    [
      ['registry.example.com/shop/api', 'deploy/api/Dockerfile.prod', 'runtime'],
      ['registry.example.com/shop/api-migrations', 'deploy/migrations/Dockerfile', undefined],
      ['worker', 'deploy/Dockerfile', undefined],
    ],
  );
  const api = linkFor(r.links, 'registry.example.com/shop/api');
  assert.equal(api.source, 'skaffold');
  assert.equal(api.reason, 'deploy/skaffold.yaml config "api" build.artifacts[0]: context api/, dockerfile Dockerfile.prod, target runtime');
  assert.deepEqual(api.location, { file: 'deploy/skaffold.yaml', range: rangeOf(text, 'registry.example.com/shop/api') });
  assert.equal(linkFor(r.links, 'worker').reason, 'deploy/skaffold.yaml config "worker" build.artifacts[0]: context ./, dockerfile Dockerfile');
  // Profiles are not read: the dev profile's Dockerfile.dev never appears.
  assert.ok(!r.links.some((l) => l.dockerfile?.endsWith('Dockerfile.dev')));
  const jib = r.notices.find((n) => n.message.includes('jib'));
  assert.ok(jib, 'the jib artifact is reported');
  assert.equal(jib.severity, 'info');
  assert.deepEqual(jib.range, rangeOf(text, 'registry.example.com/shop/jvm'));
});

test('skaffold v3: default docker builder, kaniko dockerfile and target', () => {
  const r = readBuildConfig('skaffold.yaml', fixture('skaffold/v3/skaffold.yaml'));
  assert.equal(r.kind, 'skaffold');
  assert.deepEqual(
    r.links.map((l) => [l.image, l.dockerfile, l.target ?? null, l.reason]),
    [
      ['gcr.io/acme/frontend', 'web/Dockerfile', null, 'skaffold.yaml build.artifacts[0]: context web/, dockerfile Dockerfile'],
      ['gcr.io/acme/batch', 'jobs/batch/build/Containerfile', 'final', 'skaffold.yaml build.artifacts[1]: context jobs/batch/, dockerfile build/Containerfile, target final'],
    ],
  );
  assert.deepEqual(r.notices, []);
});

test('skaffold v4beta11 under another file name is recognised by its apiVersion', () => {
  const r = readBuildConfig('skaffold-dev.yaml', fixture('skaffold/v4beta11/skaffold-dev.yaml'));
  assert.equal(r.kind, 'skaffold');
  assert.deepEqual(
    r.links.map((l) => [l.image, l.dockerfile, l.target ?? null]),
    [
      ['localhost:5000/payments', 'services/payments/Dockerfile', 'dev'],
      ['localhost:5000/ledger', 'services/ledger/docker/ledger.Dockerfile', null],
    ],
  );
  assert.match(r.links[1]!.reason, /^skaffold-dev\.yaml config "ledger" build\.artifacts\[0\]/);
  const values = readBuildConfig('skaffold-values.yaml', fixture('skaffold/not-skaffold/skaffold-values.yaml'));
  assert.equal(values.kind, 'none');
  assert.deepEqual(values.links, []);
});

test('compose: string and object build, dockerfile, target, interpolation, derived names, remote and inline builds', () => {
  const text = fixture('compose/docker-compose.yml');
  const r = readBuildConfig('shop/docker-compose.yml', text);
  assert.equal(r.kind, 'compose');
  assert.deepEqual(
    r.links.map((l) => [l.image, l.dockerfile, l.target ?? null]),
    [
      ['registry.example.com/shop/api:latest', 'shop/api/Dockerfile', null],
      ['registry.example.com/shop/worker', 'shop/services/worker/docker/Dockerfile.worker', 'runtime'],
      // No image: compose names it <project>-<service>, the project being `name:` lowercased.
      ['shop-cron', 'shop/cron/Dockerfile', null],
      // ${REGISTRY} has no value (no .env here): matched by the rest of its repository path.
      ['shop/env', 'shop/env/Dockerfile', null],
    ],
  );
  assert.equal(linkFor(r.links, 'shop/env').suffix, true);
  const worker = linkFor(r.links, 'registry.example.com/shop/worker');
  assert.equal(worker.reason, 'shop/docker-compose.yml services.worker.build: context services/worker/, dockerfile docker/Dockerfile.worker, target runtime');
  assert.deepEqual(worker.location?.range, rangeOf(text, 'registry.example.com/shop/worker'));
  const cron = linkFor(r.links, 'shop-cron');
  assert.match(cron.reason, /no image: compose names it shop-cron/);
  assert.deepEqual(cron.location?.range, rangeOf(text, 'cron', 0));
  assert.ok(r.notices.some((n) => n.message.includes('remote context')));
  assert.ok(r.notices.some((n) => n.message.includes('dockerfile_inline')));
  const env = r.notices.find((n) => n.message.includes('${REGISTRY}'));
  assert.equal(env?.message, 'shop/docker-compose.yml services.env.image ${REGISTRY}/shop/env:1.0: REGISTRY is not set (there is no .env beside shop/docker-compose.yml); the image is matched by its repository path …/shop/env');
  assert.deepEqual(env.range, rangeOf(text, '${REGISTRY}/shop/env:1.0'));
  // The project name comes from the directory when the file has no `name:`.
  const prod = readBuildConfig('Shop.Front/compose.prod.yaml', 'services:\n  web:\n    build: .\n');
  assert.equal(prod.links[0]?.image, 'shopfront-web');
});

test('compose: a build context of .. with a dockerfile relative to it', () => {
  const r = readBuildConfig('deploy/compose.prod.yaml', fixture('compose/compose.prod.yaml'));
  assert.deepEqual(r.links.map((l) => [l.image, l.dockerfile]), [['registry.example.com/shop/api', 'api/Dockerfile.prod']]);
  assert.equal(r.links[0]!.reason, 'deploy/compose.prod.yaml services.api.build: context ../, dockerfile api/Dockerfile.prod');
});

test('compose interpolation: defaults, errors, alternatives, $$, and what stays unresolved', () => {
  assert.deepEqual(interpolateImage('app:${TAG:-1.0}'), { image: 'app:1.0', unresolved: [] });
  assert.deepEqual(interpolateImage('app:${TAG}'), { image: 'app:${TAG}', unresolved: ['TAG'] });
  assert.deepEqual(interpolateImage('${REG-registry.example.com}/app'), { image: 'registry.example.com/app', unresolved: [] });
  assert.deepEqual(interpolateImage('app:$$x'), { image: 'app:$x', unresolved: [] });
  assert.deepEqual(interpolateImage('$REG/app:${T:?required}'), { image: '$REG/app:${T:?required}', unresolved: ['REG', 'T'] });
  const env = new Map([['REG', 'r.example'], ['EMPTY', ''], ['TAG', '2']]);
  assert.deepEqual(interpolateImage('$REG/app:${TAG}', env), { image: 'r.example/app:2', unresolved: [] });
  // `:-` takes the default for an empty value, `-` only for an unset one.
  assert.deepEqual(interpolateImage('${EMPTY:-d}/${EMPTY-d}x', env), { image: 'd/x', unresolved: [] });
  assert.deepEqual(interpolateImage('${EMPTY:?must be set}/a', env), { image: '${EMPTY:?must be set}/a', unresolved: ['EMPTY'] });
  assert.deepEqual(interpolateImage('${EMPTY?set}/a', env), { image: '/a', unresolved: [] });
  assert.deepEqual(interpolateImage('a${REG:+-alt}${NONE:+-no}', env), { image: 'a-alt', unresolved: [] });
  // A default may itself interpolate.
  assert.deepEqual(interpolateImage('${NONE:-${REG}/lib}/app', env), { image: 'r.example/lib/app', unresolved: [] });
  const r = interpolateCompose('${X:?X is required}', new Map());
  assert.deepEqual(r.unresolved, [{ name: 'X', written: '${X:?X is required}', error: 'X is required' }]);
});

test('.env as compose reads it: export, comments, quotes, escapes, earlier variables', () => {
  const env = parseDotEnv(
    [
      '# registry',
      'export REPO=registry.example.com/shop',
      "LITERAL='${REPO}/x'",
      'QUOTED="${REPO}/y\tz"',
      'TAG = 1.4   # inline comment',
      'HASH=a#b',
      'FROM_ENV',
      'EMPTY=',
      'MULTI="one',
      'two"',
      'AFTER=${TAG:-0}',
      '',
    ].join('\r\n'),
  );
  assert.deepEqual(Object.fromEntries(env), {
    REPO: 'registry.example.com/shop',
    LITERAL: '${REPO}/x',
    QUOTED: 'registry.example.com/shop/y\tz',
    TAG: '1.4',
    HASH: 'a#b',
    EMPTY: '',
    MULTI: 'one\r\ntwo',
    AFTER: '1.4',
  });
});

test('kustomize images: renames only where newName changes the repository', () => {
  const text = fixture('kustomize/kustomization.yaml');
  const r = readBuildConfig('k8s/overlays/prod/kustomization.yaml', text);
  assert.equal(r.kind, 'kustomize');
  assert.deepEqual(r.links, []);
  assert.deepEqual(
    r.renames?.map((x) => [x.from, x.to]),
    [['api', 'registry.example.com/shop/api']],
  );
  assert.deepEqual(r.renames?.[0]?.location, {
    file: 'k8s/overlays/prod/kustomization.yaml',
    range: rangeOf(text, 'registry.example.com/shop/api'),
  });
  const orphan = r.notices.find((n) => n.message.includes('no `name:`'));
  assert.ok(orphan, 'an entry without name is reported');
  assert.equal(readBuildConfig('k8s/Kustomization', 'images:\n- name: a\n  newName: b\n').renames?.length, 1);
});

test('Tiltfile: positional and keyword calls, comments, strings, computed names', () => {
  const text = fixture('tilt/Tiltfile');
  const r = readBuildConfig('dev/Tiltfile', text);
  assert.equal(r.kind, 'tilt');
  assert.deepEqual(
    r.links.map((l) => [l.image, l.dockerfile, l.target ?? null]),
    [
      ['registry.example.com/shop/api', 'dev/api/Dockerfile', null],
      // `dockerfile=` is relative to the Tiltfile, not the context.
      ['registry.example.com/shop/web', 'dev/web/Dockerfile.dev', 'dev'],
      // Fourth positional argument is the dockerfile (third is build_args).
      ['registry.example.com/shop/admin', 'dev/admin/admin.Dockerfile', null],
      ['registry.example.com/shop/hot', 'dev/hot/Dockerfile', null],
    ],
  );
  const web = linkFor(r.links, 'registry.example.com/shop/web');
  const callLine = rangeOf(text, 'docker_build(\n').start.line + 1;
  assert.equal(web.reason, `dev/Tiltfile:${callLine} docker_build(…): context web/, dockerfile web/Dockerfile.dev, target dev`);
  // The link points at the string literal, quotes included.
  assert.deepEqual(web.location?.range, rangeOf(text, '"registry.example.com/shop/web"'));
  assert.ok(!r.links.some((l) => l.image === 'commented/out' || l.image === 'in/a/string' || l.image === 'not/tilt'));
  const computed = r.notices.find((n) => n.message.includes('not a string literal'));
  assert.ok(computed, 'a computed image name is reported, not guessed');
  assert.equal(computed.range?.start.line, rangeOf(text, 'docker_build(IMAGE').start.line);
});

test('Starlark tokenizer: prefixes, triple quotes, escapes', () => {
  const toks = tokenizeStarlark(`x = r'a\\b' + """multi\nline""" + 'it\\'s' # 'comment'\n`);
  assert.deepEqual(toks.filter((t) => t.type === 'string').map((t) => t.value), ['a\\b', 'multi\nline', "it's"]);
});

test('CRLF files give the same links and ranges on the same lines', () => {
  for (const [name, path] of [
    ['skaffold.yaml', 'skaffold/v2beta29/skaffold.yaml'],
    ['docker-compose.yml', 'compose/docker-compose.yml'],
    ['Tiltfile', 'tilt/Tiltfile'],
    ['kustomization.yaml', 'kustomize/kustomization.yaml'],
  ] as const) {
    const lf = readBuildConfig(name, fixture(path));
    const text = crlf(fixture(path));
    const cr = readBuildConfig(name, text);
    assert.deepEqual(cr.links.map((l) => [l.image, l.dockerfile, l.target, l.reason]), lf.links.map((l) => [l.image, l.dockerfile, l.target, l.reason]), name);
    assert.deepEqual(cr.renames, lf.renames, name);
    const lfIndex = new LineIndex(fixture(path));
    const crIndex = new LineIndex(text);
    const at = (index: LineIndex, r: Range): string => index.text.slice(index.offsetAt(r.start), index.offsetAt(r.end));
    for (const [i, l] of cr.links.entries()) {
      const range = l.location!.range;
      assert.deepEqual(range, lf.links[i]!.location!.range, `${name}: ${l.image}`);
      assert.equal(at(crIndex, range), at(lfIndex, lf.links[i]!.location!.range), `${name}: ${l.image}`);
    }
  }
});

test('a byte-order mark does not shift ranges', () => {
  const text = '\uFEFF' + fixture('skaffold/v3/skaffold.yaml');
  const r = readBuildConfig('skaffold.yaml', text);
  assert.deepEqual(r.links[0]!.location!.range, rangeOf(text, 'gcr.io/acme/frontend'));
});

test('broken files become notices, never exceptions', () => {
  for (const name of ['skaffold.yaml', 'compose.yaml', 'kustomization.yaml', 'Tiltfile']) {
    const r = readBuildConfig(name, fixture(`broken/${name}`));
    assert.ok(r.notices.length > 0, `${name} reports a problem`);
    assert.ok(r.notices.every((n) => n.file === name), name);
  }
  const skaffold = readBuildConfig('skaffold.yaml', fixture('broken/skaffold.yaml'));
  assert.equal(skaffold.notices[0]!.severity, 'error');
  assert.ok(skaffold.notices[0]!.range, 'a YAML error has a range');
  const kustomize = readBuildConfig('kustomization.yaml', fixture('broken/kustomization.yaml'));
  assert.deepEqual(kustomize.notices[0]!.range, rangeOf(fixture('broken/kustomization.yaml'), '"not a list"'));
  // Values of the wrong shape anywhere do not throw either.
  for (const text of ['', '---\n', '[1, 2]', 'build: 3', 'build:\n  artifacts: {a: 1}', 'apiVersion: skaffold/v4beta11\nbuild:\n  artifacts:\n  - image: [x]\n  - 7']) {
    for (const name of ['skaffold.yaml', 'compose.yaml', 'kustomization.yaml', 'Tiltfile', '.secret-surface.yaml']) {
      assert.doesNotThrow(() => readBuildConfig(name, text), `${name}: ${JSON.stringify(text)}`);
    }
  }
  const noImage = readBuildConfig('skaffold.yaml', 'apiVersion: skaffold/v4beta11\nbuild:\n  artifacts:\n  - image: [x]\n  - context: a\n');
  assert.equal(noImage.links.length, 0);
  assert.equal(noImage.notices.filter((n) => n.message.includes('has no `image:`')).length, 2);
});

test('.secret-surface.yaml images become config links', () => {
  const text = fixture('config/full.secret-surface.yaml');
  const r = readBuildConfig('.secret-surface.yaml', text);
  assert.equal(r.kind, 'config');
  assert.deepEqual(
    r.links.map((l) => [l.image, l.dockerfile, l.target ?? null, l.source]),
    [
      ['registry.example.com/shop/api', 'services/api/Dockerfile', 'runtime', 'config'],
      ['worker', 'workers/Dockerfile', null, 'config'],
    ],
  );
  assert.equal(r.links[0]!.reason, '.secret-surface.yaml images: registry.example.com/shop/api → services/api/Dockerfile, target runtime');
  assert.deepEqual(r.links[1]!.location?.range, rangeOf(text, 'worker'));
  assert.ok(r.config, 'the parsed config comes along');
  assert.equal(r.config.fixes.csiProvider, 'vault');
  // In a subdirectory, paths are relative to the config file.
  const sub = readBuildConfig('apps/.secret-surface.yml', 'version: 1\nimages:\n  a: ../a/Dockerfile\n  b: b/Dockerfile\n');
  assert.deepEqual(sub.links.map((l) => l.dockerfile), ['a/Dockerfile', 'apps/b/Dockerfile']);
});

test('compose across files of one directory: joined by service name, base file first, no guess between builds', () => {
  const read = (file: string, text: string) => readBuildConfig(file, text).compose!;
  const base = read('deploy/compose.yaml', 'services:\n  api:\n    build: ./api\n  jobs:\n    build: ./jobs\n');
  const override = read('deploy/compose.override.yaml', 'services:\n  api:\n    image: r.example/api\n    build: ./api-dev\n');
  const prod = read('deploy/compose.prod.yaml', 'services:\n  api:\n    image: r.example/api:prod\n');
  const a = read('deploy/compose.a.yaml', 'services:\n  jobs:\n    build: ./jobs-a\n');
  const b = read('deploy/compose.b.yaml', 'services:\n  jobs:\n    build: ./jobs-b\n');
  const c = read('deploy/compose.c.yaml', 'services:\n  jobs:\n    image: r.example/jobs\n');
  // The production file's image joins the base file's build, not the override's.
  const joined = composeLinks([base, override, prod], undefined);
  assert.deepEqual(joined.links.map((l) => [l.image, l.dockerfile]), [
    ['deploy-jobs', 'deploy/jobs/Dockerfile'],
    ['r.example/api', 'deploy/api-dev/Dockerfile'],
    ['r.example/api:prod', 'deploy/api/Dockerfile'],
  ]);
  // jobs: built by the base file and by two variants; compose.c names the image: the base file's build.
  assert.deepEqual(composeLinks([base, a, b, c], undefined).links.filter((l) => l.image === 'r.example/jobs').map((l) => l.dockerfile), ['deploy/jobs/Dockerfile']);
  // Without a base file, two different builds: no join, and a notice says why.
  const tie = composeLinks([a, b, c], undefined);
  assert.deepEqual(tie.links.map((l) => l.image), []);
  assert.deepEqual(tie.notices.map((n) => n.message), ['deploy/compose.c.yaml services.jobs names an image without a build, and deploy/compose.a.yaml, deploy/compose.b.yaml each build it differently; not joined by service name']);
});
