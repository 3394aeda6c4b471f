// The cluster check's pure decisions: a registry answer as ImageFacts (layer evidence, user, runtime), the
// fallbacks when the registry cannot decide, the "why" sentences and the wording findings end with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  explainSource,
  parsePlatform,
  podPlatform,
  registryFailure,
  registryImageFacts,
  runtimeFromConfig,
  sourceSentence,
  toolsWithEvidence,
  type RegistryOutcome,
} from '../../server/src/cluster/check-map.js';
import type { ClusterImage } from '../../server/src/protocol.js';
import type { RegistryImageOk } from '../../server/src/cluster/registry/types.js';
import type { ImageLink, ToolFact } from '../../server/src/core/model.js';
import { Workspace } from '../../server/src/core/workspace.js';

const LAYER = `sha256:${'ab12'.repeat(16)}`;
const MANIFEST = `sha256:${'cd34'.repeat(16)}`;
const tool = (name: string, category: ToolFact['category'], path: string): ToolFact => ({ tool: name, category, origin: { kind: 'layer', digest: LAYER, path } });

function ok(extra: Partial<RegistryImageOk> = {}): RegistryImageOk {
  return {
    ok: true,
    digest: MANIFEST,
    config: { user: '1000', cmd: ['python3', 'app.py'] },
    files: {},
    tools: [tool('sh', 'shell', '/bin/sh'), tool('curl', 'network', '/usr/bin/curl'), tool('python3', 'interpreter', '/usr/bin/python3.12')],
    ...extra,
  };
}
const outcome = (result: RegistryOutcome['result'], runningDigest?: string): RegistryOutcome => ({ platform: 'linux/amd64', result, ...(runningDigest ? { runningDigest } : {}) });

test('a complete registry listing becomes registry ImageFacts with layer origins, user and runtime', () => {
  const facts = registryImageFacts('reg.test/a/b:1', outcome(ok()))!;
  assert.equal(facts.source, 'registry');
  assert.equal(facts.baseImage, 'reg.test/a/b:1');
  assert.equal(facts.user, '1000');
  assert.equal(facts.runtime, 'python3');
  assert.deepEqual(facts.tools.map((t) => [t.tool, t.origin.kind]), [['sh', 'layer'], ['curl', 'layer'], ['python3', 'layer']]);
  assert.equal(facts.unresolved, undefined);
});

test('failures and truncated listings decide nothing (the catalog is next)', () => {
  assert.equal(registryImageFacts('x', outcome(ok({ truncated: 'too-large: layer sha256:… is over the 1 MiB layer limit' }))), undefined);
  for (const reason of ['unauthorized', 'not-found', 'timeout', 'too-large', 'malformed', 'unsupported', 'network'] as const) {
    assert.equal(registryImageFacts('x', outcome({ ok: false, reason, message: 'm' })), undefined, reason);
  }
});

test('registryFailure says what went wrong in words a user can act on', () => {
  assert.equal(registryFailure(outcome(ok())), undefined);
  assert.match(registryFailure(outcome({ ok: false, reason: 'unauthorized', message: 'reg.test/a/b: 401' }))!, /^the registry refused access \(401\/403\): reg\.test\/a\/b: 401$/);
  assert.match(registryFailure(outcome({ ok: false, reason: 'not-found', message: 'm' }))!, /does not have it \(404\)/);
  assert.match(registryFailure(outcome({ ok: false, reason: 'timeout', message: 'm' }))!, /did not answer in time/);
  assert.match(registryFailure(outcome({ ok: false, reason: 'malformed', message: 'm' }))!, /malformed/);
  assert.match(registryFailure(outcome(ok({ truncated: 'too-large: x' })))!, /incomplete \(too-large: x\)/);
});

test('runtime comes from the entrypoint (else cmd) only when the image holds that interpreter', () => {
  const tools = [tool('node', 'interpreter', '/usr/local/bin/node'), tool('python3', 'interpreter', '/usr/bin/python3')];
  assert.equal(runtimeFromConfig({ entrypoint: ['/usr/local/bin/node'], cmd: ['server.js'] }, tools), 'node');
  assert.equal(runtimeFromConfig({ cmd: ['python3.12', '-m', 'app'] }, tools), 'python3');
  assert.equal(runtimeFromConfig({ cmd: ['nodejs', 'x.js'] }, tools), 'node');
  assert.equal(runtimeFromConfig({ entrypoint: ['/app/server'] }, tools), undefined);
  assert.equal(runtimeFromConfig({ cmd: ['ruby', 'x.rb'] }, tools), undefined);
  assert.equal(runtimeFromConfig({}, tools), undefined);
});

test('platforms: node selectors pin the platform, linux/amd64 otherwise', () => {
  assert.deepEqual(podPlatform({}), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(podPlatform({ nodeSelector: { 'kubernetes.io/arch': 'arm64' } }), { os: 'linux', architecture: 'arm64' });
  assert.deepEqual(podPlatform(undefined), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(parsePlatform('linux/arm64/v8'), { os: 'linux', architecture: 'arm64', variant: 'v8' });
  assert.equal(parsePlatform('nonsense'), undefined);
});

const link: ImageLink = { image: 'reg.test/a/web', dockerfile: 'web/Dockerfile', source: 'config', reason: '.secret-surface.yaml images: reg.test/a/web → web/Dockerfile' };

test('explainSource names the deciding source and why the earlier ones did not decide', () => {
  const reg = registryImageFacts('reg.test/a/b:1', outcome(ok(), MANIFEST))!;
  assert.equal(
    explainSource(reg, { registry: outcome(ok(), MANIFEST) }),
    'registry manifest sha256:cd34cd34cd34… (linux/amd64, the running digest), since no workspace Dockerfile is linked to it',
  );
  assert.equal(
    explainSource({ source: 'dockerfile', tools: [], commands: [] }, { link }),
    'workspace Dockerfile web/Dockerfile (.secret-surface.yaml images: reg.test/a/web → web/Dockerfile)',
  );
  const catalogFacts = { source: 'catalog' as const, tools: [], commands: [], catalog: { id: 'alpine:3' } as never };
  assert.equal(
    explainSource(catalogFacts, { registry: outcome({ ok: false, reason: 'unauthorized', message: 'reg.test/a/b: 401 Unauthorized' }) }),
    'catalog entry alpine:3, since no workspace Dockerfile is linked to it and the registry refused access (401/403): reg.test/a/b: 401 Unauthorized',
  );
  assert.equal(
    explainSource({ source: 'unknown', tools: [], commands: [] }, { link: { ...link, missing: true }, registry: outcome({ ok: false, reason: 'not-found', message: 'gone' }) }),
    'nothing: the linked Dockerfile web/Dockerfile is not in the workspace, the registry does not have it (404): gone, and the catalog does not know it',
  );
  assert.match(explainSource(catalogFacts, { registrySkipped: 'the registry look-up is turned off' }), /and the registry look-up is turned off$/);
});

test('sourceSentence: the sentence findings end with', () => {
  const img = (source: ClusterImage['source'], why: string): ClusterImage => ({ ref: 'r', source, why, tools: [], containers: 1 });
  assert.equal(sourceSentence(img('registry', 'registry manifest sha256:x (linux/amd64), since y')), ' Decided by the registry manifest sha256:x (linux/amd64), since y.');
  assert.equal(sourceSentence(img('unknown', 'nothing: a, b')), ' Decided by nothing: a, b.');
});

test('toolsWithEvidence: layer digest and path, as the rules word it', () => {
  const [t] = toolsWithEvidence([tool('sh', 'shell', '/bin/sh')]);
  assert.equal(t!.evidence, `layer ${LAYER.slice(0, 19)} /bin/sh`);
  assert.equal(t!.origin.kind, 'layer');
});

test('through the core: a registry-decided image yields "Shell (sh)" with "sh layer sha256:… /bin/sh" as its evidence', () => {
  const ws = new Workspace();
  ws.setFile(
    'cluster/c/shop/deployment/api.yaml',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: reg.test/a/b:1\n          envFrom:\n            - secretRef: { name: db }\n',
  );
  ws.setExternalImageFacts((image) => (image === 'reg.test/a/b:1' ? registryImageFacts(image, outcome(ok())) : undefined));
  const { findings } = ws.analyze();
  const shell = findings.find((f) => f.rule === 'secret-in-shell-image');
  assert.ok(shell, JSON.stringify(findings.map((f) => f.rule)));
  assert.match(shell.message, /^Shell \(sh\) in a\/b:1 — /);
  // The layer has no line to point at: its evidence sits on the image value.
  assert.ok(shell.related.some((r) => r.message === `sh layer ${LAYER.slice(0, 19)} /bin/sh` && r.location.range.start.line === 10), JSON.stringify(shell.related));
  // python3 is what the image runs (its cmd): not reported as an extra interpreter.
  assert.ok(!findings.some((f) => f.rule === 'secret-in-interpreter-image'));
  assert.ok(findings.some((f) => f.rule === 'secret-in-network-client-image' && f.related.some((r) => /^curl(, [a-z]+)* layer /.test(r.message))));
});
