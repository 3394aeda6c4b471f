// One Kubernetes object (a document or a List item) → the facts it contributes: a workload with its
// pod spec and containers, a ServiceAccount, or a SecretProviderClass. Other kinds add nothing.
import type { YAMLMap } from 'yaml';
import type {
  ContainerFacts,
  ContainerKind,
  Location,
  SecretProviderClassFacts,
  SecretSourceFacts,
  ServiceAccountFacts,
  WorkloadFacts,
} from '../model.js';
import { readContainer, readVolumes } from './containers.js';
import { addVaultDeliveries, readSecretSources } from './secret-sources.js';
import { IGNORE_ANNOTATION, mergeRules, parseRuleList } from './suppression.js';
import {
  type DocContext,
  get,
  deref,
  getMap,
  getPair,
  getSeq,
  getString,
  isMap,
  items,
  loc,
  scalarBool,
  scalarString,
} from '../yaml/index.js';

interface WorkloadKind {
  /** API groups the kind belongs to ('' is the core group); a same-named CRD is not a workload. */
  groups: string[];
  /** Path from the object to its pod template (the map holding `metadata` and `spec`). */
  template: string[];
}

/** Workload kinds and where their pod spec lives. */
export const WORKLOAD_KINDS: Readonly<Record<string, WorkloadKind>> = {
  Pod: { groups: [''], template: [] },
  ReplicationController: { groups: [''], template: ['spec', 'template'] },
  PodTemplate: { groups: [''], template: ['template'] },
  Deployment: { groups: ['apps', 'extensions'], template: ['spec', 'template'] },
  StatefulSet: { groups: ['apps'], template: ['spec', 'template'] },
  DaemonSet: { groups: ['apps', 'extensions'], template: ['spec', 'template'] },
  ReplicaSet: { groups: ['apps', 'extensions'], template: ['spec', 'template'] },
  Job: { groups: ['batch'], template: ['spec', 'template'] },
  CronJob: { groups: ['batch'], template: ['spec', 'jobTemplate', 'spec', 'template'] },
};

export const SECRET_PROVIDER_CLASS_GROUP = 'secrets-store.csi.x-k8s.io';

export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** What one object contributes; the caller collects them per file. */
export interface ObjectFacts {
  workload?: WorkloadFacts;
  serviceAccount?: ServiceAccountFacts;
  secretProviderClass?: SecretProviderClassFacts;
  secretSources?: SecretSourceFacts[];
}

function annotationsOf(metadata: YAMLMap | undefined, ctx: DocContext, into: Record<string, string>): void {
  const annotations = getMap(metadata, 'annotations', ctx);
  if (!annotations) return;
  for (const pair of annotations.items) {
    const key = scalarString(pair.key);
    if (key === undefined || key === '<<' || key in into) continue;
    into[key] = scalarString(deref(pair.value, ctx)) ?? '';
  }
}

function labelsOf(metadata: YAMLMap | undefined, ctx: DocContext): Record<string, string> | undefined {
  const labels = getMap(metadata, 'labels', ctx);
  if (!labels) return undefined;
  const out: Record<string, string> = {};
  for (const pair of labels.items) {
    const key = scalarString(pair.key);
    const value = scalarString(deref(pair.value, ctx));
    if (key === undefined || key === '<<' || value === undefined || key in out) continue;
    out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function automount(map: YAMLMap | undefined, ctx: DocContext): { value: boolean; location: Location } | undefined {
  if (!map) return undefined;
  const pair = getPair(map, 'automountServiceAccountToken', ctx);
  const value = pair ? scalarBool(get(map, 'automountServiceAccountToken', ctx)) : undefined;
  return pair && value !== undefined ? { value, location: loc(pair, ctx) } : undefined;
}

function readWorkload(
  object: YAMLMap,
  kind: string,
  shape: WorkloadKind,
  metadata: YAMLMap | undefined,
  ctx: DocContext,
): WorkloadFacts | undefined {
  let template: YAMLMap | undefined = object;
  for (const key of shape.template) template = getMap(template, key, ctx);
  const podSpec = getMap(template, 'spec', ctx);
  if (!template || !podSpec) return undefined;

  const nameNode = get(metadata, 'name', ctx) ?? get(metadata, 'generateName', ctx);
  const name = scalarString(nameNode) ?? '';
  const namespace = getString(metadata, 'namespace', ctx) ?? 'default';
  const location = loc(object, ctx);

  // The workload's own annotations win over the pod template's; suppression takes both.
  const annotations: Record<string, string> = {};
  annotationsOf(metadata, ctx, annotations);
  const templateMeta = template === object ? undefined : getMap(template, 'metadata', ctx);
  const templateAnnotations: Record<string, string> = {};
  annotationsOf(templateMeta, ctx, templateAnnotations);
  for (const [k, v] of Object.entries(templateAnnotations)) if (!(k in annotations)) annotations[k] = v;
  const own = annotations[IGNORE_ANNOTATION];
  const fromTemplate = templateAnnotations[IGNORE_ANNOTATION];
  const suppressed = mergeRules(
    own !== undefined ? parseRuleList(own) : undefined,
    fromTemplate !== undefined ? parseRuleList(fromTemplate) : undefined,
  );

  const volumes = readVolumes(podSpec, ctx);
  const containers: ContainerFacts[] = [];
  const groups: [string, ContainerKind][] = [
    ['initContainers', 'initContainer'],
    ['containers', 'container'],
    ['ephemeralContainers', 'ephemeralContainer'],
  ];
  for (const [key, kindOf] of groups) {
    for (const c of items(getSeq(podSpec, key, ctx), ctx)) {
      if (!isMap(c)) continue;
      // Native sidecars: init containers that keep running (`restartPolicy: Always`) for the pod's life.
      const k: ContainerKind =
        kindOf === 'initContainer' && getString(c, 'restartPolicy', ctx) === 'Always' ? 'sidecar' : kindOf;
      containers.push(readContainer(c, k, volumes, ctx));
    }
  }
  addVaultDeliveries(template === object ? metadata : getMap(template, 'metadata', ctx), containers, ctx);

  const workload: WorkloadFacts = {
    ref: { kind, name, namespace },
    location,
    nameLocation: nameNode ? loc(nameNode, ctx) : { file: location.file, range: { start: location.range.start, end: location.range.start } },
    podSpecLocation: loc(podSpec, ctx),
    annotations,
    serviceAccountName: getString(podSpec, 'serviceAccountName', ctx) ?? getString(podSpec, 'serviceAccount', ctx) ?? 'default',
    containers,
    suppressed,
  };
  const token = automount(podSpec, ctx);
  if (token) workload.automountToken = token;
  const labels = labelsOf(template === object ? metadata : getMap(template, 'metadata', ctx), ctx);
  if (labels) workload.podLabels = labels;
  return workload;
}

/**
 * Facts from one object. `apiVersion` and `kind` are passed in because List items may inherit them
 * from a typed list (`kind: DeploymentList`).
 */
export function readObject(object: YAMLMap, apiVersion: string, kind: string, ctx: DocContext): ObjectFacts {
  const metadata = getMap(object, 'metadata', ctx);
  const group = apiGroup(apiVersion);
  const shape = WORKLOAD_KINDS[kind];
  if (shape && Object.prototype.hasOwnProperty.call(WORKLOAD_KINDS, kind) && shape.groups.includes(group)) {
    const workload = readWorkload(object, kind, shape, metadata, ctx);
    return workload ? { workload } : {};
  }
  if (kind === 'ServiceAccount' && group === '') {
    const sa: ServiceAccountFacts = {
      name: getString(metadata, 'name', ctx) ?? '',
      namespace: getString(metadata, 'namespace', ctx) ?? 'default',
      location: loc(object, ctx),
    };
    const token = automount(object, ctx);
    if (token) sa.automountToken = token;
    return { serviceAccount: sa };
  }
  if (kind === 'SecretProviderClass' && group === SECRET_PROVIDER_CLASS_GROUP) {
    const spc: SecretProviderClassFacts = {
      name: getString(metadata, 'name', ctx) ?? '',
      namespace: getString(metadata, 'namespace', ctx) ?? 'default',
      location: loc(object, ctx),
    };
    const provider = getString(getMap(object, 'spec', ctx), 'provider', ctx);
    if (provider !== undefined) spc.provider = provider;
    const synced = readSecretSources(object, group, kind, ctx);
    return synced.length ? { secretProviderClass: spc, secretSources: synced } : { secretProviderClass: spc };
  }
  const sources = readSecretSources(object, group, kind, ctx);
  return sources.length ? { secretSources: sources } : {};
}
