// Writes policy reports into the cluster with @kubernetes/client-node (server-side apply, one field
// manager), and builds the kubeconfig of the in-cluster mode from the pod's service-account files.
// Only reports are written; nothing here reads Secrets. Failures are one-line ClusterCheckErrors that
// say what to install or grant.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { ClusterCheckError } from './kube-errors.js';
import { loadKubeConfig } from './kube-config.js';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
export const IN_CLUSTER_CONTEXT = 'in-cluster';
const FIELD_MANAGER = 'secret-surface';

/**
 * A kubeconfig for the pod's own service account (token, ca.crt, namespace under `dir`; the API server from
 * KUBERNETES_SERVICE_HOST/PORT). Read afresh on every call, so a rotated projected token is picked up.
 */
export function inClusterKubeconfig(dir: string = SERVICE_ACCOUNT_DIR, env: NodeJS.ProcessEnv = process.env): { path: string; namespace?: string; dispose(): void } {
  const host = env['KUBERNETES_SERVICE_HOST'];
  const port = env['KUBERNETES_SERVICE_PORT'] ?? '443';
  if (!host) throw new ClusterCheckError({ kind: 'bad-kubeconfig', message: '--in-cluster: KUBERNETES_SERVICE_HOST is not set (not running in a pod?).' });
  const read = (name: string, required: boolean): string | undefined => {
    try {
      return readFileSync(join(dir, name), 'utf8').trim();
    } catch {
      if (required) throw new ClusterCheckError({ kind: 'bad-kubeconfig', message: `--in-cluster: no service-account ${name} at ${join(dir, name)} (is automountServiceAccountToken off?).` });
      return undefined;
    }
  };
  const token = read('token', true)!;
  const ca = read('ca.crt', true)!;
  const namespace = read('namespace', false);
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const out = mkdtempSync(join(tmpdir(), 'secret-surface-incluster-'));
  const path = join(out, 'kubeconfig');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: IN_CLUSTER_CONTEXT, cluster: { server, 'certificate-authority-data': Buffer.from(ca + '\n').toString('base64') } }],
    users: [{ name: IN_CLUSTER_CONTEXT, user: { token } }],
    contexts: [{ name: IN_CLUSTER_CONTEXT, context: { cluster: IN_CLUSTER_CONTEXT, user: IN_CLUSTER_CONTEXT, ...(namespace ? { namespace } : {}) } }],
    'current-context': IN_CLUSTER_CONTEXT,
  };
  writeFileSync(path, JSON.stringify(config), { mode: 0o600 });
  return { path, ...(namespace ? { namespace } : {}), dispose: () => rmSync(out, { recursive: true, force: true }) };
}

/** Server-side applies each report; returns how many were written. */
export async function writeReports(kubeconfig: string | undefined, context: string, reports: readonly KubernetesObject[]): Promise<number> {
  const kc: KubeConfig = loadKubeConfig(kubeconfig);
  kc.setCurrentContext(context);
  const api = KubernetesObjectApi.makeApiClient(kc);
  let n = 0;
  for (const r of reports) {
    const where = `${r.kind} ${r.metadata?.namespace ? `${r.metadata.namespace}/` : ''}${r.metadata?.name ?? ''}`;
    try {
      await api.patch(r, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
      n++;
    } catch (err) {
      const code = (err as { code?: number; statusCode?: number }).code ?? (err as { statusCode?: number }).statusCode;
      const text = String((err as Error).message ?? err);
      if (code === 404 || /404|could not find the requested resource|not found/i.test(text)) {
        throw new ClusterCheckError({ kind: 'api', message: `The API server does not serve ${r.apiVersion} ${r.kind}: install its CustomResourceDefinition (see docs/in-cluster.md) before --write-reports.` });
      }
      if (code === 403 || /403|forbidden/i.test(text)) {
        throw new ClusterCheckError({ kind: 'forbidden', message: `Not allowed to write ${where}: grant create/patch on ${(r.kind ?? "report").toLowerCase()}s (docs/in-cluster.yaml).` });
      }
      throw new ClusterCheckError({ kind: 'unreachable', message: `Writing ${where} failed: ${text.split('\n', 1)[0]!.slice(0, 300)}` });
    }
  }
  return n;
}
