// ImageLinker: precedence across sources that disagree, kustomize renames, the naming convention,
// reference normalisation and links to Dockerfiles that are not there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBuildConfig, type BuildConfigResult } from '../../server/src/core/linking/read-build-config.js';
import { classifyFile } from '../../server/src/core/linking/classify.js';
import { ImageLinker } from '../../server/src/core/linking/linker.js';
import { LineIndex } from '../../server/src/core/text/positions.js';
import type { Range } from '../../server/src/core/model.js';

const ROOT = fileURLToPath(new URL('../../../test/fixtures/linking/precedence/', import.meta.url));

/** Reads a fixture workspace the way the scanner does: classify every file, read build configs, list Dockerfiles. */
function loadWorkspace(root: string): { results: BuildConfigResult[]; dockerfiles: string[]; texts: Map<string, string> } {
  const results: BuildConfigResult[] = [];
  const dockerfiles: string[] = [];
  const texts = new Map<string, string>();
  (function walk(dir: string): void {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) {
        walk(abs);
        continue;
      }
      const rel = relative(root, abs).split(sep).join('/');
      const kind = classifyFile(rel);
      if (kind === 'dockerfile') dockerfiles.push(rel);
      if (kind === 'build-config' || kind === 'config') {
        const text = readFileSync(abs, 'utf8');
        texts.set(rel, text);
        results.push(readBuildConfig(rel, text));
      }
    }
  })(root);
  return { results, dockerfiles, texts };
}

function rangeOf(text: string, needle: string): Range {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  return new LineIndex(text).range(at, at + needle.length);
}

const ws = loadWorkspace(ROOT);
const settings = {
  'registry.example.com/shop/api': 'services/api/Dockerfile.setting',
  'registry.example.com/shop/worker': 'worker/Dockerfile.setting',
};
const linker = new ImageLinker({ results: ws.results, settings, dockerfiles: ws.dockerfiles });

test('the workspace has every kind of source', () => {
  assert.deepEqual(
    ws.results.map((r) => r.kind).sort(),
    ['compose', 'config', 'kustomize', 'skaffold', 'tilt'],
  );
});

test('precedence: config beats setting, skaffold, compose and convention', () => {
  const api = linker.resolve('registry.example.com/shop/api:1.4');
  assert.equal(api?.source, 'config');
  assert.equal(api?.dockerfile, 'services/api/Dockerfile.config');
  assert.equal(api?.target, 'runtime');
  assert.equal(api?.missing, undefined);
  const text = ws.texts.get('.secret-surface.yaml')!;
  assert.deepEqual(api?.location, { file: '.secret-surface.yaml', range: rangeOf(text, 'registry.example.com/shop/api') });
  // All the others are still there, in precedence order; `api` is too generic a name for the convention.
  assert.deepEqual(
    linker.candidates('registry.example.com/shop/api').map((l) => [l.source, l.dockerfile]),
    [
      ['config', 'services/api/Dockerfile.config'],
      ['setting', 'services/api/Dockerfile.setting'],
      ['skaffold', 'services/api/Dockerfile.skaffold'],
      ['compose', 'services/api/Dockerfile.compose'],
    ],
  );
});

test('precedence: setting beats skaffold and compose', () => {
  const worker = linker.resolve('registry.example.com/shop/worker');
  assert.equal(worker?.source, 'setting');
  assert.equal(worker?.dockerfile, 'worker/Dockerfile.setting');
  assert.equal(worker?.reason, 'editor setting: registry.example.com/shop/worker → worker/Dockerfile.setting');
  // Without the setting, skaffold wins over compose.
  const noSettings = new ImageLinker({ results: ws.results, dockerfiles: ws.dockerfiles });
  const w = noSettings.resolve('registry.example.com/shop/worker');
  assert.equal(w?.source, 'skaffold');
  assert.equal(w?.reason, 'skaffold.yaml build.artifacts[1]: context worker/, dockerfile Dockerfile.skaffold');
  // A setting for a Dockerfile that is not there is still the link, flagged.
  assert.equal(linker.candidates('registry.example.com/shop/api')[1]?.missing, true);
});

test('precedence: compose beats Tiltfile; a dev-loop Tiltfile build loses to the release Dockerfile beside it', () => {
  const web = linker.resolve('registry.example.com/shop/web');
  assert.equal(web?.source, 'compose');
  assert.equal(web?.dockerfile, 'web/Dockerfile.compose');
  assert.equal(web?.reason, 'compose.yaml services.web.build: context web/, dockerfile Dockerfile.compose');
  assert.deepEqual(linker.candidates('registry.example.com/shop/web').map((l) => l.source), ['compose', 'tilt']);
  // The Tiltfile deploys no manifest here, so outside its dev loop web/Dockerfile.tilt gives way to web/Dockerfile.
  const withoutCompose = new ImageLinker({ results: ws.results.filter((r) => r.kind !== 'compose'), dockerfiles: ws.dockerfiles });
  const released = withoutCompose.resolve('registry.example.com/shop/web');
  assert.equal(released?.dockerfile, 'web/Dockerfile');
  assert.match(released!.reason, /^release Dockerfile beside the dev-loop build: Tiltfile:1 docker_build\(…\).* builds web\/Dockerfile\.tilt/);
  // `web` alone is too generic for the directory-name convention.
  const onlyConvention = new ImageLinker({ results: [], dockerfiles: ws.dockerfiles });
  assert.equal(onlyConvention.resolve('registry.example.com/shop/web'), undefined);
  assert.match(onlyConvention.decide('registry.example.com/shop/web', 'k8s/web.yaml').notice!, /the image name "web" is too generic to link by the directory-name convention alone \(a Dockerfile in web\/\)/);
});

test('kustomize renames are applied before lookup, and the reason says so', () => {
  // Manifests under k8s/ say `billing`; kustomize deploys registry.example.com/shop/billing-svc, which the Tiltfile builds.
  // The Tiltfile's build is a dev loop (Dockerfile.tilt), so the release Dockerfile beside it is the link.
  const billing = linker.resolve('billing:latest');
  assert.equal(billing?.dockerfile, 'billing/Dockerfile');
  assert.match(billing!.reason, /^release Dockerfile beside the dev-loop build: Tiltfile:2 docker_build/);
  assert.match(billing!.reason, /through the kustomize image rename billing → registry\.example\.com\/shop\/billing-svc in k8s\/kustomization\.yaml/);
  // Only the Tiltfile's build left, and no release Dockerfile beside it: the rename still leads to the Tiltfile.
  const devOnly = new ImageLinker({ results: ws.results, dockerfiles: ws.dockerfiles.filter((d) => d !== 'billing/Dockerfile') });
  assert.equal(devOnly.resolve('billing')?.source, 'tilt');
  assert.equal(devOnly.resolve('billing')?.dockerfile, 'billing/Dockerfile.tilt');
  // Without the rename, `billing` falls to the convention (billing/Dockerfile).
  const noRename = new ImageLinker({ results: ws.results.filter((r) => r.kind !== 'kustomize'), dockerfiles: ws.dockerfiles });
  assert.equal(noRename.resolve('billing')?.source, 'convention');
  assert.equal(noRename.resolve('billing')?.dockerfile, 'billing/Dockerfile');
  // The renamed-to name itself needs no note.
  assert.doesNotMatch(linker.resolve('registry.example.com/shop/billing-svc')!.reason, /rename/);
});

test('naming convention: single and several matching directories', () => {
  // Two directories match: the one nearer the manifest wins; with neither nearer, nothing links and the notice names both.
  const cart = linker.decide('registry.example.com/shop/cart:2.0', 'cart/k8s/deploy.yaml').link;
  assert.equal(cart?.source, 'convention');
  assert.equal(cart?.dockerfile, 'cart/Dockerfile');
  assert.equal(
    cart?.reason,
    'naming convention: the image name "cart" matches the directory cart/ holding a Dockerfile; nearest to cart/k8s/deploy.yaml of 2 (cart/, legacy/cart/)',
  );
  assert.equal(linker.decide('registry.example.com/shop/cart', 'legacy/cart/deploy.yaml').link?.dockerfile, 'legacy/cart/Dockerfile');
  const tie = linker.decide('registry.example.com/shop/cart:2.0', 'k8s/cart.yaml');
  assert.equal(tie.link, undefined);
  assert.equal(
    tie.notice,
    'registry.example.com/shop/cart:2.0 matches 2 directories by the naming convention (cart/, legacy/cart/), none nearer to this manifest; not linked — name its Dockerfile in .secret-surface.yaml `images:`',
  );
  const one = new ImageLinker({ results: [], dockerfiles: ['services/orders/Dockerfile', 'services/orders/Dockerfile.dev', 'orders-gateway/Dockerfile'] });
  assert.equal(one.resolve('registry.example.com/shop/orders')?.reason, 'naming convention: the image name "orders" matches the directory services/orders/ holding a Dockerfile');
  // Exact directory names only, and only a file named Dockerfile/Containerfile counts.
  assert.equal(one.resolve('registry.example.com/shop/gateway'), undefined);
  assert.equal(new ImageLinker({ results: [], dockerfiles: ['orders/Dockerfile.dev'] }).resolve('orders'), undefined);
  assert.equal(new ImageLinker({ results: [], dockerfiles: ['orders/Containerfile'] }).resolve('orders')?.dockerfile, 'orders/Containerfile');
  // A Dockerfile at the workspace root has no directory name to match.
  assert.equal(new ImageLinker({ results: [], dockerfiles: ['Dockerfile'] }).resolve('anything'), undefined);
  assert.equal(linker.resolve('registry.example.com/shop/nothing'), undefined);
});

test('normalisation: docker.io/library, registries with ports, tags and digests', () => {
  const l = new ImageLinker({
    results: [
      readBuildConfig('skaffold.yaml', [
        'apiVersion: skaffold/v4beta11',
        'kind: Config',
        'build:',
        '  artifacts:',
        '    - image: worker',
        '      context: worker',
        '    - image: localhost:5000/team/app',
        '      context: app',
        '    - image: index.docker.io/acme/tool',
        '      context: tool',
      ].join('\n')),
    ],
    dockerfiles: ['worker/Dockerfile', 'app/Dockerfile', 'tool/Dockerfile'],
  });
  assert.equal(l.resolve('docker.io/library/worker:1.0')?.dockerfile, 'worker/Dockerfile');
  assert.equal(l.resolve('worker@sha256:abc')?.source, 'skaffold');
  assert.equal(l.resolve('localhost:5000/team/app:dev')?.dockerfile, 'app/Dockerfile');
  assert.equal(l.resolve('acme/tool')?.dockerfile, 'tool/Dockerfile');
  // A different registry is a different image (the convention may still find it, but skaffold does not link it).
  assert.equal(l.resolve('localhost:5001/team/tool')?.source, 'convention');
  assert.equal(l.resolve('other.example.com/team/tool:dev')?.source, 'convention');
});

test('a link to a Dockerfile that is not in the workspace is flagged and noticed', () => {
  const ghost = linker.resolve('registry.example.com/shop/ghost');
  assert.equal(ghost?.source, 'config');
  assert.equal(ghost?.missing, true);
  const n = linker.notices.find((x) => x.message.includes('ghost/Dockerfile'));
  assert.ok(n, 'the missing Dockerfile is noticed');
  assert.equal(n.file, '.secret-surface.yaml');
  assert.deepEqual(n.range, rangeOf(ws.texts.get('.secret-surface.yaml')!, 'registry.example.com/shop/ghost'));
  assert.ok(linker.linkedDockerfiles().has('ghost/Dockerfile'));
});

test('two links of one source that disagree: the nearer one wins; with neither nearer, the tie is a notice', () => {
  const a = readBuildConfig('a/compose.yaml', 'services:\n  api:\n    image: shop/api\n    build: .\n');
  const b = readBuildConfig('b/compose.yaml', 'services:\n  api:\n    image: shop/api\n    build: .\n');
  const l = new ImageLinker({ results: [b, a], dockerfiles: ['a/Dockerfile', 'b/Dockerfile'] });
  assert.equal(l.notices.length, 0);
  const near = l.decide('shop/api', 'a/k8s/api.yaml').link;
  assert.equal(near?.dockerfile, 'a/Dockerfile');
  assert.equal(near?.reason, 'a/compose.yaml services.api.build: context ./, dockerfile Dockerfile; nearest to a/k8s/api.yaml (both under a/)');
  assert.equal(l.decide('shop/api', 'b/api.yaml').link?.dockerfile, 'b/Dockerfile');
  const tie = l.decide('shop/api', 'deploy/api.yaml');
  assert.equal(tie.link, undefined);
  assert.equal(
    tie.notice,
    'shop/api is built by 2 build configs equally near this manifest (a/Dockerfile from a/compose.yaml, b/Dockerfile from b/compose.yaml); not linked — name its Dockerfile in .secret-surface.yaml `images:`',
  );
  assert.equal(l.resolve('shop/api'), undefined);
});

test('resolve is cheap: 10,000 look-ups over 2,000 links', () => {
  const artifacts = Array.from({ length: 2000 }, (_, i) => `    - image: registry.example.com/team/svc-${i}\n      context: svc-${i}`).join('\n');
  const r = readBuildConfig('skaffold.yaml', `apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n${artifacts}\n`);
  const dockerfiles = Array.from({ length: 2000 }, (_, i) => `svc-${i}/Dockerfile`);
  const l = new ImageLinker({ results: [r], dockerfiles });
  let found = 0;
  for (let i = 0; i < 10000; i++) if (l.resolve(`registry.example.com/team/svc-${i % 2500}:v${i}`)) found++;
  // 2,000 of every 2,500 names are built by skaffold; the convention finds no `svc-2000…` directories.
  assert.equal(found, 8000);
});
