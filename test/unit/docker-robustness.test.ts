// Odd input never throws: empty files, binary garbage, missing FROM, broken JSON forms, BOM, lone CR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile, imageFacts, splitCommands } from '../../server/src/core/docker/index.js';
import { loadCatalog } from '../../server/src/core/catalog/index.js';

const catalog = loadCatalog();

test('empty and whitespace-only files', () => {
  for (const text of ['', '\n\n', '   \r\n']) {
    const df = parseDockerfile('Dockerfile', text);
    assert.deepEqual(df.stages, []);
    assert.equal(df.notices.length, 1);
    assert.match(imageFacts(df, catalog).unresolved ?? '', /no FROM/);
  }
});

test('binary garbage and random bytes', () => {
  const df = parseDockerfile('Dockerfile', '\u0000\u0001\u00ff\u00fe garbage');
  assert.deepEqual(df.stages, []);
  assert.match(df.notices[0]!.message, /binary/);
  let seed = 7;
  for (let n = 0; n < 200; n++) {
    let s = '';
    for (let i = 0; i < 80; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      s += 'FROM RUN \\ ` " \' <<EOF\n\r[]{}$&|;#=-aA1 '.charAt(seed % 42);
    }
    const parsed = parseDockerfile('Dockerfile', s);
    imageFacts(parsed, catalog);
  }
});

test('instructions before FROM, FROM without image, unknown instructions, invalid SHELL', () => {
  const df = parseDockerfile('Dockerfile', 'RUN echo hi\nFROM\nFROB x\nSHELL /bin/bash -c\n');
  assert.ok(df.notices.some((n) => /before the first FROM/.test(n.message)));
  assert.ok(df.notices.some((n) => /FROM without an image/.test(n.message)));
  assert.ok(df.notices.some((n) => /unknown instruction/.test(n.message)));
  assert.ok(df.notices.some((n) => /SHELL must be a JSON array/.test(n.message)));
  assert.match(imageFacts(df, catalog).unresolved ?? '', /no base image/);
});

test('broken JSON falls back to shell form, as Docker does', () => {
  const df = parseDockerfile('Dockerfile', 'FROM alpine\nCMD ["node", app.js]\nENTRYPOINT ["a"]\n');
  const cmds = df.stages[0]!.commands;
  assert.equal(cmds.find((c) => c.instruction === 'CMD')?.form, 'shell');
  assert.equal(cmds.find((c) => c.instruction === 'ENTRYPOINT')?.form, 'exec');
});

test('HEALTHCHECK NONE cancels an inherited check; RUN --mount flags are skipped', () => {
  const df = parseDockerfile('Dockerfile', 'FROM alpine AS a\nHEALTHCHECK CMD wget -q localhost\nFROM a\nHEALTHCHECK NONE\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n');
  const f = imageFacts(df, catalog);
  assert.equal(f.commands.some((c) => c.instruction === 'HEALTHCHECK'), false);
  assert.ok(f.tools.some((t) => t.tool === 'curl' && t.origin.kind === 'run'));
});

test('BOM and lone CR line ends', () => {
  const df = parseDockerfile('Dockerfile', '\uFEFFFROM alpine\rRUN apk add curl\r');
  assert.equal(df.stages.length, 1);
  const curl = df.stages[0]!.added.find((t) => t.tool === 'curl');
  assert.ok(curl?.origin.kind === 'run');
  assert.deepEqual(curl.origin.location.range, { start: { line: 1, character: 12 }, end: { line: 1, character: 16 } });
});

test('the shell splitter: quotes, operators, redirections, comments, continuations', () => {
  const text = `A=1 apt-get install -y "cur"l 'wget' >/dev/null 2>&1 && echo x | sh; b \\\n  # note\n  c # tail`;
  const cmds = splitCommands(text, 0, text.length, '\\', true);
  assert.deepEqual(cmds.map((c) => c.words.map((w) => w.value)), [
    ['A=1', 'apt-get', 'install', '-y', 'curl', 'wget'],
    ['echo', 'x'],
    ['sh'],
    ['b', 'c'],
  ]);
  assert.deepEqual(cmds.map((c) => c.op), ['', '&&', '|', ';']);
  const curl = cmds[0]!.words[4]!;
  assert.equal(text.slice(curl.start, curl.end), '"cur"l');
});

test('stage ARGs, ${VAR:+alt} and quoted ARG values', () => {
  const df = parseDockerfile('Dockerfile', 'ARG REG="docker.io/library"\nARG SUFFIX\nFROM ${REG}/python:3.12${SUFFIX:+-$SUFFIX}\nARG APP_USER=app\nUSER ${APP_USER}\n');
  assert.equal(df.stages[0]!.baseImage, 'docker.io/library/python:3.12');
  assert.equal(df.stages[0]!.user?.value, 'app');
  const slim = parseDockerfile('Dockerfile', 'ARG SUFFIX\nFROM python:3.12${SUFFIX:+-$SUFFIX}\n', { buildArgs: { SUFFIX: 'slim' } });
  assert.equal(slim.stages[0]!.baseImage, 'python:3.12-slim');
});
