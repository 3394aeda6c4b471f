// Catalog lookups for real image references: normalisation, tag variants, unknown images, user entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../server/src/core/catalog/index.js';
import type { CatalogImage } from '../../server/src/core/model.js';

const catalog = loadCatalog();
const id = (ref: string): string | undefined => catalog.lookupImage(ref)?.id;
const has = (img: CatalogImage | undefined, tool: string): boolean =>
  img?.tools.some((t) => t.tool === tool && t.state !== 'no') ?? false;

test('official images resolve to their tag variant', () => {
  const cases: [string, string][] = [
    ['node:20', 'node'],
    ['node', 'node'],
    ['node:20-slim', 'node-slim'],
    ['node:20-bookworm-slim', 'node-slim'],
    ['node:20-alpine', 'node-alpine'],
    ['node:20-alpine3.19', 'node-alpine'],
    ['python:3.12-slim-bookworm', 'python-slim'],
    ['python:3.12-alpine3.20', 'python-alpine'],
    ['golang:1.22', 'golang'],
    ['golang:1.22-alpine', 'golang-alpine'],
    ['eclipse-temurin:21-jre', 'eclipse-temurin'],
    ['eclipse-temurin:21-jre-alpine', 'eclipse-temurin-alpine'],
    ['eclipse-temurin:21-jre-ubi9-minimal', 'eclipse-temurin-ubi'],
    ['nginx', 'nginx'],
    ['nginx:1.27-alpine-slim', 'nginx-alpine-slim'],
    ['postgres:16', 'postgres'],
    ['redis:7-alpine', 'redis-alpine'],
    ['httpd:2.4', 'httpd'],
    ['mysql:8.4', 'mysql'],
    ['ubuntu', 'ubuntu'],
    ['ubuntu:24.04', 'ubuntu-noble'],
    ['ubuntu:22.04', 'ubuntu'],
    ['debian:bookworm-slim', 'debian-slim'],
    ['alpine:3.20', 'alpine'],
    ['busybox:1.36', 'busybox'],
    ['scratch', 'scratch'],
  ];
  for (const [ref, want] of cases) assert.equal(id(ref), want, ref);
});

test('Docker Hub spellings name the same repository', () => {
  assert.equal(id('docker.io/library/node:20'), 'node');
  assert.equal(id('index.docker.io/library/node:20-alpine'), 'node-alpine');
  assert.equal(id('registry-1.docker.io/library/python:3.12-slim'), 'python-slim');
});

test('distroless: debian12 and debian13, nonroot, debug and debug-nonroot', () => {
  const nonroot = catalog.lookupImage('gcr.io/distroless/static-debian12:nonroot');
  assert.equal(nonroot?.id, 'distroless-static-nonroot');
  assert.equal(nonroot?.shell, 'no');
  assert.equal(nonroot?.hardened, true);
  assert.equal(nonroot?.defaultUser, '65532');
  const node22 = catalog.lookupImage('gcr.io/distroless/nodejs22-debian13');
  assert.equal(node22?.id, 'distroless-nodejs22');
  assert.equal(node22?.runtime, 'node');
  assert.equal(node22?.hardened, true);
  assert.equal(catalog.hardenedFor(node22!), undefined);

  const debug = catalog.lookupImage('gcr.io/distroless/base-debian12:debug');
  assert.equal(debug?.id, 'distroless-base-debug');
  assert.equal(debug?.shell, 'yes');
  assert.equal(debug?.busybox, true);
  assert.ok(has(debug, 'wget') && has(debug, 'nc'));
  assert.equal(debug?.tools.find((t) => t.tool === 'wget')?.via, 'busybox');
  assert.equal(debug?.shellFreeSibling, 'gcr.io/distroless/base-debian12:latest');
  assert.equal(debug?.replacement?.image, 'gcr.io/distroless/base-debian13:nonroot');

  const dn = catalog.lookupImage('gcr.io/distroless/nodejs22-debian13:debug-nonroot');
  assert.equal(dn?.id, 'distroless-nodejs22-debug-nonroot');
  assert.equal(dn?.shellFreeSibling, 'gcr.io/distroless/nodejs22-debian13:nonroot');
  assert.equal(id('gcr.io/distroless/static-debian13:latest-amd64'), 'distroless-static');
});

test('Debian 12 distroless language images are flagged as no longer built, with a debian13 replacement', () => {
  const old = catalog.lookupImage('gcr.io/distroless/nodejs20-debian12');
  assert.ok(old?.deprecated);
  assert.match(old!.replacement!.image, /nodejs22-debian13/);
  assert.match(catalog.hardenedFor('gcr.io/distroless/python3-debian12')!.image, /python3-debian13/);
  assert.match(catalog.hardenedFor('gcr.io/distroless/java17-debian12:nonroot')!.image, /java17-debian13/);
});

test('replacements name currently built images, fitted to the version where the family has several', () => {
  for (const ref of ['node:20', 'node:20-alpine', 'python:3.12', 'golang:1.22', 'eclipse-temurin:21-jre', 'debian:12', 'alpine']) {
    const r = catalog.hardenedFor(ref);
    assert.ok(r, ref);
    assert.doesNotMatch(r!.image, /debian12|\|/, ref);
  }
  assert.equal(catalog.hardenedFor('node:20')?.image, 'gcr.io/distroless/nodejs22-debian13:nonroot');
  assert.equal(catalog.hardenedFor('node:24-slim')?.image, 'gcr.io/distroless/nodejs24-debian13:nonroot');
  assert.equal(catalog.hardenedFor('python:3.12-slim')?.image, 'gcr.io/distroless/python3-debian13:nonroot');
  assert.equal(catalog.hardenedFor('eclipse-temurin:17-jre')?.image, 'gcr.io/distroless/java17-debian13:nonroot');
  assert.equal(catalog.hardenedFor('golang:1.22')?.image, 'gcr.io/distroless/static-debian13:nonroot');
  assert.equal(catalog.hardenedFor('mcr.microsoft.com/dotnet/aspnet:8.0')?.image, 'mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled');
  assert.equal(catalog.hardenedFor('mcr.microsoft.com/dotnet/runtime:9.0-alpine')?.image, 'mcr.microsoft.com/dotnet/runtime:9.0-noble-chiseled');
  assert.equal(catalog.hardenedFor('nginx:1.27')?.image, 'cgr.dev/chainguard/nginx:latest');
});

test('servers without a verified shell-free image say so instead of suggesting one', () => {
  for (const ref of ['postgres:16', 'redis:7', 'redis:7-alpine', 'mysql:8.4', 'httpd:2.4']) {
    const img = catalog.lookupImage(ref);
    assert.ok(img, ref);
    assert.equal(img!.replacement, undefined, ref);
    assert.equal(catalog.hardenedFor(img!), undefined, ref);
    assert.match(img!.noReplacement ?? '', /no verified shell-free/, ref);
  }
  assert.ok(has(catalog.lookupImage('postgres:16'), 'psql'));
  assert.ok(has(catalog.lookupImage('redis:7'), 'redis-cli'));
});

test('.NET: chiseled is hardened and non-root, the Debian tags are not', () => {
  const aspnet = catalog.lookupImage('mcr.microsoft.com/dotnet/aspnet:8.0');
  assert.equal(aspnet?.id, 'dotnet');
  assert.equal(aspnet?.shell, 'yes');
  const chiseled = catalog.lookupImage('mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled');
  assert.equal(chiseled?.id, 'dotnet-chiseled');
  assert.equal(chiseled?.hardened, true);
  assert.equal(chiseled?.defaultUser, '1654');
  assert.equal(id('mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled-extra'), 'dotnet-chiseled');
});

test('Chainguard: standard images, busybox ones and -dev tags', () => {
  const py = catalog.lookupImage('cgr.dev/chainguard/python:latest');
  assert.equal(py?.id, 'chainguard-python');
  assert.equal(py?.hardened, true);
  const dev = catalog.lookupImage('cgr.dev/chainguard/python:latest-dev');
  assert.equal(dev?.id, 'chainguard-dev');
  assert.equal(dev?.shell, 'yes');
  assert.equal(dev?.shellFreeSibling, 'cgr.dev/chainguard/python:latest');
  assert.equal(dev?.replacement?.image, 'cgr.dev/chainguard/python:latest');
  assert.equal(catalog.lookupImage('cgr.dev/chainguard/node:latest')?.shell, 'yes');
  assert.equal(catalog.lookupImage('cgr.dev/chainguard/node')?.hardened, false);
});

test('registry with port, digests, ARG placeholders and unknown images', () => {
  assert.equal(catalog.lookupImage('registry.local:5000/team/app:1.2@sha256:0123abcd'), undefined);
  assert.equal(catalog.lookupImage('${BASE}'), undefined);
  assert.equal(catalog.lookupImage('$BASE_IMAGE:latest'), undefined);
  assert.equal(catalog.lookupImage('example.com/acme/unknown:1'), undefined);
  assert.equal(catalog.lookupImage(''), undefined);
  // Every node variant has a shell, so a bare digest still says so; distroless variants differ, so it says
  // which ones it may be, each tool unverified.
  assert.equal(catalog.lookupImage('node@sha256:0123abcd')?.shell, 'yes');
  assert.equal(catalog.lookupImage('gcr.io/distroless/static-debian12@sha256:0123abcd')?.shell, 'unverified');
  assert.equal(id('node:20-alpine@sha256:0123abcd'), 'node-alpine');
});

test('UBI from either Red Hat registry, Bitnami apps by namespace', () => {
  assert.equal(id('registry.access.redhat.com/ubi9/ubi-minimal:9.4'), 'ubi9-minimal');
  assert.equal(id('registry.redhat.io/ubi9/ubi-micro'), 'ubi9-micro');
  assert.match(catalog.lookupImage('registry.access.redhat.com/ubi9')?.noReplacement ?? '', /keeps bash/);
  assert.equal(id('bitnami/postgresql:16.2.0-debian-12-r5'), 'bitnami-app');
  assert.equal(id('bitnami/minideb:bookworm'), 'bitnami-minideb');
});

test('tools carry category and state; unverified facts stay unverified', () => {
  const node = catalog.lookupImage('node:20')!;
  assert.equal(node.runtime, 'node');
  assert.equal(node.tools.find((t) => t.tool === 'curl')?.category, 'network');
  assert.equal(node.tools.find((t) => t.tool === 'python3')?.category, 'interpreter');
  assert.equal(node.tools.find((t) => t.tool === 'apt')?.category, 'package-manager');
  assert.equal(node.entrypointNeedsShell, true);
  const slim = catalog.lookupImage('node:20-slim')!;
  assert.equal(slim.tools.find((t) => t.tool === 'curl')?.state, 'no');
  assert.equal(slim.tools.find((t) => t.tool === 'perl')?.state, 'yes');
  const ubi = catalog.lookupImage('registry.access.redhat.com/ubi9:9.4')!;
  assert.equal(ubi.tools.find((t) => t.tool === 'wget')?.state, 'unverified');
  const alpine = catalog.lookupImage('alpine')!;
  assert.equal(alpine.busybox, true);
  assert.equal(alpine.tools.find((t) => t.tool === 'nc')?.via, 'busybox');
  assert.equal(alpine.tools.find((t) => t.tool === 'curl')?.state, 'no');
});

test('user catalog entries win over built-in ones for the same repository', () => {
  const c = loadCatalog(undefined, [
    { image: 'registry.example.com/base/python', tools: ['python3', 'curl'], runtime: 'python3', replacement: 'registry.example.com/base/python-distroless' },
    { image: 'registry.example.com/base/static:1.0', hardened: true, user: '65532' },
    { image: 'node', shell: false, hardened: true },
  ]);
  const py = c.lookupImage('registry.example.com/base/python:3.12-slim')!;
  assert.equal(py.userDefined, true);
  assert.equal(py.shell, 'unverified');
  assert.ok(py.tools.some((t) => t.tool === 'curl' && t.category === 'network'));
  assert.ok(py.tools.some((t) => t.tool === 'sh' && t.state === 'unverified'));
  assert.equal(c.hardenedFor(py)?.image, 'registry.example.com/base/python-distroless');
  const st = c.lookupImage('registry.example.com/base/static:1.0')!;
  assert.equal(st.hardened, true);
  assert.equal(st.shell, 'no');
  assert.equal(st.nonRootDefault, 'yes');
  assert.equal(c.lookupImage('registry.example.com/base/static:2.0'), undefined);
  assert.equal(c.lookupImage('node:20')?.userDefined, true);
  assert.equal(c.lookupImage('node:20')?.hardened, true);
  // The built-in catalog is untouched.
  assert.equal(catalog.lookupImage('node:20')?.userDefined, undefined);
});
