// A seeded generator of small workspaces for property tests: manifests whose workloads receive
// Secrets (env, envFrom, volumes, CSI), ServiceAccounts, SecretProviderClasses (in their own files
// and beside workloads), Dockerfiles (shells, network clients, multi-stage, suppressions, no stage),
// skaffold and compose files, a project config file and editor settings. Everything lives under
// gen/ except the config file, which only counts at the workspace root.
import type { WorkspaceSettings } from '../../server/src/core/model.js';

export interface Rng {
  /** In [0, 1). */
  next(): number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)]!, chance: (p) => next() < p };
}

const NAMESPACES = ['gen', 'other'];
const RULES = ['secret-in-shell-image', 'secret-in-network-client-image', 'secret-as-env-var', 'secret-volume-not-csi', 'token-automount-in-unhardened-image', 'shell-form-without-shell'];

function image(r: Rng): string {
  return r.pick([
    `registry.example.com/gen/svc${r.int(4)}:1.${r.int(3)}`,
    `registry.example.com/gen/built${r.int(2)}`,
    `registry.example.com/gen/composed`,
    'nginx:1.27',
    'postgres:16',
    'node:20',
    'gcr.io/distroless/static-debian12',
    'busybox:1.36',
    'unknown.example.com/team/thing:3',
  ]);
}

export function dockerfile(r: Rng): string {
  return r.pick([
    'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl\nCMD ["/app"]\n',
    'FROM node:20\nCOPY . /app\nCMD node /app/index.js\n',
    'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nCMD /app --serve\n',
    'FROM alpine:3.20 AS build\nRUN apk add --no-cache python3\nFROM gcr.io/distroless/static-debian12 AS run\nCOPY --from=build /x /x\nENTRYPOINT ["/x"]\n',
    '# secret-surface-ignore secret-in-network-client-image\nFROM alpine:3.20\nRUN apk add curl \\\n    wget\n',
    'ARG BASE=python:3.12-slim\nFROM $BASE\nRUN pip install requests\n',
    'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n',
    'FROM ubuntu:24.04 AS base\nRUN apt-get install -y netcat-openbsd\nFROM base AS debug\nRUN apt-get install -y bash\nFROM gcr.io/distroless/base-debian12\nCOPY --from=base /bin/app /app\n',
    '',
  ]);
}

function container(r: Rng, name: string, volumes: string[]): string[] {
  const out = [`        - name: ${name}`, `          image: ${image(r)}`];
  if (r.chance(0.5)) out.push('          env:', '            - name: DB_PASSWORD', '              valueFrom:', '                secretKeyRef:', `                  name: db-${r.int(2)}`, '                  key: password');
  if (r.chance(0.3)) out.push('          envFrom:', '            - secretRef:', `                name: api-keys${r.chance(0.5) ? '' : '-2'}`);
  if (volumes.length && r.chance(0.8)) {
    out.push('          volumeMounts:');
    for (const v of volumes) out.push(`            - name: ${v}`, `              mountPath: /mnt/${v}`);
  }
  if (r.chance(0.25)) out.push('          livenessProbe:', '            exec:', '              command: ["sh", "-c", "curl -fs localhost:8080/health"]');
  return out;
}

export function workload(r: Rng, name: string): string {
  const kind = r.pick(['Deployment', 'StatefulSet', 'Pod']);
  const ns = r.pick(NAMESPACES);
  const volumes: string[] = [];
  const volumeLines: string[] = [];
  if (r.chance(0.5)) {
    volumes.push('creds');
    volumeLines.push('        - name: creds', '          secret:', `            secretName: creds-${r.int(2)}`);
  }
  if (r.chance(0.6)) {
    volumes.push('vault');
    volumeLines.push('        - name: vault', '          csi:', '            driver: secrets-store.csi.k8s.io', '            volumeAttributes:', `              secretProviderClass: spc${r.int(3)}`);
  }
  const spec: string[] = [];
  if (r.chance(0.6)) spec.push(`      serviceAccountName: sa${r.int(3)}`);
  if (r.chance(0.3)) spec.push(`      automountServiceAccountToken: ${r.chance(0.5)}`);
  spec.push('      containers:');
  const n = 1 + r.int(2);
  for (let i = 0; i < n; i++) spec.push(...container(r, i === 0 ? 'app' : `side${i}`, volumes));
  if (volumeLines.length) spec.push('      volumes:', ...volumeLines);
  const meta = [`  name: ${name}`, `  namespace: ${ns}`];
  if (r.chance(0.15)) meta.push('  annotations:', `    secret-surface.io/ignore: ${r.pick(RULES)}`);
  const head = [kind === 'Pod' ? 'apiVersion: v1' : 'apiVersion: apps/v1', `kind: ${kind}`, 'metadata:', ...meta, 'spec:'];
  // A Pod's spec is the pod spec; the others hold it under template.
  const body = kind === 'Pod' ? spec.map((l) => l.slice(4)) : ['  template:', '    spec:', ...spec];
  return [...head, ...body].join('\n') + '\n';
}

export function serviceAccount(r: Rng, i: number): string {
  const lines = ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', `  name: sa${i}`, `  namespace: ${r.pick(NAMESPACES)}`];
  if (r.chance(0.7)) lines.push(`automountServiceAccountToken: ${r.chance(0.5)}`);
  return lines.join('\n') + '\n';
}

export function providerClass(r: Rng, i: number): string {
  return [
    'apiVersion: secrets-store.csi.x-k8s.io/v1',
    'kind: SecretProviderClass',
    'metadata:',
    `  name: spc${i}`,
    `  namespace: ${r.pick(NAMESPACES)}`,
    'spec:',
    `  provider: ${r.pick(['vault', 'aws', 'azure'])}`,
    '  parameters:',
    '    roleName: app',
  ].join('\n') + '\n';
}

export function skaffold(r: Rng): string {
  const lines = ['apiVersion: skaffold/v4beta11', 'kind: Config', 'build:', '  artifacts:'];
  for (let j = 0; j < 2; j++) {
    if (r.chance(0.8)) lines.push(`    - image: registry.example.com/gen/built${j}`, `      context: ${r.pick(['b0', 'b1', 'svc2'])}`, '      docker:', `        dockerfile: ${r.pick(['Dockerfile', 'Dockerfile.prod'])}`);
  }
  if (lines.length === 4) lines.push('    []');
  return lines.join('\n') + '\n';
}

export function compose(r: Rng): string {
  return ['services:', '  composed:', '    image: registry.example.com/gen/composed:dev', '    build:', `      context: ./${r.pick(['b0', 'b1', 'svc3'])}`, '      dockerfile: Dockerfile', ''].join('\n');
}

export function projectConfig(r: Rng): string {
  const lines = ['version: 1'];
  if (r.chance(0.5)) lines.push('images:', `  registry.example.com/gen/svc${r.int(4)}: gen/b${r.int(2)}/Dockerfile`);
  if (r.chance(0.6)) lines.push('rules:', `  ${r.pick(RULES)}: ${r.pick(['off', 'error', 'info', 'hint'])}`);
  if (r.chance(0.4)) lines.push('exclude:', `  - "gen/k/w${r.int(6)}.yaml"`);
  if (r.chance(0.3)) lines.push('catalog:', '  - image: unknown.example.com/team/thing', `    shell: ${r.chance(0.5)}`, '    tools: [curl]');
  return lines.join('\n') + '\n';
}

export function settings(r: Rng): WorkspaceSettings {
  const s: WorkspaceSettings = {};
  if (r.chance(0.5)) s.rules = { [r.pick(RULES)]: r.pick(['off', 'warning', 'error'] as const) };
  if (r.chance(0.3)) s.exclude = [r.pick(['gen/svc1/**', 'gen/k/sa.yaml', 'k8s/api.yaml'])];
  if (r.chance(0.3)) s.imageMap = { [`registry.example.com/gen/svc${r.int(4)}`]: `gen/b${r.int(2)}/Dockerfile` };
  if (r.chance(0.1)) s.maxFileBytes = 600;
  return s;
}

/** A generated file for `path` (one of genPaths()). */
export function generate(r: Rng, path: string): string {
  if (path === '.secret-surface.yaml') return projectConfig(r);
  if (path === 'gen/skaffold.yaml') return skaffold(r);
  if (path === 'gen/docker-compose.yaml') return compose(r);
  if (path === 'gen/k/sa.yaml') return [0, 1, 2].map((i) => serviceAccount(r, i)).join('---\n');
  const spc = /^gen\/k\/spc(\d)\.yaml$/.exec(path);
  if (spc) return providerClass(r, Number(spc[1]));
  if (/Dockerfile/.test(path)) return dockerfile(r);
  // A workload file: one to three documents, sometimes with a ServiceAccount or SecretProviderClass beside them.
  const docs = [workload(r, `w${r.int(9)}`)];
  if (r.chance(0.4)) docs.push(workload(r, `w${r.int(9)}`));
  if (r.chance(0.2)) docs.push(providerClass(r, r.int(3)));
  if (r.chance(0.2)) docs.push(serviceAccount(r, r.int(3)));
  return docs.join('---\n');
}

export function genPaths(): string[] {
  return [
    '.secret-surface.yaml',
    'gen/skaffold.yaml',
    'gen/docker-compose.yaml',
    'gen/k/sa.yaml',
    ...[0, 1, 2].map((i) => `gen/k/spc${i}.yaml`),
    ...[0, 1, 2, 3, 4, 5].map((i) => `gen/k/w${i}.yaml`),
    ...[0, 1, 2, 3].map((i) => `gen/svc${i}/Dockerfile`),
    'gen/b0/Dockerfile',
    'gen/b1/Dockerfile',
    'gen/b1/Dockerfile.prod',
  ];
}

/** A small edit of a file's text: flip a boolean, retag an image, add a comment, cut the tail, or drop a document. */
export function mutate(r: Rng, text: string): string {
  const choice = r.int(6);
  if (choice === 0 && /: (true|false)\b/.test(text)) return text.replace(/: (true|false)\b/, (_m, b: string) => `: ${b === 'true' ? 'false' : 'true'}`);
  if (choice === 1 && /image: \S+/.test(text)) return text.replace(/image: \S+/, `image: ${image(r)}`);
  if (choice === 2) {
    const lines = text.split('\n');
    return lines.slice(0, Math.max(1, r.int(lines.length))).join('\n') + '\n';
  }
  if (choice === 3 && text.includes('---\n')) return text.split('---\n').slice(1).join('---\n');
  if (choice === 4 && /FROM \S+/.test(text)) return text.replace(/FROM \S+/, `FROM ${r.pick(['debian:12-slim', 'gcr.io/distroless/static-debian12', 'node:20', 'alpine:3.20'])}`);
  return `# edited ${r.int(1000)}\n${text}`;
}
