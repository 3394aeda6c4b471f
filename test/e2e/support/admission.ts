// Helpers for the admission suites: server-side apply of generated objects, requests that keep the
// API server's Warning headers, and polling with a deadline (policy and params reach the admission
// chain asynchronously).
import { request as httpsRequest, Agent } from 'node:https';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import type { Cluster } from './kube-cluster.js';

export interface Answer {
  status: number;
  body: any;
  warnings: string[];
}

const PLURAL: Record<string, string> = {
  Namespace: 'namespaces',
  ConfigMap: 'configmaps',
  Pod: 'pods',
  PodTemplate: 'podtemplates',
  ReplicationController: 'replicationcontrollers',
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  ReplicaSet: 'replicasets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  ValidatingAdmissionPolicy: 'validatingadmissionpolicies',
  ValidatingAdmissionPolicyBinding: 'validatingadmissionpolicybindings',
  CustomResourceDefinition: 'customresourcedefinitions',
  ClusterPolicy: 'clusterpolicies',
  PolicyReport: 'policyreports',
  ServiceAccount: 'serviceaccounts',
  ClusterRole: 'clusterroles',
  ClusterRoleBinding: 'clusterrolebindings',
  ClusterPolicyReport: 'clusterpolicyreports',
  Report: 'reports',
  ClusterReport: 'clusterreports',
};

/** The collection path of an object (`/api/v1/namespaces/shop/pods`). */
export function collectionPath(obj: { apiVersion: string; kind: string; metadata?: { namespace?: string } }, namespace?: string): string {
  const plural = PLURAL[obj.kind];
  if (!plural) throw new Error(`no resource path known for kind ${obj.kind}`);
  const base = obj.apiVersion === 'v1' ? '/api/v1' : `/apis/${obj.apiVersion}`;
  const ns = namespace ?? obj.metadata?.namespace;
  const clusterScoped = ['Namespace', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'CustomResourceDefinition', 'ClusterPolicy', 'ClusterPolicyReport', 'ClusterReport', 'ClusterRole', 'ClusterRoleBinding'].includes(obj.kind);
  return clusterScoped || !ns ? `${base}/${plural}` : `${base}/namespaces/${ns}/${plural}`;
}

/** One request as `token` (admin by default) that also returns the Warning headers. */
export function send(c: Cluster, method: string, path: string, body?: unknown, opts: { contentType?: string; token?: string } = {}): Promise<Answer> {
  const agent = new Agent({ ca: readFileSync(c.caFile) });
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = httpsRequest(
      new URL(path, c.server),
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${opts.token ?? c.adminToken}`,
          accept: 'application/json',
          ...(data ? { 'content-type': opts.contentType ?? 'application/json', 'content-length': String(data.length) } : {}),
        },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (b: Buffer) => chunks.push(b));
        res.on('end', () => {
          agent.destroy();
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // plain text answers
          }
          const raw = res.headers['warning'];
          const warnings = (Array.isArray(raw) ? raw : raw ? [raw] : []).flatMap((w) => w.split(/,\s*(?=299 )/));
          resolve({ status: res.statusCode ?? 0, body: parsed, warnings });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

/** Server-side apply (force, one field manager), strict field validation: an unknown field is an error. */
export async function apply(c: Cluster, obj: any, opts: { token?: string } = {}): Promise<Answer> {
  const path = `${collectionPath(obj)}/${obj.metadata.name}?fieldManager=secret-surface-e2e&force=true&fieldValidation=Strict`;
  return send(c, 'PATCH', path, obj, { contentType: 'application/apply-patch+yaml', ...opts });
}

export async function applyAll(c: Cluster, objects: any[]): Promise<void> {
  for (const o of objects) {
    const r = await apply(c, o);
    if (r.status >= 300) throw new Error(`apply ${o.kind} ${o.metadata.name} -> ${r.status}: ${JSON.stringify(r.body).slice(0, 800)}`);
  }
}

/** Creates `obj` with dryRun=All: the whole admission chain runs, nothing is stored. */
export function tryCreate(c: Cluster, obj: any, namespace = 'shop'): Promise<Answer> {
  return send(c, 'POST', `${collectionPath(obj, namespace)}?dryRun=All`, obj);
}

/** Polls `fn` until `ok` holds or the deadline passes; returns the last answer either way. */
export async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, deadlineMs = 30_000, stepMs = 250): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Runs the bundled CLI and parses its YAML output. */
export function generate(args: string[]): { objects: any[]; stderr: string; yaml: string } {
  const r = spawnSync(process.execPath, ['server/out/cli.js', 'policy', 'admission', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`policy admission ${args.join(' ')} -> ${r.status}: ${r.stderr}`);
  return { objects: parseAllDocuments(r.stdout).map((d) => d.toJSON()), stderr: r.stderr, yaml: r.stdout };
}

/** Every field of `expected` is in `actual` with the same value (the API server may add defaults). */
export function assertContains(actual: unknown, expected: unknown, path = ''): void {
  if (expected === null || typeof expected !== 'object') {
    if (actual !== expected) throw new Error(`${path || '.'}: stored ${JSON.stringify(actual)}, generated ${JSON.stringify(expected)}`);
    return;
  }
  if (actual === null || typeof actual !== 'object') throw new Error(`${path || '.'}: missing from the stored object`);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) throw new Error(`${path}: stored ${JSON.stringify(actual)?.slice(0, 200)}, generated a list of ${expected.length}`);
    expected.forEach((e, i) => assertContains(actual[i], e, `${path}[${i}]`));
    return;
  }
  for (const [k, v] of Object.entries(expected)) assertContains((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
}
