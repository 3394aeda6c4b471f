// Cluster add-ons, operators and exporters read from their own Dockerfiles over a catalogued base. Most are
// one static Go binary on distroless, scratch or the Prometheus busybox image. Tags are listed only for the
// releases whose Dockerfile was read (every minor release's last patch tag checked against the repository's
// history); older releases built on another base stay unknown. Used by scripts/catalog-derived.mjs.

export const K8S_SOURCES = {
  PBB: 'prometheus/busybox README.md (quay.io/prometheus/busybox-<os>-<arch>:latest is the official busybox:uclibc image plus CA certificates, zoneinfo and /etc/services from Debian; :glibc the same over busybox:glibc)',
  KSM: 'kubernetes/kube-state-metrics@c92fe0c5: Dockerfile (final stage FROM gcr.io/distroless/static-debian13:latest-${GOARCH}; the kube-state-metrics binary only; USER nobody; ENTRYPOINT ["/kube-state-metrics", …]); the Dockerfile at every release tag v1.9.8 … v2.20.0 is FROM gcr.io/distroless/static(-debian12|-debian13):latest with USER nobody (v1.4 … v1.6 FROM alpine, v0.3 … v1.3 FROM scratch); README.md (registry.k8s.io/kube-state-metrics/kube-state-metrics)',
  MSRV: 'kubernetes-sigs/metrics-server@5ed5d3a2: Dockerfile (final stage FROM gcr.io/distroless/static:latest-$ARCH; the metrics-server binary only; USER 65534; ENTRYPOINT ["/metrics-server"]); the same at every release tag v0.4.0 … v0.9.0; README.md (registry.k8s.io/metrics-server/metrics-server)',
  AM: 'prometheus/alertmanager@68fb2d57: Dockerfile (FROM quay.io/prometheus/busybox-${OS}-${ARCH}:latest; alertmanager and amtool in /bin; USER nobody; ENTRYPOINT ["/bin/alertmanager"]), the same at every release tag v0.17.0 … v0.34.0; Dockerfile.distroless (FROM gcr.io/distroless/static-debian13:nonroot), Makefile.common (each Dockerfile.<name> is built as the tag suffix -<name>); published as prom/alertmanager and quay.io/prometheus/alertmanager',
  PGW: 'prometheus/pushgateway@412bd22b: Dockerfile (FROM quay.io/prometheus/busybox-${OS}-${ARCH}:latest; /bin/pushgateway; USER 65534; ENTRYPOINT ["/bin/pushgateway"]), the same at every release tag v1.0.1 … v1.11.3; Dockerfile.distroless (FROM gcr.io/distroless/static-debian13:nonroot; suffix -distroless by Makefile.common)',
  BBE: 'prometheus/blackbox_exporter@e39d7d41: Dockerfile (FROM quay.io/prometheus/busybox-${OS}-${ARCH}:latest; /bin/blackbox_exporter; no USER: root; ENTRYPOINT ["/bin/blackbox_exporter"]), the same at every release tag v0.15.1 … v0.28.0; Dockerfile.distroless (FROM gcr.io/distroless/static-debian13:nonroot; suffix -distroless)',
  MYSQLEXP: 'prometheus/mysqld_exporter@55c0976b: Dockerfile (FROM quay.io/prometheus/busybox-${OS}-${ARCH}:latest; /bin/mysqld_exporter; USER nobody), the same at every release tag v0.13.0 … v0.20.0; Dockerfile.distroless (FROM gcr.io/distroless/static-debian13:nonroot; suffix -distroless)',
  PGEXP: 'prometheus-community/postgres_exporter@dbb1987e: Dockerfile (FROM quay.io/prometheus/busybox-${OS}-${ARCH}:latest; /bin/postgres_exporter; USER nobody), the same at every release tag v0.9.0 … v0.20.1 (v0.1 … v0.8 FROM scratch); README.md (quay.io/prometheuscommunity/postgres-exporter)',
  REDISEXP: 'oliver006/redis_exporter@cd5941f1: Dockerfile (target scratch-release: FROM scratch with /redis_exporter, CA certificates and nsswitch.conf, USER 59000:59000; target alpine: FROM alpine with the same files, USER 59000:59000); docker/Dockerfile at v1.45.0 … v1.64.1 the same two targets; .github/workflows/release.yml (scratch-release pushed as <tag> to oliver006/redis_exporter, ghcr.io/oliver006/redis_exporter, quay.io/oliver006/redis_exporter; the alpine target as <tag>-alpine and alpine)',
  PROMOP: 'prometheus-operator/prometheus-operator@6adcebc5: Dockerfile (FROM quay.io/prometheus/busybox-${OS}-${ARCH}:latest; /bin/operator; USER 65534), cmd/prometheus-config-reloader/Dockerfile (the same base; /bin/prometheus-config-reloader; USER nobody), cmd/admission-webhook/Dockerfile (the same base; USER nobody); the same bases at every release tag v0.37.0 … v0.93.0 (admission-webhook from v0.55.1); images quay.io/prometheus-operator/{prometheus-operator,prometheus-config-reloader,admission-webhook}',
  THANOS: 'thanos-io/thanos@e103a81b: Dockerfile and Dockerfile.multi-arch (FROM quay.io/prometheus/busybox@sha256:…; RUN adduser -u 1001 thanos; /bin/thanos; USER 1001; ENTRYPOINT ["/bin/thanos"]), the same at every release tag v0.32.5 … v0.42.4 (v0.17 … v0.31 the same base with no USER); image quay.io/thanos/thanos',
  ESO: 'external-secrets/external-secrets@cc5bfbc2: Dockerfile (FROM gcr.io/distroless/static@sha256:…; /bin/external-secrets; USER 65534; ENTRYPOINT ["/bin/external-secrets"]), the same base at every release tag v0.3.11 … v2.9.0; Dockerfile.ubi (a UBI 9 root, the -ubi tags, not catalogued); image ghcr.io/external-secrets/external-secrets',
  KEDA: 'kedacore/keda@8b4f083c: Dockerfile, Dockerfile.adapter, Dockerfile.webhooks (final stage FROM gcr.io/distroless/static:nonroot; the keda, keda-adapter, keda-admission-webhooks binary; USER 65532:65532), the same base at every release tag v2.0.0 … v2.20.2; images ghcr.io/kedacore/{keda,keda-metrics-apiserver,keda-admission-webhooks}',
  GK: 'open-policy-agent/gatekeeper: Dockerfile at v3.7.2 … v3.17.2 (ARG BASEIMAGE="gcr.io/distroless/static:nonroot"; FROM $BASEIMAGE; USER 65532:65532) and at v3.18.3 … v3.23.0 (FROM gcr.io/distroless/static-debian12; USER 65532:65532); image openpolicyagent/gatekeeper',
  TRIVYOP: 'aquasecurity/trivy-operator: build/trivy-operator/Dockerfile at v0.26.1 … v0.32.0 (FROM alpine:3.20 … 3.24; apk upgrade only; user trivyoperator (uid 10000); USER 10000; ENTRYPOINT ["trivy-operator"]); images ghcr.io/aquasecurity/trivy-operator, docker.io/aquasec/trivy-operator',
  CNPG: 'cloudnative-pg/cloudnative-pg: Dockerfile at v1.17.5 … v1.23.6 (FROM gcr.io/distroless/static-debian11 / -debian12:nonroot; USER 65532:65532; ENTRYPOINT ["/manager"]) and at v1.24.4 … v1.30.0 (FROM ${BASE}); docker-bake.hcl@HEAD (distro distroless: BASE gcr.io/distroless/static-debian13:nonroot, plain tags and latest; distro ubi: ubi9-micro, tag suffix -ubi9, not catalogued); image ghcr.io/cloudnative-pg/cloudnative-pg',
  ZPGO: 'zalando/postgres-operator: docker/Dockerfile at v1.10.1 … v2.0.1 (FROM ${BASE_IMAGE}; apk add curl ca-certificates; user pgo (uid 1000); USER 1000:1000; ENTRYPOINT ["/postgres-operator"]); .github/workflows/publish_ghcr_image.yaml (the operator image built with BASE_IMAGE=alpine:3); image ghcr.io/zalando/postgres-operator',
  ETCD: 'etcd-io/etcd: Dockerfile at v3.6.14 … v3.7.1 (FROM gcr.io/distroless/static-debian12; etcd, etcdctl, etcdutl in /usr/local/bin; no USER), Dockerfile-release.amd64 at v3.5.21 (FROM gcr.io/distroless/static-debian11; the same binaries); images gcr.io/etcd-development/etcd, quay.io/coreos/etcd',
  ARGOWF: 'argoproj/argo-workflows: Dockerfile at v3.4.18 … v3.7.18 and @HEAD (targets workflow-controller and argocli FROM gcr.io/distroless/static(-debian13) with USER 8737; argoexec FROM the same base with no USER, argoexec-nonroot with USER 8737); .github/workflows/release.yaml (argoexec-nonroot pushed as argoexec:<tag>-nonroot); images quay.io/argoproj/{workflow-controller,argoexec,argocli}',
  CSI: 'kubernetes-csi: Dockerfile of external-provisioner (v1.1.1 … v6.3.0), node-driver-registrar (v1.1.0 … v2.17.0), livenessprobe (v1.1.0 … v2.19.0), external-attacher (v1.1.1 … v4.12.0), external-resizer (v0.1.0 … v2.2.1), external-snapshotter cmd/csi-snapshotter and cmd/snapshot-controller (v2.0.1 … v8.6.0): FROM gcr.io/distroless/static:latest, the one binary, no USER; images registry.k8s.io/sig-storage/{csi-provisioner,csi-node-driver-registrar,livenessprobe,csi-attacher,csi-resizer,csi-snapshotter,snapshot-controller}',
  KRP: 'brancz/kube-rbac-proxy: Dockerfile at v0.7.0 … v0.21.0 (FROM gcr.io/distroless/static:nonroot(-$GOARCH), from v0.16.1 as the ARG BASEIMAGE default; /usr/local/bin/kube-rbac-proxy; USER 65532:65532); image quay.io/brancz/kube-rbac-proxy',
  SEALED: 'bitnami-labs/sealed-secrets: docker/controller.Dockerfile at v0.18.5 … v0.36.6 (FROM gcr.io/distroless/static; /usr/local/bin/controller; USER 1001); image docker.io/bitnami/sealed-secrets-controller',
  INGNGX: 'kubernetes/ingress-nginx: rootfs/Dockerfile at every release tag controller-v1.0.5 … controller-v1.15.1 (FROM ${BASE_IMAGE}, the NGINX_BASE file: registry.k8s.io/ingress-nginx/nginx; apk add diffutils, libcap; RUN bash -xeu -c …; USER www-data; ENTRYPOINT dumb-init -- /nginx-ingress-controller), images/nginx/rootfs/Dockerfile at the same tags (final stage FROM alpine:3.14 … 3.23; apk add bash, openssl, ca-certificates, dumb-init …; user www-data (uid 101)); image registry.k8s.io/ingress-nginx/controller (rootfs/Dockerfile-chroot, the -chroot tags, not catalogued)',
  CERTM: 'cert-manager/cert-manager: hack/containers/Containerfile.{controller,webhook,cainjector,acmesolver,startupapicheck} (FROM $BASE_IMAGE, the one binary; USER 1000 at v1.12.17 … v1.19.2, no USER from v1.20), make/containers.mk (BASE_IMAGE_TYPE:=STATIC at every tag read), make/base_images.mk (STATIC_BASE_IMAGE gcr.io/distroless/static-debian11 at v1.12, static-debian12 at v1.14 … v1.20, static-debian13 at v1.21), hack/latest-base-images.sh at v1.20.2 (the digests are of the nonroot tag; v1.19.2 resolves the latest tag); images quay.io/jetstack/cert-manager-{controller,webhook,cainjector,acmesolver,startupapicheck}',
  LOKI: 'grafana/loki: cmd/loki/Dockerfile at v3.6.15 … v3.7.6 (final stage FROM gcr.io/distroless/static:nonroot; /usr/bin/loki; USER 10001), at v3.2.2 … v3.5.12 (FROM gcr.io/distroless/static:debug; USER 10001), at v2.9.17 … v3.1.2 (FROM alpine:3.20 / 3.22; apk add ca-certificates, libcap; USER 10001); image grafana/loki',
  TEMPO: 'grafana/tempo: cmd/tempo/Dockerfile at v2.9.5 … v3.0.3 (final stage FROM gcr.io/distroless/static-debian12; /tempo; USER 10001:10001), at v2.8.4 (FROM gcr.io/distroless/static-debian12:debug; USER 10001:10001); image grafana/tempo',
  JAEGER: 'jaegertracing/jaeger: cmd/jaeger/Dockerfile at v1.52.0 … v2.20.0 (target release FROM $base_image; USER 10001), scripts/build/build-upload-a-docker-image.sh (base_image=localhost:5000/baseimg_alpine), scripts/build/docker/base/Dockerfile (FROM alpine:3.24 with ca-certificates and mailcap copied in); image jaegertracing/jaeger',
  VECTOR: 'vectordotdev/vector: distribution/docker/alpine/Dockerfile at v0.48.0 … v0.57.0 (FROM alpine:3.22 … 3.24; /usr/local/bin/vector), distribution/docker/debian/Dockerfile at v0.23.3 … v0.57.0 (FROM debian:<suite>-slim; apt-get install ca-certificates, tzdata, systemd, libsasl2-2), distribution/docker/distroless-static/Dockerfile at v0.11.1 … v0.57.0 (FROM gcr.io/distroless/static), distribution/docker/distroless-libc/Dockerfile at v0.30.0 … v0.57.0 (FROM gcr.io/distroless/cc-debian11, cc-debian12 from v0.38); no USER in any; scripts/build-docker.sh (tags <version>-<base>, <minor>.X-<base>, <major>.X-<base>, latest-<base> on timberio/vector)',
  VM: 'VictoriaMetrics/VictoriaMetrics: app/{victoria-metrics,vmagent,vmalert,vmauth,vmbackup,vmrestore,vmctl}/deployment/Dockerfile at v1.60.0, v1.100.0 and HEAD (FROM $base_image; the one binary; no USER), deployment/docker/base/Dockerfile (FROM $root_image plus the CA bundle), deployment/docker/Makefile (ROOT_IMAGE alpine:3.13.5 at v1.60.0 … alpine:3.24.1 at HEAD; the ROOT_IMAGE_SCRATCH scratch build tagged -scratch from v1.120.0); images victoriametrics/{victoria-metrics,vmagent,vmalert,vmauth,vmbackup,vmrestore,vmctl}',
  RELOADER: 'stakater/Reloader: Dockerfile at v0.0.129 … v1.4.21 (FROM ${BASE_IMAGE:-gcr.io/distroless/static:nonroot}; USER 65532:65532; ENTRYPOINT ["/manager"]), Makefile (BASE_IMAGE ?= empty: the default applies); Dockerfile.ubi (not catalogued); images ghcr.io/stakater/reloader, docker.io/stakater/reloader',
  DESCHED: 'kubernetes-sigs/descheduler: Dockerfile at v0.21.0 … v0.36.0 (FROM scratch; /bin/descheduler; USER 1000); image registry.k8s.io/descheduler/descheduler',
  STATSD: 'prometheus/statsd_exporter: Dockerfile at v0.22.8 … v0.30.0 (FROM quay.io/prometheus/busybox-${OS}-${ARCH}:latest; /bin/statsd_exporter; USER 65534); Dockerfile.distroless (suffix -distroless); images prom/statsd-exporter, quay.io/prometheus/statsd-exporter',
  ESEXP: 'prometheus-community/elasticsearch_exporter: Dockerfile at v1.2.1 … v1.11.0 (FROM quay.io/prometheus/busybox-${OS}-${ARCH}:glibc; /bin/elasticsearch_exporter; USER nobody); image quay.io/prometheuscommunity/elasticsearch-exporter',
  KAFKAEXP: 'danielqsj/kafka_exporter: Dockerfile at v1.8.0 … v1.9.0 (FROM quay.io/prometheus/busybox:latest; /bin/kafka_exporter; USER nobody); image danielqsj/kafka-exporter',
  NGXEXP: 'nginx/nginx-prometheus-exporter: build/Dockerfile at v1.4.2 … v1.5.3 (target base FROM scratch with the CA bundle from an alpine stage; /usr/bin/nginx-prometheus-exporter; USER 1001:1001); image nginx/nginx-prometheus-exporter',
  PROMADAPT: 'kubernetes-sigs/prometheus-adapter: Dockerfile at v0.9.1 … v0.12.0 (FROM gcr.io/distroless/static:latest(-$ARCH); /adapter; USER 65534); image registry.k8s.io/prometheus-adapter/prometheus-adapter',
  SNMPEXP: 'prometheus/snmp_exporter: Dockerfile at v0.16.1 … v0.30.1 (FROM quay.io/prometheus/busybox-${OS}-${ARCH}:latest; /bin/snmp_exporter; no USER: root); images prom/snmp-exporter, quay.io/prometheus/snmp-exporter',
  VAULTK8S: 'hashicorp/vault-k8s: Dockerfile at v1.4.2 … v1.7.6 (target default FROM alpine:3.x; apk add ca-certificates, libcap, su-exec, iputils; user vault; USER vault; ENTRYPOINT /bin/vault-k8s), .github/workflows/build.yml (the Docker Hub image is target default; target ubi separately); image hashicorp/vault-k8s',
  NFD: 'kubernetes-sigs/node-feature-discovery: Dockerfile at v0.18.3 … v0.19.0 (target minimal FROM ${BASE_IMAGE_MINIMAL:-scratch}; USER 65534:65534), Makefile (BASE_IMAGE_MINIMAL ?= scratch; the minimal target takes the plain tags and -minimal, the full target -full); image registry.k8s.io/nfd/node-feature-discovery',
  PROMEXP: 'Prometheus-project exporters, Dockerfile at each minor release\'s last tag (FROM quay.io/prometheus/busybox-${OS}-${ARCH}:latest; the one binary in /bin): prometheus/memcached_exporter v0.6.0 … v0.16.0 (USER nobody), prometheus/consul_exporter v0.6.0 … v0.13.0 (USER nobody), prometheus/graphite_exporter v0.7.1 … v0.17.0 (USER nobody), prometheus/influxdb_exporter v0.3.0 … v0.12.1 (USER nobody), prometheus/collectd_exporter v0.6.0 … v0.7.1 (no USER); published as prom/<name>-exporter and quay.io/prometheus/<name>-exporter',
  PCEXP: 'prometheus-community exporters: json_exporter Dockerfile at v0.1.0 … v0.7.0 (FROM quay.io/prometheus/busybox-${OS}-${ARCH}:glibc; USER nobody), pgbouncer_exporter at v0.2.0 … v0.12.1 and stackdriver_exporter at v0.7.0 … v0.19.0 (FROM quay.io/prometheus/busybox-${OS}-${ARCH}:latest; USER nobody); Makefile (DOCKER_REPO prometheuscommunity, DOCKER_IMAGE_NAME json-exporter, pgbouncer-exporter, stackdriver-exporter)',
  FLUX: 'fluxcd/{source,kustomize,helm,notification,image-reflector,image-automation}-controller: Dockerfile at every release tag from v1.0 (image-* from v0.34 / v0.40) to HEAD (final stage FROM alpine:3.21 … 3.23; apk add ca-certificates, and in kustomize-controller also tini, git, openssh-client, gnupg (the same at v1.0.1, v1.5.1 and HEAD); USER 65534:65534); images ghcr.io/fluxcd/<name> and docker.io fluxcd/<name>',
  ROLLOUTS: 'argoproj/argo-rollouts: Dockerfile at v1.5.1 … v1.8.4 (final stage FROM gcr.io/distroless/static-debian11; USER 999) and v1.9.1 … HEAD (FROM gcr.io/distroless/static-debian12; USER 999); image quay.io/argoproj/argo-rollouts',
  CONTOUR: 'projectcontour/contour: Dockerfile at v0.11.0 … v1.33.6 (target final FROM scratch with /bin/contour only; no USER); image ghcr.io/projectcontour/contour',
  OTELOP: 'open-telemetry/opentelemetry-operator: Dockerfile at v0.83.0 … v0.158.0 (final stage FROM scratch with the CA bundle and /manager; USER 65532:65532); image ghcr.io/open-telemetry/opentelemetry-operator/opentelemetry-operator',
  CERTGEN: 'kubernetes/ingress-nginx: images/kube-webhook-certgen/rootfs/Dockerfile at every commit since it was added (492c7b0d9, 2021-08-10) to HEAD (final stage FROM gcr.io/distroless/static:nonroot; /kube-webhook-certgen; USER 65532:65532); image registry.k8s.io/ingress-nginx/kube-webhook-certgen',
  JAEGER1: 'jaegertracing/jaeger: cmd/{all-in-one,collector,query,ingester}/Dockerfile at v1.50.0, v1.62.0 and v1.76.0, cmd/agent/Dockerfile at v1.50.0 and v1.62.0 (target release FROM $base_image; ARG USER_UID=10001; USER ${USER_UID}), scripts/build-upload-a-docker-image.sh at v1.50.0 (base_image=localhost:5000/baseimg_alpine), scripts/build/docker/base/Dockerfile (alpine with ca-certificates and mailcap); images jaegertracing/{all-in-one,jaeger-collector,jaeger-query,jaeger-agent,jaeger-ingester}',
  PROMTAIL: 'grafana/loki: clients/cmd/promtail/Dockerfile at v3.2.2 … v3.6.15 (final stage FROM public.ecr.aws/ubuntu/ubuntu:noble; apt-get install libsystemd-dev, tzdata, ca-certificates; no USER: root; ENTRYPOINT /usr/bin/promtail); image grafana/promtail. The ECR Ubuntu image is not the docker.io ubuntu:24.04 whose package list was read, so its tools are "may have"',
  CAPI: 'kubernetes-sigs/cluster-api: Dockerfile at v0.4.8 … v1.14.0 (final stage FROM gcr.io/distroless/static:nonroot(-${ARCH}); /manager; USER 65532); images registry.k8s.io/cluster-api/{cluster-api-controller,kubeadm-bootstrap-controller,kubeadm-control-plane-controller}',
  KUEUE: 'kubernetes-sigs/kueue: Dockerfile at v0.12.10 … v0.19.2 (ARG BASE_IMAGE=gcr.io/distroless/static:nonroot; FROM ${BASE_IMAGE}; USER 65532:65532), Makefile (BASE_IMAGE ?= the same distroless static:nonroot); image registry.k8s.io/kueue/kueue',
  O2P: 'oauth2-proxy/oauth2-proxy: Dockerfile at v7.6.0 … v7.15.3 (FROM ${RUNTIME_IMAGE}; /bin/oauth2-proxy; no USER), Makefile at v7.6.0, v7.10.0 and HEAD (build-distroless: RUNTIME_IMAGE gcr.io/distroless/static:nonroot, tags <version> and latest; build-alpine: alpine:3.x, tags <version>-alpine and latest-alpine); image quay.io/oauth2-proxy/oauth2-proxy',
  DEX: 'dexidp/dex@HEAD (v2.45): Dockerfile (FROM $BASE_IMAGE: the alpine stage (alpine:3.24) or the distroless stage (gcr.io/distroless/static-debian13:nonroot); dex, docker-entrypoint and gomplate copied in; user dex (uid 1001); USER dex:dex), .github/workflows/artifacts.yaml (variants alpine and distroless: the alpine build takes the plain version tags and latest, each variant also <version>-<variant> and latest-<variant>); images ghcr.io/dexidp/dex, docker.io dexidp/dex',
  CONSULK8S: 'hashicorp/consul-k8s: control-plane/Dockerfile at v1.6.0, v1.9.11 and v2.0.3 (target release-default FROM alpine:3.x; apk add ca-certificates, libcap, openssl, su-exec, iputils, gcompat, libc6-compat, libstdc++, iptables; USER 100), .github/workflows/build.yml (the Docker Hub image is target release-default; ubi separately); image hashicorp/consul-k8s-control-plane',
  LPP: 'rancher/local-path-provisioner: package/Dockerfile at every tag v0.0.20 … v0.0.35 (FROM alpine; apk upgrade busybox zlib; no USER: root) and v0.0.37 (final stage FROM scratch with the CA bundle and /usr/bin/local-path-provisioner; no USER); v0.0.36 ends on a golang:alpine stage and is not catalogued; image rancher/local-path-provisioner',
  KDASH: 'kubernetes/dashboard: modules/{api,auth,metrics-scraper,web}/Dockerfile at every release tag api/v1.1.0 … v1.13.0, auth/v1.0.0 … v1.3.0, metrics-scraper/v1.1.1 …, web/… v1.7.0 and HEAD (final stage FROM scratch with the one binary; USER nonroot:nonroot); images kubernetesui/dashboard-{api,auth,metrics-scraper,web}',
  ALLOY: 'grafana/alloy: Dockerfile at v1.4.3 … v1.18.1 (final stage FROM public.ecr.aws/ubuntu/ubuntu:noble; apt-get install ca-certificates, libsystemd0, tzdata; user alloy added, no USER: root; ENTRYPOINT /bin/alloy); image grafana/alloy. The ECR Ubuntu image is not the docker.io ubuntu:24.04 whose package list was read, so its tools are "may have"',
  LOKITOOLS: 'grafana/loki: cmd/loki-canary/Dockerfile and cmd/logcli/Dockerfile at v3.2.2 … v3.7.6 (final stage FROM gcr.io/distroless/static:debug; no USER: root) and at v2.9.17 … v3.1.2 (FROM alpine:3.20); images grafana/loki-canary, grafana/logcli',
  TEMPOTOOLS: 'grafana/tempo: cmd/tempo-query/Dockerfile at v2.8.4 … v3.0.3 (final stage FROM gcr.io/distroless/static-debian12:debug; USER 10001:10001), cmd/tempo-vulture/Dockerfile at v2.9.5 … v3.0.3 (FROM gcr.io/distroless/static-debian12; USER 10001:10001) and v2.8.4 (the :debug base); images grafana/tempo-query, grafana/tempo-vulture',
};

/** `v0.9`, `v0.9.<v>` … for the minor releases from..to of a major (the versions read). */
export const minors = (prefix, major, from, to) => {
  const out = [];
  for (let m = from; m <= to; m++) out.push(`${prefix}${major}.${m}`, `${prefix}${major}.${m}.<v>`);
  return out;
};

const binary = (id, from, family, registry, repositories, tags, user, sources, extra = {}) => ({
  id, from, family, variant: extra.variant ?? VARIANT[from], registry, repositories, tags, keywords: extra.keywords ?? [],
  user, nonRoot: user === 'root' ? 'no' : 'yes', entrypointNeedsShell: false, sources: [...sources, BASE_SOURCE[from]], ...extra,
});
const VARIANT = {
  busybox: 'prometheus busybox', scratch: 'scratch', alpine: 'alpine', 'distroless-static': 'distroless static',
  'distroless-static-nonroot': 'distroless static nonroot', 'distroless-static-debian11': 'distroless static-debian11',
  'distroless-static-debug': 'distroless static debug (busybox)', 'distroless-cc': 'distroless cc', 'distroless-cc-debian11': 'distroless cc-debian11', 'debian-slim': 'debian slim',
};
const BASE_SOURCE = { 'ubuntu-noble': 'RIUBU', 'distroless-static-debug': 'DL', 'distroless-cc': 'DL', 'distroless-cc-debian11': 'DL11', 'debian-slim': 'DEB', busybox: 'BB', scratch: 'SCR', alpine: 'ALP', 'distroless-static': 'DL', 'distroless-static-nonroot': 'DL', 'distroless-static-debian11': 'DL11' };

/** The Prometheus-project images: docker.io prom/<name> and quay.io/prometheus/<name>, busybox plus -distroless. */
function promImages(name, family, tags, user, key) {
  return [['docker.io', `prom/${name}`, ''], ['quay.io', `prometheus/${name}`, '-quay']].flatMap(([registry, repo, s]) => [
    binary(`${family}${s}`, 'busybox', family, registry, [repo], [...tags, 'latest', 'main', 'master'], user, [key, 'PBB']),
    binary(`${family}-distroless${s}`, 'distroless-static-nonroot', family, registry, [repo], ['*-distroless'], '65532', [key], { keywords: ['distroless'] }),
  ]);
}

const CERTM_REPOS = ['controller', 'webhook', 'cainjector', 'acmesolver', 'startupapicheck'].map((c) => `jetstack/cert-manager-${c}`);

export const K8S_DERIVED = [
  binary('kube-state-metrics', 'distroless-static', 'kube-state-metrics', 'registry.k8s.io', ['kube-state-metrics/kube-state-metrics'],
    ['v2.<v>', ...minors('v', 1, 9, 9)], 'nobody', ['KSM']),
  binary('metrics-server', 'distroless-static', 'metrics-server', 'registry.k8s.io', ['metrics-server/metrics-server'],
    minors('v', 0, 4, 9), '65534', ['MSRV']),
  ...promImages('alertmanager', 'alertmanager', minors('v', 0, 17, 34), 'nobody', 'AM'),
  ...promImages('pushgateway', 'pushgateway', minors('v', 1, 0, 11), '65534', 'PGW'),
  ...promImages('blackbox-exporter', 'blackbox-exporter', minors('v', 0, 15, 28), 'root', 'BBE'),
  ...promImages('mysqld-exporter', 'mysqld-exporter', minors('v', 0, 13, 20), 'nobody', 'MYSQLEXP'),
  ...[['quay.io', 'prometheuscommunity/postgres-exporter', ''], ['docker.io', 'prometheuscommunity/postgres-exporter', '-hub']].map(([registry, repo, s]) =>
    binary(`postgres-exporter${s}`, 'busybox', 'postgres-exporter', registry, [repo], [...minors('v', 0, 9, 20), 'latest', 'master'], 'nobody', ['PGEXP', 'PBB'])),
  ...[['docker.io', ''], ['ghcr.io', '-ghcr'], ['quay.io', '-quay']].flatMap(([registry, s]) => [
    binary(`redis-exporter${s}`, 'scratch', 'redis-exporter', registry, ['oliver006/redis_exporter'], [...minors('v', 1, 45, 88), 'latest'], '59000', ['REDISEXP']),
    binary(`redis-exporter-alpine${s}`, 'alpine', 'redis-exporter', registry, ['oliver006/redis_exporter'],
      [...minors('v', 1, 45, 88).map((t) => `${t}-alpine`), 'alpine'], '59000', ['REDISEXP'], { keywords: ['alpine'] }),
  ]),
  binary('prometheus-operator', 'busybox', 'prometheus-operator', 'quay.io', ['prometheus-operator/prometheus-operator'], minors('v', 0, 37, 93), '65534', ['PROMOP', 'PBB']),
  binary('prometheus-config-reloader', 'busybox', 'prometheus-config-reloader', 'quay.io', ['prometheus-operator/prometheus-config-reloader'], minors('v', 0, 37, 93), 'nobody', ['PROMOP', 'PBB']),
  binary('prometheus-operator-admission-webhook', 'busybox', 'prometheus-operator-admission-webhook', 'quay.io', ['prometheus-operator/admission-webhook'], minors('v', 0, 55, 93), 'nobody', ['PROMOP', 'PBB']),
  binary('thanos', 'busybox', 'thanos', 'quay.io', ['thanos/thanos'], minors('v', 0, 32, 42), '1001', ['THANOS', 'PBB']),
  binary('thanos-0.17', 'busybox', 'thanos', 'quay.io', ['thanos/thanos'], minors('v', 0, 17, 31), 'root', ['THANOS', 'PBB']),
  binary('external-secrets', 'distroless-static', 'external-secrets', 'ghcr.io', ['external-secrets/external-secrets'],
    [...minors('v', 0, 4, 20), 'v1.<v>', 'v2.<v>'], '65534', ['ESO']),
  binary('keda', 'distroless-static-nonroot', 'keda', 'ghcr.io', ['kedacore/keda', 'kedacore/keda-metrics-apiserver', 'kedacore/keda-admission-webhooks'],
    ['2.<v>', 'v2.<v>', 'latest'], '65532', ['KEDA']),
  binary('gatekeeper', 'distroless-static-nonroot', 'gatekeeper', 'docker.io', ['openpolicyagent/gatekeeper'], minors('v', 3, 7, 23), '65532', ['GK']),
  ...[['ghcr.io', 'aquasecurity/trivy-operator', ''], ['docker.io', 'aquasec/trivy-operator', '-hub']].map(([registry, repo, s]) =>
    binary(`trivy-operator${s}`, 'alpine', 'trivy-operator', registry, [repo], minors('', 0, 26, 32), '10000', ['TRIVYOP'])),
  binary('cloudnative-pg', 'distroless-static-nonroot', 'cloudnative-pg', 'ghcr.io', ['cloudnative-pg/cloudnative-pg'], [...minors('', 1, 17, 30), 'latest'], '65532', ['CNPG']),
  {
    ...binary('postgres-operator', 'alpine', 'postgres-operator', 'ghcr.io', ['zalando/postgres-operator'], [...minors('v', 1, 10, 15), 'v2.<v>'], '1000', ['ZPGO']),
    tools: { curl: { state: 'yes', detail: 'apk add curl (kept)' } },
  },
  ...[['gcr.io', 'etcd-development/etcd', ''], ['quay.io', 'coreos/etcd', '-quay']].flatMap(([registry, repo, s]) => [
    binary(`etcd${s}`, 'distroless-static', 'etcd', registry, [repo], minors('v', 3, 6, 7), 'root', ['ETCD']),
    binary(`etcd-3.5${s}`, 'distroless-static-debian11', 'etcd', registry, [repo], minors('v', 3, 5, 5), 'root', ['ETCD']),
  ]),
  binary('argo-workflow-controller', 'distroless-static', 'argo-workflows', 'quay.io', ['argoproj/workflow-controller', 'argoproj/argocli'],
    [...minors('v', 3, 4, 7), 'latest'], '8737', ['ARGOWF']),
  binary('argoexec', 'distroless-static', 'argo-workflows', 'quay.io', ['argoproj/argoexec'], [...minors('v', 3, 4, 7), 'latest'], 'root', ['ARGOWF']),
  binary('argoexec-nonroot', 'distroless-static', 'argo-workflows', 'quay.io', ['argoproj/argoexec'], minors('v', 3, 4, 7).map((t) => `${t}-nonroot`), '8737', ['ARGOWF'], { keywords: ['nonroot'] }),
  ...[
    ['csi-provisioner', [...minors('v', 1, 1, 9), 'v2.<v>', 'v3.<v>', 'v4.<v>', 'v5.<v>', 'v6.<v>']],
    ['csi-node-driver-registrar', minors('v', 1, 1, 9).concat(['v2.<v>'])],
    ['livenessprobe', minors('v', 1, 1, 9).concat(['v2.<v>'])],
    ['csi-attacher', minors('v', 1, 1, 9).concat(['v2.<v>', 'v3.<v>', 'v4.<v>'])],
    ['csi-resizer', ['v0.<v>', 'v1.<v>', 'v2.<v>']],
    ['csi-snapshotter', ['v2.<v>', 'v3.<v>', 'v4.<v>', 'v5.<v>', 'v6.<v>', 'v7.<v>', 'v8.<v>']],
    ['snapshot-controller', ['v2.<v>', 'v3.<v>', 'v4.<v>', 'v5.<v>', 'v6.<v>', 'v7.<v>', 'v8.<v>']],
  ].map(([name, tags]) => binary(name, 'distroless-static', name, 'registry.k8s.io', [`sig-storage/${name}`], tags, 'root', ['CSI'])),
  binary('kube-rbac-proxy', 'distroless-static-nonroot', 'kube-rbac-proxy', 'quay.io', ['brancz/kube-rbac-proxy'], minors('v', 0, 7, 21), '65532', ['KRP']),
  binary('sealed-secrets-controller', 'distroless-static', 'sealed-secrets', 'docker.io', ['bitnami/sealed-secrets-controller'], minors('', 0, 18, 36).concat(minors('v', 0, 18, 36)), '1001', ['SEALED']),
  binary('ingress-nginx-controller', 'alpine', 'ingress-nginx', 'registry.k8s.io', ['ingress-nginx/controller'], minors('v', 1, 0, 15), 'www-data', ['INGNGX'], {
    tools: { openssl: { state: 'yes', detail: 'apk add openssl in the nginx base image (images/nginx)' } },
    add: [{ tool: 'bash', category: 'shell', state: 'yes', detail: 'apk add bash in the nginx base image; the Dockerfile runs bash' }],
  }),
  binary('cert-manager', 'distroless-static', 'cert-manager', 'quay.io', CERTM_REPOS, minors('v', 1, 12, 19), '1000', ['CERTM']),
  binary('cert-manager-1.20', 'distroless-static-nonroot', 'cert-manager', 'quay.io', CERTM_REPOS, minors('v', 1, 20, 21), '65532', ['CERTM']),
  binary('loki', 'distroless-static-nonroot', 'loki', 'docker.io', ['grafana/loki'], [...minors('', 3, 6, 7), 'latest'], '10001', ['LOKI']),
  binary('loki-3.2', 'distroless-static-debug', 'loki', 'docker.io', ['grafana/loki'], minors('', 3, 2, 5), '10001', ['LOKI']),
  binary('loki-alpine', 'alpine', 'loki', 'docker.io', ['grafana/loki'], [...minors('', 2, 9, 9), ...minors('', 3, 0, 1)], '10001', ['LOKI']),
  binary('tempo', 'distroless-static', 'tempo', 'docker.io', ['grafana/tempo'], [...minors('', 2, 9, 9), ...minors('', 3, 0, 0)], '10001', ['TEMPO']),
  binary('tempo-2.8', 'distroless-static-debug', 'tempo', 'docker.io', ['grafana/tempo'], minors('', 2, 8, 8), '10001', ['TEMPO']),
  binary('jaeger', 'alpine', 'jaeger', 'docker.io', ['jaegertracing/jaeger'], [...minors('', 2, 0, 20), ...minors('v', 2, 0, 20), 'latest'], '10001', ['JAEGER']),
  ...[
    ['vector-alpine', 'alpine', 'alpine', 48, 'alpine'],
    ['vector-debian', 'debian-slim', 'debian', 23, 'debian'],
    ['vector-distroless-static', 'distroless-static', 'distroless-static', 11, 'distroless'],
    ['vector-distroless-libc', 'distroless-cc', 'distroless-libc', 38, 'distroless'],
    ['vector-distroless-libc-debian11', 'distroless-cc-debian11', 'distroless-libc', 30, 'distroless'],
  ].map(([id, from, base, first, kw]) => binary(id, from, 'vector', 'docker.io', ['timberio/vector'],
    // <version>-<base>, <minor>.X-<base> (the placeholder takes the X), 0.X-<base> and latest-<base>
    [...minors('', 0, first, id.endsWith('debian11') ? 37 : 57).map((t) => `${t}-${base}`), ...(id.endsWith('debian11') ? [] : [`0.X-${base}`, `latest-${base}`])],
    'root', ['VECTOR'], { keywords: [kw] })),
  ...['victoria-metrics', 'vmagent', 'vmalert', 'vmauth', 'vmbackup', 'vmrestore', 'vmctl'].flatMap((app) => [
    binary(app, 'alpine', app, 'docker.io', [`victoriametrics/${app}`], [...minors('v', 1, 60, 150), 'latest'], 'root', ['VM']),
    binary(`${app}-scratch`, 'scratch', app, 'docker.io', [`victoriametrics/${app}`], minors('v', 1, 120, 150).map((t) => `${t}-scratch`), 'root', ['VM'], { keywords: ['scratch'] }),
  ]),
  ...[['ghcr.io', ''], ['docker.io', '-hub']].map(([registry, s]) =>
    binary(`reloader${s}`, 'distroless-static-nonroot', 'reloader', registry, ['stakater/reloader'], ['v1.<v>', ...minors('v', 0, 0, 0)], '65532', ['RELOADER'])),
  binary('descheduler', 'scratch', 'descheduler', 'registry.k8s.io', ['descheduler/descheduler'], minors('v', 0, 21, 36), '1000', ['DESCHED']),
  ...promImages('statsd-exporter', 'statsd-exporter', minors('v', 0, 22, 30), '65534', 'STATSD'),
  binary('elasticsearch-exporter', 'busybox', 'elasticsearch-exporter', 'quay.io', ['prometheuscommunity/elasticsearch-exporter'], [...minors('v', 1, 2, 11), 'latest'], 'nobody', ['ESEXP', 'PBB']),
  binary('kafka-exporter', 'busybox', 'kafka-exporter', 'docker.io', ['danielqsj/kafka-exporter'], [...minors('v', 1, 8, 9), 'latest'], 'nobody', ['KAFKAEXP', 'PBB']),
  binary('nginx-prometheus-exporter', 'scratch', 'nginx-prometheus-exporter', 'docker.io', ['nginx/nginx-prometheus-exporter'], [...minors('', 1, 4, 5), ...minors('v', 1, 4, 5)], '1001', ['NGXEXP']),
  binary('prometheus-adapter', 'distroless-static', 'prometheus-adapter', 'registry.k8s.io', ['prometheus-adapter/prometheus-adapter'], minors('v', 0, 9, 12), '65534', ['PROMADAPT']),
  ...[['docker.io', 'prom/snmp-exporter', ''], ['quay.io', 'prometheus/snmp-exporter', '-quay']].map(([registry, repo, s]) =>
    binary(`snmp-exporter${s}`, 'busybox', 'snmp-exporter', registry, [repo], [...minors('v', 0, 16, 30), 'latest', 'main', 'master'], 'root', ['SNMPEXP', 'PBB'])),
  binary('vault-k8s', 'alpine', 'vault-k8s', 'docker.io', ['hashicorp/vault-k8s'], minors('', 1, 4, 7), 'vault', ['VAULTK8S']),
  binary('node-feature-discovery', 'scratch', 'node-feature-discovery', 'registry.k8s.io', ['nfd/node-feature-discovery'],
    [...minors('v', 0, 18, 19), ...minors('v', 0, 18, 19).map((t) => `${t}-minimal`)], '65534', ['NFD']),
  ...[
    ['memcached-exporter', 6, 16, 'nobody'], ['consul-exporter', 6, 13, 'nobody'], ['graphite-exporter', 7, 17, 'nobody'],
    ['influxdb-exporter', 3, 12, 'nobody'], ['collectd-exporter', 6, 7, 'root'],
  ].flatMap(([name, from, to, user]) => promImages(name, name, minors('v', 0, from, to), user, 'PROMEXP').filter((e) => !e.id.includes('-distroless'))),
  ...[['json-exporter', 1, 7], ['pgbouncer-exporter', 2, 12], ['stackdriver-exporter', 7, 19]].flatMap(([name, from, to]) =>
    [['quay.io', ''], ['docker.io', '-hub']].map(([registry, s]) =>
      binary(`${name}${s}`, 'busybox', name, registry, [`prometheuscommunity/${name}`], [...minors('v', 0, from, to), 'latest', 'master'], 'nobody', ['PCEXP', 'PBB']))),
  ...['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller', 'image-reflector-controller', 'image-automation-controller'].flatMap((name) =>
    [['ghcr.io', ''], ['docker.io', '-hub']].map(([registry, s]) =>
      binary(`flux-${name}${s}`, 'alpine', `flux-${name}`, registry, [`fluxcd/${name}`], name.startsWith('image-') ? ['v1.<v>', ...minors('v', 0, 34, 41)] : ['v1.<v>'], '65534', ['FLUX'],
        name === 'kustomize-controller' ? { add: [{ tool: 'git', category: 'network', state: 'yes', detail: 'apk add git' }, ...['ssh', 'scp', 'sftp'].map((t) => ({ tool: t, category: 'network', state: 'yes', detail: 'apk add openssh-client' }))] } : {}))),
  binary('argo-rollouts', 'distroless-static', 'argo-rollouts', 'quay.io', ['argoproj/argo-rollouts'], [...minors('v', 1, 9, 9), 'latest'], '999', ['ROLLOUTS']),
  binary('argo-rollouts-1.5', 'distroless-static-debian11', 'argo-rollouts', 'quay.io', ['argoproj/argo-rollouts'], minors('v', 1, 5, 8), '999', ['ROLLOUTS']),
  binary('contour', 'scratch', 'contour', 'ghcr.io', ['projectcontour/contour'], [...minors('v', 0, 11, 15), 'v1.<v>'], 'root', ['CONTOUR']),
  binary('opentelemetry-operator', 'scratch', 'opentelemetry-operator', 'ghcr.io', ['open-telemetry/opentelemetry-operator/opentelemetry-operator'], minors('', 0, 83, 158).concat(minors('v', 0, 83, 158)), '65532', ['OTELOP']),
  binary('kube-webhook-certgen', 'distroless-static-nonroot', 'kube-webhook-certgen', 'registry.k8s.io', ['ingress-nginx/kube-webhook-certgen'], ['v1.<v>'], '65532', ['CERTGEN']),
  ...[['all-in-one', 'all-in-one', 76], ['jaeger-collector', 'collector', 76], ['jaeger-query', 'query', 76], ['jaeger-ingester', 'ingester', 76], ['jaeger-agent', 'agent', 62]].map(([repo, cmd, last]) =>
    binary(`jaeger-${cmd}`, 'alpine', `jaeger-${cmd}`, 'docker.io', [`jaegertracing/${repo}`], [...minors('', 1, 50, last), ...minors('v', 1, 50, last)], '10001', ['JAEGER1'])),
  {
    ...binary('promtail', 'ubuntu-noble', 'promtail', 'docker.io', ['grafana/promtail'], minors('', 3, 2, 6), 'root', ['PROMTAIL'], { variant: 'ubuntu noble (public.ecr.aws)' }),
    maybe: true, maybeNote: 'built on public.ecr.aws/ubuntu/ubuntu:noble, not the docker.io ubuntu:24.04 image whose package list was read',
    baseNote: 'ubuntu noble base (the ubuntu-noble entry)',
  },
  binary('cluster-api', 'distroless-static-nonroot', 'cluster-api', 'registry.k8s.io',
    ['cluster-api/cluster-api-controller', 'cluster-api/kubeadm-bootstrap-controller', 'cluster-api/kubeadm-control-plane-controller'], [...minors('v', 0, 4, 4), ...minors('v', 1, 0, 14)], '65532', ['CAPI']),
  binary('kueue', 'distroless-static-nonroot', 'kueue', 'registry.k8s.io', ['kueue/kueue'], minors('v', 0, 12, 19), '65532', ['KUEUE']),
  binary('oauth2-proxy', 'distroless-static-nonroot', 'oauth2-proxy', 'quay.io', ['oauth2-proxy/oauth2-proxy'], [...minors('v', 7, 6, 15), 'latest'], '65532', ['O2P']),
  binary('oauth2-proxy-alpine', 'alpine', 'oauth2-proxy', 'quay.io', ['oauth2-proxy/oauth2-proxy'], [...minors('v', 7, 6, 15).map((t) => `${t}-alpine`), 'latest-alpine'], 'root', ['O2P'], { keywords: ['alpine'] }),
  ...[['ghcr.io', ''], ['docker.io', '-hub']].flatMap(([registry, s]) => [
    binary(`dex${s}`, 'alpine', 'dex', registry, ['dexidp/dex'], ['v2.45', 'v2.45.<v>', 'v2.45.<v>-alpine', 'latest', 'latest-alpine'], '1001', ['DEX']),
    binary(`dex-distroless${s}`, 'distroless-static-nonroot', 'dex', registry, ['dexidp/dex'], ['v2.45.<v>-distroless', 'latest-distroless'], '1001', ['DEX'], { keywords: ['distroless'] }),
  ]),
  binary('consul-k8s-control-plane', 'alpine', 'consul-k8s', 'docker.io', ['hashicorp/consul-k8s-control-plane'], [...minors('', 1, 6, 9), ...minors('', 2, 0, 0)], '100', ['CONSULK8S'], {
    tools: { openssl: { state: 'yes', detail: 'apk add openssl' } },
  }),
  binary('local-path-provisioner', 'scratch', 'local-path-provisioner', 'docker.io', ['rancher/local-path-provisioner'], ['v0.0.37'], 'root', ['LPP']),
  binary('local-path-provisioner-alpine', 'alpine', 'local-path-provisioner', 'docker.io', ['rancher/local-path-provisioner'],
    Array.from({ length: 16 }, (_, i) => `v0.0.${20 + i}`), 'root', ['LPP']),
  binary('kubernetes-dashboard', 'scratch', 'kubernetes-dashboard', 'docker.io', ['api', 'auth', 'metrics-scraper', 'web'].map((m) => `kubernetesui/dashboard-${m}`), ['1.<v>', 'v1.<v>'], 'nonroot', ['KDASH']),
  {
    ...binary('alloy', 'ubuntu-noble', 'alloy', 'docker.io', ['grafana/alloy'], [...minors('v', 1, 4, 18), 'latest'], 'root', ['ALLOY'], { variant: 'ubuntu noble (public.ecr.aws)' }),
    maybe: true, maybeNote: 'built on public.ecr.aws/ubuntu/ubuntu:noble, not the docker.io ubuntu:24.04 image whose package list was read',
    baseNote: 'ubuntu noble base (the ubuntu-noble entry)',
  },
  ...['loki-canary', 'logcli'].flatMap((name) => [
    binary(name, 'distroless-static-debug', name, 'docker.io', [`grafana/${name}`], [...minors('', 3, 2, 7), 'latest'], 'root', ['LOKITOOLS']),
    binary(`${name}-alpine`, 'alpine', name, 'docker.io', [`grafana/${name}`], [...minors('', 2, 9, 9), ...minors('', 3, 0, 1)], 'root', ['LOKITOOLS']),
  ]),
  binary('tempo-query', 'distroless-static-debug', 'tempo-query', 'docker.io', ['grafana/tempo-query'], [...minors('', 2, 8, 9), ...minors('', 3, 0, 0)], '10001', ['TEMPOTOOLS']),
  binary('tempo-vulture', 'distroless-static', 'tempo-vulture', 'docker.io', ['grafana/tempo-vulture'], [...minors('', 2, 9, 9), ...minors('', 3, 0, 0)], '10001', ['TEMPOTOOLS']),
  binary('tempo-vulture-2.8', 'distroless-static-debug', 'tempo-vulture', 'docker.io', ['grafana/tempo-vulture'], minors('', 2, 8, 8), '10001', ['TEMPOTOOLS']),
];
