// Regenerates server/src/core/catalog/catalog.json (the built-in image and package catalog) from the
// reference fact table base-images.json. Facts are carried over; the shape is ours: tag patterns that the
// catalog matches, tool lists with categories, and concrete, currently built replacement images.
// Usage: node scripts/gen-catalog.mjs [path/to/base-images.json]   (default ../shared/reference/base-images.json)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addDerived, DERIVED_SOURCES } from './catalog-derived.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const input = resolve(process.argv[2] ?? join(root, '..', 'shared', 'reference', 'base-images.json'));
const out = join(root, 'server', 'src', 'core', 'catalog', 'catalog.json');
const ref = JSON.parse(readFileSync(input, 'utf8'));

// ------------------------------------------------------------------ replacements (all currently built tags)
const DL = 'gcr.io/distroless';
const DISTRO_REPLACEMENT = {
  image: `${DL}/static-debian13:nonroot`,
  how: 'multi-stage build: compile or assemble the app in the current image, then COPY --from the artifact into the distroless image; CMD/ENTRYPOINT in exec form',
  note: 'static-debian13 for static binaries; base-debian13 when glibc/libssl is needed, cc-debian13 for libstdc++; alt: cgr.dev/chainguard/static or glibc-dynamic',
};
const NODE_REPLACEMENT = {
  image: `${DL}/nodejs22-debian13:nonroot`,
  how: 'multi-stage: FROM node:22 AS build; RUN npm ci --omit=dev; FROM gcr.io/distroless/nodejs22-debian13:nonroot; COPY --from=build /app /app; CMD ["app.js"] (entrypoint is node)',
  note: 'nodejs24-debian13 / nodejs26-debian13 for newer Node; nodejs20 and every Debian 12 node image are no longer built; no npm/npx in the runtime; alt: ubuntu/nodejs chiselled',
  byVersion: { '22': `${DL}/nodejs22-debian13:nonroot`, '24': `${DL}/nodejs24-debian13:nonroot`, '26': `${DL}/nodejs26-debian13:nonroot` },
};
const PYTHON_REPLACEMENT = {
  image: `${DL}/python3-debian13:nonroot`,
  how: 'build a venv in python:3.13-slim-trixie; FROM gcr.io/distroless/python3-debian13:nonroot; COPY --from=build /venv /venv; ENTRYPOINT ["/venv/bin/python3", "app.py"]',
  note: 'python3-debian13 ships Python 3.13; python3-debian12 is no longer built; alt: cgr.dev/chainguard/python (no shell) with a :latest-dev build stage, ubuntu/python chiselled',
};
const GO_REPLACEMENT = {
  image: `${DL}/static-debian13:nonroot`,
  how: 'RUN CGO_ENABLED=0 go build -o /out/app; FROM gcr.io/distroless/static-debian13:nonroot; COPY --from=build /out/app /app; ENTRYPOINT ["/app"]',
  note: 'with cgo use base-debian13 or cc-debian13; alt: cgr.dev/chainguard/static, scratch (copy CA certificates, set USER)',
};
const JAVA_REPLACEMENT = {
  image: `${DL}/java21-debian13:nonroot`,
  how: 'build the jar in eclipse-temurin:<v>-jdk; FROM gcr.io/distroless/java21-debian13:nonroot; COPY --from=build /app/app.jar /app/; CMD ["/app/app.jar"] (entrypoint is java -jar)',
  note: 'java17-debian13 / java25-debian13 for other Java versions; java*-debian12 are no longer built; Temurin\'s CA-import entrypoint is lost; alt: cgr.dev/chainguard/jre, ubuntu/chiselled-jre',
  byVersion: { '17': `${DL}/java17-debian13:nonroot`, '21': `${DL}/java21-debian13:nonroot`, '25': `${DL}/java25-debian13:nonroot` },
};
const DOTNET_REPLACEMENT = {
  image: 'mcr.microsoft.com/dotnet/{repository}:{version}-noble-chiseled',
  how: 'build in mcr.microsoft.com/dotnet/sdk:<v>-noble; COPY the publish output; ENTRYPOINT ["dotnet", "app.dll"] (exec form)',
  note: 'non-root uid 1654, port 8080; -chiseled-extra for ICU/tzdata; 8.0 also -jammy-chiseled; or <v>-azurelinux3.0-distroless; there is no chiseled SDK',
};
const NGINX_REPLACEMENT = {
  image: 'cgr.dev/chainguard/nginx:latest',
  how: 'copy config and static files into it; no shell, runs as 65532, entrypoint /usr/sbin/nginx',
  note: 'no Google distroless nginx exists; nginxinc/nginx-unprivileged is only non-root (still sh, curl, apt); the official entrypoint features (envsubst templates, /docker-entrypoint.d) are lost',
};
const NO_SHELL_FREE_SERVER =
  'no verified shell-free image for this server as shipped: Chainguard redis/postgres/mariadb :latest still contain busybox/bash. Keep Secrets out of env, run non-root with a read-only root filesystem';

function replacementFor(id) {
  if (/^node(-|$)/.test(id)) return NODE_REPLACEMENT;
  if (/^python(-|$)/.test(id)) return PYTHON_REPLACEMENT;
  if (/^golang/.test(id)) return GO_REPLACEMENT;
  if (/^(eclipse-temurin|openjdk|amazoncorretto)/.test(id)) return JAVA_REPLACEMENT;
  if (/^dotnet(-alpine|-azurelinux)?$/.test(id)) return DOTNET_REPLACEMENT;
  if (/^nginx/.test(id)) return NGINX_REPLACEMENT;
  if (/^php/.test(id)) return { image: 'cgr.dev/chainguard/php:latest', how: 'multi-stage with cgr.dev/chainguard/php:latest-dev; use :latest-fpm for FPM', note: 'still contains the curl binary' };
  if (/^ruby/.test(id)) return { image: 'cgr.dev/chainguard/ruby:latest', how: 'multi-stage: install gems in cgr.dev/chainguard/ruby:latest-dev, copy them into :latest' };
  if (/^(debian|ubuntu$|alpine|busybox|bitnami-minideb|amazonlinux|oraclelinux)/.test(id)) return DISTRO_REPLACEMENT;
  if (id === 'chainguard-node') return { ...NODE_REPLACEMENT, note: `cgr.dev/chainguard/node:latest contains busybox; ${NODE_REPLACEMENT.note}` };
  if (id === 'chainguard-jdk') return { image: 'cgr.dev/chainguard/jre:latest', how: 'build with the jdk image, run on cgr.dev/chainguard/jre (no shell)' };
  if (id === 'chainguard-dotnet') return { image: 'cgr.dev/chainguard/aspnet-runtime:latest', how: 'build with the dotnet SDK image, run on aspnet-runtime (no shell)', note: 'or mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled' };
  if (id === 'chainguard-go' || id === 'chainguard-wolfi-base') return { image: 'cgr.dev/chainguard/static:latest', how: 'build in this image, COPY --from the binary into cgr.dev/chainguard/static', note: 'or gcr.io/distroless/static-debian13:nonroot' };
  return undefined;
}

function noReplacementFor(id, row) {
  if (/^(redis|postgres|mysql|httpd)/.test(id) || /^chainguard-(redis|postgres|mariadb)$/.test(id)) return NO_SHELL_FREE_SERVER;
  if (/^ubi9/.test(id)) return 'no shell-free UBI image is verified: ubi9-micro drops the package manager but keeps bash';
  if (id === 'bitnami-app') return 'Bitnami publishes hardened images under bitnamisecure (contents not verified); the community images moved to bitnamilegacy';
  if (row.replacement && row.replacement.image === null) return row.replacement.how;
  return undefined;
}

// ------------------------------------------------------------------ helpers
const BUSYBOX_NET = ['wget', 'nc', 'nslookup', 'telnet', 'ftpget', 'ftpput', 'tftp', 'whois', 'ssl_client'];
const runtimeOf = (id) =>
  /^(node|distroless-nodejs|chainguard-node|ubuntu-chiselled-nodejs)/.test(id) ? 'node'
  : /^(python|distroless-python3|chainguard-python|ubuntu-chiselled-python)/.test(id) ? 'python3'
  : /^(ruby|chainguard-ruby)/.test(id) ? 'ruby'
  : /^(php|chainguard-php)/.test(id) ? 'php'
  : /^(eclipse-temurin|openjdk|amazoncorretto|distroless-java|chainguard-jre|chainguard-jdk|ubuntu-chiselled-jre)/.test(id) ? 'java'
  : /^(dotnet|chainguard-aspnet-runtime|chainguard-dotnet)/.test(id) ? 'dotnet'
  : undefined;

function tagPatterns(row) {
  const tags = row.tags.filter((t) => !t.startsWith('('));
  const extra = [];
  if (row.registry === DL) {
    // distroless publishes per-architecture tags as well: latest-amd64, nonroot-arm64, debug-nonroot-s390x …
    for (const t of tags) for (const arch of ['amd64', 'arm64', 'arm', 's390x', 'ppc64le']) extra.push(`${t}-${arch}`);
  }
  if (row.id === 'eclipse-temurin') extra.push('<v>-jre-jammy', '<v>-jdk-jammy', '<v>-jdk-noble', '<v>-jre-focal', '<v>-jdk-focal');
  if (row.id === 'eclipse-temurin-alpine') extra.push('<v>-jre-alpine-3.*', '<v>-jdk-alpine-3.*');
  if (row.id === 'node') extra.push('<v>-bookworm', '<v>-bullseye');
  if (row.id === 'python' || row.id === 'golang' || row.id === 'ruby') extra.push('<v>-bullseye');
  if (row.id === 'python-slim' || row.id === 'ruby-slim') extra.push('<v>-slim-bullseye');
  if (/^dotnet/.test(row.id) && row.id !== 'dotnet-chiseled') extra.push('<v>-bookworm-slim-*');
  return [...new Set([...tags, ...extra])];
}

/** Variant words of an entry, used when no tag pattern matches (`22.04.1-alpine3.20-perl` …). */
function keywordsOf(id, family) {
  const rest = id.startsWith(family) ? id.slice(family.length) : id;
  const words = rest.split('-').filter(Boolean);
  const map = { ubi: 'ubi', oraclelinux: 'oraclelinux', azurelinux: 'azurelinux' };
  return words.map((w) => map[w] ?? w).filter((w) => !/^\d/.test(w));
}

function familyOf(row) {
  if (row.registry === DL) return row.id.replace(/-(nonroot|debug|debug-nonroot)$/, '').replace(/-nonroot$/, '').replace(/-debug$/, '');
  if (row.registry === 'cgr.dev/chainguard') return row.id;
  return row.id.replace(/-(slim|alpine|alpine-slim|perl|ubi|oraclelinux|azurelinux|azurelinux-distroless|chiseled)$/, '');
}

function repositoriesOf(row) {
  const [host, ...prefixParts] = row.registry.split('/');
  const prefix = prefixParts.join('/');
  const names = row.match.split('|').map((m) => (prefix ? `${prefix}/${m}` : m));
  return { registry: host, repositories: names };
}

function defaultUserOf(row) {
  const d = row.detail?.nonRootDefault ?? '';
  if (row.nonRootDefault === 'no') return 'root';
  if (row.nonRootDefault !== 'yes') return undefined;
  let m = /uid (\d+)/.exec(d) ?? /USER (\d+)/.exec(d);
  if (m) return m[1];
  if (/APP_UID/.test(d)) return '1654';
  m = /run-user: (\S+)/.exec(d) ?? /run-as (\S+)/.exec(d);
  if (m) return m[1];
  if (row.registry === 'cgr.dev/chainguard') return '65532';
  return undefined;
}

function toolsOf(row) {
  const tools = [];
  const seen = new Set();
  const conf = row.confidence ?? {};
  const add = (tool, category, state, detail, via) => {
    if (seen.has(tool) || state === undefined) return;
    seen.add(tool);
    const t = { tool, category, state };
    if (detail) t.detail = detail;
    if (via) t.via = via;
    tools.push(t);
  };
  const shellDetail = row.detail?.shell ?? '';
  const busybox = isBusybox(row);
  if (row.shell !== 'no') {
    if (busybox) {
      add('busybox', 'shell', row.shell, 'BusyBox binary');
      add('sh', 'shell', row.shell, undefined, 'busybox');
      add('ash', 'shell', row.shell, undefined, 'busybox');
    } else add('sh', 'shell', row.shell);
    const names = shellDetail.match(/\b(bash|dash|ash|zsh)\b/g) ?? [];
    const defaults = row.packageManager === 'apt' && names.length === 0 ? ['bash', 'dash'] : /dnf|microdnf/.test(row.packageManager) && names.length === 0 ? ['bash'] : [];
    for (const n of [...names, ...defaults]) add(n, 'shell', row.shell, shellDetail || undefined);
  }
  const confDetail = (k) => [row.detail?.[k], conf[k]].filter(Boolean).join('; ') || undefined;
  const viaFor = (k) => (busybox && (k === 'wget' || k === 'nc') && !/GNU|explicit/.test(row.detail?.[k] ?? '') ? 'busybox' : undefined);
  const unsure = (k, s) => (s === 'yes' && conf[k] && /assumed/.test(conf[k]) ? 'unverified' : s);
  add('curl', 'network', unsure('curl', row.curl), confDetail('curl'));
  add('wget', 'network', unsure('wget', row.wget), confDetail('wget'), viaFor('wget'));
  add('nc', 'network', unsure('nc', row.nc), confDetail('nc'), viaFor('nc'));
  add('openssl', 'network', unsure('openssl', row.openssl), confDetail('openssl'));
  add('python3', 'interpreter', unsure('python', row.python), confDetail('python'));
  add('perl', 'interpreter', unsure('perl', row.perl), confDetail('perl'));
  const extra = row.detail?.extra ?? '';
  if (busybox) {
    for (const a of BUSYBOX_NET) if (new RegExp(`\\b${a}\\b`).test(extra)) add(a, 'network', row.shell === 'no' ? 'no' : 'yes', 'busybox applet', 'busybox');
    if (/minirootfs|alpine/.test(row.variant) || row.id === 'alpine') add('nslookup', 'network', 'yes', 'busybox applet', 'busybox');
  }
  if (/openssh-client/.test(extra)) for (const t of ['ssh', 'scp', 'sftp']) add(t, 'network', 'yes', 'openssh-client');
  if (/\bgit\b/.test(extra)) add('git', 'network', 'yes', 'git (fetches over https/ssh)');
  for (const c of row.extraClients ?? []) {
    if (c === 'gnupg') continue; // gpg fetches keys only through dirmngr; not tracked as a client
    add(c, 'network', 'yes', 'client shipped with the image');
  }
  const runtime = runtimeOf(row.id);
  if (runtime === 'node' || runtime === 'ruby' || runtime === 'php') add(runtime, 'interpreter', 'yes', 'the image\'s runtime');
  const pm = normaliseManager(row.packageManager);
  if (pm !== 'none' && pm !== 'unverified') {
    for (const m of pm.split('|')) add(m, 'package-manager', 'yes');
  } else if (pm === 'unverified') add('package manager', 'package-manager', 'unverified');
  const pmDetail = row.detail?.packageManager ?? '';
  if (/\bpip\b(?!-wheel)/.test(pmDetail) || (/^python/.test(row.id) && row.registry !== DL)) add('pip', 'package-manager', row.id === 'chainguard-dev' ? 'unverified' : 'yes');
  if (/^node(-|$)/.test(row.id) || /\bnpm\b/.test(extra)) add('npm', 'package-manager', 'yes');
  if (/^ruby(-|$)/.test(row.id)) add('gem', 'package-manager', 'yes');
  return tools;
}

function isBusybox(row) {
  return /busybox/.test(row.detail?.shell ?? '') || row.id === 'busybox' || /debug/.test(row.variant ?? '') ||
    (row.packageManager === 'apk' && row.id !== 'chainguard-dev');
}

function normaliseManager(pm) {
  if (!pm) return 'unverified';
  if (pm === 'apt|apk') return 'apt|apk';
  return pm.split('/')[0];
}

function entryFromRow(row) {
  const { registry, repositories } = repositoriesOf(row);
  const tools = toolsOf(row);
  const runtime = runtimeOf(row.id);
  const risky = tools.some((t) => t.state !== 'no' && (t.category === 'shell' || t.category === 'network' || t.category === 'package-manager' || (t.category === 'interpreter' && t.tool !== runtime && !(runtime === 'python3' && t.tool === 'python3'))));
  const entry = {
    id: row.id,
    family: familyOf(row),
    variant: row.variant,
    registry,
    repositories,
    tags: tagPatterns(row),
    keywords: keywordsOf(row.id, familyOf(row)),
    shell: row.shell,
    busybox: isBusybox(row) && row.shell !== 'no',
    packageManager: normaliseManager(row.packageManager),
    tools,
    nonRootDefault: row.nonRootDefault,
    entrypointNeedsShell: row.entrypointNeedsShell ?? /debug/.test(row.variant ?? ''),
    hardened: !risky && row.shell === 'no',
    sources: row.source ?? [],
  };
  if (runtime) entry.runtime = runtime;
  const user = defaultUserOf(row);
  if (user) entry.defaultUser = user;
  const rep = replacementFor(row.id);
  const debugRep = /debug/.test(row.variant ?? '') && row.replacement?.image ? row.replacement : undefined;
  if (debugRep) entry.replacement = { image: debugRep.image, how: 'use the tag without debug; keep :debug tags for interactive debugging only (kubectl debug)', note: (debugRep.caveats ?? []).join('; ') || undefined };
  else if (rep && !entry.hardened) entry.replacement = { image: rep.image, how: rep.how, ...(rep.note ? { note: rep.note } : {}), ...(rep.byVersion ? { byVersion: rep.byVersion } : {}) };
  if (entry.replacement && entry.replacement.note === undefined) delete entry.replacement.note;
  const none = noReplacementFor(row.id, row);
  if (!entry.replacement && none && !entry.hardened) entry.noReplacement = none;
  if (/debug/.test(row.variant ?? '')) entry.shellFreeSibling = 'debug';
  if (row.id === 'chainguard-dev') {
    entry.shellFreeSibling = 'dev';
    entry.tags = ['latest-dev', '*-dev'];
  }
  if (/deprecated/.test(row.variant ?? '')) entry.deprecated = row.notes ?? 'deprecated image';
  if (row.notes) entry.notes = row.notes;
  if (row.confidence && Object.keys(row.confidence).length) entry.confidence = row.confidence;
  return entry;
}

// ------------------------------------------------------------------ images
const images = [];
const rows = ref.families;
for (const row of rows) {
  if (row.id === 'distroless-removed') continue;
  if (row.id === 'nginx-unprivileged') {
    // One reference row covers Debian and Alpine tags; their tools differ, so split it.
    const deb = entryFromRow({ ...row, packageManager: 'apt', tags: ['<v>', 'mainline', 'stable', 'latest', '<v>-bookworm', '<v>-trixie'] });
    images.push(deb);
    const alp = entryFromRow({ ...row, id: 'nginx-unprivileged-alpine', packageManager: 'apk', wget: 'yes', nc: 'yes', perl: 'no', openssl: 'no', tags: ['<v>-alpine', 'alpine', 'mainline-alpine', 'stable-alpine', '<v>-alpine3.*'] });
    alp.family = 'nginx-unprivileged';
    alp.keywords = ['alpine'];
    images.push(alp);
    const slim = entryFromRow({ ...row, id: 'nginx-unprivileged-alpine-slim', packageManager: 'apk', curl: 'no', wget: 'yes', nc: 'yes', perl: 'no', openssl: 'no', tags: ['<v>-alpine-slim', 'alpine-slim', 'mainline-alpine-slim', 'stable-alpine-slim'] });
    slim.family = 'nginx-unprivileged';
    slim.keywords = ['alpine', 'slim'];
    images.push(slim);
    continue;
  }
  const e = entryFromRow(row);
  if (/^ubi9/.test(row.id)) {
    // UBI is pulled from both Red Hat registries.
    images.push(e);
    continue;
  }
  images.push(e);
}

// Distroless images that are no longer built: same contents as their Debian 13 successors, flagged deprecated.
const removed = rows.find((r) => r.id === 'distroless-removed');
if (removed) {
  const succ = {
    'java17-debian12': 'java17', 'java21-debian12': 'java21', 'nodejs18-debian12': 'nodejs22', 'nodejs20-debian12': 'nodejs22',
    'nodejs22-debian12': 'nodejs22', 'python3-debian12': 'python3', 'nodejs20-debian13': 'nodejs22',
  };
  for (const repo of removed.match.split('|')) {
    const fam = succ[repo];
    for (const suffix of ['', '-nonroot', '-debug', '-debug-nonroot']) {
      const base = images.find((i) => i.id === `distroless-${fam}${suffix}`);
      if (!base) continue;
      const e = structuredClone(base);
      e.id = `distroless-${repo}${suffix}`;
      e.family = `distroless-${repo}`;
      e.repositories = [`distroless/${repo}`];
      e.deprecated = `${DL}/${repo} is no longer built or is deprecated (${removed.notes}); use ${DL}/${fam}-debian13`;
      e.notes = 'contents as the Debian 13 successor (same build recipe); not re-checked for this repository';
      if (!e.replacement) e.replacement = { image: `${DL}/${fam}-debian13${suffix.includes('nonroot') ? ':nonroot' : ':nonroot'}`, how: 'move to the Debian 13 image of the same runtime (same entrypoint)' };
      else e.replacement.image = `${DL}/${fam}-debian13:nonroot`;
      e.sources = [...new Set([...e.sources, ...(removed.source ?? [])])];
      images.push(e);
    }
  }
}

// Distroless Debian 11 images: no longer built since commit 1533e54a (2024-09-03, "remove debian11 builds
// and references"). Until then one recipe (base/base.bzl base_images(distro), distro.bzl DISTROS =
// [debian11, debian12]) built every Debian release with the same latest/nonroot/debug/debug-nonroot tags, so
// each debian11 image holds what its debian12/13 sibling holds; flagged deprecated with a debian13 successor.
const DL11_SOURCES = {
  DL11: 'GoogleContainerTools/distroless@1533e54a^ (the commit before 1533e54a, 2024-09-03, removed debian11): README.md Debian 11 table (static, base, base-nossl, cc, python3, java-base, java11, java17, nodejs18, nodejs20 -debian11, tags latest, nonroot, debug, debug-nonroot), base/base.bzl (one recipe per distro: nonroot uid 65532, debug = busybox at /busybox, entrypoint /busybox/sh), base/distro.bzl (DISTROS debian11, debian12)',
};
const debian11 = {
  'static-debian11': 'static', 'base-debian11': 'base', 'base-nossl-debian11': 'base-nossl', 'cc-debian11': 'cc',
  'python3-debian11': 'python3', 'java11-debian11': 'java17', 'java17-debian11': 'java17', 'nodejs18-debian11': 'nodejs22', 'nodejs20-debian11': 'nodejs22',
};
for (const [repo, fam] of Object.entries(debian11)) {
  for (const suffix of ['', '-nonroot', '-debug', '-debug-nonroot']) {
    const base = images.find((i) => i.id === `distroless-${fam}${suffix}`);
    if (!base) throw new Error(`no distroless-${fam}${suffix} entry to derive ${repo} from`);
    const e = structuredClone(base);
    e.id = `distroless-${repo}${suffix}`;
    e.family = `distroless-${repo}`;
    e.repositories = [`distroless/${repo}`];
    e.deprecated = `${DL}/${repo} is no longer built (Debian 11 images removed 2024-09-03); use ${DL}/${fam}-debian13`;
    e.notes = `contents from the shared build recipe (as ${fam}-debian12/13${suffix ? `:${suffix.slice(1)}` : ''}); ${repo.startsWith('java11') ? 'runtime Java 11; ' : ''}not re-read from a Debian 11 image`;
    if (!e.replacement) e.replacement = { image: `${DL}/${fam}-debian13:nonroot`, how: 'move to the Debian 13 image of the same runtime (same entrypoint)' };
    else e.replacement.image = `${DL}/${fam}-debian13:nonroot`;
    e.sources = ['DL11', ...e.sources.filter((k) => k !== 'DL11')];
    images.push(e);
  }
}

// Ubuntu 24.04 re-checked against its published package list: the reference's assumed cells become facts for
// the noble tags (perl-base and dash present; no curl, wget, netcat, python3; openssl only as libssl3t64).
const RECHECK_SOURCES = {
  RIUBU: 'docker-library/repo-info repos/ubuntu/local/24.04.md (ubuntu:24.04 amd64, created 2026-08-17, dpkg package list): bash, dash, perl-base, apt, dpkg; openssl source only as libssl3t64; no curl, wget, netcat-*, python3* packages',
};
{
  const ubuntu = images.find((i) => i.id === 'ubuntu');
  if (!ubuntu) throw new Error('no ubuntu entry to re-check');
  const noble = structuredClone(ubuntu);
  noble.id = 'ubuntu-noble';
  noble.variant = '24.04 (noble)';
  noble.tags = ['24.04', 'noble', 'noble-<date>'];
  noble.keywords = ['noble'];
  ubuntu.tags = ubuntu.tags.filter((t) => !noble.tags.includes(t));
  const checked = { curl: 'no', wget: 'no', nc: 'no', openssl: 'no', python3: 'no', perl: 'yes' };
  noble.tools = noble.tools.map((t) => {
    if (!(t.tool in checked)) return t;
    const state = checked[t.tool];
    return { tool: t.tool, category: t.category, state, detail: state === 'yes' ? 'perl-base (/usr/bin/perl), in the package list' : 'not in the package list' };
  });
  const sh = noble.tools.findIndex((t) => t.tool === 'bash');
  noble.tools.splice(sh + 1, 0, { tool: 'dash', category: 'shell', state: 'yes', detail: 'dash (/bin/sh), in the package list' });
  delete noble.confidence;
  noble.sources = ['RIUBU', ...noble.sources];
  images.splice(images.indexOf(ubuntu) + 1, 0, noble);
}

// Facts that changed over time: a tool's state for the tags whose version lies in a range. Each range cites
// the change in the image's own repository history.
const RANGE_SOURCES = {
  NGXH: 'nginx/docker-nginx@87f9340 (2020-04-21) "Provide curl inside images to simplify service discovery registration": adds curl to the final image of mainline/buster, stable/buster and */alpine(-perl) Dockerfiles (NGINX_VERSION 1.17.10 mainline, 1.18.0 stable); the Dockerfiles before it install no curl in the final image',
};
const RANGES = [
  {
    ids: ['nginx', 'nginx-perl', 'nginx-alpine'],
    tool: 'curl',
    range: { below: '1.17.10', state: 'no', detail: 'curl came into the image with 1.17.10 (mainline) / 1.18.0 (stable); earlier versions have none', source: 'NGXH' },
  },
];
for (const r of RANGES) {
  for (const id of r.ids) {
    const e = images.find((i) => i.id === id);
    const t = e?.tools.find((x) => x.tool === r.tool);
    if (!t) throw new Error(`range for ${id}/${r.tool}: no such entry or tool`);
    (t.versions ??= []).push(r.range);
  }
}

// The reference marks Red Hat images under registry.access.redhat.com; registry.redhat.io serves the same repositories.
for (const e of images) if (e.registry === 'registry.access.redhat.com') e.registryAliases = ['registry.redhat.io'];

// Server images read from their own Dockerfiles over a catalogued base (scripts/catalog-derived.mjs).
addDerived(images);

// ------------------------------------------------------------------ mirrors
// Registries that serve the very images catalogued under another name. Each says where that comes from;
// the source keys join the reference's own (they are the catalog's, not the reference's).
const MIRROR_SOURCES = {
  ECRDOI: 'gallery.ecr.aws/docker: the Docker Official Images, published by Docker on Amazon ECR Public under public.ecr.aws/docker/library/<name> (same images and tags as docker.io/library/<name>)',
  GCRMIRROR: 'cloud.google.com/artifact-registry/docs/pull-cached-dockerhub-images: mirror.gcr.io caches public Docker Hub images, "kept in sync with Docker Hub"',
  ALCI: 'amazonlinux/container-images README: the Amazon Linux base images for Docker Hub (library/amazonlinux) and Amazon ECR (public.ecr.aws/amazonlinux/amazonlinux) are built from the same tarballs',
};
const mirrors = [
  { prefix: 'public.ecr.aws/docker/library/', target: 'docker.io/library/', source: 'ECRDOI' },
  { prefix: 'mirror.gcr.io/', target: 'docker.io/', source: 'GCRMIRROR' },
  { prefix: 'public.ecr.aws/amazonlinux/amazonlinux', target: 'docker.io/library/amazonlinux', source: 'ALCI', exact: true },
];

// ------------------------------------------------------------------ packages
const TOOL_WORDS = new Map(Object.entries({
  shell: ['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'tcsh', 'csh', 'fish', 'yash', 'posh', 'busybox', 'toybox', 'oksh'],
  network: ['curl', 'wget', 'wget2', 'http', 'lftp', 'ftp', 'tftp', 'rsync', 'nc', 'ncat', 'nmap', 'socat', 'ssh', 'scp', 'sftp', 'ssh-keyscan', 'dbclient', 'telnet', 'dig', 'nslookup', 'host', 'kdig', 'drill', 'delv', 'nsupdate', 'psql', 'mysql', 'mariadb', 'mysqlsh', 'redis-cli', 'valkey-cli', 'mongodump', 'openssl', 'gnutls-cli', 'ssl_client', 'aws', 'kubectl', 'ftpget', 'ftpput'],
  interpreter: ['python3', 'perl', 'ruby', 'php', 'node', 'lua', 'luajit', 'tclsh', 'gawk'],
}));
const CATEGORY_OF = new Map();
for (const [cat, words] of TOOL_WORDS) for (const w of words) CATEGORY_OF.set(w, cat);
const GROUP_CATEGORY = { shells: 'shell', network: 'network', interpreters: 'interpreter' };
const STATUS = { V: 'verified', S: 'secondary', '?': 'unverified' };

// Package → tools where the description does not simply name them.
const PKG_TOOLS = {
  dash: ['sh', 'dash'], ash: ['ash'], ksh: ['ksh'], 'ksh93u+m': ['ksh'], loksh: ['ksh'], 'busybox-static': ['busybox'],
  busybox: ['busybox'], httpie: ['http'], 'python3-httpie': ['http'], ftp: ['ftp'], tnftp: ['ftp'], 'inetutils-ftp': ['ftp'],
  'netcat-openbsd': ['nc'], 'netcat-traditional': ['nc'], netcat: ['nc'], ncat: ['ncat', 'nc'], 'nmap-ncat': ['ncat', 'nc'],
  'openssh-client': ['ssh', 'scp', 'sftp'], 'openssh-clients': ['ssh', 'scp', 'sftp'], openssh: ['ssh', 'scp', 'sftp'],
  telnet: ['telnet'], 'inetutils-telnet': ['telnet'], dnsutils: ['dig', 'nslookup'], 'bind9-dnsutils': ['dig', 'nslookup'],
  'bind-tools': ['dig', 'nslookup', 'host'], 'bind-utils': ['dig', 'nslookup', 'host'], 'bind9-host': ['host'],
  'knot-dnsutils': ['kdig'], ldnsutils: ['drill'], 'dropbear-bin': ['dbclient'],
  'postgresql-client': ['psql'], 'postgresql<NN>-client': ['psql'], postgresql: ['psql'],
  'default-mysql-client': ['mysql', 'mariadb'], 'mariadb-client': ['mysql', 'mariadb'], 'mysql-client': ['mysql'], mariadb: ['mysql', 'mariadb'], mysql: ['mysql'],
  'mysql-shell': ['mysqlsh'], 'redis-tools': ['redis-cli'], redis: ['redis-cli'], valkey: ['valkey-cli'], 'mongodb-tools': ['mongodump'],
  'gnutls-bin': ['gnutls-cli'], awscli: ['aws'], awscli2: ['aws'], 'aws-cli': ['aws'], 'kubernetes-client': ['kubectl'], kubectl: ['kubectl'],
  'curl-minimal': ['curl'], 'curl-full': ['curl'], ssl_client: ['ssl_client'],
  'python3-minimal': ['python3'], 'perl-base': ['perl'], 'perl-interpreter': ['perl'], php: ['php'], 'php-cli': ['php'], php8x: ['php'], php8: ['php'],
  nodejs: ['node'], 'nodejs<NN>': ['node'], 'lua5.4': ['lua'], 'lua5.3': ['lua'], lua54: ['lua'], lua: ['lua'], tcl: ['tclsh'],
  'busybox-extras': ['telnet', 'ftpget', 'ftpput', 'tftp'], wget2: ['wget2'], tftp: ['tftp'],
};
const SKIP = new Set(['mongodb-clients', 'mongo-tools', 'mysql-client@apt']); // not installable (not in the archive)

function toPattern(name) {
  // Reference placeholders: postgresql<NN>-client, nodejs<NN>, php8x → glob patterns the catalog matches.
  return name.replace(/<NN>/g, '*').replace(/^php8x$/, 'php8*');
}

const packages = {};
for (const manager of ['apt', 'apk', 'dnf', 'zypper']) {
  const src = ref.packages[manager];
  const outPkgs = {};
  for (const [group, entries] of Object.entries(src)) {
    if (group.startsWith('_') || group === 'noteOnly') continue;
    const category = GROUP_CATEGORY[group];
    for (const [pkg, [desc, status]] of Object.entries(entries)) {
      if (SKIP.has(pkg) || SKIP.has(`${pkg}@${manager}`)) continue;
      let names = PKG_TOOLS[pkg];
      if (!names) names = CATEGORY_OF.has(pkg) ? [pkg] : (desc.match(/[a-z][a-z0-9_-]*/g) ?? []).filter((w) => CATEGORY_OF.has(w));
      if (names.length === 0) continue;
      const tools = names.map((tool) => ({ tool, category: CATEGORY_OF.get(tool) ?? category }));
      if (pkg === 'busybox' || pkg === 'busybox-static') {
        // `busybox wget …` and `busybox sh` work without applet links, so the binary is a shell and a client.
        const applets = manager === 'apk' ? ['sh', 'ash', 'wget', 'nc', 'nslookup'] : ['sh', 'wget', 'nc'];
        for (const a of applets) tools.push({ tool: a, category: a === 'sh' || a === 'ash' ? 'shell' : 'network', via: 'busybox' });
      }
      if (pkg === 'busybox-extras') for (const t of tools) t.via = 'busybox';
      outPkgs[toPattern(pkg)] = { tools, status: STATUS[status] ?? 'unverified', detail: desc };
    }
  }
  packages[manager] = outPkgs;
}
// Dependencies the reference verified (Debian 12 archive): these packages bring the tool along.
Object.assign(packages.apt, {
  'ca-certificates': { tools: [{ tool: 'openssl', category: 'network' }], status: 'verified', detail: 'Depends openssl (bookworm; assumed for trixie and Ubuntu)' },
  git: { tools: [{ tool: 'git', category: 'network' }, { tool: 'perl', category: 'interpreter' }], status: 'verified', detail: 'git Depends perl' },
  mercurial: { tools: [{ tool: 'python3', category: 'interpreter' }], status: 'verified', detail: 'mercurial Depends python3' },
  'postgresql-client-*': { tools: [{ tool: 'psql', category: 'network' }], status: 'verified', detail: 'postgresql-client-15 (psql)' },
  'python3.*': { tools: [{ tool: 'python3', category: 'interpreter' }], status: 'verified', detail: 'versioned python3 interpreter' },
  'python3-pip': { tools: [{ tool: 'pip', category: 'package-manager' }, { tool: 'python3', category: 'interpreter' }], status: 'verified', detail: 'pip (Depends python3)' },
  npm: { tools: [{ tool: 'npm', category: 'package-manager' }, { tool: 'node', category: 'interpreter' }], status: 'verified', detail: 'npm (Depends nodejs)' },
  ssl_client: undefined,
});
delete packages.apt.ssl_client;
Object.assign(packages.apk, {
  'py3-pip': { tools: [{ tool: 'pip', category: 'package-manager' }, { tool: 'python3', category: 'interpreter' }], status: 'unverified', detail: 'pip for Alpine python3' },
  npm: { tools: [{ tool: 'npm', category: 'package-manager' }, { tool: 'node', category: 'interpreter' }], status: 'unverified', detail: 'npm (depends on nodejs)' },
  git: { tools: [{ tool: 'git', category: 'network' }], status: 'unverified', detail: 'git' },
});
Object.assign(packages.dnf, {
  git: { tools: [{ tool: 'git', category: 'network' }], status: 'unverified', detail: 'git' },
  'python3-pip': { tools: [{ tool: 'pip', category: 'package-manager' }, { tool: 'python3', category: 'interpreter' }], status: 'unverified', detail: 'pip' },
});

const CLI_TOOL = {
  httpie: ['http'], awscli: ['aws'], pgcli: ['pgcli'], mycli: ['mycli'], iredis: ['iredis'], s3cmd: ['s3cmd'], pwncat: ['pwncat'],
  'pwncat-cs': ['pwncat'], mongosh: ['mongosh'], wscat: ['wscat'], localtunnel: ['lt'], ngrok: ['ngrok'],
};
for (const manager of ['pip', 'npm']) {
  const outPkgs = {};
  for (const [pkg, desc] of Object.entries(ref.packages.language[manager])) {
    const tools = manager === 'npm' && pkg === 'httpie' ? undefined : CLI_TOOL[pkg];
    if (!tools) continue; // libraries, servers and processors (npm httpie, http-server, yq, litecli) add no network client
    outPkgs[pkg] = { tools: tools.map((tool) => ({ tool, category: 'network' })), status: 'verified', detail: desc };
  }
  packages[manager] = outPkgs;
}
// No gem in the reference adds a network client; the section exists so user catalogs and later data can fill it.
packages.gem = {};

// Families people deploy for which no stored source gives facts: listed so the gap is visible, never filled by guess.
const notCatalogued = [
  'rabbitmq:3.12 and older', 'mongo:6.0 and older', 'elasticsearch:7.16 and older', 'elasticsearch:9.3 and newer', 'grafana/grafana:11.* and older',
  'quay.io/keycloak/keycloak (other than 22)', 'ghcr.io/astral-sh/uv:trixie*', 'envoyproxy/envoy', 'confluentinc/cp-kafka',
  'registry.access.redhat.com/ubi8*', 'gcr.io/distroless/java-base-debian11', 'sonarqube (other than 10 community, the community build and 2026 developer/enterprise)',
  'registry.k8s.io/* (coredns copies)',
].map((name) => ({ name, reason: 'no stored source gives its contents' }));

const catalog = {
  $schema: '../../../../schemas/catalog.schema.json',
  version: 1,
  generatedFrom: `${ref.generatedFrom} (base-images.json schemaVersion ${ref.schemaVersion})`,
  valueLegend: ref.valueLegend,
  sources: { ...ref.sources, ...MIRROR_SOURCES, ...DL11_SOURCES, ...RANGE_SOURCES, ...RECHECK_SOURCES, ...DERIVED_SOURCES },
  mirrors,
  images,
  packages,
  managerAliases: {
    apt: ['apt', 'apt-get', 'aptitude'], apk: ['apk'], dnf: ['dnf', 'yum', 'microdnf', 'tdnf'], zypper: ['zypper'],
    pip: ['pip', 'pip3', 'pipx', 'uv'], npm: ['npm', 'yarn', 'pnpm'], gem: ['gem'],
  },
  caveats: ref.caveats,
  notCatalogued,
};
writeFileSync(out, JSON.stringify(catalog, null, 1) + '\n');
console.log(`wrote ${out}: ${images.length} images, ${Object.values(packages).reduce((n, p) => n + Object.keys(p).length, 0)} packages`);
