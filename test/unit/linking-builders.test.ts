// Link sources for builders beyond scripts: bake (HCL through the real parser, and JSON), Jib (Maven
// pom.xml, Gradle), ko, GoReleaser and buildpacks — their links, the base image of a build without a
// Dockerfile, and the notices naming what could not be resolved. The Workspace joins a base link to
// the base's catalog facts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readBuildConfig } from '../../server/src/core/linking/read-build-config.js';
import { jibDefaultBase } from '../../server/src/core/linking/sources/jib-link.js';
import { useHclParser } from '../../server/src/core/linking/sources/hcl.js';
import { provideHclParser } from '../../server/src/files/hcl.js';
import { Workspace } from '../../server/src/core/workspace.js';

const brief = (file: string, text: string) => {
  const r = readBuildConfig(file, text);
  return { kind: r.kind, links: r.links.map((l) => [l.image, l.dockerfile ?? `base ${l.base}`, l.target ?? '', l.suffix ?? false]), notices: r.notices.map((n) => n.message) };
};

const BAKE = [
  'variable "REGISTRY" {}',
  'variable "TAG" { default = "v1" }',
  'target "base" {',
  '  dockerfile = "docker/Dockerfile"',
  '  target = "runtime"',
  '}',
  'target "api" {',
  '  inherits = ["base"]',
  '  context = "services/api"',
  '  tags = ["${REGISTRY}/api:${TAG}", "ghcr.io/o/api:${TAG}", "${lower(REGISTRY)}"]',
  '}',
  'target "inline" {',
  '  dockerfile-inline = "FROM scratch"',
  '  tags = ["x/inline"]',
  '}',
  '',
].join('\n');

test('bake HCL: inherits, variable defaults, the unresolved variable named, inline Dockerfiles reported', () => {
  provideHclParser();
  const r = brief('build/docker-bake.hcl', BAKE);
  assert.equal(r.kind, 'bake');
  assert.deepEqual(r.links, [
    ['api', 'build/services/api/docker/Dockerfile', 'runtime', true],
    ['ghcr.io/o/api:v1', 'build/services/api/docker/Dockerfile', 'runtime', false],
  ]);
  assert.deepEqual(r.notices, [
    'build/docker-bake.hcl:7 target "api": ${REGISTRY} in ${REGISTRY}/api:v1 has no value here; the image is matched by its repository path …/api',
    'build/docker-bake.hcl:7 target "api": the image name is ${lower(REGISTRY)}, which has no value here, so this build is not linked',
    'build/docker-bake.hcl:12 target "inline": the Dockerfile is inline (dockerfile-inline); the image\'s contents are not read from a file',
  ]);
  assert.match(brief('docker-bake.hcl', 'target "x" {\n').notices[0]!, /could not be parsed .*HCL syntax error/);
});

test('bake JSON goes through JSON.parse; without an HCL parser an HCL file is reported, not skipped', () => {
  const json = brief('docker-bake.override.json', JSON.stringify({ variable: { R: { default: 'q.io/o' } }, target: { w: { context: 'w', tags: ['${R}/w'] } } }));
  assert.deepEqual(json.links, [['q.io/o/w', 'w/Dockerfile', '', false]]);
  useHclParser(undefined);
  try {
    assert.match(brief('docker-bake.hcl', BAKE).notices[0]!, /no HCL parser is available/);
  } finally {
    provideHclParser();
  }
});

const POM = `<project><artifactId>orders</artifactId><packaging>jar</packaging>
<properties><java.version>11</java.version></properties>
<build><pluginManagement><plugins><plugin><artifactId>jib-maven-plugin</artifactId>
<configuration><from><image>gcr.io/distroless/java17</image></from><to><image>\${registry}/orders</image></to></configuration>
</plugin></plugins></pluginManagement></build></project>`;

test('Jib Maven: from/to images read with an XML parser; an unresolved property named; broken XML reported', () => {
  assert.deepEqual(brief('svc/pom.xml', POM), {
    kind: 'jib',
    links: [['orders', 'base gcr.io/distroless/java17', '', true]],
    notices: ['svc/pom.xml:3 jib-maven-plugin: ${registry} in ${registry}/orders has no value here; the image is matched by its repository path …/orders'],
  });
  assert.match(brief('pom.xml', '<project><artifactId>jib-maven-plugin</project>').notices[0]!, /not well-formed XML/);
  assert.deepEqual(brief('pom.xml', '<project><dependencies/></project>'), { kind: 'jib', links: [], notices: [] });
});

test("Jib's documented default base: eclipse-temurin by Java version, jetty for a WAR", () => {
  assert.equal(jibDefaultBase('1.8', false).image, 'eclipse-temurin:8-jre');
  assert.equal(jibDefaultBase('11', false).image, 'eclipse-temurin:11-jre');
  assert.equal(jibDefaultBase('17', false).image, 'eclipse-temurin:17-jre');
  assert.equal(jibDefaultBase('22', false).image, 'eclipse-temurin:21-jre');
  assert.equal(jibDefaultBase(undefined, false).image, 'eclipse-temurin');
  assert.equal(jibDefaultBase('17', true).image, 'jetty');
});

test('Jib Gradle: block and dotted forms, Java version from the toolchain, a computed image reported', () => {
  const groovy = "java { toolchain { languageVersion = JavaLanguageVersion.of(17) } }\njib {\n  to { image 'ghcr.io/o/pay' }\n}\n// jib { to { image = 'commented/out' } }\n";
  assert.deepEqual(brief('pay/build.gradle', groovy).links, [['ghcr.io/o/pay', 'base eclipse-temurin:17-jre', '', false]]);
  const dotted = brief('build.gradle', "sourceCompatibility = JavaVersion.VERSION_11\njib.from.image = 'azul/zulu-openjdk:11'\njib.to.image = imageName\n");
  assert.deepEqual(dotted.links, []);
  assert.deepEqual(dotted.notices, ['build.gradle:2 jib: the image name is ${imageName}, which has no value here, so this build is not linked']);
});

test('ko: overrides per import path, defaultBaseImage, and ko\'s own default when no .ko.yaml says', () => {
  const ws = new Workspace();
  const deploy = (name: string, image: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: { name: ${name} }\nspec:\n  containers:\n    - name: c\n      image: ${image}\n      env:\n        - name: T\n          valueFrom: { secretKeyRef: { name: s, key: k } }\n`;
  ws.setFile('a.yaml', deploy('a', 'ko://github.com/o/r/cmd/a'));
  const linkOf = () => ws.analyze().exposures.map((e) => [e.container.image, e.link?.base, e.link?.source, e.image.baseImage]);
  assert.deepEqual(linkOf(), [['ko://github.com/o/r/cmd/a', 'cgr.dev/chainguard/static', 'ko', 'cgr.dev/chainguard/static']]);
  assert.match(ws.analyze().exposures[0]!.link!.reason, /ko's default base image cgr\.dev\/chainguard\/static \(no \.ko\.yaml/);
  ws.setFile('.ko.yaml', 'defaultBaseImage: alpine:3.20\nbaseImageOverrides:\n  github.com/o/r/cmd/b: debian:12\n');
  ws.setFile('b.yaml', deploy('b', 'ko://github.com/o/r/cmd/b'));
  assert.deepEqual(linkOf(), [
    ['ko://github.com/o/r/cmd/a', 'alpine:3.20', 'ko', 'alpine:3.20'],
    ['ko://github.com/o/r/cmd/b', 'debian:12', 'ko', 'debian:12'],
  ]);
  // The base's catalog facts are the image's: alpine brings a shell.
  assert.ok(ws.analyze().findings.some((f) => f.rule === 'secret-in-shell-image' && f.location.file === 'a.yaml'));
});

test('GoReleaser and buildpacks', () => {
  const g = brief('.goreleaser.yml', 'dockers:\n  - image_templates: ["{{ .Env.REGISTRY }}/cli:{{ .Tag }}"]\n    build_flag_templates: ["--target=slim"]\nenv:\n  - REGISTRY=ghcr.io/o\n');
  assert.deepEqual(g.links, [['ghcr.io/o/cli', 'Dockerfile', 'slim', false]]);
  assert.deepEqual(g.notices, ['.goreleaser.yml:2 dockers[0]: {{ .Tag }} in the tag of ghcr.io/o/cli:{{ .Tag }} has no value here; links ignore tags']);
  assert.equal(brief('project.toml', '[tool.other]\nx = 1\n').kind, 'none');
  assert.deepEqual(brief('web/project.toml', '[_]\nid = "x"\n').notices, ['web/project.toml: images of this project are built by buildpacks, without a Dockerfile; their contents are not analysed']);
});
