// Which image a hardened final stage runs on: the runtime's major version kept when the catalog sources a
// maintained shell-free image of it (never a deprecated one), else the change said and the build stage moved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../server/src/core/catalog/catalog.js';
import { retag, runtimeMajor, runtimePlans } from '../../server/src/core/fixes/runtime-version.js';
import type { FixContext } from '../../server/src/core/fixes/context.js';

const catalog = loadCatalog();
const ctx = { catalog } as unknown as FixContext;
const plans = (ref: string) => runtimePlans(ctx, ref, catalog.lookupImage(ref)!, catalog.lookupImage(ref)!.replacement!.image);

test('runtime majors come from the repository name or the tag', () => {
  assert.equal(runtimeMajor('gcr.io/distroless/nodejs22-debian13:nonroot'), '22');
  assert.equal(runtimeMajor('gcr.io/distroless/java21-debian13:nonroot'), '21');
  assert.equal(runtimeMajor('node:20-slim'), '20');
  assert.equal(runtimeMajor('node:20.11.1'), '20');
  assert.equal(runtimeMajor('ubuntu/nodejs:20'), '20');
  assert.equal(runtimeMajor('node:lts'), undefined);
});

test('retag moves the version and keeps the variant; a digest goes with the old tag', () => {
  assert.equal(retag('node:20', '22'), 'node:22');
  assert.equal(retag('node:20.11-slim', '22'), 'node:22-slim');
  assert.equal(retag('registry.example.com:5000/node:18-alpine@sha256:abc', '22'), 'registry.example.com:5000/node:22-alpine');
  assert.equal(retag('node:lts', '22'), undefined);
  assert.equal(retag('node', '22'), undefined);
});

test('node:20 keeps Node 20 on a maintained image the catalog sources, then offers Node 22 saying so', () => {
  const p = plans('node:20');
  assert.deepEqual(p.map((x) => x.image), ['ubuntu/nodejs:20', 'gcr.io/distroless/nodejs22-debian13:nonroot']);
  assert.equal(p[0]!.move, undefined);
  assert.deepEqual(p[1]!.move, { runtime: 'Node', from: '20', to: '22', buildImage: 'node:22', why: 'gcr.io/distroless/nodejs has no maintained Node 20 image' });
  // Never the deprecated distroless Node 20 images the catalog also knows.
  for (const x of p) assert.doesNotMatch(x.image, /nodejs20/);
  for (const x of p) assert.equal(catalog.lookupImage(x.image)?.hardened, true, x.image);
});

test('node:18 has no maintained shell-free Node 18: one plan, the move spelled out', () => {
  const p = plans('node:18-slim');
  assert.equal(p.length, 1);
  assert.deepEqual(p[0]!.move, { runtime: 'Node', from: '18', to: '22', buildImage: 'node:22-slim', why: 'the catalog has no maintained shell-free Node 18 image' });
});

test('a version the replacement already has, and runtimes without a major to keep, give one plan without a move', () => {
  for (const ref of ['node:22', 'node:24-slim', 'eclipse-temurin:21-jre', 'python:3.12-slim', 'golang:1.24']) {
    const p = plans(ref);
    assert.equal(p.length, 1, ref);
    assert.equal(p[0]!.move, undefined, ref);
  }
});
