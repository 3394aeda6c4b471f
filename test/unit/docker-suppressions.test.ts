// Dockerfile suppressions read from the parser's instruction ranges, in the same syntax as manifests:
// a comment above a multi-line instruction covers every continuation line whatever the escape
// character, `all` means every rule, and no other module parses suppression comments or Dockerfiles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deploymentWithSecret, listFiles } from '../support/workspace.js';
import { Workspace } from '../../server/src/core/workspace.js';
import { parseDockerfile } from '../../server/src/core/docker/index.js';

const CORE = fileURLToPath(new URL('../../../server/src/core/', import.meta.url));

const DEPLOY = deploymentWithSecret('registry.example.com/shop/api:1.0');

/** `rule:line` of every finding in the Dockerfile, line 1-based. */
function dockerFindings(dockerfile: string): string[] {
  const ws = new Workspace();
  ws.setFile('api/Dockerfile', dockerfile);
  ws.setFile('deploy.yaml', DEPLOY);
  ws.setFile('.secret-surface.yaml', 'version: 1\nimages:\n  registry.example.com/shop/api: api/Dockerfile\n');
  return ws
    .analyze()
    .findings.filter((f) => f.location.file === 'api/Dockerfile')
    .map((f) => `${f.rule}:${f.location.range.start.line + 1}`)
    .sort();
}

test('with # escape=` a suppression above a multi-line RUN silences the package on its continuation line', () => {
  const text = '# escape=`\nFROM debian:13-slim\n# secret-surface-ignore secret-in-network-client-image\nRUN apt-get update && `\n    apt-get install -y curl\n';
  assert.ok(dockerFindings(text.replace('# secret-surface-ignore secret-in-network-client-image\n', '#\n')).includes('secret-in-network-client-image:5'), 'the package is reported without the comment');
  assert.deepEqual(dockerFindings(text).filter((f) => f.startsWith('secret-in-network-client-image')), []);
});

test('the same holds with the default escape character', () => {
  const text = 'FROM debian:13-slim\n# secret-surface-ignore secret-in-network-client-image\nRUN apt-get update && \\\n    apt-get install -y curl\n';
  assert.deepEqual(dockerFindings(text).filter((f) => f.startsWith('secret-in-network-client-image')), []);
});

test('# secret-surface-ignore all silences every rule on the next instruction, as in YAML', () => {
  const text = 'FROM debian:13-slim\n# secret-surface-ignore all\nRUN apt-get update && apt-get install -y curl\n';
  assert.ok(dockerFindings(text.replace('# secret-surface-ignore all\n', '#\n')).includes('secret-in-network-client-image:3'));
  assert.deepEqual(dockerFindings(text).filter((f) => f.endsWith(':3')), []);
});

test('# secret-surface-ignore-file all silences everything in the Dockerfile', () => {
  const text = 'FROM debian:13-slim\nRUN apt-get update && apt-get install -y curl\nCMD run\n';
  assert.ok(dockerFindings(text).length >= 2, 'the Dockerfile has findings to silence');
  assert.deepEqual(dockerFindings(`# secret-surface-ignore-file all\n${text}`), []);
  assert.deepEqual(dockerFindings(`${text}# secret-surface-ignore-file *\n`), []);
});

test('prose after the rule ids is allowed, as in manifests; an unrelated comment in between does not break the link', () => {
  const text = 'FROM debian:13-slim\n# secret-surface-ignore secret-in-network-client-image -- curl is removed later\n# install\n\nRUN apt-get install -y curl\n';
  assert.deepEqual(dockerFindings(text).filter((f) => f.startsWith('secret-in-network-client-image')), []);
});

test('the facts keep every instruction with its range, stage and escape character', () => {
  const text = '# escape=`\nARG V=1\nFROM debian:13-slim AS build\nRUN a && `\n  b\nFROM scratch\nCOPY --from=build /x /x\n';
  const df = parseDockerfile('Dockerfile', text);
  assert.equal(df.escape, '`');
  assert.deepEqual(
    df.instructions.map((i) => [i.keyword, i.stage, i.location.range.start.line, i.location.range.end.line]),
    [['ARG', -1, 1, 1], ['FROM', 0, 2, 2], ['RUN', 0, 3, 4], ['FROM', 1, 5, 5], ['COPY', 1, 6, 6]],
  );
  assert.deepEqual(df.instructions[2]!.argsStart, { line: 3, character: 3 });
  assert.equal(parseDockerfile('Dockerfile', 'FROM x\n').escape, '\\');
});


test('one Dockerfile reading and one suppression syntax: no other core module parses either', () => {
  const offenders: string[] = [];
  const files = listFiles(CORE).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length > 30, 'the scan reads the sources');
  for (const rel of files) {
    const file = join(CORE, rel);
    const text = readFileSync(file, 'utf8');
    if (/from 'dockerfile-ast'/.test(text) && rel !== 'docker/parse.ts') offenders.push(`${rel} parses Dockerfiles`);
    // A regular expression that matches the comment is a second parser of it.
    if (/\/(?:[^/\n\\]|\\.)*secret-surface-ignore(?:[^/\n\\]|\\.)*\/[dgimsuy]*[;,)]/.test(text) && rel !== 'kubernetes/suppression.ts') {
      offenders.push(`${rel} matches the ignore comment itself`);
    }
    if (/function parseRuleList|split\(\/\\r\\n\|\\r\|\\n\//.test(text) && rel !== 'kubernetes/suppression.ts') offenders.push(`${rel} splits lines or rule lists itself`);
  }
  assert.deepEqual(offenders, []);
});
