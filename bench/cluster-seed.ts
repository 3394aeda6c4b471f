// Seeds the cluster-check benchmark: thousands of Deployment pods over a fixed number of images, spread over
// namespaces, with docs/cluster-rbac.yaml bound in each, on the real API server the e2e suites start.
import type { Cluster } from '../test/e2e/support/kube-cluster.js';
import { rbacDocs } from '../test/e2e/support/kube-scenario.js';
import { applyRbac, createDeployment, createSecret, ensureNamespace, pool } from '../test/e2e/support/kube-seed.js';

export interface BenchSeedOptions {
  /** Total pods (default 5,000). */
  pods?: number;
  /** Distinct images (default 200): one Deployment per image, replicas share the rest. */
  images?: number;
  /** Namespaces the Deployments are spread over (default 20). */
  namespaces?: number;
  /** Requests in flight while seeding (default 16). */
  concurrency?: number;
  /** Image reference for image `i` (default `registry.bench.test/team-<i%10>/svc-<i>:1.<i>`). */
  image?: (i: number) => string;
}

export interface BenchSeed {
  namespaces: string[];
  pods: number;
  images: string[];
  /** Wall time of the seeding, ms. */
  ms: number;
}

export async function seedBenchCluster(c: Cluster, opts: BenchSeedOptions = {}): Promise<BenchSeed> {
  const t0 = Date.now();
  const total = opts.pods ?? 5000;
  const imageCount = opts.images ?? 200;
  const nsCount = opts.namespaces ?? 20;
  const image = opts.image ?? ((i: number) => `registry.bench.test/team-${i % 10}/svc-${i}:1.${i}`);
  const namespaces = Array.from({ length: nsCount }, (_, i) => `bench-${String(i).padStart(3, '0')}`);
  const docs = rbacDocs();
  await applyRbac(c, docs.filter((d) => d.kind !== 'RoleBinding'));
  const binding = docs.find((d) => d.kind === 'RoleBinding');
  await pool(namespaces, opts.concurrency ?? 16, async (ns) => {
    await ensureNamespace(c, ns);
    await applyRbac(c, [binding], ns);
    await createSecret(c, ns, 'app', { password: 'bench' });
  });
  const images = Array.from({ length: imageCount }, (_, i) => image(i));
  // Replicas per Deployment so the total comes out exact: the first `total % imageCount` get one more.
  const base = Math.floor(total / imageCount);
  const extra = total % imageCount;
  const deployments = images.map((img, i) => ({ img, i, ns: namespaces[i % nsCount]!, replicas: base + (i < extra ? 1 : 0) }));
  // Parallel across Deployments; each Deployment's pods go in sequence (the helper's own order).
  await pool(deployments, opts.concurrency ?? 16, async (d) => {
    if (d.replicas === 0) return;
    await createDeployment(
      c,
      d.ns,
      `svc-${d.i}`,
      { containers: [{ name: 'app', image: d.img, env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'app', key: 'password' } } }] }] },
      d.replicas,
    );
  });
  return { namespaces, pods: total, images, ms: Date.now() - t0 };
}
