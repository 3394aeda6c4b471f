// The script-like link sources' readers: variable expansion per dialect, the build-command reader,
// Makefile assignments, shell `cd`, workflow env, GitLab variables, Cloud Build substitutions, and the
// notice naming each variable a file leaves without a value; the linker's repository-path matching.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readBuildConfig } from '../../server/src/core/linking/read-build-config.js';
import { ImageLinker } from '../../server/src/core/linking/linker.js';
import { expandMake, expandShell, expandExpressions, expandSubstitutions } from '../../server/src/core/linking/sources/expand.js';
import { readInvocation, nameOf } from '../../server/src/core/linking/sources/docker-build.js';
import { splitCommands } from '../../server/src/core/linking/sources/shell-words.js';

const vars = (o: Record<string, string>) => (n: string) => o[n];

test('Make expansion: recursive values, $$, functions stay unresolved and are named', () => {
  const r = expandMake('$(IMG) ${TAG} $$HOME $(shell git rev-parse HEAD) $(NOPE)', vars({ IMG: '$(REG)/app', REG: 'ghcr.io/x', TAG: 'v1' }));
  assert.equal(r.text, 'ghcr.io/x/app v1 $HOME $(shell git rev-parse HEAD) $(NOPE)');
  assert.deepEqual(r.unresolved, ['$(shell git rev-parse HEAD)', '$(NOPE)']);
  assert.deepEqual(expandMake('$(A)', vars({ A: '$(B)', B: '$(A)' })).unresolved, ['$(A)'], 'a loop ends as unresolved');
});

test('shell expansion: defaults, single quotes, command substitution', () => {
  const r = expandShell(`"$REG/api:\${TAG:-dev}" '$LIT' \${UNSET} $(date)`, vars({ REG: 'quay.io/a' }));
  assert.equal(r.text, `"quay.io/a/api:dev" '$LIT' \${UNSET} $(date)`);
  assert.deepEqual(r.unresolved, ['${UNSET}', '$(date)']);
  assert.equal(expandShell('${E:-x}', vars({ E: '' })).text, 'x');
  assert.equal(expandShell('${E-x}', vars({ E: '' })).text, '');
});

test('workflow expressions and Cloud Build substitutions', () => {
  const e = expandExpressions('${{ env.R }}/a:${{ github.sha }}', (x) => (x === 'env.R' ? 'ghcr.io/o' : undefined));
  assert.deepEqual(e, { text: 'ghcr.io/o/a:${{ github.sha }}', unresolved: ['${{ github.sha }}'] });
  const s = expandSubstitutions('gcr.io/$PROJECT_ID/${_APP}:$$x', vars({ _APP: 'web' }));
  assert.deepEqual(s, { text: 'gcr.io/$PROJECT_ID/web:$x', unresolved: ['$PROJECT_ID'] });
});

test('build commands: docker, buildx, podman, kaniko; flags with values are skipped', () => {
  const [cmd] = splitCommands('sudo docker buildx build --platform linux/amd64,linux/arm64 --push -t a/b:1 --tag=c/d -f x/Dockerfile --target=rt --build-arg X=1 ctx');
  assert.deepEqual(readInvocation(cmd!), { tool: 'docker buildx build', tags: ['a/b:1', 'c/d'], dockerfile: 'x/Dockerfile', target: 'rt', context: 'ctx' });
  assert.deepEqual(readInvocation(splitCommands('podman build -tq/r .')[0]!)?.tags, ['q/r']);
  assert.deepEqual(readInvocation(splitCommands('/kaniko/executor --context=dir://src --destination r/x -f src/D')[0]!), { tool: 'kaniko executor', tags: ['r/x'], context: 'src', dockerfile: 'src/D' });
  assert.equal(readInvocation(splitCommands('docker push a/b')[0]!), undefined);
  assert.equal(splitCommands('cd web && docker build -t "$(IMG)" .').length, 2);
});

test('an image name with an unresolved part: exact, repository-path suffix, or not linked', () => {
  assert.deepEqual(nameOf('ghcr.io/a/b:$(TAG)', ['$(TAG)']), { kind: 'exact', image: 'ghcr.io/a/b', refs: ['$(TAG)'] });
  assert.deepEqual(nameOf('$(REGISTRY)/team/controller:v1', ['$(REGISTRY)']), { kind: 'suffix', image: 'team/controller', refs: ['$(REGISTRY)'] });
  assert.equal(nameOf('$(IMG)', ['$(IMG)']).kind, 'unlinkable');
  assert.equal(nameOf('ghcr.io/${{ github.repository }}:latest', ['${{ github.repository }}']).kind, 'unlinkable');
});

test('Makefile: ?= is a default a later = overrides, recipes expand at the end, the unresolved variable is named', () => {
  const text = 'REGISTRY ?= ghcr.io/one\nREGISTRY = ghcr.io/two\nREGISTRY ?= ghcr.io/three\nbuild: ; docker build -t $(REGISTRY)/api .\nimg:\n\t@docker build -t $(MISSING)/ui -f ui/Dockerfile.prod ui\n\techo $(IMG)\n';
  const r = readBuildConfig('apps/Makefile', text);
  assert.equal(r.kind, 'makefile');
  assert.deepEqual(r.links.map((l) => [l.image, l.dockerfile, l.suffix ?? false]), [
    ['ghcr.io/two/api', 'apps/Dockerfile', false],
    ['ui', 'apps/ui/Dockerfile.prod', true],
  ]);
  assert.deepEqual(r.notices.map((n) => [n.message, n.range?.start.line]), [
    ['apps/Makefile:6 docker build: $(MISSING) in $(MISSING)/ui has no value here; the image is matched by its repository path …/ui', 5],
  ]);
  assert.equal(readBuildConfig('mk/images.mk', 'x:\n\tdocker build -t $(IMG) .\n').notices[0]?.message, 'mk/images.mk:2 docker build: the image name is $(IMG), which has no value here, so this build is not linked');
});

test('shell script: assignments, cd to the script\'s parent, continuation lines', () => {
  const text = 'cd "$(dirname "${BASH_SOURCE[0]}")/.."\nexport REG=quay.io/x\ndocker build \\\n  -t $REG/api \\\n  -f build/api.Dockerfile .\n';
  const r = readBuildConfig('hack/ci/build.sh', text);
  assert.deepEqual(r.links.map((l) => [l.image, l.dockerfile, l.location?.range.start.line]), [['quay.io/x/api', 'hack/build/api.Dockerfile', 2]]);
  assert.match(r.links[0]!.reason, /^hack\/ci\/build\.sh:3 docker build quay\.io\/x\/api: context hack\/, dockerfile build\/api\.Dockerfile$/);
});

test('workflow: env from workflow and job, metadata-action images, working-directory', () => {
  const text = [
    'env: { R: ghcr.io/o }',
    'jobs:',
    '  b:',
    '    env: { APP: web }',
    '    defaults: { run: { working-directory: apps } }',
    '    steps:',
    '      - id: m',
    '        uses: docker/metadata-action@v5',
    '        with: { images: "name=${{ env.R }}/${{ env.APP }},enable=true" }',
    '      - uses: docker/build-push-action@v6',
    '        with: { tags: "${{ steps.m.outputs.tags }}", context: apps/web, target: prod }',
    '      - run: docker build -t $R/cli -t ${{ inputs.mirror }}/cli:${{ github.sha }} cli',
    '',
  ].join('\n');
  const r = readBuildConfig('.github/workflows/ci.yaml', text);
  assert.deepEqual(r.links.map((l) => [l.image, l.dockerfile, l.target ?? '', l.suffix ?? false]), [
    ['ghcr.io/o/web', 'apps/web/Dockerfile', 'prod', false],
    ['ghcr.io/o/cli', 'apps/cli/Dockerfile', '', false],
    ['cli', 'apps/cli/Dockerfile', '', true],
  ]);
  assert.deepEqual(r.notices.map((n) => n.message), [
    '.github/workflows/ci.yaml:12 jobs.b.steps[2] docker build: ${{ inputs.mirror }}, ${{ github.sha }} in ${{ inputs.mirror }}/cli:${{ github.sha }} has no value here; the image is matched by its repository path …/cli',
  ]);
  assert.equal(readBuildConfig('.github/workflows/x.yml', 'jobs: {}\n').kind, 'github-actions');
});

test('GitLab CI and Cloud Build: variables and substitutions resolve, built-ins are named', () => {
  const gl = readBuildConfig('.gitlab-ci.yml', 'variables: { REG: { value: registry.example.com/g } }\nb:\n  script:\n    - docker build -t $REG/api:$CI_COMMIT_SHA api\n');
  assert.deepEqual(gl.links.map((l) => [l.image, l.dockerfile]), [['registry.example.com/g/api', 'api/Dockerfile']]);
  assert.deepEqual(gl.notices.map((n) => n.message), ['.gitlab-ci.yml:4 b.script docker build: $CI_COMMIT_SHA in the tag of registry.example.com/g/api:$CI_COMMIT_SHA has no value here; links ignore tags']);
  const cb = readBuildConfig('deploy/cloudbuild.yml', "substitutions: { _R: eu }\nsteps:\n  - name: gcr.io/cloud-builders/docker\n    args: [build, -t, '$_R-docker.pkg.dev/$PROJECT_ID/r/app', -f, /workspace/app/Dockerfile, app]\n");
  assert.deepEqual(cb.links.map((l) => [l.image, l.dockerfile, l.suffix]), [['r/app', 'app/Dockerfile', true]]);
  assert.match(cb.notices[0]!.message, /\$PROJECT_ID in eu-docker\.pkg\.dev\/\$PROJECT_ID\/r\/app has no value here/);
});

test('linker: a suffix link matches segment-aligned, after every whole-name link', () => {
  const suffix = { image: 'team/api', dockerfile: 'build/api.Dockerfile', source: 'makefile' as const, reason: 'm', suffix: true };
  const whole = { image: 'ghcr.io/x/team/api', dockerfile: 'other/Dockerfile', source: 'shell' as const, reason: 's' };
  const linker = new ImageLinker({ results: [{ links: [suffix] }], dockerfiles: ['build/api.Dockerfile'] });
  assert.equal(linker.resolve('quay.io/org/team/api:1')?.dockerfile, 'build/api.Dockerfile');
  assert.equal(linker.resolve('quay.io/org/myteam/api:1'), undefined, 'segment-aligned only');
  assert.ok(linker.linkedDockerfiles().has('build/api.Dockerfile'));
  const both = new ImageLinker({ results: [{ links: [suffix, whole] }], dockerfiles: ['build/api.Dockerfile', 'other/Dockerfile'] });
  assert.equal(both.resolve('ghcr.io/x/team/api')?.dockerfile, 'other/Dockerfile');
  assert.deepEqual(both.candidates('ghcr.io/x/team/api').map((l) => l.dockerfile), ['other/Dockerfile', 'build/api.Dockerfile']);
});
