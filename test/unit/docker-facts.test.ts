// Dockerfile facts from the fixtures under test/fixtures/docker, each under LF and CRLF line ends; every
// expected range is found by searching the fixture text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parseDockerfile, imageFacts, imageFactsFromCatalog } from '../../server/src/core/docker/index.js';
import { loadCatalog } from '../../server/src/core/catalog/index.js';
import { LineIndex } from '../../server/src/core/text/positions.js';
import type { DockerfileFacts, ImageFacts, Range, ToolFact } from '../../server/src/core/model.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'fixtures', 'docker');
const catalog = loadCatalog();
const EOLS = [['LF', '\n'], ['CRLF', '\r\n']] as const;

function fixture(name: string, eol: string): string {
  return readFileSync(join(fixtures, name), 'utf8').replace(/\r?\n/g, eol);
}

/** The range of `needle` in `text`, searching from the first occurrence of `after` when given. */
function rangeOf(text: string, needle: string, after?: string): Range {
  const from = after === undefined ? 0 : text.indexOf(after);
  assert.ok(from >= 0, `anchor ${after} not in fixture`);
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `${needle} not in fixture`);
  return new LineIndex(text).range(at, at + needle.length);
}

function tool(f: ImageFacts, name: string, via?: string): ToolFact | undefined {
  return f.tools.find((t) => t.tool === name && (via === undefined || t.via === via));
}

function names(f: ImageFacts): string[] {
  return [...new Set(f.tools.map((t) => t.tool))].sort();
}

function parse(name: string, eol: string, buildArgs?: Record<string, string>): { text: string; df: DockerfileFacts } {
  const text = fixture(name, eol);
  return { text, df: parseDockerfile(`docker/${name}`, text, buildArgs ? { buildArgs } : {}) };
}

for (const [label, eol] of EOLS) {
  test(`${label}: stages, aliases, global ARGs with defaults, --platform and FROM <stage> chains`, () => {
    const { text, df } = parse('multistage.Dockerfile', eol);
    assert.equal(df.stages.length, 3);
    const [build, testStage, runtime] = df.stages;
    assert.equal(build!.name, 'build');
    assert.equal(build!.baseImage, 'node:20-alpine3.19');
    assert.equal(build!.platform, '$BUILDPLATFORM');
    assert.deepEqual(build!.fromLocation.range, rangeOf(text, 'node:${NODE_VERSION}-alpine${VARIANT:-3.19}'));
    assert.equal(testStage!.baseStage, 0);
    assert.equal(testStage!.baseImage, 'build');
    assert.equal(runtime!.baseStage, undefined);
    assert.equal(runtime!.user?.value, '65532');
    assert.deepEqual(runtime!.fromInstructionLocation.range, rangeOf(text, 'FROM gcr.io/distroless/nodejs22-debian13:nonroot AS runtime'));
    // The whole stage, FROM to its last instruction.
    assert.deepEqual(runtime!.location.range.end, rangeOf(text, 'CMD ["app.js"]').end);

    const overridden = parseDockerfile('Dockerfile', text, { buildArgs: { NODE_VERSION: '22', VARIANT: '3.20' } });
    assert.equal(overridden.stages[0]!.baseImage, 'node:22-alpine3.20');
  });

  test(`${label}: the last stage by default, a target by name or index, and tools through the chain`, () => {
    const { text, df } = parse('multistage.Dockerfile', eol);
    const final = imageFacts(df, catalog);
    assert.equal(final.source, 'dockerfile');
    assert.equal(final.baseImage, 'gcr.io/distroless/nodejs22-debian13:nonroot');
    assert.equal(final.catalog?.hardened, true);
    assert.deepEqual(final.tools.map((t) => t.tool), ['node']);
    assert.equal(final.runtime, 'node');
    assert.equal(final.user, '65532');
    assert.equal(final.stage?.index, 2);

    const t = imageFacts(df, catalog, 'test');
    assert.equal(t.stage?.index, 1);
    assert.equal(t.baseImage, 'node:20-alpine3.19');
    assert.equal(t.catalog?.id, 'node-alpine');
    const sh = tool(t, 'sh');
    assert.equal(sh?.origin.kind, 'base');
    assert.deepEqual(sh?.origin.kind === 'base' ? sh.origin.location?.range : undefined, rangeOf(text, 'node:${NODE_VERSION}-alpine${VARIANT:-3.19}'));
    assert.equal(tool(t, 'wget')?.via, 'busybox');
    // apk del .build-deps removed what the virtual group installed.
    assert.equal(tool(t, 'python3'), undefined);
    assert.equal(imageFacts(df, catalog, '0').stage?.index, 0);
    assert.equal(imageFacts(df, catalog, 'BUILD').stage?.index, 0);
  });

  test(`${label}: apt installs with flags, pins, continuations and chains; purge; pip, npm -g; exec form; sh -c; rm`, () => {
    const { text, df } = parse('installs.Dockerfile', eol);
    const f = imageFacts(df, catalog);
    assert.equal(f.catalog?.id, 'debian-slim');
    const curl = tool(f, 'curl');
    assert.equal(curl?.origin.kind, 'run');
    assert.ok(curl?.origin.kind === 'run');
    assert.equal(curl.origin.package, 'curl=7.88*');
    assert.equal(curl.origin.manager, 'apt-get');
    assert.deepEqual(curl.origin.location.range, rangeOf(text, 'curl=7.88*'));
    const nc = tool(f, 'nc');
    assert.ok(nc?.origin.kind === 'run');
    assert.deepEqual(nc.origin.location.range, rangeOf(text, 'netcat-openbsd'));
    // The package on the continuation line keeps its own line.
    const psql = tool(f, 'psql');
    assert.ok(psql?.origin.kind === 'run');
    assert.deepEqual(psql.origin.location.range, rangeOf(text, 'postgresql-client'));
    // wget was installed (with -o Dpkg::… consuming its argument) and purged later.
    const stage = df.stages[0]!;
    assert.ok(stage.added.some((t) => t.tool === 'wget'));
    assert.ok(stage.removed.some((r) => r.tool === 'wget'));
    assert.equal(tool(f, 'wget'), undefined);
    assert.ok(df.notices.some((n) => /auto-remove/.test(n.message)));
    const http = tool(f, 'http');
    assert.ok(http?.origin.kind === 'run');
    assert.equal(http.origin.manager, 'pip');
    assert.deepEqual(http.origin.location.range, rangeOf(text, 'httpie==3.2.2'));
    assert.ok(tool(f, 'aws'));
    assert.ok(tool(f, 'mongosh'));
    const socat = tool(f, 'socat');
    assert.ok(socat?.origin.kind === 'run');
    assert.deepEqual(socat.origin.location.range, rangeOf(text, '"socat"'));
    assert.ok(tool(f, 'telnet'));
    // rm of command paths: sh goes, bash stays; perl goes.
    assert.equal(tool(f, 'sh'), undefined);
    assert.equal(tool(f, 'perl'), undefined);
    assert.equal(tool(f, 'bash')?.origin.kind, 'base');
    // The download piped into a shell is noted on the curl word.
    const piped = df.notices.find((n) => /piped into bash/.test(n.message));
    assert.deepEqual(piped?.range, rangeOf(text, 'curl', 'RUN curl -fsSL'));
    assert.deepEqual(stage.shell?.args, ['/bin/bash', '-o', 'pipefail', '-c']);
    assert.equal(stage.workdir, '/srv/app');
    assert.equal(f.user, 'app');
    const forms = f.commands.map((c) => `${c.instruction}:${c.form}`);
    assert.ok(forms.includes('ENTRYPOINT:shell'));
    assert.ok(forms.includes('HEALTHCHECK:shell'));
    assert.ok(forms.includes('RUN:exec'));
    assert.ok(forms.includes('RUN:shell'));
    const hc = f.commands.find((c) => c.instruction === 'HEALTHCHECK');
    assert.equal(hc?.text, 'curl -fs http://localhost:8080/health || exit 1');
    assert.deepEqual(hc?.location.range, rangeOf(text, 'HEALTHCHECK --interval=30s CMD curl -fs http://localhost:8080/health || exit 1'));
  });

  test(`${label}: busybox applet links survive rm; apk add then del in one line leaves nothing`, () => {
    const { text, df } = parse('alpine-busybox.Dockerfile', eol);
    const f = imageFacts(df, catalog);
    assert.equal(tool(f, 'curl'), undefined);
    const dig = tool(f, 'dig');
    assert.ok(dig?.origin.kind === 'run');
    assert.deepEqual(dig.origin.location.range, rangeOf(text, 'bind-tools'));
    for (const applet of ['sh', 'wget', 'nc']) assert.equal(tool(f, applet)?.via, 'busybox', applet);
    assert.ok(tool(f, 'busybox'));
    assert.equal(f.user, '10001');
  });

  test(`${label}: heredocs — the script is read, a heredoc fed to cat or python is data`, () => {
    const { text, df } = parse('heredoc.Dockerfile', eol);
    const f = imageFacts(df, catalog);
    const ssh = tool(f, 'ssh');
    assert.ok(ssh?.origin.kind === 'run');
    assert.deepEqual(ssh.origin.location.range, rangeOf(text, 'openssh-client'));
    assert.equal(tool(f, 'curl'), undefined);
    assert.equal(df.stages[0]!.commands.filter((c) => c.instruction === 'RUN').length, 3);
  });

  test(`${label}: FROM scratch is empty; COPY --from brings busybox and tools`, () => {
    const { text, df } = parse('scratch-copy.Dockerfile', eol);
    const f = imageFacts(df, catalog);
    assert.equal(f.baseImage, 'scratch');
    assert.equal(f.unresolved, undefined);
    const bb = tool(f, 'busybox');
    assert.ok(bb?.origin.kind === 'copy');
    assert.equal(bb.origin.from, 'busybox:1.36-musl');
    assert.deepEqual(bb.origin.location.range, rangeOf(text, '/bin/busybox'));
    assert.ok(tool(f, 'sh', 'busybox'));
    assert.ok(tool(f, 'wget', 'busybox'));
    const curl = tool(f, 'curl');
    assert.ok(curl?.origin.kind === 'copy');
    assert.equal(curl.origin.from, 'build');
    assert.deepEqual(curl.origin.location.range, rangeOf(text, '/usr/bin/curl'));
    assert.equal(tool(f, 'app'), undefined);
    assert.equal(f.commands.find((c) => c.instruction === 'ENTRYPOINT')?.form, 'exec');
  });

  test(`${label}: escape directive with backtick continuations`, () => {
    const { text, df } = parse('escape.Dockerfile', eol);
    const f = imageFacts(df, catalog);
    assert.equal(f.catalog?.id, 'dotnet');
    const curl = tool(f, 'curl');
    assert.ok(curl?.origin.kind === 'run');
    assert.deepEqual(curl.origin.location.range, rangeOf(text, 'curl', 'install -y'));
    assert.equal(f.commands.find((c) => c.instruction === 'HEALTHCHECK')?.form, 'exec');
    assert.equal(f.runtime, 'dotnet');
  });

  test(`${label}: an unresolved base is unresolved, with the tools its RUN lines install and prove`, () => {
    const { df } = parse('unresolved.Dockerfile', eol);
    const f = imageFacts(df, catalog);
    assert.equal(f.source, 'dockerfile');
    assert.match(f.unresolved ?? '', /could not be resolved/);
    assert.equal(f.catalog, undefined);
    // `RUN apk add curl` installs curl, and calling apk proves apk-tools and BusyBox (its shell-form RUN, /bin/sh).
    assert.deepEqual(names(f), ['apk', 'ash', 'busybox', 'curl', 'nc', 'nslookup', 'sh', 'wget']);
    assert.equal(f.tools.find((t) => t.tool === 'curl')?.origin.kind, 'run');
    const resolved = imageFacts(parse('unresolved.Dockerfile', eol, { BASE: 'alpine:3.20' }).df, catalog);
    assert.equal(resolved.unresolved, undefined);
    assert.equal(resolved.catalog?.id, 'alpine');
  });
}

test('unknown base images are unknown, not safe', () => {
  const df = parseDockerfile('Dockerfile', 'FROM registry.local:5000/team/base:1.2@sha256:0123\nRUN apt-get install -y curl\n');
  const f = imageFacts(df, catalog);
  assert.equal(f.unresolved, 'unknown base image registry.local:5000/team/base:1.2@sha256:0123');
  // Installed curl; the shell-form RUN proves /bin/sh and calls apt-get.
  assert.deepEqual(names(f), ['apt-get', 'curl', 'sh']);
  const withUser = imageFacts(df, loadCatalog(undefined, [{ image: 'registry.local:5000/team/base', hardened: true }]));
  assert.equal(withUser.unresolved, undefined);
  assert.equal(withUser.catalog?.userDefined, true);
});

test('imageFactsFromCatalog: catalog facts or unknown', () => {
  const node = imageFactsFromCatalog('node:20-slim', catalog);
  assert.equal(node.source, 'catalog');
  assert.ok(node.tools.some((t) => t.tool === 'bash' && t.origin.kind === 'base'));
  assert.ok(!node.tools.some((t) => t.tool === 'curl'));
  assert.equal(node.runtime, 'node');
  const unverified = imageFactsFromCatalog('registry.access.redhat.com/ubi9:9.4', catalog);
  assert.equal(unverified.tools.find((t) => t.tool === 'wget')?.unverified, true);
  const unknown = imageFactsFromCatalog('ghcr.io/acme/api:1.0', catalog);
  assert.equal(unknown.source, 'unknown');
  assert.deepEqual(unknown.tools, []);
  assert.match(unknown.unresolved ?? '', /does not know/);
});
