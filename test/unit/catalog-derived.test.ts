// Server images read from their official Dockerfiles over a catalogued base: what each tag resolves to, the
// tools the Dockerfile adds or purges, the user it runs as — and the variants not read stay unknown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../server/src/core/catalog/index.js';

const catalog = loadCatalog();
const tools = (image: string): string[] | undefined =>
  catalog.lookupImage(image)?.tools.filter((t) => t.state === 'yes').map((t) => t.tool).sort();

test('rabbitmq 4: the Ubuntu 24.04 base plus the openssl binary it copies onto PATH; root until the entrypoint steps down', () => {
  const e = catalog.lookupImage('rabbitmq:4.2.9');
  assert.equal(e?.id, 'rabbitmq');
  assert.deepEqual(tools('rabbitmq:4.2.9'), ['apt', 'bash', 'dash', 'openssl', 'perl', 'sh']);
  assert.equal(e?.tools.find((t) => t.tool === 'wget')?.state, 'no');
  assert.equal(e?.defaultUser, 'root');
  assert.equal(e?.entrypointNeedsShell, true);
  assert.deepEqual(e?.sources, ['RMQ', 'RIUBU', 'RMQ3']);
  assert.equal(catalog.lookupImage('rabbitmq:3.13.7')?.id, 'rabbitmq', '3.13 has the final stage of 4.2');
  assert.equal(catalog.lookupImage('rabbitmq:3-management')?.id, 'rabbitmq-management');
  assert.equal(catalog.lookupImage('rabbitmq:3.13-management-alpine')?.id, 'rabbitmq-management-alpine');
  assert.equal(catalog.lookupImage('rabbitmq:3.12'), undefined, 'rabbitmq 3.12 and older were not read');
  assert.equal(catalog.lookupImage('rabbitmq:3.12-management'), undefined, 'rabbitmq 3.12 management was not read');
});

test('memcached and haproxy: their Debian slim or Alpine base, build tools purged, a non-root user', () => {
  assert.deepEqual(tools('memcached:1.6'), ['apt', 'bash', 'dash', 'perl', 'sh']);
  assert.equal(catalog.lookupImage('memcached:1.6')?.defaultUser, '11211');
  assert.equal(catalog.lookupImage('memcached:1.6-alpine')?.id, 'memcached-alpine');
  assert.ok(tools('memcached:1.6-alpine')?.includes('busybox'));
  assert.equal(catalog.lookupImage('haproxy:3.2')?.defaultUser, '99');
  assert.equal(catalog.lookupImage('haproxy:3.2-alpine')?.id, 'haproxy-alpine');
  assert.equal(catalog.lookupImage('public.ecr.aws/docker/library/haproxy:3.2')?.id, 'haproxy', 'the mirror alias applies');
  for (const id of ['memcached', 'haproxy', 'rabbitmq']) {
    const e = catalog.data.images.find((i) => i.id === id);
    assert.ok(e?.noReplacement, `${id} says no shell-free image is named`);
    for (const key of e!.sources ?? []) assert.ok(catalog.data.sources?.[key], `${id}: source ${key} is described`);
  }
});

const state = (image: string, tool: string) => catalog.lookupImage(image)?.tools.find((t) => t.tool === tool)?.state;

test('rabbitmq management and alpine variants: the plugin image adds the rabbitmqadmin client; Alpine keeps busybox and adds bash', () => {
  assert.equal(catalog.lookupImage('rabbitmq:4.2-management')?.id, 'rabbitmq-management');
  assert.equal(catalog.lookupImage('rabbitmq:management')?.id, 'rabbitmq-management');
  assert.equal(state('rabbitmq:4.2-management', 'rabbitmqadmin'), 'yes');
  assert.equal(state('rabbitmq:4.2-management', 'wget'), 'no', 'the download tool is purged again');
  assert.equal(catalog.lookupImage('rabbitmq:4.2-alpine')?.id, 'rabbitmq-alpine');
  assert.deepEqual(tools('rabbitmq:4.2-alpine'), ['apk', 'ash', 'bash', 'busybox', 'nc', 'nslookup', 'openssl', 'sh', 'wget']);
  assert.equal(catalog.lookupImage('rabbitmq:4.2-management-alpine')?.id, 'rabbitmq-management-alpine');
  assert.equal(state('rabbitmq:management-alpine', 'rabbitmqadmin'), 'yes');
  assert.ok(catalog.lookupImage('rabbitmq:4.2-alpine')?.sources?.includes('RMQV'));
});

test('mongo 8 and mariadb on Ubuntu 24.04: their own clients, the package list decides openssl and python3, older bases stay apart', () => {
  for (const ref of ['mongo', 'mongo:8.0.28', 'mongo:8.2-noble', 'mongo:noble', 'mirror.gcr.io/library/mongo:8.0']) {
    const e = catalog.lookupImage(ref);
    assert.equal(e?.id, 'mongo', ref);
    assert.equal(e?.defaultUser, 'root');
  }
  assert.deepEqual(tools('mongo:8.0'), ['apt', 'bash', 'dash', 'mongodump', 'mongosh', 'openssl', 'perl', 'sh']);
  assert.equal(state('mongo:8.0', 'python3'), 'no');
  assert.equal(state('mongo:8.0', 'wget'), 'no');
  assert.equal(catalog.lookupImage('mongo:7.0')?.id, 'mongo-7', 'mongo 7.0: the same Dockerfile on jammy');
  assert.equal(catalog.lookupImage('mongo:6.0'), undefined, 'mongo 6.0 was not read');
  assert.equal(catalog.lookupImage('mariadb:11.8')?.id, 'mariadb');
  assert.equal(catalog.lookupImage('mariadb:lts')?.id, 'mariadb');
  assert.equal(catalog.lookupImage('mariadb:10.11')?.id, 'mariadb-jammy');
  for (const t of ['mariadb', 'socat']) assert.equal(state('mariadb:11.8', t), 'yes', t);
  assert.equal(state('mariadb:11.8', 'openssl'), 'unverified', 'the dependency is not read for this image: may have');
  assert.equal(catalog.lookupImage('mariadb:11.8-ubi'), undefined, 'the UBI variant was not read');
});

test('single-binary images: nats and traefik 1.7 on scratch are hardened, the uv distroless image holds only uv', () => {
  for (const ref of ['nats', 'nats:2.10', 'nats:2.12.15-scratch', 'nats:linux']) {
    const e = catalog.lookupImage(ref);
    assert.equal(e?.id, 'nats', ref);
    assert.equal(e?.shell, 'no');
    assert.equal(e?.hardened, true);
  }
  assert.equal(catalog.lookupImage('nats:2.10-alpine')?.id, 'nats-alpine');
  assert.equal(catalog.lookupImage('nats:2.10-alpine3.22')?.shell, 'yes');
  assert.equal(catalog.lookupImage('nats:nanoserver'), undefined, 'Windows variants were not read');
  assert.equal(catalog.lookupImage('traefik:1.7.34')?.hardened, true);
  const uv = catalog.lookupImage('ghcr.io/astral-sh/uv:0.6.16');
  assert.equal(uv?.id, 'uv');
  assert.equal(uv?.shell, 'no');
  assert.deepEqual(tools('ghcr.io/astral-sh/uv:latest'), ['uv']);
  assert.equal(uv?.noReplacement, undefined, 'a shell-free image needs no shell-free replacement');
  assert.equal(catalog.lookupImage('ghcr.io/astral-sh/uv:0.6-python3.12-bookworm-slim')?.id, 'uv-python-slim');
  assert.equal(catalog.lookupImage('ghcr.io/astral-sh/uv:python3.12-bookworm')?.id, 'uv-python');
  assert.equal(catalog.lookupImage('ghcr.io/astral-sh/uv:alpine')?.id, 'uv-alpine');
  assert.equal(catalog.lookupImage('ghcr.io/astral-sh/uv:debian')?.id, 'uv-debian');
  assert.equal(catalog.lookupImage('ghcr.io/astral-sh/uv:bookworm-slim')?.id, 'uv-debian-slim');
  assert.ok(tools('ghcr.io/astral-sh/uv:debian')?.includes('curl'), 'buildpack-deps carries curl');
  assert.equal(catalog.lookupImage('ghcr.io/astral-sh/uv:trixie'), undefined, 'a base the documentation does not name stays unknown');
});

test('vendor images read from their own build definitions: user, entrypoint and the clients they keep', () => {
  const cases: [string, string, string, string[]][] = [
    ['curlimages/curl:8.11.1', 'curl', 'curl_user', ['curl', 'sh']],
    ['quay.io/curl/curl:latest', 'curl-quay', 'curl_user', ['curl', 'sh']],
    ['zookeeper:3.9.4', 'zookeeper', 'root', ['nc', 'wget', 'bash']],
    ['hashicorp/vault:1.18', 'vault', 'root', ['sh', 'wget']],
    ['prom/prometheus:v3.1.0', 'prometheus', 'nobody', ['sh', 'wget', 'nc']],
    ['quay.io/prometheus/prometheus:v2.53.0', 'prometheus-quay', 'nobody', ['sh']],
    ['apache/kafka:3.9.0', 'kafka', 'appuser', ['sh', 'openssl']],
    ['elasticsearch:8.17.0', 'elasticsearch', '1000', ['curl', 'nc', 'bash']],
    ['docker.elastic.co/elasticsearch/elasticsearch:8.15.3', 'elasticsearch-elastic', '1000', ['curl', 'nc']],
    ['grafana/grafana:12.0.1', 'grafana', '472', ['curl', 'bash', 'sh']],
    ['grafana/grafana-oss:12.1.0-ubuntu', 'grafana-ubuntu', '472', ['curl', 'bash']],
    ['quay.io/keycloak/keycloak:22.0.5', 'keycloak', '1000', ['bash', 'sh']],
    ['erlang:28', 'erlang', 'root', ['curl', 'git', 'ssh']],
    ['elixir:1.19', 'elixir', 'root', ['curl', 'git']],
    ['mcr.microsoft.com/dotnet/sdk:8.0', 'dotnet-sdk', 'root', ['curl', 'wget', 'git', 'pwsh']],
    ['mcr.microsoft.com/dotnet/sdk:9.0-alpine', 'dotnet-sdk-alpine', 'root', ['curl', 'git', 'pwsh']],
  ];
  for (const [ref, id, user, present] of cases) {
    const e = catalog.lookupImage(ref);
    assert.equal(e?.id, id, ref);
    assert.equal(e?.defaultUser, user, ref);
    for (const t of present) assert.equal(state(ref, t), 'yes', `${ref} ${t}`);
    assert.ok(e!.sources!.length >= 2, `${ref} cites its own build and its base`);
    for (const key of e!.sources!) assert.ok(catalog.data.sources?.[key], `${ref}: source ${key} is described`);
  }
  assert.equal(state('elixir:1.19-slim', 'curl'), 'no', 'the slim build purges curl');
  assert.equal(state('erlang:28-slim', 'curl'), 'no');
  assert.equal(state('apache/kafka:3.9.0', 'bash'), 'unverified', 'only one of the stored Dockerfiles adds bash');
  assert.equal(catalog.lookupImage('quay.io/keycloak/keycloak:26.0'), undefined, 'keycloak 26 was not read');
  assert.equal(catalog.lookupImage('grafana/grafana:11.0.0'), undefined, 'grafana 11 was not read');
  assert.equal(catalog.lookupImage('elasticsearch:9.3.0'), undefined, 'elasticsearch 9.3 was not read');
  assert.equal(catalog.lookupImage('elasticsearch:8.17.0')?.entrypointNeedsShell, true);
  assert.equal(catalog.lookupImage('prom/prometheus:v3.1.0')?.entrypointNeedsShell, false);
});

test('sources that leave the build open: traefik 2.10+/3 and minio answer "may have", never a fact', () => {
  for (const ref of ['traefik:v3.1', 'traefik:3.6.25', 'traefik:latest', 'minio/minio', 'minio/minio:RELEASE.2024-01-01T00-00-00Z', 'quay.io/minio/minio']) {
    const e = catalog.lookupImage(ref);
    assert.ok(e, ref);
    assert.equal(e!.shell, 'unverified', ref);
    assert.equal(e!.hardened, false, ref);
    assert.ok(e!.tools.every((t) => t.state !== 'yes'), `${ref}: no tool is a fact`);
    assert.ok(e!.tools.some((t) => t.tool === 'sh' && t.state === 'unverified'), `${ref} may have sh`);
  }
  assert.equal(state('minio/minio', 'curl'), 'unverified');
  assert.equal(catalog.lookupImage('traefik:v2.9.4')?.shell, 'yes', 'the 2.9 tags are mapped to the alpine Dockerfile');
  assert.match(catalog.data.images.find((i) => i.id === 'traefik')?.notes ?? '', /not in the stored sources/);
});

test('more images read from their build definitions: tomcat, docker, registry, caddy, consul, argocd, jenkins, exporters and collectors', () => {
  const cases: [string, string, string, string[], string[]][] = [
    ['tomcat:11.0.25-jre21-temurin-noble', 'tomcat', 'root', ['curl', 'bash'], []],
    ['tomcat:9.0-jdk8', 'tomcat', 'root', ['sh'], []],
    ['docker:29-cli', 'docker-cli', 'root', ['ssh', 'git', 'sh'], ['openssl']],
    ['docker:29', 'docker-dind', 'root', ['ssh', 'git', 'openssl'], []],
    ['docker:dind-rootless', 'docker-dind-rootless', 'rootless', ['sh'], []],
    ['registry:3', 'registry', 'root', ['sh', 'wget'], ['curl']],
    ['caddy:2.11', 'caddy', 'root', ['curl', 'sh'], []],
    ['hashicorp/consul:1.20', 'consul', 'root', ['curl', 'openssl'], []],
    ['quay.io/argoproj/argocd:v3.1.0', 'argocd', '999', ['git', 'ssh', 'bash'], ['curl']],
    ['jenkins/jenkins:lts-jdk21', 'jenkins', '1000', ['curl', 'git', 'ssh'], ['wget']],
    ['prom/node-exporter:v1.8.2', 'node-exporter', 'nobody', ['sh', 'wget'], []],
    ['fluent/fluent-bit:5.0.3-debug', 'fluent-bit-debug', 'root', ['curl', 'nc', 'nmap', 'dig'], []],
    ['sonarqube:10.6.0-community', 'sonarqube-10-community', '1000', ['curl', 'bash'], []],
  ];
  for (const [ref, id, user, present, absent] of cases) {
    const e = catalog.lookupImage(ref);
    assert.equal(e?.id, id, ref);
    assert.equal(e?.defaultUser, user, ref);
    for (const t of present) assert.equal(state(ref, t), 'yes', `${ref} ${t}`);
    for (const t of absent) assert.notEqual(state(ref, t), 'yes', `${ref} ${t}`);
  }
  for (const ref of ['otel/opentelemetry-collector-contrib:0.120.0', 'otel/opentelemetry-collector:latest', 'fluent/fluent-bit:5.0.3', 'coredns/coredns:1.11.3']) {
    const e = catalog.lookupImage(ref);
    assert.equal(e?.shell, 'no', ref);
    assert.equal(e?.hardened, true, ref);
  }
  assert.equal(catalog.lookupImage('otel/opentelemetry-collector:latest')?.defaultUser, '10001');
  for (const ref of ['registry:2', 'caddy:builder', 'jenkins/jenkins:2.426-rhel-ubi8-jdk17', 'fluent/fluent-bit:4.0', 'sonarqube:9.9-community']) {
    assert.equal(catalog.lookupImage(ref), undefined, `${ref} was not read`);
  }
});

test('application and toolchain images: wordpress, ghost, maven and rust over their catalogued language bases', () => {
  const cases: [string, string, string[], string[]][] = [
    ['wordpress', 'wordpress', ['sh', 'curl', 'php'], []],
    ['wordpress:6.8-php8.3-fpm', 'wordpress', ['bash'], []],
    ['wordpress:6.8.1-php8.3-fpm-alpine', 'wordpress-fpm-alpine', ['bash', 'sh'], []],
    ['ghost:6', 'ghost', ['sh', 'node', 'npm'], ['wget', 'python3']],
    ['ghost:6-alpine', 'ghost-alpine', ['bash', 'sh'], ['python3']],
    ['maven:3.9.16-eclipse-temurin-21-noble', 'maven', ['curl', 'git', 'ssh'], []],
    ['maven:latest', 'maven', ['git'], []],
    ['csanchez/maven:3', 'maven-csanchez', ['git'], []],
    ['maven:3-eclipse-temurin-21-alpine', 'maven-alpine', ['curl', 'bash', 'ssh'], []],
    ['rust:1.94.1-trixie', 'rust', ['curl', 'git', 'wget'], []],
    ['rust:1.94-slim', 'rust-slim', ['sh', 'bash'], ['wget', 'curl']],
    ['rust:1-alpine3.23', 'rust-alpine', ['sh'], ['curl']],
  ];
  for (const [ref, id, present, absent] of cases) {
    assert.equal(catalog.lookupImage(ref)?.id, id, ref);
    for (const t of present) assert.equal(state(ref, t), 'yes', `${ref} ${t}`);
    for (const t of absent) assert.notEqual(state(ref, t), 'yes', `${ref} ${t}`);
  }
  for (const ref of ['wordpress:cli', 'maven:3-amazoncorretto-21']) assert.equal(catalog.lookupImage(ref), undefined, `${ref} was not read`);
});

test('bash, influxdb 2.7 and telegraf 1.39: Alpine or Debian bases plus the clients their Dockerfiles keep', () => {
  assert.equal(catalog.lookupImage('bash:5.2')?.id, 'bash');
  assert.equal(state('bash:5.2', 'bash'), 'yes');
  assert.equal(state('bash:latest', 'sh'), 'yes');
  assert.equal(state('influxdb:2.7', 'curl'), 'yes');
  assert.equal(state('influxdb:2.7.12-alpine', 'bash'), 'yes');
  assert.equal(state('telegraf:1.39', 'wget'), 'yes', 'the buildpack-deps curl variant carries wget');
  assert.equal(catalog.lookupImage('telegraf:1.39.2-alpine')?.id, 'telegraf-alpine');
  assert.notEqual(state('telegraf:1.39.2-alpine', 'curl'), 'yes');
  for (const ref of ['influxdb:1.8', 'influxdb:3.0-core', 'telegraf:1.35']) assert.equal(catalog.lookupImage(ref), undefined, `${ref} was not read`);
});
