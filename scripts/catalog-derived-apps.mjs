// Application and database images (mostly Docker Official Images) read from their own Dockerfiles over a
// catalogued base: what the final stage installs and keeps, what it purges, the user it runs as. Only the
// version directories read are tagged. Used by scripts/catalog-derived.mjs.

export const APP_SOURCES = {
  CASS: 'docker-library/cassandra@7b9da8f4: 4.0/Dockerfile, 4.1/Dockerfile, 5.0/Dockerfile (FROM debian:bookworm-slim; libjemalloc2, procps, python3 (cqlsh), iproute2, numactl installed and kept; ca-certificates, gnupg, wget installed for gosu and the download and purged with apt-get purge --auto-remove; Java copied from eclipse-temurin:11-jre / 17-jre; user cassandra (uid 999), no USER: root, the entrypoint steps down with gosu; ENTRYPOINT docker-entrypoint.sh)',
  COUCH: 'apache/couchdb-docker@4c82ee09: 3.3.3/Dockerfile, 3.4.3/Dockerfile, 3.5.0/Dockerfile (FROM debian:bookworm-slim; tini kept; curl installed for the repository key and removed with apt purge --autoremove curl; user couchdb (uid 5984), no USER: root; ENTRYPOINT tini -- /docker-entrypoint.sh); the -nouveau and -ubi directories not catalogued',
  SOLR: 'apache/solr-docker@884b2e66: 9.9/Dockerfile, 9.10/Dockerfile and their -slim directories (FROM eclipse-temurin:17-jre-jammy; acl, lsof, procps, wget, netcat, gosu, tini, jattach installed and kept; gpg, dirmngr removed; USER 8983 (SOLR_UID)), 10.0/Dockerfile and 10.0-slim (FROM eclipse-temurin:25-jre-noble; the same plus curl, netcat-openbsd); ENTRYPOINT docker-entrypoint.sh',
  FLINK: 'apache/flink-docker@983be345: every Dockerfile under 1.20/, 2.0/, 2.1/, 2.2/ (scala_2.12-javaNN-ubuntu: FROM eclipse-temurin:NN-jre-<jammy|noble>; gpg, libsnappy1v5, gettext-base, libjemalloc-dev installed; user flink (uid 9999); USER flink; ENTRYPOINT /docker-entrypoint.sh)',
  NEXTC: 'nextcloud/docker@4de1eed6: 32, 33, 34/apache/Dockerfile and /fpm/Dockerfile (FROM php:8.x-apache-trixie / php:8.x-fpm-trixie; busybox-static, bzip2, rsync and image libraries installed and kept; the build and fetch deps purged; no USER: root; ENTRYPOINT /entrypoint.sh), 32, 33, 34/fpm-alpine/Dockerfile (FROM php:8.x-fpm-alpine3.x; imagemagick, rsync added; .build-deps and .fetch-deps deleted with apk del)',
  DRUPAL: 'docker-library/drupal@305e3e2a: 10.6/php8.x/{apache,fpm}-{bookworm,trixie}/Dockerfile and 11.3/… (FROM php:8.x-apache-<suite> / php:8.x-fpm-<suite>; image-library build deps purged with apt-get purge --auto-remove; composer copied from composer:2), 10.6/php8.x/fpm-alpine3.x/Dockerfile (FROM php:8.x-fpm-alpine3.x; .build-deps deleted); no USER, CMD from the php image',
  JOOMLA: 'joomla-docker/docker-joomla@562e0feb: 5.4, 6.1/php8.x/{apache,fpm}/Dockerfile (FROM php:8.x-apache / php:8.x-fpm; ghostscript kept, build deps purged; ENTRYPOINT /entrypoint.sh), 5.4, 6.1/php8.x/fpm-alpine/Dockerfile (FROM php:8.x-fpm-alpine; .build-deps deleted)',
  MATOMO: 'matomo-org/docker@adb618af: apache/Dockerfile, fpm/Dockerfile (FROM php:8.4-apache / php:8.4-fpm; procps and image libraries kept; $fetchDeps purged with apt-get purge --auto-remove; no USER: root; ENTRYPOINT /entrypoint.sh), fpm-alpine/Dockerfile (FROM php:8.4-fpm-alpine)',
  KONG: 'Kong/docker-kong@d1ed165b: ubuntu/Dockerfile (FROM ubuntu:noble; curl and ca-certificates installed, the Kong package fetched with curl and installed, then apt-get purge -y curl; user kong; USER kong; ENTRYPOINT /docker-entrypoint.sh)',
  ADMINER: 'TimWolla/docker-adminer@7088bf0e (the official adminer image): 4/Dockerfile, 5/Dockerfile (FROM php:8.x-alpine; .build-deps deleted with apk del; user adminer; USER adminer; ENTRYPOINT entrypoint.sh docker-php-entrypoint; CMD php -S [::]:8080)',
  PMA: 'phpmyadmin/docker@452a995f: apache/Dockerfile, fpm/Dockerfile (FROM php:8.3-apache / php:8.3-fpm; gnupg, dirmngr and the build deps marked auto and purged; the last USER is root; ENTRYPOINT /docker-entrypoint.sh), fpm-alpine/Dockerfile (FROM php:8.3-fpm-alpine)',
  REDMINE: 'docker-library/redmine@f772dee7: 6.0, 6.1, 7.0/{bookworm,trixie}/Dockerfile (FROM ruby:3.x-slim-<suite>; bzr, ca-certificates, ghostscript, git, imagemagick, mercurial, openssh-client, subversion, tini, wget installed and kept; gnupg and the gem build deps purged; user redmine (uid 999), no USER: root; ENTRYPOINT /docker-entrypoint.sh); mercurial Depends python3',
  ODOO: 'odoo/docker@f7f67653: 17.0, 18.0, 19.0/Dockerfile (FROM ubuntu:noble (17.0: ubuntu:jammy, not catalogued); ca-certificates, curl, dirmngr, gnupg, python3 and python3-pip, python3-* modules, wkhtmltox installed and kept; postgresql-client installed; nodejs installed and npm purged; USER odoo; ENTRYPOINT /entrypoint.sh)',
  APISIX: 'apache/apisix-docker@5c25f5dc: debian/Dockerfile (FROM debian:bookworm-slim; the build packages purged with apt-get purge -y --auto-remove; user apisix (uid 636); USER apisix; ENTRYPOINT /docker-entrypoint.sh); image apache/apisix (<version>-debian tags)',
  FLUENTD: 'fluent/fluentd-docker-image@426b4a18: v1.19/debian/Dockerfile (FROM ruby:3.4-slim; ca-certificates, tini kept; the gem build deps removed; user fluent; USER fluent; ENTRYPOINT tini -- /bin/entrypoint.sh); README.md (tags v1.19-debian-2, v1.19.3-debian-2.2, v1.19-2)',
  MONGO7: 'docker-library/mongo@2c69a57b: 7.0/Dockerfile (FROM ubuntu:jammy; otherwise line for line 8.0/Dockerfile: ca-certificates, jq, numactl, procps installed; gnupg, wget installed for the build and purged with apt-get purge --auto-remove; mongodb-org, -server, -shell (mongosh), -mongos, -tools (mongodump …) installed; no USER: root, the entrypoint steps down with gosu; ENTRYPOINT docker-entrypoint.sh)',
  ES7: 'elastic/dockerfiles branch 7.17 @28b876f2 (2025-07-31, Elasticsearch 7.17.29): elasticsearch/Dockerfile (final stage FROM ubuntu:20.04; ca-certificates, curl, netcat, p11-kit, unzip, zip installed and kept; no USER: root, the entrypoint runs Elasticsearch as uid 1000; ENTRYPOINT /bin/tini -- /usr/local/bin/docker-entrypoint.sh)',
  ES9: 'elastic/dockerfiles branches 9.0 @dd7bdb10 (9.0.8), 9.1 @10fa6f80 (9.1.10), 9.2 @0bbe2f0a (9.2.4): elasticsearch/Dockerfile (final stage FROM redhat/ubi9-minimal:latest; microdnf install nc, shadow-utils, zip, unzip, findutils, procps-ng; USER 1000:0; ENTRYPOINT /bin/tini -- /usr/local/bin/docker-entrypoint.sh)',
  JENKV: 'jenkinsci/docker@ab3f5e0a: alpine/hotspot/Dockerfile (controller stage FROM alpine; apk add bash, coreutils, curl, git, git-lfs, musl-locales, openssh-client, tini, ttf-dejavu, tzdata, unzip; user jenkins (uid 1000, shell /bin/bash); USER jenkins; ENTRYPOINT tini -- jenkins.sh), debian/Dockerfile with DEBIAN_VARIANT -slim (controller stage FROM debian:<suite>-slim; ca-certificates, curl, git, procps, ssh-client, tini, unzip, tzdata kept; USER jenkins), rhel/Dockerfile (controller stage FROM registry.access.redhat.com/ubi9/ubi; dnf install fontconfig, freetype, git, git-lfs, unzip, which, tzdata; USER jenkins); docker-bake.hcl (linux_tags: <distribution>-jdkNN, lts-<distribution>-jdkNN, <distribution> and lts-<distribution> for the default JDK, each also prefixed with the version)',
  SONARV: 'SonarSource/docker-sonarqube@df5a6ae2 (2026-06-29): community-build/Dockerfile (SONARQUBE_VERSION 26.6.0.123539) and commercial-editions/{developer,enterprise}/Dockerfile (SONARQUBE_VERSION 2026.3.1.123439): FROM eclipse-temurin:25-jdk-noble; bash, curl, fonts-dejavu, gnupg, unzip installed, gnupg and unzip removed with apt-get remove; user sonarqube (uid 1000); USER sonarqube; ENTRYPOINT /opt/sonarqube/docker/entrypoint.sh',
};

const client = (tool, detail) => ({ tool, category: 'network', state: 'yes', detail });
const yes = (detail) => ({ state: 'yes', detail });
const purged = { state: 'no', detail: 'build-only, purged' };
const app = (id, from, family, variant, repositories, tags, user, entrypointNeedsShell, sources, extra = {}) => ({
  id, from, family, variant, registry: 'docker.io', repositories, tags, keywords: extra.keywords ?? [], user, nonRoot: user === 'root' ? 'no' : 'yes',
  entrypointNeedsShell, sources, ...extra,
});
const vtags = (versions, suffixes = ['']) => versions.flatMap((v) => suffixes.flatMap((s) => [`${v}${s}`, `${v}.<v>${s}`]));
const BUSYBOX_STATIC = [
  { tool: 'busybox', category: 'shell', state: 'yes', detail: 'apt-get install busybox-static (kept)' },
];

export const APP_DERIVED = [
  app('cassandra', 'debian-slim', 'cassandra', 'debian bookworm-slim', ['library/cassandra'], [...vtags(['4.0', '4.1', '5.0']), '4', '5', 'latest'], 'root', true, ['CASS', 'DEB', 'APT'], {
    tools: { python3: yes('apt-get install python3 (kept, for cqlsh)'), wget: purged },
  }),
  app('couchdb', 'debian-slim', 'couchdb', 'debian bookworm-slim', ['library/couchdb'], [...vtags(['3.3', '3.4', '3.5']), '3', 'latest'], 'root', true, ['COUCH', 'DEB', 'APT'], {
    tools: { curl: purged },
  }),
  app('solr-9', 'eclipse-temurin', 'solr', 'eclipse-temurin 17 jre jammy', ['library/solr'], [...vtags(['9.9', '9.10'], ['', '-slim']), '9', '9-slim'], '8983', true, ['SOLR', 'TEM', 'UBU'], {
    tools: { wget: yes('apt-get install wget (kept)'), nc: yes('apt-get install netcat (kept)') },
  }),
  app('solr', 'eclipse-temurin', 'solr', 'eclipse-temurin 25 jre noble', ['library/solr'], [...vtags(['10.0'], ['', '-slim']), '10', '10-slim', 'latest', 'slim'], '8983', true, ['SOLR', 'TEM', 'UBU'], {
    tools: { curl: yes('apt-get install curl (kept)'), wget: yes('apt-get install wget (kept)'), nc: yes('apt-get install netcat-openbsd (kept)') },
  }),
  app('flink', 'eclipse-temurin', 'flink', 'eclipse-temurin jre (ubuntu)', ['library/flink'],
    ['1.20', '1.20.<v>', '1.20-*', '1.20.<v>-*', '2', '2.<v>', '2-*', '2.<v>-*', 'latest', 'scala_*', 'java*'], 'flink', true, ['FLINK', 'TEM', 'UBU'], { runtime: 'java' }),
  app('nextcloud', 'php', 'nextcloud', 'php apache / fpm (debian trixie)', ['library/nextcloud'],
    [...vtags(['32', '33', '34'], ['', '-apache', '-fpm']), 'latest', 'stable', 'production', 'apache', 'fpm', 'stable-apache', 'production-apache', 'stable-fpm', 'production-fpm'], 'root', true, ['NEXTC', 'PHP', 'APT'], {
      tools: { wget: { state: 'yes', detail: 'busybox applet (busybox-static)', via: 'busybox' }, nc: { state: 'yes', detail: 'busybox applet (busybox-static)', via: 'busybox' } },
      add: [...BUSYBOX_STATIC, client('rsync', 'apt-get install rsync (kept)')], runtime: 'php',
    }),
  app('nextcloud-fpm-alpine', 'php-alpine', 'nextcloud', 'php fpm-alpine', ['library/nextcloud'],
    [...vtags(['32', '33', '34'], ['-fpm-alpine']), 'fpm-alpine', 'stable-fpm-alpine', 'production-fpm-alpine'], 'root', true, ['NEXTC', 'PHP', 'ALP'], {
      keywords: ['alpine'], add: [client('rsync', 'apk add rsync')], runtime: 'php',
    }),
  app('drupal', 'php', 'drupal', 'php apache / fpm (debian)', ['library/drupal'],
    ['10', '11', 'latest', '10.6', '10.6.<v>', '11.3', '11.3.<v>', '10-*', '11-*', '10.6-*', '10.6.<v>-*', '11.3-*', '11.3.<v>-*', 'apache*', 'fpm', 'fpm-bookworm', 'fpm-trixie', 'php8.*'], 'root', false, ['DRUPAL', 'PHP', 'APT'], { runtime: 'php' }),
  app('drupal-fpm-alpine', 'php-alpine', 'drupal', 'php fpm-alpine', ['library/drupal'],
    ['*-fpm-alpine', '*-fpm-alpine3.*', 'fpm-alpine', 'fpm-alpine3.*'], 'root', false, ['DRUPAL', 'PHP', 'ALP'], { keywords: ['alpine'], runtime: 'php' }),
  app('joomla', 'php', 'joomla', 'php apache / fpm (debian)', ['library/joomla'],
    [...vtags(['5.4', '6.1'], ['', '-apache', '-fpm', '-php8.*-apache', '-php8.*-fpm', '-php8.*']), '5', '6', 'latest', 'apache', 'fpm', 'php8.*'], 'root', true, ['JOOMLA', 'PHP', 'APT'], { runtime: 'php' }),
  app('joomla-fpm-alpine', 'php-alpine', 'joomla', 'php fpm-alpine', ['library/joomla'],
    ['*-fpm-alpine', 'fpm-alpine'], 'root', true, ['JOOMLA', 'PHP', 'ALP'], { keywords: ['alpine'], runtime: 'php' }),
  app('matomo', 'php', 'matomo', 'php apache / fpm (debian)', ['library/matomo'],
    ['5', '5.<v>', 'latest', 'apache', 'fpm', '5-apache', '5.<v>-apache', '5-fpm', '5.<v>-fpm'], 'root', true, ['MATOMO', 'PHP', 'APT'], { runtime: 'php' }),
  app('matomo-fpm-alpine', 'php-alpine', 'matomo', 'php fpm-alpine', ['library/matomo'],
    ['fpm-alpine', '5-fpm-alpine', '5.<v>-fpm-alpine'], 'root', true, ['MATOMO', 'PHP', 'ALP'], { keywords: ['alpine'], runtime: 'php' }),
  app('kong', 'ubuntu-noble', 'kong', 'ubuntu noble', ['library/kong'], ['3', '3.<v>', 'latest', 'ubuntu', '3-ubuntu', '3.<v>-ubuntu'], 'kong', true, ['KONG', 'RIUBU'], {
    tools: { curl: { state: 'no', detail: 'installed for the package download and purged' } },
  }),
  app('adminer', 'php-alpine', 'adminer', 'php alpine', ['library/adminer'], ['4', '4.<v>', '5', '5.<v>', 'latest', 'standalone', '4-standalone', '4.<v>-standalone', '5-standalone', '5.<v>-standalone'], 'adminer', true, ['ADMINER', 'PHP', 'ALP'], { runtime: 'php' }),
  ...['library/phpmyadmin', 'phpmyadmin/phpmyadmin'].flatMap((repo, i) => [
    app(`phpmyadmin${i ? '-org' : ''}`, 'php', 'phpmyadmin', 'php apache / fpm (debian)', [repo], ['5', '5.<v>', 'latest', 'apache', 'fpm', '5-apache', '5.<v>-apache', '5-fpm', '5.<v>-fpm'], 'root', true, ['PMA', 'PHP', 'APT'], { runtime: 'php' }),
    app(`phpmyadmin-fpm-alpine${i ? '-org' : ''}`, 'php-alpine', 'phpmyadmin', 'php fpm-alpine', [repo], ['fpm-alpine', '5-fpm-alpine', '5.<v>-fpm-alpine'], 'root', true, ['PMA', 'PHP', 'ALP'], { keywords: ['alpine'], runtime: 'php' }),
  ]),
  app('redmine', 'ruby-slim', 'redmine', 'ruby slim (debian)', ['library/redmine'],
    [...vtags(['6.0', '6.1', '7.0'], ['', '-bookworm', '-trixie']), '6', '7', 'latest', 'bookworm', 'trixie'], 'root', true, ['REDMINE', 'RUBY', 'APT'], {
      tools: { wget: yes('apt-get install wget (kept)'), python3: yes('mercurial Depends python3') },
      add: [client('git', 'apt-get install git (kept)'), ...['ssh', 'scp', 'sftp'].map((t) => client(t, 'openssh-client (kept)'))], runtime: 'ruby',
    }),
  app('odoo', 'ubuntu-noble', 'odoo', 'ubuntu noble', ['library/odoo'], ['18', '18.0', '19', '19.0', 'latest'], 'odoo', true, ['ODOO', 'RIUBU'], {
    tools: { curl: yes('apt-get install curl (kept)'), python3: yes('apt-get install python3-pip and python3-* modules (kept)') },
    add: [client('psql', 'apt-get install postgresql-client'), { tool: 'node', category: 'interpreter', state: 'yes', detail: 'apt-get install nodejs (npm purged)' }, { tool: 'pip', category: 'package-manager', state: 'yes', detail: 'python3-pip' }],
    runtime: 'python3',
  }),
  app('apisix', 'debian-slim', 'apisix', 'debian bookworm-slim', ['apache/apisix'], ['*-debian', 'latest-debian'], '636', true, ['APISIX', 'DEB', 'APT'], { keywords: ['debian'] }),
  app('fluentd', 'ruby-slim', 'fluentd', 'ruby slim (debian)', ['fluent/fluentd'], ['v1.19-debian-*', 'v1.19.<v>-debian-*', 'v1.19-*'], 'fluent', true, ['FLUENTD', 'RUBY', 'APT'], { runtime: 'ruby' }),
  app('mongo-7', 'ubuntu', 'mongo', 'ubuntu jammy', ['library/mongo'], ['7', '7.0', '7.0.<v>', '7-jammy', '7.0-jammy', '7.0.<v>-jammy'], 'root', true, ['MONGO7', 'UBU'], {
    tools: { wget: purged },
    add: [client('mongosh', 'mongodb-org-shell'), client('mongodump', 'mongodb-org-tools (database tools)')],
  }),
  ...[['docker.elastic.co', 'elasticsearch/elasticsearch', ''], ['docker.io', 'library/elasticsearch', '-hub']].flatMap(([registry, repo, s]) => [
    {
      ...app(`elasticsearch-7${s}`, 'ubuntu', 'elasticsearch', 'ubuntu 20.04 (7.17)', [repo], ['7.17', '7.17.<v>'], 'root', true, ['ES7', 'UBU'], {
        tools: { curl: yes('apt-get install curl (kept)'), nc: yes('apt-get install netcat (kept)') },
      }),
      registry,
    },
    { ...app(`elasticsearch-9${s}`, 'ubi9-minimal', 'elasticsearch', 'ubi9-minimal (9.0 … 9.2)', [repo], vtags(['9.0', '9.1', '9.2']), '1000', true, ['ES9', 'UBI'], {
      tools: { nc: yes('microdnf install nc') },
    }), registry },
  ]),
  app('jenkins-alpine', 'alpine', 'jenkins', 'alpine', ['jenkins/jenkins'],
    ['alpine', 'lts-alpine', 'alpine-jdk*', 'lts-alpine-jdk*', 'alpine3.*-jdk*', '2.<v>-alpine', '2.<v>-alpine-jdk*', '2.<v>-lts-alpine', '2.<v>-lts-alpine-jdk*'], 'jenkins', true, ['JENKV', 'ALP'], {
      keywords: ['alpine'], runtime: 'java',
      tools: { curl: yes('apk add curl') },
      add: [{ tool: 'bash', category: 'shell', state: 'yes', detail: 'apk add bash' }, client('git', 'apk add git'), ...['ssh', 'scp', 'sftp'].map((t) => client(t, 'apk add openssh-client'))],
    }),
  app('jenkins-slim', 'debian-slim', 'jenkins', 'debian slim', ['jenkins/jenkins'],
    ['slim', 'lts-slim', 'slim-jdk*', 'lts-slim-jdk*', '2.<v>-slim', '2.<v>-slim-jdk*', '2.<v>-lts-slim', '2.<v>-lts-slim-jdk*'], 'jenkins', true, ['JENKV', 'DEB', 'APT'], {
      keywords: ['slim'], runtime: 'java',
      tools: { curl: yes('apt-get install curl (kept)') },
      add: [client('git', 'apt-get install git'), ...['ssh', 'scp', 'sftp'].map((t) => client(t, 'apt-get install ssh-client'))],
    }),
  app('jenkins-rhel', 'ubi9', 'jenkins', 'rhel ubi9', ['jenkins/jenkins'],
    ['rhel-ubi9-jdk*', 'lts-rhel-ubi9-jdk*', '2.<v>-rhel-ubi9-jdk*', '2.<v>-lts-rhel-ubi9-jdk*'], 'jenkins', true, ['JENKV', 'UBI'], {
      keywords: ['rhel'], runtime: 'java', add: [client('git', 'dnf install git')],
    }),
  app('sonarqube-community', 'eclipse-temurin', 'sonarqube', 'community build (temurin 25 jdk noble)', ['library/sonarqube'],
    ['community', 'latest', '26.<v>-community'], 'sonarqube', true, ['SONARV', 'TEM', 'UBU'], { runtime: 'java', tools: { curl: yes('apt-get install curl (kept)') } }),
  app('sonarqube-commercial', 'eclipse-temurin', 'sonarqube', 'developer / enterprise (temurin 25 jdk noble)', ['library/sonarqube'],
    ['developer', 'enterprise', '2026.<v>-developer', '2026.<v>-enterprise'], 'sonarqube', true, ['SONARV', 'TEM', 'UBU'], { runtime: 'java', tools: { curl: yes('apt-get install curl (kept)') } }),
];
