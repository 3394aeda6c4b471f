// Generates a synthetic monorepo for the benchmarks: manifests of every workload kind and Secret
// channel, Dockerfiles of several shapes, and skaffold/compose files that link images to them.
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ReplicaSet'] as const;
const BASES = ['node:20', 'node:20-slim', 'python:3.12-slim', 'golang:1.24', 'debian:13-slim', 'alpine:3.20', 'eclipse-temurin:21-jre', 'ubuntu:24.04'];

function podSpec(i: number, service: number, indent: string): string {
  const ch = i % 5;
  const secretBits = [
    `          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef: { name: db-${i % 97}, key: password }\n            - name: MODE\n              value: prod`,
    `          envFrom:\n            - secretRef: { name: app-${i % 89} }`,
    `          volumeMounts:\n            - { name: creds, mountPath: /etc/creds, readOnly: true }`,
    `          volumeMounts:\n            - { name: proj, mountPath: /etc/proj }`,
    `          volumeMounts:\n            - { name: vault, mountPath: /mnt/vault, readOnly: true }`,
  ][ch]!;
  const volumes = [
    '',
    '',
    `      volumes:\n        - name: creds\n          secret: { secretName: creds-${i % 83} }`,
    `      volumes:\n        - name: proj\n          projected:\n            sources:\n              - secret: { name: proj-${i % 79} }\n              - serviceAccountToken: { path: token }`,
    `      volumes:\n        - name: vault\n          csi:\n            driver: secrets-store.csi.k8s.io\n            readOnly: true\n            volumeAttributes: { secretProviderClass: spc-${i % 71} }`,
  ][ch]!;
  const body = [
    `      serviceAccountName: sa-${i % 50}`,
    i % 3 === 0 ? '      automountServiceAccountToken: false' : '',
    '      containers:',
    `        - name: app`,
    `          image: registry.example.com/mono/svc-${service}:${i % 7}.0`,
    '          ports:\n            - containerPort: 8080',
    secretBits,
    i % 4 === 0 ? '          livenessProbe:\n            exec:\n              command: ["sh", "-c", "test -f /tmp/ok"]' : '',
    '        - name: sidecar',
    `          image: ${BASES[i % BASES.length]}`,
    volumes,
  ]
    .filter(Boolean)
    .join('\n');
  return body.split('\n').map((l) => indent + l).join('\n');
}

function manifest(i: number, service: number): string {
  const kind = KINDS[i % KINDS.length]!;
  const meta = `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: wl-${i}\n  namespace: ns-${i % 20}\n  labels: { app: wl-${i}, tier: backend }\n`;
  if (kind === 'Pod') return `${meta}spec:\n${podSpec(i, service, '').replace(/^ {6}/gm, '  ')}\n`;
  if (kind === 'CronJob')
    return `${meta}spec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n${podSpec(i, service, '    ')}\n`;
  return `${meta}spec:\n  replicas: 2\n  selector:\n    matchLabels: { app: wl-${i} }\n  template:\n    metadata:\n      labels: { app: wl-${i} }\n    spec:\n${podSpec(i, service, '')}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa-${i % 50}\n  namespace: ns-${i % 20}\n${i % 2 ? 'automountServiceAccountToken: false\n' : ''}`;
}

function dockerfile(i: number): string {
  const base = BASES[i % BASES.length]!;
  switch (i % 4) {
    case 0:
      return `FROM ${base}\nWORKDIR /app\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl ca-certificates \\\n && rm -rf /var/lib/apt/lists/*\nCOPY . .\nUSER 1000\nCMD ["./app"]\n`;
    case 1:
      return `ARG GO=1.24\nFROM golang:\${GO} AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n\nFROM gcr.io/distroless/static-debian13:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n`;
    case 2:
      return `FROM alpine:3.20\nRUN apk add --no-cache curl bash\nCOPY app /app\nENTRYPOINT /app\n`;
    default:
      return `FROM ${base} AS base\nRUN <<EOF\napt-get update\napt-get install -y wget\nEOF\nFROM base\nHEALTHCHECK CMD wget -q -O- localhost:8080\nCMD node server.js\n`;
  }
}

export interface GeneratedRepo {
  root: string;
  manifests: number;
  dockerfiles: number;
}

export function generateMonorepo(root: string, manifests = 10_000, dockerfiles = 1_000): GeneratedRepo {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const artifacts: string[] = [];
  const services: string[] = [];
  for (let s = 0; s < dockerfiles; s++) {
    const dir = join(root, 'services', `svc-${s}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'Dockerfile'), dockerfile(s));
    if (s % 2 === 0) artifacts.push(`    - image: registry.example.com/mono/svc-${s}\n      context: services/svc-${s}`);
    else services.push(`  svc-${s}:\n    image: registry.example.com/mono/svc-${s}\n    build: ./services/svc-${s}`);
  }
  writeFileSync(join(root, 'skaffold.yaml'), `apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n${artifacts.join('\n')}\n`);
  writeFileSync(join(root, 'compose.yaml'), `services:\n${services.join('\n')}\n`);
  for (let i = 0; i < manifests; i++) {
    const dir = join(root, 'deploy', `team-${i % 40}`);
    if (i < 40) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `wl-${i}.yaml`), manifest(i, i % dockerfiles));
  }
  return { root, manifests, dockerfiles };
}

/**
 * A workspace whose images are built by scripts: `services` service directories, each with a
 * Dockerfile and a manifest; even ones are built by their own Makefile (`$(REGISTRY)` with a `?=`
 * default), odd ones by a GitHub Actions workflow of their own (build-push-action with workflow env).
 */
export function generateScriptRepo(root: string, services = 1_000): GeneratedRepo {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
  mkdirSync(join(root, 'deploy'), { recursive: true });
  for (let s = 0; s < services; s++) {
    const dir = join(root, 'services', `svc-${s}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'Dockerfile'), dockerfile(s));
    if (s % 2 === 0) {
      writeFileSync(join(dir, 'Makefile'), `REGISTRY ?= registry.example.com/mono\nTAG ?= dev\nIMG := $(REGISTRY)/svc-${s}:$(TAG)\n\n.PHONY: image\nimage:\n\tdocker build -t $(IMG) \\\n\t  -f Dockerfile .\n`);
    } else {
      writeFileSync(
        join(root, '.github', 'workflows', `svc-${s}.yml`),
        `name: svc-${s}\non: push\nenv:\n  REGISTRY: registry.example.com/mono\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/build-push-action@v6\n        with:\n          context: services/svc-${s}\n          tags: \${{ env.REGISTRY }}/svc-${s}:\${{ github.sha }}\n`,
      );
    }
    writeFileSync(join(root, 'deploy', `svc-${s}.yaml`), manifest(s, s));
  }
  return { root, manifests: services, dockerfiles: services };
}
