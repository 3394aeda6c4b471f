// Cluster add-ons, operators and exporters read from their own Dockerfiles: the releases read resolve to the
// base their Dockerfile names, each registry the image is published under resolves alike, and releases
// built on another base stay unknown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../server/src/core/catalog/index.js';

const catalog = loadCatalog();
const id = (ref: string) => catalog.lookupImage(ref)?.id;
const yes = (ref: string) => catalog.lookupImage(ref)?.tools.filter((t) => t.state === 'yes').map((t) => t.tool).sort();

test('static Go binaries on distroless: no shell, hardened, the Dockerfile\'s user', () => {
  const cases: [string, string, string][] = [
    ['registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.13.0', 'kube-state-metrics', 'nobody'],
    ['registry.k8s.io/metrics-server/metrics-server:v0.7.2', 'metrics-server', '65534'],
    ['ghcr.io/external-secrets/external-secrets:v0.10.4', 'external-secrets', '65534'],
    ['ghcr.io/kedacore/keda:2.16.1', 'keda', '65532'],
    ['ghcr.io/kedacore/keda-metrics-apiserver:2.16.1', 'keda', '65532'],
    ['openpolicyagent/gatekeeper:v3.18.2', 'gatekeeper', '65532'],
    ['ghcr.io/cloudnative-pg/cloudnative-pg:1.25.1', 'cloudnative-pg', '65532'],
    ['quay.io/argoproj/workflow-controller:v3.6.2', 'argo-workflow-controller', '8737'],
    ['quay.io/argoproj/argoexec:v3.6.2', 'argoexec', 'root'],
    ['quay.io/argoproj/argoexec:v3.6.2-nonroot', 'argoexec-nonroot', '8737'],
    ['registry.k8s.io/sig-storage/csi-provisioner:v5.2.0', 'csi-provisioner', 'root'],
    ['registry.k8s.io/sig-storage/livenessprobe:v2.15.0', 'livenessprobe', 'root'],
    ['quay.io/brancz/kube-rbac-proxy:v0.18.1', 'kube-rbac-proxy', '65532'],
    ['docker.io/bitnami/sealed-secrets-controller:0.27.1', 'sealed-secrets-controller', '1001'],
    ['gcr.io/etcd-development/etcd:v3.6.4', 'etcd', 'root'],
    ['gcr.io/etcd-development/etcd:v3.5.17', 'etcd-3.5', 'root'],
    ['quay.io/coreos/etcd:v3.5.17', 'etcd-3.5-quay', 'root'],
  ];
  for (const [ref, want, user] of cases) {
    const e = catalog.lookupImage(ref);
    assert.equal(e?.id, want, ref);
    assert.equal(e?.shell, 'no', ref);
    assert.equal(e?.hardened, true, ref);
    assert.equal(e?.defaultUser, user, ref);
    for (const key of e!.sources ?? []) assert.ok(catalog.data.sources?.[key], `${ref}: source ${key} is described`);
  }
});

test('Prometheus-project images: the busybox base under prom/ and quay.io/prometheus, -distroless on distroless', () => {
  for (const ref of ['prom/alertmanager:v0.27.0', 'quay.io/prometheus/alertmanager:v0.27.0', 'prom/pushgateway:v1.9.0', 'prom/blackbox-exporter:v0.25.0', 'quay.io/prometheus/mysqld-exporter:v0.16.0']) {
    const e = catalog.lookupImage(ref);
    assert.ok(e, ref);
    assert.equal(e.shell, 'yes', ref);
    assert.equal(e.busybox, true, ref);
    assert.deepEqual(yes(ref), ['ash', 'busybox', 'nc', 'sh', 'wget'], ref);
  }
  assert.equal(catalog.lookupImage('prom/alertmanager:v0.27.0')?.defaultUser, 'nobody');
  assert.equal(catalog.lookupImage('prom/blackbox-exporter:v0.25.0')?.defaultUser, 'root', 'the Dockerfile sets no USER');
  assert.equal(id('quay.io/prometheus/alertmanager:v0.27.0'), 'alertmanager-quay');
  assert.equal(catalog.lookupImage('prom/alertmanager:main-distroless')?.shell, 'no');
  assert.equal(id('prom/alertmanager:v0.16.0'), undefined, 'before v0.17 the Dockerfile named another base');
  assert.equal(id('quay.io/prometheuscommunity/postgres-exporter:v0.15.0'), 'postgres-exporter');
  assert.equal(id('quay.io/prometheuscommunity/postgres-exporter:v0.8.0'), undefined, 'v0.8 was built FROM scratch and not read further');
  for (const ref of ['quay.io/prometheus-operator/prometheus-operator:v0.75.1', 'quay.io/prometheus-operator/prometheus-config-reloader:v0.75.1', 'quay.io/thanos/thanos:v0.36.1']) {
    assert.equal(catalog.lookupImage(ref)?.shell, 'yes', ref);
  }
  assert.equal(catalog.lookupImage('quay.io/thanos/thanos:v0.36.1')?.defaultUser, '1001');
  assert.equal(catalog.lookupImage('quay.io/thanos/thanos:v0.30.0')?.defaultUser, 'root', 'USER 1001 came with v0.32');
});

test('redis_exporter: scratch under every registry it is pushed to, the -alpine tags on Alpine', () => {
  for (const ref of ['oliver006/redis_exporter:v1.62.0', 'ghcr.io/oliver006/redis_exporter:v1.70.0', 'quay.io/oliver006/redis_exporter:v1.70.0']) {
    assert.equal(catalog.lookupImage(ref)?.hardened, true, ref);
  }
  assert.equal(id('oliver006/redis_exporter:v1.62.0-alpine'), 'redis-exporter-alpine');
  assert.ok(yes('oliver006/redis_exporter:alpine')?.includes('busybox'));
  assert.equal(id('oliver006/redis_exporter:v1.20.0'), undefined, 'older releases were not read');
});

test('Alpine-based operators keep busybox and what they add', () => {
  assert.ok(yes('ghcr.io/zalando/postgres-operator:v1.14.0')?.includes('curl'), 'apk add curl');
  assert.equal(catalog.lookupImage('ghcr.io/zalando/postgres-operator:v1.14.0')?.defaultUser, '1000');
  assert.equal(id('ghcr.io/aquasecurity/trivy-operator:0.29.0'), 'trivy-operator');
  assert.equal(id('aquasec/trivy-operator:0.29.0'), 'trivy-operator-hub');
  assert.equal(catalog.lookupImage('aquasec/trivy-operator:0.29.0')?.defaultUser, '10000');
  assert.equal(id('ghcr.io/cloudnative-pg/cloudnative-pg:1.25.1-ubi9'), undefined, 'the UBI variant was not read');
  assert.equal(id('registry.k8s.io/sig-storage/csi-provisioner:v1.0.1'), undefined, 'v1.0 was built FROM alpine');
});

test('where the base changed between releases, each release range resolves to its own base', () => {
  // grafana/loki: alpine until 3.1, distroless static:debug (busybox) 3.2 … 3.5, distroless static:nonroot from 3.6.
  assert.equal(id('grafana/loki:2.9.10'), 'loki-alpine');
  assert.equal(id('grafana/loki:3.1.2'), 'loki-alpine');
  assert.equal(id('grafana/loki:3.4.2'), 'loki-3.2');
  assert.equal(catalog.lookupImage('grafana/loki:3.4.2')?.busybox, true, 'the :debug base is busybox');
  assert.equal(catalog.lookupImage('grafana/loki:3.6.0')?.hardened, true);
  assert.equal(id('grafana/loki:2.8.0'), undefined, 'releases before 2.9 were not read');
  assert.equal(catalog.lookupImage('grafana/tempo:2.8.1')?.shell, 'yes');
  assert.equal(catalog.lookupImage('grafana/tempo:2.9.0')?.shell, 'no');
  // cert-manager: USER 1000 on distroless static until v1.19, the nonroot base (65532) from v1.20.
  assert.equal(catalog.lookupImage('quay.io/jetstack/cert-manager-controller:v1.16.2')?.defaultUser, '1000');
  assert.equal(catalog.lookupImage('quay.io/jetstack/cert-manager-webhook:v1.20.0')?.defaultUser, '65532');
  assert.equal(id('quay.io/jetstack/cert-manager-cainjector:v1.11.0'), undefined);
  // vector: the distroless-libc variant moved from cc-debian11 to cc-debian12 with 0.38.
  assert.equal(id('timberio/vector:0.34.0-distroless-libc'), 'vector-distroless-libc-debian11');
  assert.equal(id('timberio/vector:0.45.X-distroless-libc'), 'vector-distroless-libc');
  assert.equal(id('timberio/vector:latest-alpine'), 'vector-alpine');
  assert.equal(catalog.lookupImage('timberio/vector:0.45.0-debian')?.tools.find((t) => t.tool === 'apt')?.state, 'yes');
  // VictoriaMetrics: Alpine by default, -scratch builds from v1.120.
  assert.equal(catalog.lookupImage('victoriametrics/vmagent:v1.102.0')?.shell, 'yes');
  assert.equal(catalog.lookupImage('victoriametrics/vmagent:v1.125.0-scratch')?.hardened, true);
  assert.equal(id('victoriametrics/vmagent:v1.100.0-scratch'), undefined, 'no -scratch build was read before v1.120');
});

test('ingress-nginx controller: Alpine with bash and openssl from its nginx base, running as www-data', () => {
  const e = catalog.lookupImage('registry.k8s.io/ingress-nginx/controller:v1.12.1');
  assert.equal(e?.id, 'ingress-nginx-controller');
  assert.equal(e?.defaultUser, 'www-data');
  for (const t of ['bash', 'openssl', 'busybox', 'apk']) assert.ok(yes('registry.k8s.io/ingress-nginx/controller:v1.12.1')?.includes(t), t);
  assert.equal(id('registry.k8s.io/ingress-nginx/controller:v1.12.1-chroot'), undefined, 'the chroot variant was not read');
  assert.equal(id('registry.k8s.io/ingress-nginx/controller:v0.49.3'), undefined);
});

test('application images over the official bases: what each Dockerfile keeps, purges and runs as', () => {
  assert.ok(yes('cassandra:5.0')?.includes('python3'), 'python3 is kept for cqlsh');
  assert.equal(catalog.lookupImage('cassandra:5.0')?.tools.find((t) => t.tool === 'wget')?.state, 'no', 'wget is purged');
  assert.equal(catalog.lookupImage('couchdb:3.4.3')?.tools.find((t) => t.tool === 'curl')?.state, 'no', 'curl is purged');
  assert.equal(catalog.lookupImage('solr:9.10')?.defaultUser, '8983');
  assert.ok(yes('solr:9.10-slim')?.includes('nc'));
  assert.equal(id('solr:10.0-slim'), 'solr');
  assert.equal(catalog.lookupImage('kong:3.9')?.tools.find((t) => t.tool === 'curl')?.state, 'no', 'curl is purged after the package download');
  assert.equal(catalog.lookupImage('kong:3.9')?.defaultUser, 'kong');
  for (const t of ['busybox', 'rsync', 'wget', 'nc']) assert.ok(yes('nextcloud:33-apache')?.includes(t), `nextcloud: ${t}`);
  assert.equal(id('nextcloud:33-fpm-alpine'), 'nextcloud-fpm-alpine');
  assert.equal(id('drupal:11.3-php8.4-fpm-alpine3.24'), 'drupal-fpm-alpine');
  assert.equal(id('drupal:11.3-apache-trixie'), 'drupal');
  for (const t of ['git', 'ssh', 'wget', 'python3']) assert.ok(yes('redmine:6.1')?.includes(t), `redmine: ${t}`);
  for (const t of ['curl', 'psql', 'node', 'pip']) assert.ok(yes('odoo:19')?.includes(t), `odoo: ${t}`);
  assert.equal(id('odoo:17'), undefined, 'odoo 17 is built on jammy and was not catalogued');
  assert.equal(catalog.lookupImage('adminer:5')?.defaultUser, 'adminer');
  assert.equal(id('phpmyadmin/phpmyadmin:5.2'), 'phpmyadmin-org');
  assert.equal(catalog.lookupImage('fluent/fluentd:v1.19-debian-2')?.defaultUser, 'fluent');
});

test('flux controllers, contour, the otel operator, argo-rollouts and jaeger v1', () => {
  assert.equal(id('ghcr.io/fluxcd/source-controller:v1.5.0'), 'flux-source-controller');
  assert.equal(id('fluxcd/source-controller:v1.5.0'), 'flux-source-controller-hub');
  for (const t of ['git', 'ssh']) assert.ok(yes('ghcr.io/fluxcd/kustomize-controller:v1.6.1')?.includes(t), t);
  assert.ok(!yes('ghcr.io/fluxcd/helm-controller:v1.3.0')?.includes('git'));
  assert.equal(catalog.lookupImage('ghcr.io/fluxcd/helm-controller:v1.3.0')?.defaultUser, '65534');
  assert.equal(catalog.lookupImage('ghcr.io/projectcontour/contour:v1.30.0')?.hardened, true);
  assert.equal(catalog.lookupImage('ghcr.io/open-telemetry/opentelemetry-operator/opentelemetry-operator:0.120.0')?.hardened, true);
  assert.equal(id('quay.io/argoproj/argo-rollouts:v1.7.2'), 'argo-rollouts-1.5');
  assert.equal(id('quay.io/argoproj/argo-rollouts:v1.9.1'), 'argo-rollouts');
  assert.equal(catalog.lookupImage('jaegertracing/all-in-one:1.60')?.defaultUser, '10001');
  assert.equal(id('jaegertracing/jaeger-agent:1.70.0'), undefined, 'no agent Dockerfile was read after 1.62');
  assert.equal(catalog.lookupImage('registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.5.2')?.hardened, true);
});

test('promtail on the ECR Ubuntu image: every base fact is "may have", never a verified tool', () => {
  const e = catalog.lookupImage('grafana/promtail:3.4.2');
  assert.equal(e?.id, 'promtail');
  assert.equal(e?.shell, 'unverified');
  assert.ok(e?.tools.every((t) => t.state !== 'yes'));
  assert.ok(e?.tools.some((t) => t.tool === 'bash' && t.state === 'unverified'));
});

test('versions once missing: rabbitmq 3.13, mongo 7.0, elasticsearch 7.17 and 9.0 … 9.2, jenkins alpine/slim/rhel, sonarqube now', () => {
  assert.equal(id('mongo:7.0.14'), 'mongo-7');
  for (const t of ['mongosh', 'mongodump']) assert.ok(yes('mongo:7.0')?.includes(t), t);
  assert.equal(catalog.lookupImage('mongo:7.0')?.tools.find((t) => t.tool === 'wget')?.state, 'no');
  assert.equal(id('elasticsearch:7.17.29'), 'elasticsearch-7-hub');
  assert.equal(id('docker.elastic.co/elasticsearch/elasticsearch:7.17.29'), 'elasticsearch-7');
  assert.equal(catalog.lookupImage('elasticsearch:7.17.29')?.defaultUser, 'root', 'the 7.17 Dockerfile sets no USER');
  assert.ok(yes('elasticsearch:7.17.29')?.includes('curl'));
  const es9 = catalog.lookupImage('docker.elastic.co/elasticsearch/elasticsearch:9.1.4');
  assert.equal(es9?.id, 'elasticsearch-9');
  assert.equal(es9?.defaultUser, '1000');
  assert.ok(yes('docker.elastic.co/elasticsearch/elasticsearch:9.1.4')?.includes('microdnf'));
  assert.equal(id('elasticsearch:7.16.3'), undefined);
  assert.equal(id('jenkins/jenkins:lts-alpine'), 'jenkins-alpine');
  assert.equal(id('jenkins/jenkins:2.479.1-lts-alpine-jdk21'), 'jenkins-alpine');
  for (const t of ['bash', 'busybox', 'curl', 'git', 'ssh']) assert.ok(yes('jenkins/jenkins:lts-alpine')?.includes(t), t);
  assert.equal(id('jenkins/jenkins:lts-slim-jdk21'), 'jenkins-slim');
  assert.equal(id('jenkins/jenkins:lts-rhel-ubi9-jdk21'), 'jenkins-rhel');
  assert.equal(id('jenkins/jenkins:lts-jdk21'), 'jenkins', 'the debian default keeps its entry');
  assert.equal(id('sonarqube:community'), 'sonarqube-community');
  assert.equal(id('sonarqube:2026.3.1-developer'), 'sonarqube-commercial');
  assert.equal(catalog.lookupImage('sonarqube:community')?.defaultUser, 'sonarqube');
});

test('cluster-api, kueue, oauth2-proxy and dex: the distroless default and the alpine variants', () => {
  assert.equal(catalog.lookupImage('registry.k8s.io/cluster-api/kubeadm-control-plane-controller:v1.9.4')?.hardened, true);
  assert.equal(catalog.lookupImage('registry.k8s.io/kueue/kueue:v0.14.1')?.defaultUser, '65532');
  assert.equal(catalog.lookupImage('quay.io/oauth2-proxy/oauth2-proxy:v7.8.1')?.shell, 'no');
  assert.equal(id('quay.io/oauth2-proxy/oauth2-proxy:v7.8.1-alpine'), 'oauth2-proxy-alpine');
  assert.equal(catalog.lookupImage('quay.io/oauth2-proxy/oauth2-proxy:v7.8.1-alpine')?.shell, 'yes');
  assert.equal(id('quay.io/oauth2-proxy/oauth2-proxy:v7.5.1'), undefined, 'releases before 7.6 were not read');
  assert.equal(id('ghcr.io/dexidp/dex:v2.45.1'), 'dex');
  assert.equal(catalog.lookupImage('ghcr.io/dexidp/dex:v2.45.1-distroless')?.hardened, true);
  assert.equal(id('dexidp/dex:v2.45.1'), 'dex-hub');
  assert.equal(id('ghcr.io/dexidp/dex:v2.44.0'), undefined);
});

test('consul-k8s control plane: the release-default target on Alpine with openssl, USER 100', () => {
  const e = catalog.lookupImage('hashicorp/consul-k8s-control-plane:1.8.2');
  assert.equal(e?.id, 'consul-k8s-control-plane');
  assert.equal(e?.defaultUser, '100');
  assert.ok(yes('hashicorp/consul-k8s-control-plane:1.8.2')?.includes('openssl'));
  assert.equal(id('hashicorp/consul-k8s-control-plane:1.5.0'), undefined);
});

test('local-path-provisioner moved from alpine to scratch; the dashboard modules are scratch; alloy is "may have"', () => {
  assert.equal(catalog.lookupImage('rancher/local-path-provisioner:v0.0.31')?.shell, 'yes');
  assert.equal(catalog.lookupImage('rancher/local-path-provisioner:v0.0.37')?.hardened, true);
  assert.equal(id('rancher/local-path-provisioner:v0.0.36'), undefined, 'v0.0.36 ends on a golang stage and was not catalogued');
  assert.equal(catalog.lookupImage('kubernetesui/dashboard-api:1.10.1')?.hardened, true);
  assert.equal(catalog.lookupImage('kubernetesui/dashboard-web:1.6.0')?.defaultUser, 'nonroot');
  assert.equal(catalog.lookupImage('grafana/alloy:v1.8.0')?.shell, 'unverified');
});

test('loki and tempo tools and the VictoriaMetrics backup tools follow their own Dockerfiles', () => {
  assert.equal(catalog.lookupImage('grafana/loki-canary:3.4.2')?.busybox, true, 'the :debug base');
  assert.equal(id('grafana/logcli:3.0.0'), 'logcli-alpine');
  assert.equal(catalog.lookupImage('grafana/tempo-query:2.9.0')?.shell, 'yes', 'tempo-query stays on the :debug base');
  assert.equal(catalog.lookupImage('grafana/tempo-vulture:2.9.0')?.hardened, true);
  assert.equal(catalog.lookupImage('victoriametrics/vmbackup:v1.110.0')?.shell, 'yes');
  assert.equal(catalog.lookupImage('victoriametrics/vmctl:v1.125.0-scratch')?.hardened, true);
});
