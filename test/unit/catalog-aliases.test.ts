// Catalog aliases: every spelling and mirror of a catalogued image resolves to the same entry, and says
// which source makes the mirror the same image.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../server/src/core/catalog/index.js';

const catalog = loadCatalog();
const id = (ref: string): string | undefined => catalog.lookupImage(ref)?.id;

test('Docker Hub spellings: bare, library/, docker.io, index.docker.io, registry-1.docker.io, registry.hub.docker.com', () => {
  const spellings = [
    'redis:7',
    'library/redis:7',
    'docker.io/redis:7',
    'docker.io/library/redis:7',
    'index.docker.io/library/redis:7',
    'index.docker.io/redis:7',
    'registry-1.docker.io/library/redis:7',
    'registry.hub.docker.com/library/redis:7',
  ];
  for (const ref of spellings) assert.equal(id(ref), 'redis', ref);
  assert.equal(id('library/node:20-alpine'), 'node-alpine');
  assert.equal(id('registry-1.docker.io/bitnami/minideb:bookworm'), 'bitnami-minideb');
});

test('Amazon ECR Public mirror of the official images: public.ecr.aws/docker/library/X', () => {
  const cases: [string, string][] = [
    ['public.ecr.aws/docker/library/redis:7.4', 'redis'],
    ['public.ecr.aws/docker/library/redis:7-alpine', 'redis-alpine'],
    ['public.ecr.aws/docker/library/node:24-bookworm-slim', 'node-slim'],
    ['public.ecr.aws/docker/library/python:3.12-slim', 'python-slim'],
    ['public.ecr.aws/docker/library/alpine:3.20', 'alpine'],
    ['public.ecr.aws/docker/library/postgres:16-alpine', 'postgres-alpine'],
  ];
  for (const [ref, want] of cases) assert.equal(id(ref), want, ref);
  const img = catalog.lookupImage('public.ecr.aws/docker/library/redis:7.4');
  assert.ok(img?.sources?.includes('ECRDOI'), 'the mirror names its source');
  assert.ok(img?.sources?.includes('REDIS'), 'the image keeps its own sources');
  assert.ok(catalog.data.sources?.ECRDOI, 'the source key is described');
});

test('Google mirror.gcr.io: library/X and other Docker Hub namespaces', () => {
  assert.equal(id('mirror.gcr.io/library/postgres:16'), 'postgres');
  assert.equal(id('mirror.gcr.io/library/nginx:1.27-alpine'), 'nginx-alpine');
  assert.equal(id('mirror.gcr.io/bitnami/minideb:bookworm'), 'bitnami-minideb');
  assert.ok(catalog.lookupImage('mirror.gcr.io/library/postgres:16')?.sources?.includes('GCRMIRROR'));
  // Without library/ the mirror names no official image; nothing is guessed.
  assert.equal(id('mirror.gcr.io/postgres:16'), undefined);
});

test('Amazon Linux: public.ecr.aws/amazonlinux/amazonlinux is library/amazonlinux', () => {
  assert.equal(id('amazonlinux:2023'), 'amazonlinux-2023');
  assert.equal(id('public.ecr.aws/amazonlinux/amazonlinux:2023'), 'amazonlinux-2023');
  assert.ok(catalog.lookupImage('public.ecr.aws/amazonlinux/amazonlinux:2023')?.sources?.includes('ALCI'));
  // Other repositories of that ECR namespace are not the base image.
  assert.equal(id('public.ecr.aws/amazonlinux/amazonlinux-extras:2023'), undefined);
});

test('Red Hat registries: registry.redhat.io serves the registry.access.redhat.com repositories', () => {
  assert.equal(id('registry.access.redhat.com/ubi9/ubi-minimal:9.4'), 'ubi9-minimal');
  assert.equal(id('registry.redhat.io/ubi9/ubi-minimal:9.4'), 'ubi9-minimal');
});

test('no alias invents an image: unknown namespaces on mirror hosts stay unknown', () => {
  assert.equal(id('public.ecr.aws/someone/redis:7'), undefined);
  assert.equal(id('public.ecr.aws/docker/library/not-an-official-image:1'), undefined);
  assert.equal(id('mirror.gcr.io/library/not-an-official-image:1'), undefined);
  assert.equal(id('public.ecr.aws/docker/library/'), undefined);
});

test('tag and digest survive the mirror', () => {
  assert.equal(id('public.ecr.aws/docker/library/node:20-alpine@sha256:0123abcd'), 'node-alpine');
});
