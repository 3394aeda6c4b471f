// Server images built on a catalogued base, read from their official Dockerfiles: each entry starts from its
// base's entry (what the base holds) and applies what the image's own Dockerfile does to the final stage —
// tools it copies in, build tools it installs and purges, the user it runs as, a shell-script entrypoint.
// Every entry names the files it was read from (the source keys below); nothing here is guessed.

export const DERIVED_SOURCES = {
  MEMC: 'docker-library/memcached@0215dbaa: 1/debian/Dockerfile (FROM debian:bookworm-slim; runtime libsasl2-modules; build deps incl. wget and perl installed and removed with apt-get purge --auto-remove; USER memcache (uid 11211); ENTRYPOINT docker-entrypoint.sh), 1/alpine/Dockerfile (FROM alpine:3.19; .build-deps incl. openssl, perl deleted with apk del; USER memcache)',
  HAPX: 'docker-library/haproxy@04b2168f: 3.2/Dockerfile (FROM debian:trixie-slim; runtime ca-certificates only; build deps incl. wget purged with apt-get purge --auto-remove; USER haproxy (uid 99); ENTRYPOINT docker-entrypoint.sh), 3.2/alpine/Dockerfile (FROM alpine:3.22; .build-deps incl. openssl deleted with apk del; USER haproxy)',
  RMQ: 'docker-library/rabbitmq@00309be9: 4.2/ubuntu/Dockerfile (final stage FROM ubuntu:24.04; COPY --from the builders /opt/erlang and /opt/openssl, PATH includes /opt/openssl/bin and the build checks `command -v openssl` is /opt/openssl/bin/openssl; gosu, tzdata, ca-certificates installed; gnupg, wget, xz-utils purged with apt-get purge --auto-remove; no USER: root, the entrypoint steps down with gosu; ENTRYPOINT docker-entrypoint.sh); docker-library/repo-info repos/rabbitmq/local/4.2.md (rabbitmq:4.2.9 amd64 dpkg list: bash, dash present, no curl)',
};

const NO_SHELL_FREE = (name) => `no shell-free ${name} image is named by the sources; keep its Secrets out of env, run it non-root with a read-only root filesystem`;

/** id, base entry id, how the image differs; tools: tool → { state, detail } over the base's. */
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
    tags: ['4', '4.<v>', 'latest'], keywords: [],
    tools: {
      openssl: { state: 'yes', detail: '/opt/openssl/bin/openssl, on PATH' },
      wget: { state: 'no', detail: 'build-only, purged' },
    },
    user: 'root', nonRoot: 'no', entrypointNeedsShell: true, sources: ['RMQ', 'RIUBU'],
  },
];

/** Appends the derived entries to `images` (the generated catalog's list), each cloned from its base entry. */
export function addDerived(images) {
  for (const d of DERIVED) {
    const base = images.find((i) => i.id === d.from);
    if (!base) throw new Error(`derived entry ${d.id}: no base entry ${d.from}`);
    if (images.some((i) => i.id === d.id)) throw new Error(`derived entry ${d.id} is already in the catalog`);
    const e = structuredClone(base);
    Object.assign(e, { id: d.id, family: d.family, variant: d.variant, registry: 'docker.io', repositories: d.repositories, tags: d.tags, keywords: d.keywords });
    e.tools = e.tools.map((t) => (d.tools[t.tool] ? { tool: t.tool, category: t.category, ...d.tools[t.tool] } : t));
    for (const tool of Object.keys(d.tools)) {
      if (!e.tools.some((t) => t.tool === tool)) throw new Error(`derived entry ${d.id}: ${tool} is not a tool of ${d.from}`);
    }
    e.defaultUser = d.user;
    e.nonRootDefault = d.nonRoot;
    e.entrypointNeedsShell = d.entrypointNeedsShell;
    e.hardened = false;
    delete e.replacement;
    delete e.runtime;
    delete e.confidence;
    delete e.deprecated;
    e.noReplacement = NO_SHELL_FREE(d.family);
    e.sources = d.sources;
    // Only the tags read: another variant of the same repository (management, an older major) stays unknown.
    e.tagsOnly = true;
    e.notes = `the ${d.from} base as the image's Dockerfile leaves it`;
    images.push(e);
  }
}
