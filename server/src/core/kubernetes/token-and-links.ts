// Decisions that need objects beyond one workload: whether the service-account token is mounted
// (pod → ServiceAccount → Kubernetes default) and which SecretProviderClass a CSI volume names.
// Both take every candidate the caller knows of, so the same code serves one file or a workspace.
import type { SecretProviderClassFacts, ServiceAccountFacts, TokenFacts, WorkloadFacts } from '../model.js';

/**
 * Whether the kubelet mounts the service-account token into the workload's pods. The pod's own
 * `automountServiceAccountToken` decides first, then that of the ServiceAccount of that name in the
 * workload's namespace; without either Kubernetes mounts it.
 */
export function resolveToken(workload: WorkloadFacts, serviceAccounts: readonly ServiceAccountFacts[]): TokenFacts {
  const serviceAccountName = workload.serviceAccountName || 'default';
  if (workload.automountToken) {
    return {
      mounted: workload.automountToken.value,
      reason: 'pod',
      serviceAccountName,
      location: workload.automountToken.location,
    };
  }
  const sa = serviceAccounts.find(
    (s) => s.name === serviceAccountName && s.namespace === workload.ref.namespace && s.automountToken,
  );
  if (sa?.automountToken) {
    return {
      mounted: sa.automountToken.value,
      reason: 'service-account',
      serviceAccountName,
      location: sa.automountToken.location,
    };
  }
  return { mounted: true, reason: 'default', serviceAccountName };
}

/** The SecretProviderClass a CSI delivery names, looked up in the workload's namespace. */
export function findProviderClass(
  name: string,
  namespace: string,
  classes: readonly SecretProviderClassFacts[],
): SecretProviderClassFacts | undefined {
  return classes.find((c) => c.name === name && c.namespace === namespace);
}

/**
 * Fills in `providerClass.location` / `provider` of CSI deliveries whose SecretProviderClass is among
 * `classes`. Mutates the deliveries in place and leaves already linked ones alone, so calling it
 * again with a wider set (the whole workspace) is safe.
 */
export function linkProviderClasses(
  workloads: readonly WorkloadFacts[],
  classes: readonly SecretProviderClassFacts[],
): void {
  if (classes.length === 0) return;
  for (const w of workloads) {
    for (const c of w.containers) {
      for (const d of c.secrets) {
        if (d.channel !== 'csi' || !d.providerClass || d.providerClass.location) continue;
        const spc = findProviderClass(d.providerClass.name, w.ref.namespace, classes);
        if (!spc) continue;
        d.providerClass.location = spc.location;
        if (spc.provider !== undefined) d.providerClass.provider = spc.provider;
      }
    }
  }
}
