// After an edit the join checks only the partitions that read a changed input (analysis/join.ts
// JoinState): the Dockerfile a manifest's image is built from, the ServiceAccount, SecretProviderClass
// or Secret source it looks up, the users of a Dockerfile. These edits move those inputs between
// files — add, remove, rename, change what a partition reads — and after each one the result must
// equal a fresh analysis of the same files, and partitions that read none of it must be kept as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/core/workspace.js';
import { canonical } from '../support/workspace.js';


function fresh(files: ReadonlyMap<string, string>): string[] {
  const ws = new Workspace();
  for (const [p, t] of files) ws.setFile(p, t);
  return canonical(ws.analyze());
}

const workload = (name: string, image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  template:
    spec:
      serviceAccountName: runner
      containers:
        - name: app
          image: ${image}
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: { name: db, key: password }
          volumeMounts:
            - { name: vault, mountPath: /mnt/vault, readOnly: true }
${extra}      volumes:
        - name: vault
          csi:
            driver: secrets-store.csi.k8s.io
            readOnly: true
            volumeAttributes: { secretProviderClass: vault-db }
`;

const SPC = `apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: vault-db
  namespace: shop
spec:
  provider: vault
  secretObjects:
    - secretName: db
      type: Opaque
      data:
        - { objectName: password, key: password }
`;
const SA = (automount: boolean) => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: runner
  namespace: shop
automountServiceAccountToken: ${automount}
`;
const SKAFFOLD = (dir: string) => `apiVersion: skaffold/v4beta11
kind: Config
build:
  artifacts:
    - image: registry.example.com/shop/api
      context: ${dir}
`;

function start(): { ws: Workspace; files: Map<string, string> } {
  const files = new Map<string, string>([
    ['k8s/api.yaml', workload('api', 'registry.example.com/shop/api:1.0')],
    ['k8s/worker.yaml', workload('worker', 'registry.example.com/shop/worker:1.0')],
    ['k8s/other.yaml', workload('other', 'alpine:3.20').replace('namespace: shop', 'namespace: other')],
    ['k8s/spc.yaml', SPC],
    ['k8s/sa.yaml', SA(true)],
    ['services/api/Dockerfile', 'FROM node:20\nCMD ["node", "server.js"]\n'],
    ['services/worker/Dockerfile', 'FROM python:3.12-slim\nCMD ["python", "worker.py"]\n'],
    ['skaffold.yaml', SKAFFOLD('services/api')],
  ]);
  const ws = new Workspace();
  for (const [p, t] of files) ws.setFile(p, t);
  return { ws, files };
}

type Step = [string, (files: Map<string, string>) => void];
const set = (path: string, text: string): Step => [`set ${path}`, (f) => void f.set(path, text)];
const remove = (path: string): Step => [`remove ${path}`, (f) => void f.delete(path)];
const rename = (from: string, to: string): Step => [
  `rename ${from} → ${to}`,
  (f) => {
    f.set(to, f.get(from)!);
    f.delete(from);
  },
];

const STEPS: Step[] = [
  remove('k8s/spc.yaml'),
  set('k8s/spc.yaml', SPC),
  rename('k8s/spc.yaml', 'k8s/z-spc.yaml'),
  set('k8s/a-spc.yaml', SPC.replace('provider: vault', 'provider: azure')),
  remove('k8s/a-spc.yaml'),
  set('k8s/sa.yaml', SA(false)),
  rename('k8s/sa.yaml', 'k8s/a/sa.yaml'),
  remove('k8s/a/sa.yaml'),
  set('k8s/sa.yaml', SA(true)),
  set('services/api/Dockerfile', 'FROM gcr.io/distroless/nodejs22-debian13:nonroot\nCMD ["server.js"]\n'),
  remove('services/worker/Dockerfile'),
  set('services/worker/Dockerfile', 'FROM alpine:3.20\nRUN apk add --no-cache curl\n'),
  rename('services/api/Dockerfile', 'services/api2/Dockerfile'),
  set('skaffold.yaml', SKAFFOLD('services/api2')),
  remove('skaffold.yaml'),
  set('skaffold.yaml', SKAFFOLD('services/worker')),
  // What a partition reads changes: the workload moves to another namespace, another image, another class.
  set('k8s/api.yaml', workload('api', 'registry.example.com/shop/api:1.0').replace('namespace: shop', 'namespace: other')),
  set('k8s/api.yaml', workload('api', 'registry.example.com/shop/worker:2.0')),
  set('k8s/worker.yaml', workload('worker', 'registry.example.com/shop/worker:1.0').replace('secretProviderClass: vault-db', 'secretProviderClass: missing')),
  set('k8s/spc.yaml', `${SPC}---\n${SA(false)}`),
  remove('k8s/z-spc.yaml'),
  set('services/worker/Dockerfile', 'FROM node:20\n'),
];

test('after each added, removed or renamed input the result equals a fresh analysis', () => {
  const { ws, files } = start();
  ws.analyze();
  for (const [name, apply] of STEPS) {
    const before = new Map(files);
    apply(files);
    for (const p of before.keys()) if (!files.has(p)) ws.removeFile(p);
    for (const [p, t] of files) if (before.get(p) !== t) ws.setFile(p, t);
    assert.deepEqual(canonical(ws.analyze()), fresh(files), `after ${name}`);
  }
});

test('a Dockerfile edit keeps the partitions that do not read it, and a ServiceAccount edit those that do not look it up', () => {
  const { ws, files } = start();
  const first = ws.analyze().partitions!;
  ws.setFile('services/worker/Dockerfile', 'FROM alpine:3.20\nRUN apk add --no-cache curl\n');
  const second = ws.analyze().partitions!;
  assert.equal(second.get('k8s/api.yaml'), first.get('k8s/api.yaml'));
  assert.equal(second.get('k8s/other.yaml'), first.get('k8s/other.yaml'));
  assert.equal(second.get('services/api/Dockerfile'), first.get('services/api/Dockerfile'));
  // worker.yaml runs the image services/worker builds (by convention): recomputed, with the new base's findings.
  assert.notEqual(second.get('k8s/worker.yaml'), first.get('k8s/worker.yaml'));
  assert.ok(second.get('k8s/worker.yaml')!.some((f) => f.rule === 'secret-in-shell-image'));

  ws.setFile('k8s/sa.yaml', SA(false));
  files.set('services/worker/Dockerfile', 'FROM alpine:3.20\nRUN apk add --no-cache curl\n');
  files.set('k8s/sa.yaml', SA(false));
  const third = ws.analyze();
  // other.yaml's workload is in another namespace: it never looked up shop/runner.
  assert.equal(third.partitions!.get('k8s/other.yaml'), second.get('k8s/other.yaml'));
  assert.notEqual(third.partitions!.get('k8s/api.yaml'), second.get('k8s/api.yaml'));
  assert.deepEqual(canonical(third), fresh(files));
});
