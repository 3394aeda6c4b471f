// Turns live Pods into the manifest text the core's Kubernetes parser reads, so a running workload is analysed by
// exactly the code that analyses files. Each Pod is re-dressed as its owning workload (a Deployment's pod becomes
// a Deployment named like it), and pods of one owner collapse to one file.
import { stringify } from 'yaml';
import type { LiveOwner, PodMetaLike } from './kube-owner.js';

/** A container's running image as the kubelet reported it. */
export interface LiveContainerStatus {
  name: string;
  image?: string;
  /** `docker-pullable://repo@sha256:…` or `repo@sha256:…`: the digest actually running. */
  imageID?: string;
}

/** A Pod as read from the API server: plain JSON (no Secret values ever), plus its top-level owner. */
export interface LivePod {
  apiVersion?: string;
  kind?: string;
  metadata: PodMetaLike & { annotations?: Record<string, string>; uid?: string };
  spec: Record<string, unknown> & { containers?: { name: string; image?: string; [key: string]: unknown }[] };
  status?: {
    phase?: string;
    containerStatuses?: LiveContainerStatus[];
    initContainerStatuses?: LiveContainerStatus[];
    ephemeralContainerStatuses?: LiveContainerStatus[];
  };
  owner: LiveOwner;
}

export interface LiveImage {
  container: string;
  image: string;
  /** The running digest (`sha256:…`) when the kubelet reported one. */
  digest?: string;
  /** The reference with the running digest (`repo@sha256:…`), what a registry lookup should fetch. */
  imageID?: string;
}

export interface LiveManifest {
  /** Virtual path: `cluster/<context>/<namespace>/<kind>/<name>.yaml`. */
  file: string;
  /** YAML the core's parser reads; one document per distinct set of running images of the owner. */
  text: string;
  namespace: string;
  owner: LiveOwner;
  /** The pods this file stands for. */
  pods: string[];
  images: LiveImage[];
}

/** Annotation carrying the running digests per container, so they survive the trip through the YAML parser. */
export const IMAGE_IDS_ANNOTATION = 'secret-surface.dev/image-ids';
/** Annotation naming the pods a manifest stands for. */
export const PODS_ANNOTATION = 'secret-surface.dev/pods';
/** Annotation naming an owner kind the parser has no template shape for (operators' custom kinds). */
export const OWNER_ANNOTATION = 'secret-surface.dev/owner';

/** Where each workload kind keeps its pod template, and its apiVersion. */
const SHAPES: Record<string, { apiVersion: string; path: string[] }> = {
  Pod: { apiVersion: 'v1', path: [] },
  Deployment: { apiVersion: 'apps/v1', path: ['template'] },
  StatefulSet: { apiVersion: 'apps/v1', path: ['template'] },
  DaemonSet: { apiVersion: 'apps/v1', path: ['template'] },
  ReplicaSet: { apiVersion: 'apps/v1', path: ['template'] },
  Job: { apiVersion: 'batch/v1', path: ['template'] },
  CronJob: { apiVersion: 'batch/v1', path: ['jobTemplate', 'spec', 'template'] },
};

/** Keeps a path segment readable and safe on every file system (context names hold `:` and `/` on EKS/GKE). */
export function safeSegment(s: string): string {
  const out = s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
  return out.length > 0 ? out : '_';
}

export function manifestPath(context: string, namespace: string, owner: LiveOwner): string {
  return `cluster/${safeSegment(context)}/${safeSegment(namespace)}/${owner.kind.toLowerCase()}/${safeSegment(owner.name)}.yaml`;
}

/** `docker-pullable://ghcr.io/a/b@sha256:…` → `ghcr.io/a/b@sha256:…` (containerd reports it bare). */
export function normaliseImageID(imageID: string | undefined): string | undefined {
  if (!imageID) return undefined;
  const bare = imageID.replace(/^[a-z-]+:\/\//, '');
  return bare.length > 0 ? bare : undefined;
}

function digestOf(imageID: string | undefined): string | undefined {
  const m = imageID ? /(sha256:[a-f0-9]{64})/.exec(imageID) : null;
  return m ? m[1] : undefined;
}

/** The running images of a pod, spec order, with the digests from its container statuses. */
export function liveImages(pod: LivePod): LiveImage[] {
  const statuses = new Map<string, LiveContainerStatus>();
  for (const s of [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.ephemeralContainerStatuses ?? []),
  ]) {
    statuses.set(s.name, s);
  }
  const out: LiveImage[] = [];
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    const list = pod.spec[key];
    if (!Array.isArray(list)) continue;
    for (const c of list as { name?: string; image?: string }[]) {
      if (!c?.name) continue;
      const st = statuses.get(c.name);
      const imageID = normaliseImageID(st?.imageID);
      const digest = digestOf(imageID);
      out.push({ container: c.name, image: c.image ?? st?.image ?? '', ...(digest ? { digest } : {}), ...(imageID ? { imageID } : {}) });
    }
  }
  return out;
}

/**
 * The admission controller adds a `kube-api-access-*` projected volume (the service-account token) to every pod
 * that automounts it. It is not something the user wrote, and the core decides token mounting from
 * `automountServiceAccountToken` on the pod and its ServiceAccount, so it is removed to keep the live spec
 * shaped like the authored one.
 */
function withoutInjectedTokenVolume(spec: Record<string, unknown>): Record<string, unknown> {
  const volumes = Array.isArray(spec['volumes']) ? (spec['volumes'] as { name?: string; projected?: { sources?: unknown[] } }[]) : undefined;
  if (!volumes) return spec;
  const injected = new Set(
    volumes
      .filter(
        (v) =>
          typeof v.name === 'string' &&
          v.name.startsWith('kube-api-access-') &&
          (v.projected?.sources ?? []).some((s) => typeof s === 'object' && s !== null && 'serviceAccountToken' in s),
      )
      .map((v) => v.name!),
  );
  if (injected.size === 0) return spec;
  const out: Record<string, unknown> = { ...spec, volumes: volumes.filter((v) => !injected.has(v.name!)) };
  if ((out['volumes'] as unknown[]).length === 0) delete out['volumes'];
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    const list = out[key];
    if (!Array.isArray(list)) continue;
    out[key] = (list as { volumeMounts?: { name?: string }[] }[]).map((c) => {
      if (!Array.isArray(c.volumeMounts)) return c;
      const mounts = c.volumeMounts.filter((m) => !injected.has(m.name ?? ''));
      const copy: Record<string, unknown> = { ...c, volumeMounts: mounts };
      if (mounts.length === 0) delete copy['volumeMounts'];
      return copy;
    });
  }
  return out;
}

/** Pod fields the API server fills in that say nothing about what the workload receives. */
const DROPPED_SPEC_KEYS = ['nodeName', 'schedulerName', 'tolerations', 'priority', 'enableServiceLinks', 'preemptionPolicy'];

function cleanSpec(spec: Record<string, unknown>): Record<string, unknown> {
  const out = withoutInjectedTokenVolume(spec);
  const copy = { ...out };
  for (const k of DROPPED_SPEC_KEYS) delete copy[k];
  return copy;
}

/** The document (plain object) for one pod dressed as its owner. */
function ownerDocument(pods: LivePod[], owner: LiveOwner): Record<string, unknown> {
  const pod = pods[0]!;
  const known = SHAPES[owner.kind];
  const kind = known ? owner.kind : 'Pod';
  const shape = known ?? SHAPES['Pod']!;
  const images = liveImages(pod);
  const annotations: Record<string, string> = { ...(pod.metadata.annotations ?? {}) };
  const ids = Object.fromEntries(images.filter((i) => i.imageID).map((i) => [i.container, i.imageID!]));
  if (Object.keys(ids).length > 0) annotations[IMAGE_IDS_ANNOTATION] = JSON.stringify(ids);
  annotations[PODS_ANNOTATION] = pods.map((p) => p.metadata.name ?? '').join(',');
  if (!known) annotations[OWNER_ANNOTATION] = `${owner.kind}/${owner.name}`;
  if (owner.note) annotations['secret-surface.dev/owner-note'] = owner.note;
  const metadata: Record<string, unknown> = {
    name: owner.name,
    ...(pod.metadata.namespace ? { namespace: pod.metadata.namespace } : {}),
    ...(pod.metadata.labels ? { labels: pod.metadata.labels } : {}),
    annotations,
  };
  const podSpec = cleanSpec(pod.spec);
  if (shape.path.length === 0) return { apiVersion: shape.apiVersion, kind, metadata, spec: podSpec };
  // Workload kinds: the pod's labels/annotations belong on the template, like in the file the user wrote.
  const template: Record<string, unknown> = {
    metadata: { ...(pod.metadata.labels ? { labels: pod.metadata.labels } : {}), ...(pod.metadata.annotations ? { annotations: pod.metadata.annotations } : {}) },
    spec: podSpec,
  };
  let inner: Record<string, unknown> = template;
  for (let i = shape.path.length - 1; i >= 0; i--) inner = { [shape.path[i]!]: inner };
  return { apiVersion: shape.apiVersion, kind, metadata, spec: inner };
}

/**
 * One live pod as a manifest of its owner: `kind`/`metadata.name` are the owner's, the pod spec sits where that
 * kind keeps its template, and the running digests ride along in an annotation.
 */
export function livePodToManifest(pod: LivePod, owner: LiveOwner = pod.owner, context = 'cluster'): { file: string; text: string } {
  const namespace = pod.metadata.namespace ?? 'default';
  return { file: manifestPath(context, namespace, owner), text: stringify(ownerDocument([pod], owner), { lineWidth: 0 }) };
}

/** Pods that run the same images the same way: one is enough to analyse. */
function podKey(pod: LivePod): string {
  return JSON.stringify(liveImages(pod).map((i) => [i.container, i.image, i.imageID ?? '']));
}

/**
 * All live pods as manifests, one file per owner (namespace + kind + name). Pods of an owner that run the same
 * images collapse into one document; an owner caught mid-rollout (two ReplicaSets, two image sets) keeps one
 * document per distinct image set, so every image that is actually running gets analysed.
 */
export function liveManifests(pods: readonly LivePod[], context: string): LiveManifest[] {
  const byOwner = new Map<string, { owner: LiveOwner; namespace: string; groups: Map<string, LivePod[]> }>();
  for (const pod of pods) {
    const namespace = pod.metadata.namespace ?? 'default';
    const key = `${namespace}\u0000${pod.owner.kind}\u0000${pod.owner.name}`;
    let entry = byOwner.get(key);
    if (!entry) {
      entry = { owner: pod.owner, namespace, groups: new Map() };
      byOwner.set(key, entry);
    }
    const k = podKey(pod);
    const group = entry.groups.get(k);
    if (group) group.push(pod);
    else entry.groups.set(k, [pod]);
  }
  const out: LiveManifest[] = [];
  for (const { owner, namespace, groups } of byOwner.values()) {
    const docs: string[] = [];
    const images: LiveImage[] = [];
    const seenImages = new Set<string>();
    const podNames: string[] = [];
    for (const group of groups.values()) {
      docs.push(stringify(ownerDocument(group, owner), { lineWidth: 0 }));
      for (const p of group) podNames.push(p.metadata.name ?? '');
      for (const img of liveImages(group[0]!)) {
        const k = `${img.container}\u0000${img.image}\u0000${img.imageID ?? ''}`;
        if (!seenImages.has(k)) {
          seenImages.add(k);
          images.push(img);
        }
      }
    }
    out.push({ file: manifestPath(context, namespace, owner), text: docs.join('---\n'), namespace, owner, pods: podNames, images });
  }
  out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return out;
}

/** A ServiceAccount as the manifest text the parser reads (for its `automountServiceAccountToken`). */
export function liveServiceAccountToManifest(sa: { metadata?: { name?: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> }; automountServiceAccountToken?: boolean }, context: string): { file: string; text: string } {
  const name = sa.metadata?.name ?? '';
  const namespace = sa.metadata?.namespace ?? 'default';
  const doc: Record<string, unknown> = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace, ...(sa.metadata?.labels ? { labels: sa.metadata.labels } : {}), ...(sa.metadata?.annotations ? { annotations: sa.metadata.annotations } : {}) },
    ...(sa.automountServiceAccountToken !== undefined ? { automountServiceAccountToken: sa.automountServiceAccountToken } : {}),
  };
  return { file: manifestPath(context, namespace, { kind: 'ServiceAccount', name }), text: stringify(doc, { lineWidth: 0 }) };
}
