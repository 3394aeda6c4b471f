// The cluster the cluster-check suites look at: every Secret channel, every workload kind, the RBAC of
// docs/cluster-rbac.yaml as written, a namespace that Role is not bound in, and one where Jobs are not readable.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { Cluster } from './kube-cluster.js';
import {
  applyRbac,
  createCronJob,
  createDaemonSet,
  createDeployment,
  createJob,
  createPod,
  createReplicaSet,
  createSecret,
  createServiceAccount,
  createStatefulSet,
  ensureNamespace,
  type PodSpec,
  type SeededPod,
} from './kube-seed.js';

/** docs/cluster-rbac.yaml, parsed (compiled tests live in build/test/e2e/support). */
export function rbacDocs(): any[] {
  const text = readFileSync(new URL('../../../../docs/cluster-rbac.yaml', import.meta.url), 'utf8');
  return parseAllDocuments(text).map((d) => d.toJS());
}

export interface Scenario {
  pods: SeededPod[];
  /** Namespaces the documented Role is bound in. */
  readable: string[];
  /** A namespace with workloads but no binding: must come back `forbidden`. */
  forbidden: string;
  /** Bound to the documented Role minus `get jobs`. */
  noJobs: string;
  /** The values of every Secret created, so tests can assert none of them ever shows up. */
  secretValues: string[];
}

export const IMAGES = {
  api: 'registry.example.test/shop/api:1.4.2',
  db: 'docker.io/library/postgres:16.3',
  agent: 'docker.io/library/busybox:1.36',
  debug: 'docker.io/library/alpine:3.20',
  report: 'docker.io/library/python:3.12-slim',
  csi: 'registry.example.test/shop/payments:2.0.0',
  legacy: 'docker.io/library/nginx:1.27',
};

export async function seedScenario(c: Cluster): Promise<Scenario> {
  const shop = 'shop';
  const batch = 'batch';
  const noJobs = 'nightly';
  const forbidden = 'vault';
  for (const ns of [shop, batch, noJobs, forbidden, 'default']) await ensureNamespace(c, ns);

  // The documented RBAC exactly as written (its RoleBinding targets `default`), then the same RoleBinding
  // in each namespace to check, as the file tells users to do.
  const docs = rbacDocs();
  await applyRbac(c, docs);
  const binding = docs.find((d) => d.kind === 'RoleBinding');
  for (const ns of [shop, batch]) await applyRbac(c, [binding], ns);
  // nightly: the same rules without the optional `get jobs`.
  const reader = docs.find((d) => d.kind === 'ClusterRole' && d.metadata.name === 'secret-surface-reader');
  const noJobRules = reader.rules.filter((r: { apiGroups: string[] }) => !r.apiGroups.includes('batch'));
  await applyRbac(
    c,
    [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'secret-surface-reader-no-jobs' }, rules: noJobRules },
      { ...binding, roleRef: { ...binding.roleRef, kind: 'Role', name: 'secret-surface-reader-no-jobs' } },
    ],
    noJobs,
  );

  const secretValues = ['pa55-w0rd-db', 'tls-key-material', 'api-key-0042', 'report-token-77', 'vault-root-token'];
  await createSecret(c, shop, 'db', { password: secretValues[0]! });
  await createSecret(c, shop, 'tls', { 'tls.key': secretValues[1]! });
  await createSecret(c, shop, 'api-keys', { STRIPE_KEY: secretValues[2]! });
  await createSecret(c, batch, 'report', { TOKEN: secretValues[3]! });
  await createSecret(c, forbidden, 'root', { token: secretValues[4]! });
  await createServiceAccount(c, shop, 'api', false);

  const pods: SeededPod[] = [];
  const env = (secret: string, key: string): unknown[] => [
    { name: key.toUpperCase().replace(/[^A-Z0-9]/g, '_'), valueFrom: { secretKeyRef: { name: secret, key } } },
  ];
  // env
  pods.push(...(await createDeployment(c, shop, 'api', { serviceAccountName: 'api', containers: [{ name: 'api', image: IMAGES.api, env: env('db', 'password') }] }, 2)));
  // secret volume
  pods.push(
    ...(await createStatefulSet(c, shop, 'db', {
      containers: [{ name: 'postgres', image: IMAGES.db, volumeMounts: [{ name: 'tls', mountPath: '/etc/tls', readOnly: true }] }],
      volumes: [{ name: 'tls', secret: { secretName: 'tls' } }],
    })),
  );
  // projected
  pods.push(
    ...(await createDaemonSet(c, shop, 'agent', {
      containers: [{ name: 'agent', image: IMAGES.agent, volumeMounts: [{ name: 'creds', mountPath: '/creds' }] }],
      volumes: [{ name: 'creds', projected: { sources: [{ secret: { name: 'api-keys', items: [{ key: 'STRIPE_KEY', path: 'stripe' }] } }] } }],
    })),
  );
  // envFrom
  // (applied with kubectl, as bare pods usually are: the last-applied copy must not travel with the snapshot)
  const debugSpec: PodSpec = { containers: [{ name: 'shell', image: IMAGES.debug, envFrom: [{ secretRef: { name: 'api-keys' } }] }] };
  await createPod(c, shop, 'debug', debugSpec, {
    annotations: { team: 'tools', 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ kind: 'Pod', spec: debugSpec }) },
  });
  pods.push({ namespace: shop, name: 'debug', ownerKind: 'Pod', ownerName: 'debug' });
  // CSI volume referencing a SecretProviderClass (the CRD itself is not needed to create the pod)
  pods.push(
    ...(await createDeployment(c, shop, 'payments', {
      containers: [{ name: 'payments', image: IMAGES.csi, volumeMounts: [{ name: 'vault', mountPath: '/mnt/secrets', readOnly: true }] }],
      volumes: [{ name: 'vault', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'vault-payments' } } }],
    })),
  );
  pods.push(...(await createReplicaSet(c, shop, 'legacy', { containers: [{ name: 'web', image: IMAGES.legacy, env: env('db', 'password') }] })));
  // Jobs and CronJobs
  pods.push(...(await createCronJob(c, batch, 'report', { containers: [{ name: 'report', image: IMAGES.report, envFrom: [{ secretRef: { name: 'report' } }] }] })));
  pods.push(...(await createJob(c, batch, 'migrate', { containers: [{ name: 'migrate', image: IMAGES.api, env: env('report', 'TOKEN') }] })));
  const nightly = await createCronJob(c, noJobs, 'cleanup', { containers: [{ name: 'cleanup', image: IMAGES.debug }] });
  pods.push(...nightly);
  pods.push(...(await createDeployment(c, forbidden, 'vault-agent', { containers: [{ name: 'agent', image: IMAGES.agent, env: env('root', 'token') }] })));
  return { pods, readable: ['default', shop, batch, noJobs], forbidden, noJobs, secretValues };
}
