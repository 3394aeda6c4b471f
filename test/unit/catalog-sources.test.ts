// Every catalog fact says where it comes from: each entry names sources the catalog describes, mirrors name
// theirs, the schema refuses an entry without one, and docs/catalog.md is the catalog as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadCatalog, renderCatalogDoc } from '../../server/src/core/catalog/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const catalog = loadCatalog();
const described = new Set(Object.keys(catalog.data.sources ?? {}));

test('every image entry names at least one source, and every source it names is described', () => {
  assert.ok(catalog.images.length > 150);
  for (const img of catalog.images) {
    assert.ok(img.sources.length > 0, `${img.id} has no source note`);
    for (const k of img.sources) assert.ok(described.has(k), `${img.id} names source ${k}, which catalog.sources does not describe`);
  }
  for (const img of catalog.images) {
    for (const t of img.tools) for (const r of t.versions ?? []) assert.ok(described.has(r.source), `${img.id}/${t.tool}: range source ${r.source} is not described`);
  }
  for (const m of catalog.data.mirrors ?? []) assert.ok(described.has(m.source), `mirror ${m.prefix} names undescribed source ${m.source}`);
  for (const [k, v] of Object.entries(catalog.data.sources ?? {})) assert.ok(v.length > 20, `source ${k} is not described`);
});

test('the schema refuses an entry without a source note', () => {
  const schema = JSON.parse(readFileSync(join(root, 'schemas', 'catalog.schema.json'), 'utf8'));
  const data = JSON.parse(readFileSync(join(root, 'server', 'src', 'core', 'catalog', 'catalog.json'), 'utf8'));
  const ajv = new Ajv2020.default({ allErrors: true, strict: true });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  assert.equal(validate(data), true, JSON.stringify(validate.errors?.slice(0, 3)));
  data.images[0].sources = [];
  assert.equal(validate(data), false);
});

test('entry ids are unique', () => {
  const ids = catalog.images.map((i) => i.id);
  assert.equal(new Set(ids).size, ids.length);
});

test('Debian 11 distroless images: the same recipe as their successors, flagged no longer built, sourced from the removal commit', () => {
  const cases: [string, string, 'yes' | 'no'][] = [
    ['gcr.io/distroless/static-debian11', 'distroless-static-debian11', 'no'],
    ['gcr.io/distroless/static-debian11:nonroot', 'distroless-static-debian11-nonroot', 'no'],
    ['gcr.io/distroless/base-debian11:debug', 'distroless-base-debian11-debug', 'yes'],
    ['gcr.io/distroless/cc-debian11:debug-nonroot', 'distroless-cc-debian11-debug-nonroot', 'yes'],
    ['gcr.io/distroless/base-nossl-debian11:latest-arm64', 'distroless-base-nossl-debian11', 'no'],
    ['gcr.io/distroless/python3-debian11:nonroot', 'distroless-python3-debian11-nonroot', 'no'],
    ['gcr.io/distroless/java17-debian11', 'distroless-java17-debian11', 'no'],
    ['gcr.io/distroless/java11-debian11:nonroot', 'distroless-java11-debian11-nonroot', 'no'],
    ['gcr.io/distroless/nodejs18-debian11', 'distroless-nodejs18-debian11', 'no'],
    ['gcr.io/distroless/nodejs20-debian11:debug', 'distroless-nodejs20-debian11-debug', 'yes'],
  ];
  for (const [ref, id, shell] of cases) {
    const img = catalog.lookupImage(ref);
    assert.equal(img?.id, id, ref);
    assert.equal(img?.shell, shell, ref);
    assert.ok(img?.deprecated, `${ref} is flagged as no longer built`);
    assert.ok(img?.sources?.includes('DL11'), `${ref} cites the removal commit`);
    assert.doesNotMatch(catalog.hardenedFor(img!)!.image, /debian11|debian12/, ref);
  }
  assert.equal(catalog.lookupImage('gcr.io/distroless/static-debian11:nonroot')?.defaultUser, '65532');
  assert.equal(catalog.lookupImage('gcr.io/distroless/nodejs18-debian11')?.runtime, 'node');
  assert.equal(catalog.hardenedFor('gcr.io/distroless/nodejs20-debian11')?.image, 'gcr.io/distroless/nodejs22-debian13:nonroot');
});

test('a digest without a tag: one of the variants, each tool unverified, never nothing', () => {
  for (const ref of ['gcr.io/distroless/static-debian12@sha256:0123abcd', 'gcr.io/distroless/base-debian11@sha256:0123abcd']) {
    const img = catalog.lookupImage(ref);
    assert.ok(img, ref);
    assert.equal(img!.oneOf, 'one of: no shell (latest/nonroot) or busybox (debug/debug-nonroot)', ref);
    assert.equal(img!.shell, 'unverified');
    assert.equal(img!.hardened, false);
    assert.ok(img!.tools.length > 0);
    assert.ok(img!.tools.every((t) => t.state === 'unverified'), 'no tool of a maybe-variant is a fact');
    assert.ok(img!.tools.some((t) => t.tool === 'sh' && t.via === 'busybox'));
    assert.ok(img!.tools.some((t) => t.tool === 'wget' && t.via === 'busybox'));
    assert.ok(img!.sources?.includes('DL'));
  }
  // The tag beside the digest decides the variant; a family whose variants agree answers plainly.
  assert.equal(catalog.lookupImage('gcr.io/distroless/static-debian12:nonroot@sha256:0123abcd')?.id, 'distroless-static-nonroot');
  assert.equal(catalog.lookupImage('gcr.io/distroless/static-debian12:nonroot@sha256:0123abcd')?.oneOf, undefined);
  assert.equal(catalog.lookupImage('node@sha256:0123abcd')?.oneOf, undefined);
  const dotnet = catalog.lookupImage('mcr.microsoft.com/dotnet/aspnet@sha256:0123abcd');
  assert.match(dotnet?.oneOf ?? '', /^one of: no shell \(.*chiseled.*\).* or /);
});

test('docs/catalog.md is up to date and lists the families with no sourced facts', () => {
  const page = readFileSync(join(root, 'docs', 'catalog.md'), 'utf8');
  assert.equal(page, renderCatalogDoc(catalog.data), 'docs/catalog.md is stale: run npm run docs');
  for (const img of catalog.images) assert.ok(page.includes(`\`${img.id}\``), img.id);
  assert.match(page, /## Not catalogued[\s\S]*`envoyproxy\/envoy`/);
});

test('the catalog in use is catalog.json as committed (a stale build copy would test old facts)', () => {
  const source = JSON.parse(readFileSync(join(root, 'server', 'src', 'core', 'catalog', 'catalog.json'), 'utf8'));
  assert.deepEqual(catalog.data, source, 'build/…/catalog.json is stale: run npx tsc -b --force');
});

test('Ubuntu 24.04 re-checked against its package list: facts, not assumptions', () => {
  for (const ref of ['ubuntu:24.04', 'ubuntu:noble', 'ubuntu:noble-20260810', 'public.ecr.aws/docker/library/ubuntu:24.04']) {
    const img = catalog.lookupImage(ref);
    assert.equal(img?.id, 'ubuntu-noble', ref);
    assert.ok(img!.sources?.includes('RIUBU'));
    const state = (t: string) => img!.tools.find((x) => x.tool === t)?.state;
    assert.equal(state('perl'), 'yes');
    assert.equal(state('dash'), 'yes');
    for (const t of ['curl', 'wget', 'nc', 'openssl', 'python3']) assert.equal(state(t), 'no', `${ref} ${t}`);
    assert.ok(img!.tools.every((t) => t.state !== 'unverified'));
  }
  // Other Ubuntu releases keep the reference's (partly assumed) cells.
  assert.equal(catalog.lookupImage('ubuntu:22.04')?.tools.find((t) => t.tool === 'perl')?.state, 'unverified');
});
