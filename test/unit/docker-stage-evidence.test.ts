// What a Dockerfile proves about an image whose base the catalog does not know: per stage, applied only along
// the stages the built image is made of, and reported as a floor ("at least"), at full severity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../server/src/core/docker/parse.js';
import { imageFacts } from '../../server/src/core/docker/image-facts.js';
import { loadCatalog } from '../../server/src/core/catalog/index.js';
import { Workspace } from '../../server/src/core/workspace.js';
import type { ImageFacts } from '../../server/src/core/model.js';

const catalog = loadCatalog();
const UNKNOWN = 'registry.example.com/base/runtime:3';
const facts = (text: string, target?: string): ImageFacts => imageFacts(parseDockerfile('Dockerfile', text), catalog, target);
const tool = (f: ImageFacts, name: string) => f.tools.find((t) => t.tool === name && !t.unverified);

test('a shell-form RUN proves /bin/sh in that stage', () => {
  const f = facts(`FROM ${UNKNOWN}\nRUN mkdir -p /data\nENTRYPOINT ["/app"]\n`);
  assert.match(f.unresolved ?? '', /unknown base image/);
  const sh = tool(f, 'sh');
  assert.equal(sh?.origin.kind, 'evidence');
  assert.equal(sh?.origin.kind === 'evidence' && sh.origin.location.range.start.line, 1);
  assert.match(sh?.origin.kind === 'evidence' ? sh.origin.detail : '', /shell-form RUN is run by \/bin\/sh/);
  // Exec-form RUN of a binary proves only that binary's name if it is a tool; here nothing.
  const exec = facts(`FROM ${UNKNOWN}\nRUN ["/app", "--migrate"]\n`);
  assert.equal(tool(exec, 'sh'), undefined);
});

test('SHELL changes which shell a shell-form RUN proves, and is inherited by FROM <stage>', () => {
  const f = facts(`FROM ${UNKNOWN} AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\nRUN echo hi\n`);
  assert.ok(tool(f, 'bash'));
  assert.equal(tool(f, 'sh'), undefined);
});

test('RUN bash -c proves bash, and the commands inside its script count too', () => {
  const f = facts(`FROM ${UNKNOWN}\nRUN ["bash", "-c", "curl -fsS https://example.com/health"]\n`);
  assert.ok(tool(f, 'bash'));
  assert.ok(tool(f, 'curl'));
  assert.equal(tool(f, 'sh'), undefined, 'an exec-form RUN does not run /bin/sh');
  const g = facts(`FROM ${UNKNOWN}\nRUN set -eux; \\\n    bash -c 'python3.12 -V' && wget -q -O- https://example.com\n`);
  for (const t of ['sh', 'bash', 'python3', 'wget']) assert.ok(tool(g, t), t);
});

test("apk proves Alpine's BusyBox: the binary, sh/ash and its network applets", () => {
  const f = facts(`FROM ${UNKNOWN}\nRUN apk add --no-cache tini\n`);
  assert.ok(tool(f, 'busybox'));
  assert.ok(tool(f, 'apk'));
  for (const a of ['sh', 'ash', 'wget', 'nc']) assert.ok(f.tools.some((t) => t.tool === a), a);
  assert.equal(f.tools.find((t) => t.tool === 'wget')?.via, 'busybox');
});

test('dnf swap curl-minimal curl-full installs curl', () => {
  const f = facts(`FROM ${UNKNOWN}\nRUN dnf -y swap curl-minimal curl-full && dnf clean all\n`);
  const curl = tool(f, 'curl');
  assert.ok(curl);
  assert.match(curl!.origin.kind === 'evidence' ? curl!.origin.detail : '', /swap installs curl-full/);
  const m = facts(`FROM ${UNKNOWN}\nRUN microdnf swap curl-minimal curl-full\n`);
  assert.ok(tool(m, 'curl'));
});

test('ENTRYPOINT ["sh", "-c", …], a shell-form CMD and HEALTHCHECK CMD-SHELL prove the shell that runs them', () => {
  assert.ok(tool(facts(`FROM ${UNKNOWN}\nENTRYPOINT ["sh", "-c", "exec /app"]\n`), 'sh'));
  assert.ok(tool(facts(`FROM ${UNKNOWN}\nCMD ["/bin/bash", "-lc", "/app"]\n`), 'bash'));
  assert.ok(tool(facts(`FROM ${UNKNOWN}\nCMD /app --serve\n`), 'sh'));
  assert.ok(tool(facts(`FROM ${UNKNOWN}\nHEALTHCHECK CMD wget -q localhost || exit 1\nCMD ["/app"]\n`), 'sh'));
  // Only the command that takes effect counts: a later exec-form CMD replaces a shell-form one.
  assert.equal(tool(facts(`FROM ${UNKNOWN}\nCMD /app\nCMD ["/app"]\n`), 'sh'), undefined);
});

test('evidence in a build stage proves nothing about the final stage', () => {
  const text = `FROM ${UNKNOWN} AS build\nRUN bash -c 'make' && curl -O https://example.com/x\n\nFROM registry.example.com/base/static:1\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n`;
  const final = facts(text);
  assert.deepEqual(final.tools.map((t) => t.tool), []);
  const build = facts(text, 'build');
  for (const t of ['sh', 'bash', 'curl']) assert.ok(tool(build, t), t);
});

test('a removal after the proof still removes the tool', () => {
  const f = facts(`FROM ${UNKNOWN}\nRUN curl -O https://example.com/x\nRUN rm -f /usr/bin/curl\nENTRYPOINT ["/app"]\n`);
  assert.equal(f.tools.find((t) => t.tool === 'curl'), undefined);
  assert.ok(tool(f, 'sh'));
});

test('an install is the origin of record over the proof that the tool runs', () => {
  const f = facts(`FROM ${UNKNOWN}\nRUN apt-get update && apt-get install -y curl && curl --version\n`);
  assert.equal(tool(f, 'curl')?.origin.kind, 'run');
});

test('a known base keeps the catalog: evidence never contradicts an absent tool, but confirms an unverified one', () => {
  // distroless has no shell; a shell-form RUN there is its own finding (shell-form-without-shell), not a shell.
  const dl = facts('FROM gcr.io/distroless/static-debian13:nonroot\nRUN echo hi\n');
  assert.equal(dl.tools.find((t) => t.tool === 'sh'), undefined);
  // ubuntu: perl is unverified in the catalog; a RUN that calls perl proves it.
  const ub = facts('FROM ubuntu:22.04\nRUN perl -e 1\n');
  assert.equal(ub.tools.find((t) => t.tool === 'perl')?.unverified, undefined);
  assert.equal(ub.tools.find((t) => t.tool === 'perl')?.origin.kind, 'evidence');
  assert.equal(facts('FROM ubuntu:22.04\nRUN true\n').tools.find((t) => t.tool === 'perl')?.unverified, true);
});

test('the verdict: "at least sh, bash" at error severity, beside the unverified warning for the rest', () => {
  const ws = new Workspace();
  ws.setFile('app/Dockerfile', `FROM ${UNKNOWN}\nRUN bash -c 'echo build'\nENTRYPOINT ["/app"]\n`);
  ws.setFile(
    'deploy.yaml',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      automountServiceAccountToken: false\n      containers:\n' +
      '        - name: app\n          image: registry.example.com/team/app:1.0\n          env:\n            - name: K\n              valueFrom:\n                secretKeyRef: { name: s, key: k }\n',
  );
  const fs = ws.analyze().findings.filter((f) => f.location.file === 'deploy.yaml');
  const shell = fs.find((f) => f.rule === 'secret-in-shell-image');
  assert.equal(shell?.severity, 'error');
  assert.equal(shell?.certainty, undefined);
  assert.match(shell!.message, /^Shell \(at least sh, bash\) in /);
  // What proves each tool: the Dockerfile line, as a related location.
  assert.ok(shell!.related.some((r) => r.location.file === 'app/Dockerfile' && /^sh, bash the shell-form RUN is run by \/bin\/sh$/.test(r.message)), JSON.stringify(shell!.related));
  const unknown = fs.find((f) => f.rule === 'secret-image-unverified');
  assert.equal(unknown?.severity, 'warning');
  assert.match(unknown!.message, /unknown base image/);
});
