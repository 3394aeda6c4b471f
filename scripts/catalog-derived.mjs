// Server images built on a catalogued base, read from their official Dockerfiles: each entry starts from its
// base's entry (what the base holds) and applies what the image's own Dockerfile does to the final stage —
// tools it copies in, build tools it installs and purges, the user it runs as, a shell-script entrypoint.
// Every entry names the files it was read from (the source keys below); nothing here is guessed.
import { APP_DERIVED, APP_SOURCES } from './catalog-derived-apps.mjs';
import { K8S_DERIVED, K8S_SOURCES } from './catalog-derived-k8s.mjs';

export const DERIVED_SOURCES = {
  ...K8S_SOURCES,
  ...APP_SOURCES,
  MEMC: 'docker-library/memcached@0215dbaa: 1/debian/Dockerfile (FROM debian:bookworm-slim; runtime libsasl2-modules; build deps incl. wget and perl installed and removed with apt-get purge --auto-remove; USER memcache (uid 11211); ENTRYPOINT docker-entrypoint.sh), 1/alpine/Dockerfile (FROM alpine:3.19; .build-deps incl. openssl, perl deleted with apk del; USER memcache)',
  HAPX: 'docker-library/haproxy@04b2168f: 3.2/Dockerfile (FROM debian:trixie-slim; runtime ca-certificates only; build deps incl. wget purged with apt-get purge --auto-remove; USER haproxy (uid 99); ENTRYPOINT docker-entrypoint.sh), 3.2/alpine/Dockerfile (FROM alpine:3.22; .build-deps incl. openssl deleted with apk del; USER haproxy)',
  RMQ: 'docker-library/rabbitmq@00309be9: 4.2/ubuntu/Dockerfile (final stage FROM ubuntu:24.04; COPY --from the builders /opt/erlang and /opt/openssl, PATH includes /opt/openssl/bin and the build checks `command -v openssl` is /opt/openssl/bin/openssl; gosu, tzdata, ca-certificates installed; gnupg, wget, xz-utils purged with apt-get purge --auto-remove; no USER: root, the entrypoint steps down with gosu; ENTRYPOINT docker-entrypoint.sh); docker-library/repo-info repos/rabbitmq/local/4.2.md (rabbitmq:4.2.9 amd64 dpkg list: bash, dash present, no curl)',
  RMQV: 'docker-library/rabbitmq@9193c1d9: 4.2/ubuntu/management/Dockerfile (FROM rabbitmq:4.2; rabbitmq-plugins enable rabbitmq_management; the rabbitmqadmin-ng binary downloaded to /usr/local/bin/rabbitmqadmin; ca-certificates and wget installed for the download and purged with apt-get purge --auto-remove), 4.2/alpine/Dockerfile (final stage FROM alpine:3.23; /opt/erlang and /opt/openssl copied from the builders, PATH includes /opt/openssl/bin and the build checks `command -v openssl` is /opt/openssl/bin/openssl; su-exec, bash, procps, tzdata added; gnupg, xz as .build-deps deleted with apk del; no USER: root, the entrypoint steps down with su-exec; ENTRYPOINT docker-entrypoint.sh), 4.2/alpine/management/Dockerfile (FROM rabbitmq:4.2-alpine; rabbitmqadmin the same way); generate-stackbrew-library.sh (tags <version>-management, <version>-alpine, <version>-management-alpine)',
  RMQ3: 'docker-library/rabbitmq@4395f70^ (the last tree with 3.13, removed 2025-12-12): 3.13/ubuntu/Dockerfile, 3.13/ubuntu/management/Dockerfile, 3.13/alpine/Dockerfile, 3.13/alpine/management/Dockerfile; their final stages are line for line those of 4.2 in the same tree (versions and digests aside): FROM ubuntu:24.04 / alpine:3.23, /opt/erlang and /opt/openssl copied in, the same packages kept and purged, rabbitmqadmin-ng in the management images',
  MONGO: 'docker-library/mongo@2c69a57b: 8.0/Dockerfile (FROM ubuntu:noble; ca-certificates, jq, numactl, procps installed; gnupg, wget installed for the build and purged with apt-get purge --auto-remove; mongodb-org, -server, -shell (mongosh), -mongos, -tools (mongodump …), -database-tools-extra installed; no USER: root, the entrypoint steps down with gosu; ENTRYPOINT docker-entrypoint.sh), 8.2/Dockerfile and 8.3/Dockerfile the same on ubuntu:noble (7.0/Dockerfile is FROM ubuntu:jammy, not read further); generate-stackbrew-library.sh (8.2 → 8, latest); docker-library/repo-info repos/mongo/local/8.0.md (mongo:8.0.28-noble amd64 dpkg list: bash, dash, perl-base and the openssl binary package present; curl only as libcurl4t64; no python3 package)',
  MARIA: 'MariaDB/mariadb-docker@1b6429b: 11.4, 11.8, 12.2, 12.3/Dockerfile (FROM ubuntu:noble; 10.6, 10.11/Dockerfile FROM ubuntu:jammy; ca-certificates, pwgen, tzdata, xz-utils, zstd installed; dirmngr, wget installed for gosu and purged with apt-get purge --auto-remove; mariadb-server, mariadb-backup, socat installed; user mysql created, no USER: root, the entrypoint steps down with gosu; ENTRYPOINT docker-entrypoint.sh), docker-entrypoint.sh (#!/bin/bash; runs the mariadb client, mariadb-dump, mariadb-backup), generate-stackbrew-library.sh (<major>, latest and lts aliases for the stable non-UBI versions)',
  CURLIMG: 'curl/curl-container@96c8e58: Makefile (base docker.io/alpine:3.24.1; build_alpine builds curl-base from the dev image and the curl appliance from curl-base; base_deps brotli-libs libssh2 nghttp2 libidn2 krb5 libpsl zstd), create_base_image.sh (apk add the base deps; curl copied to /usr/bin/curl, libcurl to /usr/lib; user curl_user added; ENTRYPOINT /entrypoint.sh), create_appliance_image.sh (USER curl_user), etc/entrypoint.sh (#!/bin/sh), README.md (published as quay.io/curl/curl and docker.io curlimages/curl)',
  NATS: 'nats-io/nats-docker@aa0caa5: 2.12.x/scratch/Dockerfile (FROM scratch; only /nats-server and its config copied in; ENTRYPOINT ["/nats-server"]), 2.12.x/alpine3.22/Dockerfile (FROM alpine:3.22; ca-certificates, tzdata; nats-server in /usr/local/bin; ENTRYPOINT docker-entrypoint.sh); docker-library/official-images library/nats@040d9d05 (Linux tags <v>, latest, -scratch, -linux → the scratch directory; -alpine, -alpine3.x → the alpine directory)',
  ZK: '31z4/zookeeper-docker@52a8364 (the official zookeeper image, README.md): 3.9.4/Dockerfile, 3.8.6/Dockerfile (FROM eclipse-temurin:17-jre-jammy; ca-certificates, dirmngr, gosu, gnupg, netcat, wget installed and kept; user zookeeper (uid 1000) created, no USER: root, the entrypoint steps down with gosu; ENTRYPOINT /docker-entrypoint.sh, #!/bin/bash)',
  ERL: 'erlang/docker-erlang-otp@023b069: 28/Dockerfile (FROM buildpack-deps:trixie; runtime libodbc2, libsctp1, libwxgtk3.2; build deps purged; rebar and rebar3 installed), 27/Dockerfile (FROM buildpack-deps:bookworm, the same), 28/slim/Dockerfile (FROM debian:trixie; curl as fetch dep and the build deps purged with apt-get purge --auto-remove; runtime libodbc2, libssl3t64, libsctp1), 28/alpine/Dockerfile (FROM alpine:3.24; .fetch-deps (curl, ca-certificates) and .build-deps deleted with apk del); no USER, CMD erl',
  ELIXIR: 'erlef/docker-elixir@6113c3e: 1.19/Dockerfile, 1.18/Dockerfile (FROM erlang:28; Elixir built with make install), 1.19/slim/Dockerfile (FROM erlang:28-slim; ca-certificates, curl, make installed as build deps and purged with apt-get purge --auto-remove), 1.19/alpine/Dockerfile (FROM erlang:28-alpine; .build-deps deleted with apk del); generate-stackbrew-library.sh (1.19 → latest; variants slim, alpine, otp-NN)',
  VAULT: 'hashicorp/vault@024c09b6: Dockerfile target default (FROM alpine:3; user vault created; libcap, su-exec, dumb-init, tzdata added; the vault binary in /bin; no USER: root; ENTRYPOINT docker-entrypoint.sh, the entry point script run under dumb-init)',
  PROM: 'prometheus/prometheus@b5c61f3e: Dockerfile (FROM quay.io/prometheus/busybox:latest; prometheus and promtool copied to /bin; USER nobody; ENTRYPOINT ["/bin/prometheus"]); prometheus/busybox README.md (latest: the official busybox:uclibc image plus CA certificates, zoneinfo and /etc/services from Debian; glibc: busybox:glibc plus the same files), glibc/Dockerfile (FROM busybox:glibc)',
  KAFKA: 'apache/kafka@347388a5: docker/jvm/Dockerfile (final stage FROM eclipse-temurin:21-jre-alpine; wget, gcompat, gpg, gpg-agent, procps, bash added, then wget, gpg, gpg-agent removed with apk del; user appuser (shell /bin/bash); USER appuser; CMD /etc/kafka/docker/run); the earlier stored version @120d52df adds wget, gpg, gpg-agent, gcompat to the final stage and no bash',
  ES: 'elastic/dockerfiles@da5139f5 elasticsearch/Dockerfile (Elasticsearch 8.17.0: final stage FROM ubuntu:20.04; ca-certificates, curl, netcat, p11-kit, unzip, zip installed and kept; USER 1000:0; ENTRYPOINT /bin/tini -- /usr/local/bin/docker-entrypoint.sh, SHELL /bin/bash); every stored version of the file from 8.10.4 to 8.17.0 has the same base and package list; README.md (the Dockerfiles are generated from the product repositories)',
  GRAF: 'grafana/grafana@78515af6: Dockerfile (final stage FROM ${BASE_IMAGE}, default alpine:3.21; on Alpine apk add ca-certificates, bash, curl, tzdata, musl-utils; on Ubuntu apt-get install ca-certificates, curl, tzdata, musl; USER 472 (GF_UID); ENTRYPOINT /run.sh; Go 1.24 build image, the Grafana 12 tree (apps/advisor, apps/investigations))',
  KC: 'keycloak/keycloak@0463815b: quarkus/container/Dockerfile (KEYCLOAK_VERSION 22.0.11; final stage FROM registry.access.redhat.com/ubi9-micro; java-17-openjdk-headless and glibc-langpack-en installed into the root by ubi-null.sh in a ubi9 build stage; USER 1000; ENTRYPOINT /opt/keycloak/bin/kc.sh)',
  DOTSDK: 'dotnet/dotnet-docker: src/sdk/10.0/noble/amd64/Dockerfile@387218c4 (FROM aspnet noble; apt-get install curl, git, libatomic1, wget, kept; the PowerShell global tool linked as /usr/bin/pwsh), src/sdk/9.0/bookworm-slim/amd64/Dockerfile@017948cc (FROM aspnet bookworm-slim; the same packages and pwsh), src/sdk/10.0/alpine3.23/amd64/Dockerfile@9df825d5 (FROM aspnet alpine3.23; apk add curl, git, icu-data-full, icu-libs, libatomic, tzdata; pwsh)',
  UV: 'astral-sh/uv docs/guides/integration/docker.md@00281189 ("Available images": the distroless images latest, {major}.{minor}, {major}.{minor}.{patch} "do not contain anything but the uv binaries" (/uv, /uvx); derived images based on alpine:3.20 (alpine, alpine3.20), debian:bookworm-slim (debian-slim, bookworm-slim), buildpack-deps:bookworm (debian, bookworm), python3.x-alpine, python3.x-bookworm, python3.x-bookworm-slim, each also tagged {version}-{base}); Dockerfile@063a9be8 (final stage FROM scratch, COPY /uv, ENTRYPOINT ["/uv"])',
  TRFK: 'docker-library/official-images library/traefik@00452b47 (v2.9.4, 2.9, banon, latest → Directory alpine; v1.7.34, 1.7, maroilles → Directory scratch) and @79f92766 (v2.0.0-alpha6, 2.0, faisselle → scratch; v1.7.12-alpine, 1.7-alpine → alpine); traefik/traefik-library-image@6973938: v3.6/alpine/Dockerfile (FROM alpine:3.24; ca-certificates, tzdata; traefik in /usr/local/bin; ENTRYPOINT /entrypoint.sh, #!/bin/sh), v3.6/scratch/Dockerfile (FROM scratch: CA bundle, zoneinfo and /traefik only); which directory the v2.10+ and v3 default tags name is not in the stored sources',
  MINIO: 'minio/minio: Dockerfile.release@dcffd87e (FROM alpine:3.12; apk add ca-certificates, curl, su-exec; ENTRYPOINT docker-entrypoint.sh) and Dockerfile.release@0031b120 (FROM ubi9/ubi-minimal:9.2; microdnf install curl, ca-certificates, shadow-utils, util-linux, gzip, lsof, tar, net-tools, iproute, iputils, jq, minisign; the mc client in /opt/bin; ENTRYPOINT docker-entrypoint.sh); which release uses which build definition is not in the stored sources',
  TOMCAT: 'docker-library/tomcat@40f27d56: 11.0/jdk21/temurin-noble/Dockerfile (FROM eclipse-temurin:21-jdk-noble; curl, gnupg and the native-library build deps installed and purged with apt-get purge --auto-remove, the shared-library dependencies of the native library kept (.dependencies.txt from ldd); ENTRYPOINT []; CMD catalina.sh run), 11.0/jre21/temurin-noble/Dockerfile (FROM eclipse-temurin:21-jre-noble; Tomcat copied from the jdk image, the .dependencies.txt libraries installed); every variant directory is <jdk|jre>NN/temurin-<jammy|noble>; generate-stackbrew-library.sh (11.0 → 11, latest; the default variant is a temurin one)',
  DOCKER: 'docker-library/docker@3289af8: 29/cli/Dockerfile (FROM alpine:3.24; ca-certificates, openssh-client, git; the docker CLI, buildx and compose plugins; ENTRYPOINT docker-entrypoint.sh, #!/bin/sh; CMD sh), 29/dind/Dockerfile (FROM docker:29-cli; btrfs-progs, e2fsprogs, git, iptables, openssl, pigz, shadow-uidmap, xfsprogs, xz, zfs added; ENTRYPOINT dockerd-entrypoint.sh, #!/bin/sh), 29/dind-rootless/Dockerfile (FROM docker:29-dind; user rootless (uid 1000); USER rootless); generate-stackbrew-library.sh (the dind variant also takes the plain version tags and latest)',
  REGISTRY: 'distribution/distribution-library-image@a829ed8: Dockerfile (FROM alpine:3.21; ca-certificates; the registry 3.0.0 binary in /bin; ENTRYPOINT /entrypoint.sh, #!/bin/sh)',
  CADDY: 'caddyserver/caddy-docker@62d1326: 2.11/alpine/Dockerfile (FROM alpine:3.23; ca-certificates, curl, libcap, mailcap kept; caddy in /usr/bin; no USER, no ENTRYPOINT, CMD caddy run), stackbrew-config.yaml (the alpine directory takes the alpine tags and the shared latest tag)',
  CONSUL: 'hashicorp/consul@03658a09: Dockerfile target default (FROM alpine:3.24; dumb-init, libc6-compat, nftables, tzdata, ca-certificates, gnupg, gnutls, iputils, libcap, openssl, su-exec, jq, zlib, curl kept; user consul created, no USER: root, the entry point script steps down to consul; ENTRYPOINT docker-entrypoint.sh)',
  ARGOCD: 'argoproj/argo-cd@001b95b1: Dockerfile (final stage from argocd-base: BASE_IMAGE ubuntu:26.04; git, tini, ca-certificates, gpg, gpg-agent, tzdata, connect-proxy, openssh-client installed; helm, kustomize, git-lfs copied in; USER 999 (ARGOCD_USER_ID); ENTRYPOINT tini --)',
  JENKINS: 'jenkinsci/docker: debian/trixie/hotspot/Dockerfile@66f8e875 and debian/bookworm/hotspot/Dockerfile@d8e466a3 (controller stage FROM debian:<suite>-<date>; ca-certificates, curl, git, gnupg, gpg, libfontconfig1, libfreetype6, procps, ssh-client, tini, unzip, tzdata and git-lfs kept; user jenkins (uid 1000); USER jenkins; ENTRYPOINT tini -- /usr/local/bin/jenkins.sh), docker-bake.hcl@9ac15d09 (the plain version tag, latest, lts and jdkNN tags name the debian Dockerfile; slim, alpine, rhel and other variants are suffixed)',
  NODEEXP: 'prometheus/node_exporter@0c561fa1: Dockerfile (FROM quay.io/prometheus/busybox-${OS}-${ARCH}:glibc; node_exporter in /bin; USER nobody; ENTRYPOINT ["/bin/node_exporter"]); prometheus/busybox README.md (glibc: the official busybox:glibc image plus CA certificates, zoneinfo, /etc/services, libpthread)',
  OTEL: 'open-telemetry/opentelemetry-collector-releases: distributions/otelcol-contrib/Dockerfile@07ac0202 and distributions/otelcol/Dockerfile@08b16071 (an alpine stage only for ca-certificates.crt; final stage FROM scratch with the CA bundle, the collector binary and its config; USER 10001; ENTRYPOINT the collector)',
  FLUENTBIT: 'fluent/fluent-bit@015e1bc1: dockerfiles/Dockerfile (RELEASE_VERSION 5.0.3; production stage FROM gcr.io/distroless/cc-debian13 with shared libraries extracted from .debs (dpkg --extract, no maintainer scripts) and /fluent-bit, ENTRYPOINT /fluent-bit/bin/fluent-bit; debug stage FROM debian:trixie-slim with bash, git, vim, tmux, jq, dnsutils, tcpdump, curl, nmap, netcat-openbsd, openssl, strace, build-essential …, no entry point)',
  COREDNS: 'coredns/coredns: Dockerfile@b2308642 and Dockerfile@0ee1feea (a debian:stable-slim stage only for ca-certificates; final stage FROM scratch with /etc/ssl/certs, /tmp and the coredns binary; no USER: root; ENTRYPOINT ["/coredns"])',
  SONAR: 'SonarSource/docker-sonarqube@12d0aa6f: 10/community/Dockerfile (SONARQUBE_VERSION 10.6.0.92116; FROM eclipse-temurin:17-jre-jammy; bash, curl, fonts-dejavu, gnupg, unzip installed, gnupg and unzip removed with apt-get remove; user sonarqube (uid 1000); USER sonarqube; ENTRYPOINT /opt/sonarqube/docker/entrypoint.sh)',
  WP: 'docker-library/wordpress@bf223d1c: latest/php8.3/apache/Dockerfile (FROM php:8.3-apache; ghostscript and libheif plugins kept; the image-library build deps purged with apt-get purge --auto-remove; ENTRYPOINT docker-entrypoint.sh; CMD apache2-foreground), latest/php8.3/fpm-alpine/Dockerfile (FROM php:8.3-fpm-alpine; bash, ghostscript, imagemagick added; .build-deps deleted with apk del; CMD php-fpm); generate-stackbrew-library.sh (defaultPhpVersion php8.3, defaultVariant apache)',
  GHOST: 'docker-library/ghost@7edb45d: 6/bookworm/Dockerfile (FROM node:22-bookworm-slim; ca-certificates, gnupg, wget and g++, make, python3 installed for the build and purged with apt-get purge --auto-remove; ghost-cli installed with npm; ENTRYPOINT docker-entrypoint.sh; CMD node current/index.js), 6/alpine3.23/Dockerfile (FROM node:22-alpine3.23; bash added; .gosu-deps and .build-deps-ghost deleted with apk del)',
  MAVEN: 'carlossg/docker-maven@0170c5b (the official maven image, README.md): eclipse-temurin-21-noble/Dockerfile (FROM eclipse-temurin:21-jdk-noble; ca-certificates, curl, git, openssh-client installed; ENTRYPOINT mvn-entrypoint.sh; CMD mvn), eclipse-temurin-21-alpine/Dockerfile (FROM eclipse-temurin:21-jdk-alpine; apk add bash, procps, curl, tar, openssh-client), every eclipse-temurin-NN-noble and -alpine directory the same; common.sh (default_jdk eclipse-temurin-26-noble: the plain version tags and latest)',
  RUST: 'rust-lang/docker-rust@7668ee2 (the official rust image): stable/trixie/Dockerfile (FROM buildpack-deps:trixie; rustup downloaded with wget), stable/trixie/slim/Dockerfile (FROM debian:trixie-slim; ca-certificates, gcc, libc6-dev kept, wget removed with apt-get remove --auto-remove), stable/alpine3.23/Dockerfile (FROM alpine:3.23; ca-certificates, musl-dev, gcc); x.py (tags: <version>-<suite>, <suite>, <version>-slim-<suite>, slim-<suite>, <version>-alpine3.x; the latest Debian release (trixie) also takes <version>, latest, <version>-slim, slim; the latest Alpine (3.23) <version>-alpine, alpine)',
  BASH: 'tianon/docker-bash@cd784eb (the official bash image, README.md): 5.3/Dockerfile, 4.4/Dockerfile, 3.0/Dockerfile (FROM alpine:3.22 / 3.24; bash built from source into /usr/local/bin, .build-deps, .gpg-deps, .patch-deps deleted with apk del, .bash-rundeps kept; ENTRYPOINT docker-entrypoint.sh, #!/usr/bin/env bash; CMD bash); generate-stackbrew-library.sh (5.3 → 5, latest)',
  INFLUX: 'influxdata/influxdata-docker@d457cb9: influxdb/2.7/Dockerfile (FROM debian:bookworm-slim; ca-certificates, curl, gnupg installed and kept; dasel and gosu added; user influxdb (uid 1000) created, no USER: root; ENTRYPOINT /entrypoint.sh), influxdb/2.7/alpine/Dockerfile (FROM alpine:3.23; bash, ca-certificates, curl, gnupg, run-parts, su-exec), telegraf/1.39/Dockerfile (FROM buildpack-deps:bookworm-curl; iputils-ping, snmp, procps, lm-sensors, libcap2-bin, tini; ENTRYPOINT tini -- /entrypoint.sh), telegraf/1.39/alpine/Dockerfile (FROM alpine:3.23; iputils, net-snmp-tools, procps, lm_sensors, setpriv, tini; wget, gnupg, tar as .build-deps deleted with apk del; user telegraf created, no USER)',
};

const NO_SHELL_FREE = (name) => `no shell-free ${name} image is named by the sources; keep its Secrets out of env, run it non-root with a read-only root filesystem`;

const purged = { state: 'no', detail: 'build-only, purged' };
const client = (tool, detail, state = 'yes') => ({ tool, category: 'network', state, detail });
const shell = (tool, detail, state = 'yes') => ({ tool, category: 'shell', state, detail });
const manager = (tool, detail) => ({ tool, category: 'package-manager', state: 'yes', detail });
const UV = manager('uv', 'the uv binaries (/uv, /uvx)');
const PWSH = shell('pwsh', 'PowerShell global tool, /usr/bin/pwsh');

/**
 * id, base entry id (`from`), how the image differs. tools: tool → { state, detail } over the base's tools;
 * add: tools the base does not list; maybe: the sources leave the contents open, so every fact the base
 * gives becomes "may have" (unverified). registry defaults to docker.io.
 */
const DERIVED = [
  {
    id: 'memcached', from: 'debian-slim', family: 'memcached', variant: 'debian', repositories: ['library/memcached'],
    tags: ['<v>', 'latest', '<v>-bookworm', '<v>-trixie'], keywords: [],
    tools: { wget: { state: 'no', detail: 'build-only, purged' } }, user: '11211', nonRoot: 'yes', entrypointNeedsShell: true, sources: ['MEMC', 'DEB'],
  },
  {
    id: 'memcached-alpine', from: 'alpine', family: 'memcached', variant: 'alpine', repositories: ['library/memcached'],
    tags: ['<v>-alpine', 'alpine', '<v>-alpine3.*'], keywords: ['alpine'],
    tools: {}, user: '11211', nonRoot: 'yes', entrypointNeedsShell: true, sources: ['MEMC', 'ALP'],
  },
  {
    id: 'haproxy', from: 'debian-slim', family: 'haproxy', variant: 'debian', repositories: ['library/haproxy'],
    tags: ['<v>', 'latest', '<v>-bookworm', '<v>-trixie'], keywords: [],
    tools: { wget: { state: 'no', detail: 'build-only, purged' } }, user: '99', nonRoot: 'yes', entrypointNeedsShell: true, sources: ['HAPX', 'DEB'],
  },
  {
    id: 'haproxy-alpine', from: 'alpine', family: 'haproxy', variant: 'alpine', repositories: ['library/haproxy'],
    tags: ['<v>-alpine', 'alpine', '<v>-alpine3.*'], keywords: ['alpine'],
    tools: {}, user: '99', nonRoot: 'yes', entrypointNeedsShell: true, sources: ['HAPX', 'ALP'],
  },
  {
    id: 'rabbitmq', from: 'ubuntu-noble', family: 'rabbitmq', variant: 'ubuntu', repositories: ['library/rabbitmq'],
    tags: ['4', '4.<v>', 'latest', '3', '3.13', '3.13.<v>'], keywords: [],
    tools: {
      openssl: { state: 'yes', detail: '/opt/openssl/bin/openssl, on PATH' },
      wget: { state: 'no', detail: 'build-only, purged' },
    },
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['RMQ', 'RIUBU', 'RMQ3'],
  },
  {
    id: 'rabbitmq-management', from: 'rabbitmq', family: 'rabbitmq', variant: 'ubuntu, management plugin', repositories: ['library/rabbitmq'],
    tags: ['4-management', '4.<v>-management', 'management', '3-management', '3.13-management', '3.13.<v>-management'], keywords: ['management'],
    add: [client('rabbitmqadmin', 'rabbitmqadmin-ng, an HTTP client of the management API, /usr/local/bin/rabbitmqadmin')],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['RMQV', 'RMQ', 'RIUBU', 'RMQ3'],
  },
  {
    id: 'rabbitmq-alpine', from: 'alpine', family: 'rabbitmq', variant: 'alpine', repositories: ['library/rabbitmq'],
    tags: ['4-alpine', '4.<v>-alpine', 'alpine', '3-alpine', '3.13-alpine', '3.13.<v>-alpine'], keywords: ['alpine'],
    tools: { openssl: { state: 'yes', detail: '/opt/openssl/bin/openssl, on PATH' } },
    add: [shell('bash', 'apk add bash')],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['RMQV', 'ALP', 'RMQ3'],
  },
  {
    id: 'rabbitmq-management-alpine', from: 'rabbitmq-alpine', family: 'rabbitmq', variant: 'alpine, management plugin', repositories: ['library/rabbitmq'],
    tags: ['4-management-alpine', '4.<v>-management-alpine', 'management-alpine', '3-management-alpine', '3.13-management-alpine', '3.13.<v>-management-alpine'], keywords: ['management', 'alpine'],
    add: [client('rabbitmqadmin', 'rabbitmqadmin-ng, an HTTP client of the management API, /usr/local/bin/rabbitmqadmin')],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['RMQV', 'ALP', 'RMQ3'],
  },
  {
    id: 'mongo', from: 'ubuntu-noble', family: 'mongo', variant: 'ubuntu noble', repositories: ['library/mongo'],
    tags: ['8', '8.<v>', '8-noble', '8.<v>-noble', 'latest', 'noble'], keywords: [],
    tools: {
      openssl: { state: 'yes', detail: 'openssl binary package in the mongo:8.0.28-noble package list (ca-certificates)' },
      wget: purged,
      python3: { state: 'no', detail: 'not in the mongo:8.0.28-noble package list (8.2 and 8.3 install the same packages from the same Dockerfile)' },
    },
    add: [client('mongosh', 'mongodb-org-shell'), client('mongodump', 'mongodb-org-tools (database tools)')],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['MONGO', 'RIUBU'],
  },
  {
    id: 'mariadb', from: 'ubuntu-noble', family: 'mariadb', variant: 'ubuntu noble', repositories: ['library/mariadb'],
    tags: ['11', '12', 'latest', 'lts', '11.4', '11.4.<v>', '11.8', '11.8.<v>', '12.2', '12.2.<v>', '12.3', '12.3.<v>'], keywords: [],
    tools: {
      wget: purged,
      openssl: { state: 'unverified', detail: 'ca-certificates is installed; its openssl dependency is not read for this image' },
    },
    add: [client('mariadb', 'the MariaDB client, run by docker-entrypoint.sh'), client('socat', 'apt-get install socat (kept)')],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['MARIA', 'RIUBU'],
  },
  {
    id: 'mariadb-jammy', from: 'ubuntu', family: 'mariadb', variant: 'ubuntu jammy', repositories: ['library/mariadb'],
    tags: ['10.6', '10.6.<v>', '10.11', '10.11.<v>', '10'], keywords: [],
    tools: { wget: purged },
    add: [client('mariadb', 'the MariaDB client, run by docker-entrypoint.sh'), client('socat', 'apt-get install socat (kept)')],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['MARIA', 'UBU'],
  },
  ...['docker.io', 'quay.io'].map((registry) => ({
    id: registry === 'docker.io' ? 'curl' : 'curl-quay', from: 'alpine', family: 'curl', variant: 'alpine appliance', registry,
    repositories: registry === 'docker.io' ? ['curlimages/curl', 'curlimages/curl-base'] : ['curl/curl', 'curl/curl-base'],
    tags: [], keywords: [],
    tools: { curl: { state: 'yes', detail: 'curl built from source, /usr/bin/curl' } },
    user: 'curl_user', nonRoot: 'yes', entrypointNeedsShell: true, sources: ['CURLIMG', 'ALP'],
  })),
  {
    id: 'nats', from: 'scratch', family: 'nats', variant: 'scratch', repositories: ['library/nats'],
    tags: ['2', '2.<v>', 'latest', 'scratch', 'linux', '2-scratch', '2.<v>-scratch', '2-linux', '2.<v>-linux'], keywords: [],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, sources: ['NATS', 'SCR'],
  },
  {
    id: 'nats-alpine', from: 'alpine', family: 'nats', variant: 'alpine', repositories: ['library/nats'],
    tags: ['2-alpine', '2.<v>-alpine', 'alpine', '2-alpine3.*', '2.<v>-alpine3.*', 'alpine3.*'], keywords: ['alpine'],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['NATS', 'ALP'],
  },
  {
    id: 'zookeeper', from: 'eclipse-temurin', family: 'zookeeper', variant: 'eclipse-temurin 17 jre jammy', repositories: ['library/zookeeper'],
    tags: ['3', '3.<v>', 'latest'], keywords: [],
    tools: {
      nc: { state: 'yes', detail: 'apt-get install netcat (kept)' },
      wget: { state: 'yes', detail: 'apt-get install wget (kept)' },
    },
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, runtime: 'java', sources: ['ZK', 'TEM', 'UBU'],
  },
  {
    id: 'erlang', from: 'golang', family: 'erlang', variant: 'buildpack-deps', repositories: ['library/erlang'],
    tags: ['28', '28.<v>', '27', '27.<v>', 'latest'], keywords: [],
    baseNote: 'buildpack-deps (trixie for 28, bookworm for 27), the base the golang entry reads',
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, sources: ['ERL', 'BPD', 'APT'],
  },
  {
    id: 'erlang-slim', from: 'debian', family: 'erlang', variant: 'slim (debian)', repositories: ['library/erlang'],
    tags: ['28-slim', '28.<v>-slim', 'slim'], keywords: ['slim'],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, sources: ['ERL', 'DEB', 'APT'],
  },
  {
    id: 'erlang-alpine', from: 'alpine', family: 'erlang', variant: 'alpine', repositories: ['library/erlang'],
    tags: ['28-alpine', '28.<v>-alpine', 'alpine'], keywords: ['alpine'],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, sources: ['ERL', 'ALP'],
  },
  {
    id: 'elixir', from: 'erlang', family: 'elixir', variant: 'erlang (buildpack-deps)', repositories: ['library/elixir'],
    tags: ['1.19', '1.19.<v>', '1.18', '1.18.<v>', 'latest', '1.19-otp-28', '1.19.<v>-otp-28', '1.18-otp-28', '1.18.<v>-otp-28'], keywords: [],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, sources: ['ELIXIR', 'ERL', 'BPD', 'APT'],
  },
  {
    id: 'elixir-slim', from: 'erlang-slim', family: 'elixir', variant: 'slim', repositories: ['library/elixir'],
    tags: ['1.19-slim', '1.19.<v>-slim', '1.18-slim', '1.18.<v>-slim', 'slim', '1.19-otp-28-slim', '1.19.<v>-otp-28-slim'], keywords: ['slim'],
    tools: { curl: purged },
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, sources: ['ELIXIR', 'ERL', 'DEB', 'APT'],
  },
  {
    id: 'elixir-alpine', from: 'erlang-alpine', family: 'elixir', variant: 'alpine', repositories: ['library/elixir'],
    tags: ['1.19-alpine', '1.19.<v>-alpine', '1.18-alpine', '1.18.<v>-alpine', 'alpine', '1.19-otp-28-alpine', '1.19.<v>-otp-28-alpine'], keywords: ['alpine'],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, sources: ['ELIXIR', 'ERL', 'ALP'],
  },
  {
    id: 'vault', from: 'alpine', family: 'vault', variant: 'alpine', repositories: ['hashicorp/vault'],
    tags: ['1.<v>', 'latest'], keywords: [],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['VAULT', 'ALP'],
  },
  ...[['docker.io', 'prom/prometheus'], ['quay.io', 'prometheus/prometheus']].map(([registry, repo]) => ({
    id: registry === 'docker.io' ? 'prometheus' : 'prometheus-quay', from: 'busybox', family: 'prometheus', variant: 'prometheus busybox', registry,
    repositories: [repo], tags: ['v2.<v>', 'v3.<v>', 'latest', 'main'], keywords: [],
    user: 'nobody', nonRoot: 'yes', entrypointNeedsShell: false, sources: ['PROM', 'BB'],
  })),
  {
    id: 'kafka', from: 'eclipse-temurin-alpine', family: 'kafka', variant: 'eclipse-temurin 21 jre alpine', repositories: ['apache/kafka'],
    tags: ['3.<v>', '4.<v>', 'latest'], keywords: [],
    add: [shell('bash', 'apk add bash in the newer stored Dockerfile; the earlier one adds none', 'unverified')],
    user: 'appuser', nonRoot: 'yes', entrypointNeedsShell: true, runtime: 'java', sources: ['KAFKA', 'TEM', 'ALP'],
  },
  ...[['docker.elastic.co', 'elasticsearch/elasticsearch'], ['docker.io', 'library/elasticsearch']].map(([registry, repo]) => ({
    id: registry === 'docker.io' ? 'elasticsearch' : 'elasticsearch-elastic', from: 'ubuntu', family: 'elasticsearch', variant: 'ubuntu 20.04', registry,
    repositories: [repo],
    tags: ['10', '11', '12', '13', '14', '15', '16', '17'].flatMap((m) => [`8.${m}`, `8.${m}.<v>`]), keywords: [],
    tools: {
      curl: { state: 'yes', detail: 'apt-get install curl (kept)' },
      nc: { state: 'yes', detail: 'apt-get install netcat (kept)' },
    },
    user: '1000', nonRoot: 'yes', entrypointNeedsShell: true, sources: ['ES', 'UBU'],
  })),
  {
    id: 'grafana', from: 'alpine', family: 'grafana', variant: 'alpine', repositories: ['grafana/grafana', 'grafana/grafana-oss'],
    tags: ['12', '12.<v>'], keywords: [],
    tools: { curl: { state: 'yes', detail: 'apk add curl' } },
    add: [shell('bash', 'apk add bash')],
    user: '472', nonRoot: 'yes', entrypointNeedsShell: true, sources: ['GRAF', 'ALP'],
  },
  {
    id: 'grafana-ubuntu', from: 'ubuntu', family: 'grafana', variant: 'ubuntu', repositories: ['grafana/grafana', 'grafana/grafana-oss'],
    tags: ['12-ubuntu', '12.<v>-ubuntu'], keywords: ['ubuntu'],
    tools: { curl: { state: 'yes', detail: 'apt-get install curl' } },
    user: '472', nonRoot: 'yes', entrypointNeedsShell: true, sources: ['GRAF', 'UBU'],
  },
  {
    id: 'keycloak', from: 'ubi9-micro', family: 'keycloak', variant: 'ubi9-micro', registry: 'quay.io', repositories: ['keycloak/keycloak'],
    tags: ['22', '22.<v>'], keywords: [],
    user: '1000', nonRoot: 'yes', entrypointNeedsShell: true, runtime: 'java', sources: ['KC', 'UBI'],
  },
  {
    id: 'dotnet-sdk', from: 'dotnet', family: 'dotnet-sdk', variant: 'debian / ubuntu', registry: 'mcr.microsoft.com', repositories: ['dotnet/sdk'],
    tags: ['<v>', 'latest', '<v>-bookworm-slim', '<v>-noble', '<v>-trixie-slim'], keywords: [],
    tools: {
      curl: { state: 'yes', detail: 'apt-get install curl (kept)' },
      wget: { state: 'yes', detail: 'apt-get install wget (kept)' },
    },
    add: [client('git', 'apt-get install git (kept)'), PWSH],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, runtime: 'dotnet', sources: ['DOTSDK', 'NET', 'APT'],
  },
  {
    id: 'dotnet-sdk-alpine', from: 'dotnet-alpine', family: 'dotnet-sdk', variant: 'alpine', registry: 'mcr.microsoft.com', repositories: ['dotnet/sdk'],
    tags: ['<v>-alpine', '<v>-alpine3.*'], keywords: ['alpine'],
    tools: { curl: { state: 'yes', detail: 'apk add curl' } },
    add: [client('git', 'apk add git'), PWSH],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, runtime: 'dotnet', sources: ['DOTSDK', 'NET', 'ALP'],
  },
  {
    id: 'uv', from: 'scratch', family: 'uv', variant: 'distroless', registry: 'ghcr.io', repositories: ['astral-sh/uv'],
    tags: ['latest', '0.<v>'], keywords: [], add: [UV],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, sources: ['UV', 'SCR'],
  },
  ...[
    ['uv-alpine', 'alpine', ['alpine', 'alpine3.*'], ['alpine'], ['ALP']],
    ['uv-debian-slim', 'debian-slim', ['debian-slim', 'bookworm-slim'], ['slim'], ['DEB', 'APT']],
    ['uv-debian', 'golang', ['debian', 'bookworm'], ['debian'], ['BPD', 'APT']],
    ['uv-python-alpine', 'python-alpine', ['python3.*-alpine'], ['python', 'alpine'], ['PY', 'ALP']],
    ['uv-python', 'python', ['python3.*-bookworm'], ['python'], ['PY', 'BPD', 'APT']],
    ['uv-python-slim', 'python-slim', ['python3.*-bookworm-slim'], ['python', 'slim'], ['PY', 'APT']],
  ].map(([id, from, bases, keywords, sources]) => ({
    id, from, family: 'uv', variant: `uv on ${from}`, registry: 'ghcr.io', repositories: ['astral-sh/uv'],
    tags: bases.flatMap((b) => [b, `0.<v>-${b}`]), keywords, add: [UV],
    baseNote: from === 'golang' ? 'buildpack-deps:bookworm, the base the golang entry reads' : undefined,
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, runtime: /^python/.test(from) ? 'python3' : undefined, sources: ['UV', ...sources],
  })),
  {
    id: 'traefik-v1', from: 'scratch', family: 'traefik', variant: 'scratch (1.7)', repositories: ['library/traefik'],
    tags: ['1.7', '1.7.<v>', 'v1.7', 'v1.7.<v>', 'maroilles'], keywords: [],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, sources: ['TRFK', 'SCR'],
  },
  {
    id: 'traefik-v2.9', from: 'alpine', family: 'traefik', variant: 'alpine (2.9)', repositories: ['library/traefik'],
    tags: ['2.9', '2.9.<v>', 'v2.9', 'v2.9.<v>', 'banon'], keywords: [],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['TRFK', 'ALP'],
  },
  {
    id: 'traefik', from: 'alpine', family: 'traefik', variant: 'alpine or scratch', repositories: ['library/traefik'],
    tags: ['2', '2.<v>', 'v2', 'v2.<v>', '3', '3.<v>', 'v3', 'v3.<v>', 'latest'], keywords: [], maybe: true,
    maybeNote: 'built from either the alpine or the scratch Dockerfile; which one the tag names is not in the stored sources',
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, sources: ['TRFK', 'ALP', 'SCR'],
  },
  ...['docker.io', 'quay.io'].map((registry) => ({
    id: registry === 'docker.io' ? 'minio' : 'minio-quay', from: 'ubi9-minimal', family: 'minio', variant: 'alpine or ubi-minimal', registry,
    repositories: ['minio/minio'], tags: [], keywords: [], maybe: true,
    maybeNote: 'the stored build definitions use alpine:3.12 or ubi9/ubi-minimal:9.2; which release uses which is not in the stored sources',
    tools: { curl: { state: 'yes', detail: 'installed by both stored build definitions' } },
    add: [client('mc', 'the MinIO client, /opt/bin/mc in the ubi-minimal definition')],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['MINIO', 'UBI', 'ALP'],
  })),
  {
    id: 'tomcat', from: 'eclipse-temurin', family: 'tomcat', variant: 'eclipse-temurin (jdk or jre, jammy or noble)', repositories: ['library/tomcat'],
    tags: ['<v>', 'latest', '<v>-jdk*', '<v>-jre*', 'jdk*', 'jre*'], keywords: [],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, runtime: 'java', sources: ['TOMCAT', 'TEM', 'UBU'],
  },
  {
    id: 'docker-cli', from: 'alpine', family: 'docker', variant: 'cli', repositories: ['library/docker'],
    tags: ['29-cli', '29.<v>-cli', 'cli', '29.<v>-cli-alpine3.*'], keywords: ['cli'],
    add: [...['ssh', 'scp', 'sftp'].map((t) => client(t, 'openssh-client')), client('git', 'apk add git')],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['DOCKER', 'ALP'],
  },
  {
    id: 'docker-dind', from: 'docker-cli', family: 'docker', variant: 'dind', repositories: ['library/docker'],
    tags: ['29', '29.<v>', 'latest', 'dind', '29-dind', '29.<v>-dind', '29.<v>-dind-alpine3.*', '29.<v>-alpine3.*'], keywords: ['dind'],
    tools: { openssl: { state: 'yes', detail: 'apk add openssl' } },
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['DOCKER', 'ALP'],
  },
  {
    id: 'docker-dind-rootless', from: 'docker-dind', family: 'docker', variant: 'dind-rootless', repositories: ['library/docker'],
    tags: ['29-dind-rootless', '29.<v>-dind-rootless', 'dind-rootless'], keywords: ['dind', 'rootless'],
    user: 'rootless', nonRoot: 'yes', entrypointNeedsShell: true, sources: ['DOCKER', 'ALP'],
  },
  {
    id: 'registry', from: 'alpine', family: 'registry', variant: 'alpine', repositories: ['library/registry'],
    tags: ['3', '3.<v>', 'latest'], keywords: [],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['REGISTRY', 'ALP'],
  },
  {
    id: 'caddy', from: 'alpine', family: 'caddy', variant: 'alpine', repositories: ['library/caddy'],
    tags: ['2', '2.<v>', 'latest', 'alpine', '2-alpine', '2.<v>-alpine'], keywords: [],
    tools: { curl: { state: 'yes', detail: 'apk add curl (kept)' } },
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, sources: ['CADDY', 'ALP'],
  },
  {
    id: 'consul', from: 'alpine', family: 'consul', variant: 'alpine', repositories: ['hashicorp/consul'],
    tags: ['1.<v>', 'latest'], keywords: [],
    tools: {
      curl: { state: 'yes', detail: 'apk add curl (kept)' },
      openssl: { state: 'yes', detail: 'apk add openssl (kept in the default target)' },
    },
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['CONSUL', 'ALP'],
  },
  {
    id: 'argocd', from: 'ubuntu', family: 'argocd', variant: 'ubuntu 26.04', registry: 'quay.io', repositories: ['argoproj/argocd'],
    tags: ['v3.<v>', 'latest'], keywords: [],
    add: [client('git', 'apt-get install git'), ...['ssh', 'scp', 'sftp'].map((t) => client(t, 'openssh-client'))],
    user: '999', nonRoot: 'yes', entrypointNeedsShell: false, sources: ['ARGOCD', 'UBU'],
  },
  {
    id: 'jenkins', from: 'debian', family: 'jenkins', variant: 'debian', repositories: ['jenkins/jenkins'],
    tags: ['latest', 'lts', 'jdk*', 'lts-jdk*', 'latest-jdk*', '2.<v>', '2.<v>-jdk*', '2.<v>-lts', '2.<v>-lts-jdk*'], keywords: [],
    tools: { curl: { state: 'yes', detail: 'apt-get install curl (kept)' } },
    add: [client('git', 'apt-get install git'), ...['ssh', 'scp', 'sftp'].map((t) => client(t, 'ssh-client'))],
    user: '1000', nonRoot: 'yes', entrypointNeedsShell: true, runtime: 'java', sources: ['JENKINS', 'DEB', 'APT'],
  },
  ...[['docker.io', 'prom/node-exporter'], ['quay.io', 'prometheus/node-exporter']].map(([registry, repo]) => ({
    id: registry === 'docker.io' ? 'node-exporter' : 'node-exporter-quay', from: 'busybox', family: 'node-exporter', variant: 'prometheus busybox glibc', registry,
    repositories: [repo], tags: ['v1.<v>', 'latest', 'master'], keywords: [],
    user: 'nobody', nonRoot: 'yes', entrypointNeedsShell: false, sources: ['NODEEXP', 'BB'],
  })),
  {
    id: 'otel-collector', from: 'scratch', family: 'otel-collector', variant: 'scratch', repositories: ['otel/opentelemetry-collector', 'otel/opentelemetry-collector-contrib'],
    tags: ['0.<v>', 'latest'], keywords: [],
    user: '10001', nonRoot: 'yes', entrypointNeedsShell: false, sources: ['OTEL', 'SCR'],
  },
  {
    id: 'fluent-bit', from: 'distroless-cc', family: 'fluent-bit', variant: 'distroless cc-debian13', repositories: ['fluent/fluent-bit'],
    tags: ['5', '5.<v>'], keywords: [],
    baseNote: 'gcr.io/distroless/cc-debian13 base (the distroless-cc entry) with extracted shared libraries',
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, sources: ['FLUENTBIT', 'DL'],
  },
  {
    id: 'fluent-bit-debug', from: 'debian-slim', family: 'fluent-bit', variant: 'debug (debian trixie-slim)', repositories: ['fluent/fluent-bit'],
    tags: ['5-debug', '5.<v>-debug'], keywords: ['debug'],
    tools: {
      curl: { state: 'yes', detail: 'apt-get install curl' },
      nc: { state: 'yes', detail: 'apt-get install netcat-openbsd' },
      openssl: { state: 'yes', detail: 'apt-get install openssl' },
    },
    add: [client('git', 'apt-get install git'), client('dig', 'apt-get install dnsutils'), client('nslookup', 'apt-get install dnsutils'), client('nmap', 'apt-get install nmap')],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, sources: ['FLUENTBIT', 'DEB', 'APT'],
  },
  {
    id: 'coredns', from: 'scratch', family: 'coredns', variant: 'scratch', repositories: ['coredns/coredns'],
    tags: ['1.<v>', 'latest'], keywords: [],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, sources: ['COREDNS', 'SCR'],
  },
  {
    id: 'sonarqube-10-community', from: 'eclipse-temurin', family: 'sonarqube', variant: '10 community (temurin 17 jre jammy)', repositories: ['library/sonarqube'],
    tags: ['10-community', '10.<v>-community'], keywords: [],
    tools: { curl: { state: 'yes', detail: 'apt-get install curl (kept)' } },
    user: '1000', nonRoot: 'yes', entrypointNeedsShell: true, runtime: 'java', sources: ['SONAR', 'TEM', 'UBU'],
  },
  {
    id: 'wordpress', from: 'php', family: 'wordpress', variant: 'apache / fpm (debian)', repositories: ['library/wordpress'],
    tags: ['latest', '6', '6.<v>', 'apache', 'fpm', '6-apache', '6.<v>-apache', '6-fpm', '6.<v>-fpm', 'php8.*-apache', 'php8.*-fpm', '6-php8.*-apache', '6.<v>-php8.*-apache', '6-php8.*-fpm', '6.<v>-php8.*-fpm'], keywords: [],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, runtime: 'php', sources: ['WP', 'PHP', 'APT'],
  },
  {
    id: 'wordpress-fpm-alpine', from: 'php-alpine', family: 'wordpress', variant: 'fpm-alpine', repositories: ['library/wordpress'],
    tags: ['fpm-alpine', '6-fpm-alpine', '6.<v>-fpm-alpine', 'php8.*-fpm-alpine', '6-php8.*-fpm-alpine', '6.<v>-php8.*-fpm-alpine'], keywords: ['alpine'],
    add: [shell('bash', 'apk add bash')],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, runtime: 'php', sources: ['WP', 'PHP', 'ALP'],
  },
  {
    id: 'ghost', from: 'node-slim', family: 'ghost', variant: 'node bookworm-slim', repositories: ['library/ghost'],
    tags: ['6', '6.<v>', 'latest', '6-bookworm', '6.<v>-bookworm', 'bookworm'], keywords: [],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, runtime: 'node', sources: ['GHOST', 'NODE'],
  },
  {
    id: 'ghost-alpine', from: 'node-alpine', family: 'ghost', variant: 'node alpine', repositories: ['library/ghost'],
    tags: ['6-alpine', '6.<v>-alpine', 'alpine', '6-alpine3.*', '6.<v>-alpine3.*'], keywords: ['alpine'],
    add: [shell('bash', 'apk add bash')],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, runtime: 'node', sources: ['GHOST', 'NODE', 'ALP'],
  },
  ...['library/maven', 'csanchez/maven'].map((repo) => [
    {
      id: repo === 'library/maven' ? 'maven' : 'maven-csanchez', from: 'eclipse-temurin', family: 'maven', variant: 'eclipse-temurin jdk noble', repositories: [repo],
      tags: ['3', '3.<v>', 'latest', '3-eclipse-temurin-<v>-noble', '3.<v>-eclipse-temurin-<v>-noble', 'eclipse-temurin-<v>-noble'], keywords: [],
      tools: { curl: { state: 'yes', detail: 'apt-get install curl' } },
      add: [client('git', 'apt-get install git'), ...['ssh', 'scp', 'sftp'].map((t) => client(t, 'openssh-client'))],
      user: 'root', nonRoot: 'no', entrypointNeedsShell: true, runtime: 'java', sources: ['MAVEN', 'TEM', 'UBU'],
    },
    {
      id: repo === 'library/maven' ? 'maven-alpine' : 'maven-csanchez-alpine', from: 'eclipse-temurin-alpine', family: 'maven', variant: 'eclipse-temurin jdk alpine', repositories: [repo],
      tags: ['3-eclipse-temurin-<v>-alpine', '3.<v>-eclipse-temurin-<v>-alpine', 'eclipse-temurin-<v>-alpine'], keywords: ['alpine'],
      tools: { curl: { state: 'yes', detail: 'apk add curl' } },
      add: [shell('bash', 'apk add bash'), ...['ssh', 'scp', 'sftp'].map((t) => client(t, 'openssh-client'))],
      user: 'root', nonRoot: 'no', entrypointNeedsShell: true, runtime: 'java', sources: ['MAVEN', 'TEM', 'ALP'],
    },
  ]).flat(),
  {
    id: 'rust', from: 'golang', family: 'rust', variant: 'buildpack-deps', repositories: ['library/rust'],
    tags: ['1', '1.<v>', 'latest', '1-trixie', '1.<v>-trixie', 'trixie', '1-bookworm', '1.<v>-bookworm', 'bookworm'], keywords: [],
    baseNote: 'buildpack-deps (trixie, bookworm), the base the golang entry reads',
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, sources: ['RUST', 'BPD', 'APT'],
  },
  {
    id: 'rust-slim', from: 'debian-slim', family: 'rust', variant: 'slim', repositories: ['library/rust'],
    tags: ['1-slim', '1.<v>-slim', 'slim', '1-slim-trixie', '1.<v>-slim-trixie', 'slim-trixie', '1-slim-bookworm', '1.<v>-slim-bookworm', 'slim-bookworm'], keywords: ['slim'],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, sources: ['RUST', 'DEB', 'APT'],
  },
  {
    id: 'rust-alpine', from: 'alpine', family: 'rust', variant: 'alpine', repositories: ['library/rust'],
    tags: ['1-alpine', '1.<v>-alpine', 'alpine', '1-alpine3.*', '1.<v>-alpine3.*', 'alpine3.*'], keywords: ['alpine'],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: false, sources: ['RUST', 'ALP'],
  },
  {
    id: 'bash', from: 'alpine', family: 'bash', variant: 'alpine', repositories: ['library/bash'],
    tags: ['5', '5.<v>', '4', '4.<v>', '3.<v>', 'latest', 'devel', 'devel-*', '5-alpine3.*', '5.<v>-alpine3.*', 'alpine3.*'], keywords: [],
    add: [shell('bash', 'bash built from source, /usr/local/bin/bash')],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['BASH', 'ALP'],
  },
  {
    id: 'influxdb-2', from: 'debian-slim', family: 'influxdb', variant: '2 (debian bookworm-slim)', repositories: ['library/influxdb'],
    tags: ['2.7', '2.7.<v>'], keywords: [],
    tools: { curl: { state: 'yes', detail: 'apt-get install curl (kept)' } },
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['INFLUX', 'DEB', 'APT'],
  },
  {
    id: 'influxdb-2-alpine', from: 'alpine', family: 'influxdb', variant: '2 alpine', repositories: ['library/influxdb'],
    tags: ['2.7-alpine', '2.7.<v>-alpine'], keywords: ['alpine'],
    tools: { curl: { state: 'yes', detail: 'apk add curl' } },
    add: [shell('bash', 'apk add bash')],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['INFLUX', 'ALP'],
  },
  {
    id: 'telegraf', from: 'debian', family: 'telegraf', variant: 'buildpack-deps bookworm-curl', repositories: ['library/telegraf'],
    tags: ['1.39', '1.39.<v>'], keywords: [],
    baseNote: 'buildpack-deps:bookworm-curl (debian bookworm with curl and wget, BPD)',
    tools: {
      curl: { state: 'yes', detail: 'buildpack-deps curl variant' },
      wget: { state: 'yes', detail: 'buildpack-deps curl variant' },
    },
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['INFLUX', 'BPD', 'DEB'],
  },
  {
    id: 'telegraf-alpine', from: 'alpine', family: 'telegraf', variant: 'alpine', repositories: ['library/telegraf'],
    tags: ['1.39-alpine', '1.39.<v>-alpine'], keywords: ['alpine'],
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['INFLUX', 'ALP'],
  },
  ...K8S_DERIVED,
  ...APP_DERIVED,
];

const RISKY = new Set(['shell', 'network', 'package-manager']);

/** Appends the derived entries to `images` (the generated catalog's list), each cloned from its base entry. */
export function addDerived(images) {
  for (const d of DERIVED) {
    const base = images.find((i) => i.id === d.from);
    if (!base) throw new Error(`derived entry ${d.id}: no base entry ${d.from}`);
    if (images.some((i) => i.id === d.id)) throw new Error(`derived entry ${d.id} is already in the catalog`);
    const e = structuredClone(base);
    Object.assign(e, { id: d.id, family: d.family, variant: d.variant, registry: d.registry ?? 'docker.io', repositories: d.repositories, tags: d.tags, keywords: d.keywords });
    delete e.registryAliases;
    const over = d.tools ?? {};
    e.tools = e.tools.map((t) => (over[t.tool] ? { tool: t.tool, category: t.category, ...over[t.tool] } : t));
    for (const tool of Object.keys(over)) {
      if (!e.tools.some((t) => t.tool === tool)) throw new Error(`derived entry ${d.id}: ${tool} is not a tool of ${d.from}`);
    }
    for (const t of d.add ?? []) {
      if (e.tools.some((x) => x.tool === t.tool)) throw new Error(`derived entry ${d.id}: ${t.tool} is already a tool of ${d.from}`);
      e.tools.push(structuredClone(t));
    }
    if (d.maybe) {
      // The sources leave open which build the tags name: nothing the base holds is a fact for this image.
      e.tools = e.tools.map((t) => (t.state === 'yes' ? { ...t, state: 'unverified' } : t));
      if (e.shell === 'yes') e.shell = 'unverified';
    }
    e.defaultUser = d.user;
    e.nonRootDefault = d.nonRoot;
    e.entrypointNeedsShell = d.entrypointNeedsShell;
    e.hardened = e.shell === 'no' && !e.tools.some((t) => t.state !== 'no' && RISKY.has(t.category));
    delete e.replacement;
    delete e.runtime;
    if (d.runtime) e.runtime = d.runtime;
    delete e.confidence;
    delete e.deprecated;
    delete e.shellFreeSibling;
    delete e.noReplacement;
    if (e.shell !== 'no') e.noReplacement = NO_SHELL_FREE(d.family);
    for (const key of d.sources) if (!(key in DERIVED_SOURCES) && !/^[A-Z0-9]+$/.test(key ?? '')) throw new Error(`derived entry ${d.id}: source ${key} is not a source key`);
    e.sources = d.sources;
    // Only the tags read: another variant of the same repository (an older major, a variant not read) stays unknown.
    e.tagsOnly = true;
    e.notes = [`the ${d.baseNote ?? `${d.from} base`} as the image's build definition leaves it`, d.maybeNote].filter(Boolean).join('; ');
    images.push(e);
  }
}
