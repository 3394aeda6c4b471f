// Every link source end to end: the bundled CLI scans one small fixture workspace per source
// (test/fixtures/link-sources/<source>/) and the report must hold exactly these findings, each
// manifest's "image linked here" reason (file, line, what said it) and the notices — among them the
// one naming each variable the build config leaves unresolved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

interface Expected {
  findings: string[];
  links: Record<string, string>;
  notices: string[];
  /** What decided the image, per finding location, where the link has no build-config line to show. */
  decidedBy?: Record<string, string>;
}

interface Report {
  findings: { rule: string; file: string; range: { start: { line: number } }; related?: { message: string }[]; decidedBy?: string }[];
  notices: { message: string }[];
}

function scan(dir: string): Report {
  const r = spawnSync(process.execPath, ['server/out/cli.js', 'scan', `test/fixtures/link-sources/${dir}`, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Report;
}

const PREFIX = 'image linked here: ';

const CASES: Record<string, Expected> = {
  'makefile': {
    findings: [
      'secret-as-env-var k8s/deploy.yaml:18',
      'secret-as-env-var k8s/deploy.yaml:37',
      'secret-in-interpreter-image build/controller.Dockerfile:6',
      'secret-in-interpreter-image k8s/deploy.yaml:14',
      'secret-in-network-client-image agent/Dockerfile:1',
      'secret-in-network-client-image k8s/deploy.yaml:33',
      'secret-in-shell-image agent/Dockerfile:1',
      'secret-in-shell-image build/controller.Dockerfile:6',
      'secret-in-shell-image k8s/deploy.yaml:14',
      'secret-in-shell-image k8s/deploy.yaml:33',
      'token-automount-in-unhardened-image k8s/deploy.yaml:14',
      'token-automount-in-unhardened-image k8s/deploy.yaml:33',
    ],
    links: {
      'k8s/deploy.yaml:14': 'Makefile:8 docker build ghcr.io/acme/controller:dev: context ./, dockerfile build/controller.Dockerfile, target release',
      'k8s/deploy.yaml:33': 'Makefile:10 docker buildx build $(AGENT_REGISTRY)/agent:dev: context agent/, dockerfile Dockerfile ($(AGENT_REGISTRY) not resolved: matched by the repository path …/agent)',
    },
    notices: [
      'Makefile:10 docker buildx build: $(AGENT_REGISTRY) in $(AGENT_REGISTRY)/agent:dev has no value here; the image is matched by its repository path …/agent',
    ],
  },
  'shell': {
    findings: [
      'secret-in-network-client-image api/Dockerfile:1',
      'secret-in-network-client-image k8s/api.yaml:15',
      'secret-in-shell-image api/Dockerfile:1',
      'secret-in-shell-image k8s/api.yaml:15',
      'secret-volume-not-csi k8s/api.yaml:20',
    ],
    links: {
      'k8s/api.yaml:15': 'hack/build.sh:6 docker build quay.io/acme/api:${VERSION}: context api/, dockerfile api/Dockerfile',
    },
    notices: [
      'hack/build.sh:6 docker build: ${VERSION} in the tag of quay.io/acme/api:${VERSION} has no value here; links ignore tags',
      'hack/build.sh:9 podman build: the image name is $(cat .image-name), which has no value here, so this build is not linked',
    ],
  },
  'github-actions': {
    findings: [
      'secret-in-network-client-image k8s/api.yaml:15',
      'secret-in-network-client-image k8s/jobs.yaml:15',
      'secret-in-network-client-image k8s/web.yaml:15',
      'secret-in-network-client-image services/api/Dockerfile:1',
      'secret-in-network-client-image services/jobs/Dockerfile:1',
      'secret-in-network-client-image services/web/Dockerfile:1',
      'secret-in-shell-image k8s/api.yaml:15',
      'secret-in-shell-image k8s/jobs.yaml:15',
      'secret-in-shell-image k8s/web.yaml:15',
      'secret-in-shell-image services/api/Dockerfile:1',
      'secret-in-shell-image services/jobs/Dockerfile:1',
      'secret-in-shell-image services/web/Dockerfile:1',
      'secret-volume-not-csi k8s/api.yaml:20',
      'secret-volume-not-csi k8s/jobs.yaml:20',
      'secret-volume-not-csi k8s/web.yaml:20',
    ],
    links: {
      'k8s/api.yaml:15': '.github/workflows/release.yml:25 jobs.images.steps[3] docker/build-push-action ${{ secrets.MIRROR }}/api:${{ github.sha }}: context services/api/, dockerfile Dockerfile (${{ secrets.MIRROR }}, ${{ github.sha }} not resolved: matched by the repository path …/api)',
      'k8s/jobs.yaml:15': '.github/workflows/release.yml:29 jobs.images.steps[4] docker build ghcr.io/acme/jobs:${GITHUB_SHA}: context services/jobs/, dockerfile Dockerfile',
      'k8s/web.yaml:15': '.github/workflows/release.yml:20 jobs.images.steps[2] docker/build-push-action ghcr.io/acme/web: context services/web/, dockerfile services/web/Dockerfile',
    },
    notices: [
      '.github/workflows/release.yml:25 jobs.images.steps[3] docker/build-push-action: ${{ secrets.MIRROR }}, ${{ github.sha }} in ${{ secrets.MIRROR }}/api:${{ github.sha }} has no value here; the image is matched by its repository path …/api',
      '.github/workflows/release.yml:29 jobs.images.steps[4] docker build: ${GITHUB_SHA} in the tag of ghcr.io/acme/jobs:${GITHUB_SHA} has no value here; links ignore tags',
    ],
  },
  'gitlab-ci': {
    findings: [
      'secret-in-network-client-image Dockerfile:1',
      'secret-in-network-client-image k8s/shop.yaml:15',
      'secret-in-network-client-image k8s/worker.yaml:15',
      'secret-in-network-client-image worker/Dockerfile:1',
      'secret-in-shell-image Dockerfile:1',
      'secret-in-shell-image k8s/shop.yaml:15',
      'secret-in-shell-image k8s/worker.yaml:15',
      'secret-in-shell-image worker/Dockerfile:1',
      'secret-volume-not-csi k8s/shop.yaml:20',
      'secret-volume-not-csi k8s/worker.yaml:20',
    ],
    links: {
      'k8s/shop.yaml:15': '.gitlab-ci.yml:14 build-main.script kaniko executor ${CI_REGISTRY_IMAGE}/shop:${CI_COMMIT_TAG}: context ./, dockerfile Dockerfile (${CI_REGISTRY_IMAGE}, ${CI_COMMIT_TAG} not resolved: matched by the repository path …/shop)',
      'k8s/worker.yaml:15': '.gitlab-ci.yml:7 build-worker.script docker build registry.gitlab.com/acme/shop/worker:$CI_COMMIT_SHORT_SHA: context worker/, dockerfile worker/Dockerfile',
    },
    notices: [
      '.gitlab-ci.yml:7 build-worker.script docker build: $CI_COMMIT_SHORT_SHA in the tag of registry.gitlab.com/acme/shop/worker:$CI_COMMIT_SHORT_SHA has no value here; links ignore tags',
      '.gitlab-ci.yml:14 build-main.script kaniko executor: ${CI_REGISTRY_IMAGE}, ${CI_COMMIT_TAG} in ${CI_REGISTRY_IMAGE}/shop:${CI_COMMIT_TAG} has no value here; the image is matched by its repository path …/shop',
    ],
  },
  'cloudbuild': {
    findings: [
      'secret-in-network-client-image backend/Dockerfile:1',
      'secret-in-network-client-image frontend/Dockerfile.prod:1',
      'secret-in-network-client-image k8s/backend.yaml:15',
      'secret-in-network-client-image k8s/frontend.yaml:15',
      'secret-in-shell-image backend/Dockerfile:1',
      'secret-in-shell-image frontend/Dockerfile.prod:1',
      'secret-in-shell-image k8s/backend.yaml:15',
      'secret-in-shell-image k8s/frontend.yaml:15',
      'secret-volume-not-csi k8s/backend.yaml:20',
      'secret-volume-not-csi k8s/frontend.yaml:20',
    ],
    links: {
      'k8s/backend.yaml:15': 'cloudbuild.yaml:10 steps[1] docker build gcr.io/acme-prod/backend:latest: context backend/, dockerfile Dockerfile',
      'k8s/frontend.yaml:15': 'cloudbuild.yaml:6 steps[0] docker build europe-west1-docker.pkg.dev/$PROJECT_ID/shop/frontend:$SHORT_SHA: context frontend/, dockerfile Dockerfile.prod ($PROJECT_ID, $SHORT_SHA not resolved: matched by the repository path …/shop/frontend)',
    },
    notices: [
      'cloudbuild.yaml:6 steps[0] docker build: $PROJECT_ID, $SHORT_SHA in europe-west1-docker.pkg.dev/$PROJECT_ID/shop/frontend:$SHORT_SHA has no value here; the image is matched by its repository path …/shop/frontend',
    ],
  },
  'bake': {
    findings: [
      'secret-in-network-client-image api/build/Dockerfile:1',
      'secret-in-network-client-image k8s/api.yaml:15',
      'secret-in-network-client-image k8s/web.yaml:15',
      'secret-in-network-client-image web/Dockerfile:1',
      'secret-in-shell-image api/build/Dockerfile:1',
      'secret-in-shell-image k8s/api.yaml:15',
      'secret-in-shell-image k8s/web.yaml:15',
      'secret-in-shell-image web/Dockerfile:1',
      'secret-volume-not-csi k8s/api.yaml:20',
      'secret-volume-not-csi k8s/web.yaml:20',
    ],
    links: {
      'k8s/api.yaml:15': 'docker-bake.hcl:14 target "api" ${REGISTRY}/api:latest: context api/, dockerfile build/Dockerfile (${REGISTRY} not resolved: matched by the repository path …/api)',
      'k8s/web.yaml:15': 'docker-bake.hcl:20 target "web" ghcr.io/acme/web:latest: context web/, dockerfile Dockerfile',
    },
    notices: [
      'docker-bake.hcl:14 target "api": ${REGISTRY} in ${REGISTRY}/api:latest has no value here; the image is matched by its repository path …/api',
    ],
  },
  'jib-maven': {
    findings: [
      'secret-in-interpreter-image k8s/orders.yaml:15',
      'secret-in-network-client-image k8s/orders.yaml:15',
      'secret-in-shell-image k8s/orders.yaml:15',
      'secret-volume-not-csi k8s/orders.yaml:20',
    ],
    links: {
      'k8s/orders.yaml:15': 'orders/pom.xml:15 jib-maven-plugin to.image ghcr.io/acme/orders: built without a Dockerfile on eclipse-temurin:17-jre (Jib\'s default base for Java 17)',
    },
    notices: [
    ],
  },
  'jib-gradle': {
    findings: [
      'secret-in-network-client-image k8s/billing.yaml:15',
      'secret-in-shell-image k8s/billing.yaml:15',
      'secret-volume-not-csi k8s/billing.yaml:20',
    ],
    links: {
      'k8s/billing.yaml:15': 'billing/build.gradle.kts:6 jib to.image ghcr.io/acme/billing: built without a Dockerfile on eclipse-temurin:21-jre-alpine (from.image)',
    },
    notices: [
    ],
  },
  'ko': {
    findings: [
      'secret-in-network-client-image config/debugger.yaml:15',
      'secret-in-shell-image config/debugger.yaml:15',
      'secret-volume-not-csi config/debugger.yaml:20',
      'secret-volume-not-csi config/webhook.yaml:20',
    ],
    links: {
      'config/debugger.yaml:15': '.ko.yaml baseImageOverrides github.com/acme/tools/cmd/debugger: ko builds it on alpine:3.20, without a Dockerfile',
    },
    notices: [
    ],
  },
  'goreleaser': {
    findings: [
      'secret-in-network-client-image build/release.Dockerfile:1',
      'secret-in-network-client-image deploy/relay.yaml:15',
      'secret-in-shell-image build/release.Dockerfile:1',
      'secret-in-shell-image deploy/relay.yaml:15',
      'secret-volume-not-csi deploy/relay.yaml:20',
    ],
    links: {
      'deploy/relay.yaml:15': '.goreleaser.yaml:7 dockers[0] ghcr.io/acme/relay:{{ .Version }}: context ./, dockerfile build/release.Dockerfile',
    },
    notices: [
      '.goreleaser.yaml:7 dockers[0]: {{ .Version }} in the tag of ghcr.io/acme/relay:{{ .Version }} has no value here; links ignore tags',
    ],
  },
  'buildpacks': {
    findings: [
      'secret-image-unverified k8s/catalog.yaml:15',
      'secret-volume-not-csi k8s/catalog.yaml:20',
    ],
    links: {
    },
    notices: [
      'project.toml: images of this project are built by buildpacks (builder paketobuildpacks/builder-jammy-base), without a Dockerfile; their contents are not analysed',
    ],
  },
  'compose-env': {
    // docker-compose.yml interpolates REPO and TAG from the .env beside it; ORDERS_REPO it does not set.
    findings: [
      'secret-in-network-client-image cart/Dockerfile:1',
      'secret-in-network-client-image k8s/deploy.yaml:15',
      'secret-in-network-client-image k8s/deploy.yaml:36',
      'secret-in-network-client-image orders/Dockerfile:1',
      'secret-in-shell-image cart/Dockerfile:1',
      'secret-in-shell-image k8s/deploy.yaml:15',
      'secret-in-shell-image k8s/deploy.yaml:36',
      'secret-in-shell-image orders/Dockerfile:1',
      'secret-volume-not-csi k8s/deploy.yaml:20',
      'secret-volume-not-csi k8s/deploy.yaml:41',
    ],
    links: {
      'k8s/deploy.yaml:15': 'docker-compose.yml services.cart.build: context cart/, dockerfile Dockerfile; image ${REPO}/cart:${TAG} → registry.example.com/shop/cart:1.4 (REPO, TAG from .env)',
      'k8s/deploy.yaml:36': 'docker-compose.yml services.orders.build: context orders/, dockerfile Dockerfile; image ${ORDERS_REPO}/orders:${TAG:-latest} → …/orders (TAG from .env; ORDERS_REPO not set in .env: matched by the repository path …/orders)',
    },
    notices: [
      'docker-compose.yml services.orders.image ${ORDERS_REPO}/orders:${TAG:-latest}: ORDERS_REPO is not set in .env; the image is matched by its repository path …/orders',
      'docker-compose.yml services.search.image ${SEARCH_IMAGE:?set SEARCH_IMAGE in .env}: SEARCH_IMAGE is not set in .env — compose stops on it (SEARCH_IMAGE: "set SEARCH_IMAGE in .env"), so the image name is not known and this build is not linked',
    ],
  },
  'compose-override': {
    // docker-compose.yml builds cart and orders; the override and compose.prod.yaml name their images.
    findings: [
      'secret-in-interpreter-image k8s/deploy.yaml:36',
      'secret-in-interpreter-image orders/Dockerfile:1',
      'secret-in-network-client-image cart/Dockerfile:1',
      'secret-in-network-client-image k8s/deploy.yaml:15',
      'secret-in-network-client-image k8s/deploy.yaml:36',
      'secret-in-network-client-image orders/Dockerfile:1',
      'secret-in-shell-image cart/Dockerfile:1',
      'secret-in-shell-image k8s/deploy.yaml:15',
      'secret-in-shell-image k8s/deploy.yaml:36',
      'secret-in-shell-image orders/Dockerfile:1',
      'secret-volume-not-csi k8s/deploy.yaml:20',
      'secret-volume-not-csi k8s/deploy.yaml:41',
    ],
    links: {
      'k8s/deploy.yaml:15': 'docker-compose.yml services.cart.build: context cart/, dockerfile Dockerfile; image from docker-compose.override.yml services.cart.image (joined by service name); image registry.example.com/shop/cart:${TAG:-dev} → registry.example.com/shop/cart:1.4 (TAG from .env)',
      'k8s/deploy.yaml:36': 'docker-compose.yml services.orders.build: context ./, dockerfile orders/Dockerfile; image from compose.prod.yaml services.orders.image (joined by service name)',
    },
    notices: [],
  },
  'root-dockerfile/checkout': {
    // The folder is named checkout: its root Dockerfile builds …/checkout; a placeholder image is not guessed.
    findings: [
      'secret-image-unverified k8s/deploy.yaml:36',
      'secret-in-network-client-image Dockerfile:1',
      'secret-in-network-client-image k8s/deploy.yaml:15',
      'secret-in-shell-image Dockerfile:1',
      'secret-in-shell-image k8s/deploy.yaml:15',
      'secret-volume-not-csi k8s/deploy.yaml:20',
      'secret-volume-not-csi k8s/deploy.yaml:41',
    ],
    links: {},
    notices: [
      '<DOCKER_REPO>/checkout:1.0 holds the placeholder <DOCKER_REPO>: it is not linked by the directory-name convention (a Dockerfile in ./); name its Dockerfile in .secret-surface.yaml `images:`',
    ],
    decidedBy: {
      'k8s/deploy.yaml:15': 'the Dockerfile Dockerfile, linked by convention; its base alpine:3.20 by the catalog entry alpine (sources: ALP)',
      'k8s/deploy.yaml:36': 'nothing: the catalog does not know image <DOCKER_REPO>/checkout:1.0',
    },
  },
  'root-dockerfile/app': {
    // A folder named app is too generic: its root Dockerfile is not taken for …/app.
    findings: ['secret-image-unverified k8s/deploy.yaml:15', 'secret-volume-not-csi k8s/deploy.yaml:20'],
    links: {},
    notices: [],
    decidedBy: { 'k8s/deploy.yaml:15': 'nothing: the catalog does not know image ghcr.io/acme/app:1.0' },
  },
};

for (const [dir, want] of Object.entries(CASES)) {
  test(`link source ${dir}: exact findings, link reasons and notices`, () => {
    const report = scan(dir);
    const findings = [...new Set(report.findings.map((f) => `${f.rule} ${f.file}:${f.range.start.line + 1}`))].sort();
    assert.deepEqual(findings, want.findings);
    const links: Record<string, string> = {};
    for (const f of report.findings) {
      const linked = f.related?.find((r) => r.message.startsWith(PREFIX));
      if (linked) links[`${f.file}:${f.range.start.line + 1}`] = linked.message.slice(PREFIX.length);
    }
    assert.deepEqual(links, want.links);
    assert.deepEqual(report.notices.map((n) => n.message), want.notices);
    if (want.decidedBy) {
      const decided: Record<string, string> = {};
      for (const f of report.findings) if (f.decidedBy && f.file.startsWith('k8s/')) decided[`${f.file}:${f.range.start.line + 1}`] = f.decidedBy;
      assert.deepEqual(decided, want.decidedBy);
    }
  });
}
