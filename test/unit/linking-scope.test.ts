// Links resolved from the manifest's side, end to end over small fixture workspaces: each wrong-link
// pattern (sibling samples sharing an image name, a placeholder image, a generic last segment, a
// release manifest next to a dev loop) with the exact link, its reason, the notices and the findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadWorkspaceDir } from '../support/workspace.js';
import type { AnalysisResult } from '../../server/src/core/workspace.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/linking-scope/', import.meta.url));

function scan(name: string): { result: AnalysisResult; files: Map<string, string> } {
  const { ws, files } = loadWorkspaceDir(FIXTURES + name);
  return { result: ws.analyze(), files };
}

/** One line per container: where its image is written, what it links to and why. */
function links(result: AnalysisResult): string[] {
  return result.exposures.map((e) => `${e.file} ${e.container.name} → ${e.link ? `${e.link.dockerfile} [${e.link.source}] ${e.link.reason}` : 'not linked'}`);
}

/** The notices about links (ties, placeholders, generic names), one line each with its line number. */
function linkNotices(result: AnalysisResult): string[] {
  return result.notices
    .filter((n) => / linked|not linked|convention/.test(n.message))
    .map((n) => `${n.file}:${(n.range?.start.line ?? -1) + 1} ${n.severity} ${n.message}`);
}

/** Findings as `file:line rule`, Dockerfile-side ones with the workloads they name. */
function findingLines(result: AnalysisResult): string[] {
  return result.findings.map((f) => `${f.location.file}:${f.location.range.start.line + 1} ${f.rule}${f.related.length > 0 ? ` (${f.related.map((r) => r.location.file).join(', ')})` : ''}`);
}

test('sibling samples with one image name: each manifest links the build that deploys it', () => {
  const { result } = scan('sibling-samples');
  assert.deepEqual(links(result), [
    'samples/alpha/k8s/deploy.yaml chatbot-alpha → samples/alpha/Dockerfile [tilt] samples/alpha/Tiltfile:1 docker_build(…): context ./, dockerfile Dockerfile; samples/alpha/Tiltfile deploys samples/alpha/k8s/deploy.yaml',
    'samples/beta/k8s/deploy.yaml chatbot-beta → samples/beta/Dockerfile [skaffold] samples/beta/skaffold.yaml build.artifacts[0]: context ./, dockerfile Dockerfile; samples/beta/skaffold.yaml deploys samples/beta/k8s/deploy.yaml (through samples/beta/k8s/kustomization.yaml)',
  ]);
  assert.deepEqual(linkNotices(result), []);
  // python:3.12-slim ships a shell, an interpreter and openssl; the distroless image in beta none of them.
  assert.deepEqual(findingLines(result), [
    'samples/alpha/Dockerfile:1 secret-in-shell-image (samples/alpha/k8s/deploy.yaml)',
    'samples/alpha/Dockerfile:1 secret-in-interpreter-image (samples/alpha/k8s/deploy.yaml)',
    'samples/alpha/Dockerfile:1 secret-in-network-client-image (samples/alpha/k8s/deploy.yaml)',
    'samples/alpha/k8s/deploy.yaml:15 secret-in-shell-image (samples/alpha/k8s/deploy.yaml, samples/alpha/Dockerfile, samples/alpha/Tiltfile)',
    'samples/alpha/k8s/deploy.yaml:15 secret-in-interpreter-image (samples/alpha/k8s/deploy.yaml, samples/alpha/Dockerfile, samples/alpha/Tiltfile)',
    'samples/alpha/k8s/deploy.yaml:15 secret-in-network-client-image (samples/alpha/k8s/deploy.yaml, samples/alpha/Dockerfile, samples/alpha/Tiltfile)',
    'samples/alpha/k8s/deploy.yaml:19 secret-as-env-var (samples/alpha/k8s/deploy.yaml)',
    'samples/beta/k8s/deploy.yaml:19 secret-as-env-var (samples/beta/k8s/deploy.yaml)',
  ]);
});

test('a placeholder image never links by the directory-name convention, and says so on each manifest', () => {
  const { result } = scan('placeholder');
  for (const line of links(result)) assert.match(line, / → not linked$/);
  assert.equal(result.exposures.length, 4);
  const message =
    '<DOCKER_REPO>/chatbot:latest holds the placeholder <DOCKER_REPO>: it is not linked by the directory-name convention (a Dockerfile in tools/chatbot/); name its Dockerfile in .secret-surface.yaml `images:`';
  assert.deepEqual(linkNotices(result), ['four', 'one', 'three', 'two'].map((n) => `examples/${n}/k8s/deploy.yaml:15 warning ${message}`));
  // Each image is unverified on its own manifest; nothing aggregates the four workloads on the unrelated Dockerfile.
  assert.deepEqual(
    findingLines(result),
    ['four', 'one', 'three', 'two'].flatMap((n) => [
      `examples/${n}/k8s/deploy.yaml:15 secret-image-unverified (examples/${n}/k8s/deploy.yaml)`,
      `examples/${n}/k8s/deploy.yaml:19 secret-as-env-var (examples/${n}/k8s/deploy.yaml)`,
    ]),
  );
});

test('a generic last segment (…/image:v1) does not match test/image/Dockerfile', () => {
  const { result } = scan('generic-segment');
  assert.deepEqual(links(result), ['deploy/widgets.yaml widgets → not linked']);
  assert.deepEqual(linkNotices(result), [
    'deploy/widgets.yaml:15 warning the image name "image" is too generic to link by the directory-name convention alone (a Dockerfile in test/image/); name its Dockerfile in .secret-surface.yaml `images:`',
  ]);
  assert.deepEqual(findingLines(result), ['deploy/widgets.yaml:15 secret-image-unverified (deploy/widgets.yaml)', 'deploy/widgets.yaml:19 secret-as-env-var (deploy/widgets.yaml)']);
});

test('a release manifest links the release Dockerfile; the manifests the Tiltfile deploys keep the dev-loop build', () => {
  const { result } = scan('dev-loop');
  assert.deepEqual(links(result), [
    'dev/storefront.yaml storefront-dev → web/Dockerfile.tilt [tilt] Tiltfile:1 docker_build(…): context web/, dockerfile web/Dockerfile.tilt; Tiltfile deploys dev/storefront.yaml',
    'release/storefront.yaml storefront → web/Dockerfile [convention] release Dockerfile beside the dev-loop build: Tiltfile:1 docker_build(…): context web/, dockerfile web/Dockerfile.tilt builds web/Dockerfile.tilt for the manifests its build config deploys; web/Dockerfile is the release build',
  ]);
  assert.deepEqual(linkNotices(result), []);
  // The release image is distroless: the tools node:20 ships in the dev image are not held against it.
  assert.deepEqual(findingLines(result), [
    'dev/storefront.yaml:15 secret-in-network-client-image (dev/storefront.yaml, web/Dockerfile.tilt, Tiltfile)',
    'dev/storefront.yaml:15 secret-in-shell-image (dev/storefront.yaml, web/Dockerfile.tilt, Tiltfile)',
    'dev/storefront.yaml:15 secret-in-interpreter-image (dev/storefront.yaml, web/Dockerfile.tilt, Tiltfile)',
    'dev/storefront.yaml:19 secret-as-env-var (dev/storefront.yaml)',
    'release/storefront.yaml:19 secret-as-env-var (release/storefront.yaml)',
    'web/Dockerfile.tilt:1 secret-in-network-client-image (dev/storefront.yaml)',
    'web/Dockerfile.tilt:1 secret-in-shell-image (dev/storefront.yaml)',
    'web/Dockerfile.tilt:1 secret-in-interpreter-image (dev/storefront.yaml)',
  ]);
});
