// Seeds a controller-less API server the way controllers would have: workloads, the ReplicaSets/Jobs/Pods they
// own (ownerReferences, pod-template-hash labels, generated names), and running container statuses with image
// digests, so the cluster check sees what it would see on a real cluster.
import { createHash } from 'node:crypto';
import type { Cluster } from './kube-cluster.js';

export type PodSpec = Record<string, unknown> & { containers: { name: string; image: string; [k: string]: unknown }[] };

export interface SeededPod {
  namespace: string;
  name: string;
  ownerKind: string;
  ownerName: string;
}

async function must(c: Cluster, method: string, path: string, body?: unknown, contentType?: string): Promise<any> {
  const r = await c.request(method, path, body, contentType ? { contentType } : {});
  if (r.status >= 300) throw new Error(`${method} ${path} -> ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
  return r.body;
}

/** Like `must`, but an existing object is fine (seeding twice is harmless). */
async function create(c: Cluster, path: string, body: unknown): Promise<any> {
  const r = await c.request('POST', path, body);
  if (r.status === 409) {
    const name = (body as { metadata: { name: string } }).metadata.name;
    return must(c, 'GET', `${path}/${name}`);
  }
  if (r.status >= 300) throw new Error(`POST ${path} -> ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
  return r.body;
}

/** The alphabet Kubernetes uses for generated names and hashes (no vowels, no look-alikes). */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

function safeHash(input: string, length: number): string {
  const h = createHash('sha256').update(input).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += SAFE[h[i]! % SAFE.length];
  return out;
}

let counter = 0;
function suffix(seed: string): string {
  return safeHash(`${seed}/${++counter}`, 5);
}

function ownerRef(apiVersion: string, kind: string, obj: { metadata: { name: string; uid: string } }) {
  return { apiVersion, kind, name: obj.metadata.name, uid: obj.metadata.uid, controller: true, blockOwnerDeletion: true };
}

/** A namespace with its `default` ServiceAccount (no controller manager creates it, and pod admission needs it). */
export async function ensureNamespace(c: Cluster, name: string): Promise<void> {
  await create(c, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  await create(c, `/api/v1/namespaces/${name}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
}

export async function createServiceAccount(c: Cluster, namespace: string, name: string, automount?: boolean): Promise<void> {
  await create(c, `/api/v1/namespaces/${namespace}/serviceaccounts`, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name },
    ...(automount !== undefined ? { automountServiceAccountToken: automount } : {}),
  });
}

export async function createSecret(c: Cluster, namespace: string, name: string, data: Record<string, string>): Promise<void> {
  await create(c, `/api/v1/namespaces/${namespace}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name }, stringData: data });
}

/** A fake but well-formed running digest for an image, stable per image name. */
export function imageIdFor(image: string): string {
  const repo = image.replace(/[:@].*$/, '');
  return `${repo}@sha256:${createHash('sha256').update(image).digest('hex')}`;
}

/**
 * Creates a Pod (bound to a node, as the scheduler would) and reports its containers running: the kubelet's
 * status update, via the status subresource.
 */
export async function createPod(
  c: Cluster,
  namespace: string,
  name: string,
  spec: PodSpec,
  meta: { labels?: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: unknown[] } = {},
  imageIDs?: Record<string, string>,
): Promise<any> {
  const pod = await create(c, `/api/v1/namespaces/${namespace}/pods`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...meta },
    spec: { nodeName: 'node-1', ...spec },
  });
  const now = new Date().toISOString();
  const status = (list: { name: string; image: string }[] | undefined, init = false) =>
    (list ?? []).map((ct) => ({
      name: ct.name,
      image: ct.image,
      imageID: imageIDs?.[ct.name] ?? imageIdFor(ct.image),
      ready: !init,
      restartCount: 0,
      started: !init,
      state: init ? { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } } : { running: { startedAt: now } },
    }));
  await must(
    c,
    'PATCH',
    `/api/v1/namespaces/${namespace}/pods/${name}/status`,
    {
      status: {
        phase: 'Running',
        containerStatuses: status(spec.containers),
        ...(Array.isArray(spec['initContainers']) ? { initContainerStatuses: status(spec['initContainers'] as PodSpec['containers'], true) } : {}),
      },
    },
    'application/merge-patch+json',
  );
  return pod;
}

function template(labels: Record<string, string>, spec: PodSpec) {
  return { metadata: { labels }, spec };
}

/** Deployment → ReplicaSet `<name>-<hash>` → pods `<rs>-<5>`, all with the controller's labels and refs. */
export async function createDeployment(c: Cluster, namespace: string, name: string, spec: PodSpec, replicas = 1): Promise<SeededPod[]> {
  const labels = { app: name };
  const dep = await create(c, `/apis/apps/v1/namespaces/${namespace}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: { replicas, selector: { matchLabels: labels }, template: template(labels, spec) },
  });
  const hash = safeHash(JSON.stringify(spec), 10);
  const rsLabels = { ...labels, 'pod-template-hash': hash };
  const rsName = `${name}-${hash}`;
  const rs = await create(c, `/apis/apps/v1/namespaces/${namespace}/replicasets`, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: rsName, labels: rsLabels, ownerReferences: [ownerRef('apps/v1', 'Deployment', dep)] },
    spec: { replicas, selector: { matchLabels: rsLabels }, template: template(rsLabels, spec) },
  });
  const out: SeededPod[] = [];
  for (let i = 0; i < replicas; i++) {
    const podName = `${rsName}-${suffix(rsName)}`;
    await createPod(c, namespace, podName, spec, { labels: rsLabels, ownerReferences: [ownerRef('apps/v1', 'ReplicaSet', rs)] });
    out.push({ namespace, name: podName, ownerKind: 'Deployment', ownerName: name });
  }
  return out;
}

/** A ReplicaSet nobody's Deployment owns (its pods carry no pod-template-hash). */
export async function createReplicaSet(c: Cluster, namespace: string, name: string, spec: PodSpec): Promise<SeededPod[]> {
  const labels = { app: name };
  const rs = await create(c, `/apis/apps/v1/namespaces/${namespace}/replicasets`, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, labels },
    spec: { replicas: 1, selector: { matchLabels: labels }, template: template(labels, spec) },
  });
  const podName = `${name}-${suffix(name)}`;
  await createPod(c, namespace, podName, spec, { labels, ownerReferences: [ownerRef('apps/v1', 'ReplicaSet', rs)] });
  return [{ namespace, name: podName, ownerKind: 'ReplicaSet', ownerName: name }];
}

export async function createStatefulSet(c: Cluster, namespace: string, name: string, spec: PodSpec, replicas = 1): Promise<SeededPod[]> {
  const labels = { app: name };
  const sts = await create(c, `/apis/apps/v1/namespaces/${namespace}/statefulsets`, {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, labels },
    spec: { replicas, serviceName: name, selector: { matchLabels: labels }, template: template(labels, spec) },
  });
  const revision = `${name}-${safeHash(JSON.stringify(spec), 10)}`;
  const out: SeededPod[] = [];
  for (let i = 0; i < replicas; i++) {
    const podName = `${name}-${i}`;
    await createPod(c, namespace, podName, spec, {
      labels: { ...labels, 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': podName },
      ownerReferences: [ownerRef('apps/v1', 'StatefulSet', sts)],
    });
    out.push({ namespace, name: podName, ownerKind: 'StatefulSet', ownerName: name });
  }
  return out;
}

export async function createDaemonSet(c: Cluster, namespace: string, name: string, spec: PodSpec): Promise<SeededPod[]> {
  const labels = { app: name };
  const ds = await create(c, `/apis/apps/v1/namespaces/${namespace}/daemonsets`, {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, labels },
    spec: { selector: { matchLabels: labels }, template: template(labels, spec) },
  });
  const podName = `${name}-${suffix(name)}`;
  await createPod(c, namespace, podName, spec, {
    labels: { ...labels, 'controller-revision-hash': safeHash(JSON.stringify(spec), 10) },
    ownerReferences: [ownerRef('apps/v1', 'DaemonSet', ds)],
  });
  return [{ namespace, name: podName, ownerKind: 'DaemonSet', ownerName: name }];
}

/** A Job and its pod; `owner` makes it a CronJob's Job. The API server fills in the selector and controller-uid labels. */
export async function createJob(
  c: Cluster,
  namespace: string,
  name: string,
  spec: PodSpec,
  owner?: { metadata: { name: string; uid: string } },
): Promise<SeededPod[]> {
  const job = await create(c, `/apis/batch/v1/namespaces/${namespace}/jobs`, {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, ...(owner ? { ownerReferences: [ownerRef('batch/v1', 'CronJob', owner)] } : {}) },
    spec: { template: { spec: { restartPolicy: 'Never', ...spec } } },
  });
  const labels: Record<string, string> = { ...(job.spec?.template?.metadata?.labels ?? {}), 'job-name': name };
  const podName = `${name}-${suffix(name)}`;
  await createPod(c, namespace, podName, { restartPolicy: 'Never', ...spec }, { labels, ownerReferences: [ownerRef('batch/v1', 'Job', job)] });
  return [{ namespace, name: podName, ownerKind: owner ? 'CronJob' : 'Job', ownerName: owner ? owner.metadata.name : name }];
}

/** CronJob → Job `<name>-<scheduled minute>` → pod, as the CronJob controller names them. */
export async function createCronJob(c: Cluster, namespace: string, name: string, spec: PodSpec): Promise<SeededPod[]> {
  const cron = await create(c, `/apis/batch/v1/namespaces/${namespace}/cronjobs`, {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', ...spec } } } } },
  });
  const minute = Math.floor(Date.now() / 60_000);
  return createJob(c, namespace, `${name}-${minute}`, spec, cron);
}

export async function createBarePod(c: Cluster, namespace: string, name: string, spec: PodSpec): Promise<SeededPod[]> {
  await createPod(c, namespace, name, spec);
  return [{ namespace, name, ownerKind: 'Pod', ownerName: name }];
}

/** Creates every object of a multi-document RBAC file (parsed), optionally into another namespace. */
export async function applyRbac(c: Cluster, docs: any[], namespaceOverride?: string): Promise<void> {
  for (const d of docs) {
    if (!d) continue;
    const kind = d.kind as string;
    const plural = { ClusterRole: 'clusterroles', ClusterRoleBinding: 'clusterrolebindings', Role: 'roles', RoleBinding: 'rolebindings' }[kind];
    if (!plural) throw new Error(`unexpected kind ${kind} in RBAC file`);
    const namespaced = kind === 'Role' || kind === 'RoleBinding';
    const ns = namespaceOverride ?? d.metadata.namespace;
    const body = namespaced ? { ...d, metadata: { ...d.metadata, namespace: ns } } : d;
    const path = namespaced ? `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/${plural}` : `/apis/rbac.authorization.k8s.io/v1/${plural}`;
    await create(c, path, body);
  }
}

/** Runs `fn` over `items` with at most `limit` in flight (seeding thousands of objects). */
export async function pool<T>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
