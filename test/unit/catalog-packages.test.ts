// Package → tools per package manager, and the schema check of catalog.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadCatalog } from '../../server/src/core/catalog/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const catalog = loadCatalog();
const tools = (m: string, p: string): string[] => catalog.packageTools(m, p).map((t) => `${t.tool}:${t.category}`);

test('catalog.json validates against schemas/catalog.schema.json', () => {
  const schema = JSON.parse(readFileSync(join(root, 'schemas', 'catalog.schema.json'), 'utf8'));
  const data = JSON.parse(readFileSync(join(root, 'server', 'src', 'core', 'catalog', 'catalog.json'), 'utf8'));
  const ajv = new Ajv2020.default({ allErrors: true, strict: true });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  assert.equal(validate(data), true, JSON.stringify(validate.errors?.slice(0, 5), null, 1));
  // And the schema rejects what it should: a replacement naming several images at once.
  const bad = structuredClone(data);
  bad.images[0].replacement = { image: 'gcr.io/distroless/static|base-debian12', how: 'x' };
  assert.equal(validate(bad), false);
  const bad2 = structuredClone(data);
  bad2.images[0].hardened = true;
  assert.equal(validate(bad2), false);
});

test('apt packages and their aliases', () => {
  assert.deepEqual(tools('apt-get', 'curl'), ['curl:network']);
  assert.deepEqual(tools('apt', 'curl=7.88*'), ['curl:network']);
  assert.deepEqual(tools('apt-get', 'netcat-openbsd'), ['nc:network']);
  assert.deepEqual(tools('apt-get', 'openssh-client'), ['ssh:network', 'scp:network', 'sftp:network']);
  assert.deepEqual(tools('apt-get', 'dnsutils'), ['dig:network', 'nslookup:network']);
  assert.deepEqual(tools('apt-get', 'postgresql-client'), ['psql:network']);
  assert.deepEqual(tools('apt-get', 'postgresql-client-15'), ['psql:network']);
  assert.deepEqual(tools('apt-get', 'redis-tools'), ['redis-cli:network']);
  assert.deepEqual(tools('apt-get', 'python3'), ['python3:interpreter']);
  assert.deepEqual(tools('apt-get', 'python3.11'), ['python3:interpreter']);
  assert.deepEqual(tools('apt-get', 'bash'), ['bash:shell']);
  assert.deepEqual(tools('apt-get', 'ca-certificates'), ['openssl:network']);
  assert.ok(tools('apt-get', 'busybox').includes('busybox:shell'));
  assert.equal(catalog.packageTools('apt-get', 'busybox').find((t) => t.tool === 'wget')?.via, 'busybox');
  assert.deepEqual(tools('apt-get', 'libpq-dev'), []);
  assert.deepEqual(tools('apt-get', 'tzdata'), []);
});

test('apk, dnf/yum/microdnf and zypper', () => {
  assert.deepEqual(tools('apk', 'curl'), ['curl:network']);
  assert.deepEqual(tools('apk', 'curl~=8'), ['curl:network']);
  assert.deepEqual(tools('apk', 'bind-tools'), ['dig:network', 'nslookup:network', 'host:network']);
  assert.deepEqual(tools('apk', 'postgresql16-client'), ['psql:network']);
  assert.deepEqual(tools('apk', 'bash'), ['bash:shell']);
  assert.deepEqual(tools('yum', 'openssh-clients'), ['ssh:network', 'scp:network', 'sftp:network']);
  assert.deepEqual(tools('microdnf', 'curl-minimal'), ['curl:network']);
  assert.deepEqual(tools('dnf', 'nmap-ncat'), ['ncat:network', 'nc:network']);
  assert.deepEqual(tools('zypper', 'bind-utils'), ['dig:network', 'nslookup:network', 'host:network']);
  assert.deepEqual(tools('zypper', 'nodejs20'), ['node:interpreter']);
});

test('pip and npm packages that add a CLI, and npm httpie which does not', () => {
  assert.deepEqual(tools('pip', 'httpie'), ['http:network']);
  assert.deepEqual(tools('pip3', 'HTTPie==3.2.2'), ['http:network']);
  assert.deepEqual(tools('pip', 'awscli>=1.29'), ['aws:network']);
  assert.deepEqual(tools('pip', 'requests'), []);
  assert.deepEqual(tools('npm', 'mongosh@2'), ['mongosh:network']);
  assert.deepEqual(tools('npm', 'httpie'), []);
  assert.deepEqual(tools('gem', 'rails'), []);
  assert.equal(catalog.managerFor('microdnf'), 'dnf');
  assert.equal(catalog.managerFor('apt-get'), 'apt');
  assert.equal(catalog.managerFor('ls'), undefined);
});
