// Names a live Pod by the workload a user wrote (Deployment, CronJob …) rather than by its generated name,
// using only what the Pod itself carries, so the check needs no read access to ReplicaSets.

/** The parts of a Pod's metadata owner naming reads. */
export interface PodMetaLike {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  ownerReferences?: { kind?: string; name?: string; controller?: boolean; apiVersion?: string }[];
}

export interface LiveOwner {
  kind: string;
  name: string;
  /** Set when the name is a best effort, with why (`CronJob not known: Jobs are not readable`). */
  note?: string;
}

/** What the caller learned about a Job's own controller: its CronJob, none, or that Jobs cannot be read. */
export type JobOwnerLookup = (jobName: string) => { cronJob?: string; unreadable?: boolean } | undefined;

/** The controlling owner reference (the one with `controller: true`, else the only one). */
export function controllerRef(meta: PodMetaLike): { kind: string; name: string } | undefined {
  const refs = meta.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller) ?? (refs.length === 1 ? refs[0] : undefined);
  if (!ref?.kind || !ref.name) return undefined;
  return { kind: ref.kind, name: ref.name };
}

/**
 * The top-level controller of a Pod. A ReplicaSet named `<deployment>-<pod-template-hash>` (and whose pods carry
 * that hash label) belongs to a Deployment: the Deployment controller is the only one that names ReplicaSets that
 * way. A Job is reported as its CronJob when `jobOwner` knows it.
 */
export function resolveOwner(meta: PodMetaLike, jobOwner?: JobOwnerLookup): LiveOwner {
  const ref = controllerRef(meta);
  if (!ref) return { kind: 'Pod', name: meta.name ?? '' };
  switch (ref.kind) {
    case 'ReplicaSet': {
      const hash = meta.labels?.['pod-template-hash'];
      if (hash && ref.name.endsWith(`-${hash}`) && ref.name.length > hash.length + 1) {
        return { kind: 'Deployment', name: ref.name.slice(0, -(hash.length + 1)) };
      }
      return { kind: 'ReplicaSet', name: ref.name };
    }
    case 'Job': {
      const known = jobOwner?.(ref.name);
      if (known?.cronJob) return { kind: 'CronJob', name: known.cronJob };
      if (known?.unreadable) {
        return {
          kind: 'Job',
          name: ref.name,
          note: 'Named by its Job: Jobs are not readable with these credentials, so a CronJob owning it cannot be told.',
        };
      }
      return { kind: 'Job', name: ref.name };
    }
    case 'Node':
      // Mirror (static) pods are "owned" by their Node; the Pod itself is the workload a user wrote.
      return { kind: 'Pod', name: meta.name ?? '' };
    default:
      // StatefulSet, DaemonSet, and other controllers' kinds (operators) are top-level as they stand.
      return { kind: ref.kind, name: ref.name };
  }
}
