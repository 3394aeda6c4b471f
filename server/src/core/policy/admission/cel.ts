// The CEL that decides admission, shared by the ValidatingAdmissionPolicy and Kyverno's `validate.cel`:
// find the pod spec of any workload kind, tell whether it receives Secrets (by every channel the
// analysis knows), and name the containers whose image is not in the allowed list held by the params
// ConfigMap. Every field access is guarded with has(), so an absent list never fails the request.
import type { PolicyConfig, PolicyExemptWorkload } from '../../config/policy-config.js';

export interface CelVariable {
  name: string;
  expression: string;
}

/** The params ConfigMap's keys; each value is one entry per line. */
export const PARAM_KEYS = { repositories: 'repositories', images: 'images', registries: 'registries' } as const;

export const CSI_SECRETS_DRIVER = 'secrets-store.csi.k8s.io';

const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** `params.data[key]` as a list of non-empty trimmed lines. */
function paramList(key: string): string {
  return `has(params.data) && ${q(key)} in params.data ? params.data[${q(key)}].split('\\n').map(s, s.trim()).filter(s, s != '') : []`;
}

export function celVariables(policy: PolicyConfig): CelVariable[] {
  const spec = 'variables.podSpec';
  const projected = (source: string) =>
    `(has(${spec}.volumes) && ${spec}.volumes.exists(v, has(v.projected) && has(v.projected.sources) && v.projected.sources.exists(s, has(s.${source}))))`;
  const channels = [
    `(variables.envSecret ? ['env'] : [])`,
    `(variables.envFromSecret ? ['envFrom'] : [])`,
    `(variables.volumeSecret ? ['secret volume'] : [])`,
    `(${projected('secret')} ? ['projected secret'] : [])`,
    `(variables.csiSecret ? ['CSI secrets-store volume'] : [])`,
    ...(policy.includeToken ? [`(variables.token ? ['service-account token'] : [])`] : []),
  ];
  const allowed = (img: string) => {
    const repo = policy.requireDigest
      ? `variables.repositories.exists(r, ${img}.startsWith(r + '@sha256:') || (${img}.startsWith(r + ':') && !${img}.substring(size(r) + 1).contains('/') && ${img}.contains('@sha256:')))`
      : `variables.repositories.exists(r, ${img} == r || ${img}.startsWith(r + '@') || (${img}.startsWith(r + ':') && !${img}.substring(size(r) + 1).contains('/')))`;
    const registry = policy.requireDigest
      ? `variables.registries.exists(g, ${img}.startsWith(g + '/') && ${img}.contains('@sha256:'))`
      : `variables.registries.exists(g, ${img}.startsWith(g + '/'))`;
    return `(${img} in variables.images || ${repo} || ${registry})`;
  };
  return [
    {
      name: 'podSpec',
      expression:
        "object.kind == 'Pod' ? object.spec : object.kind == 'PodTemplate' ? object.template.spec : object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec",
    },
    {
      name: 'containers',
      expression: `(has(${spec}.containers) ? ${spec}.containers : []) + (has(${spec}.initContainers) ? ${spec}.initContainers : []) + (has(${spec}.ephemeralContainers) ? ${spec}.ephemeralContainers : [])`,
    },
    { name: 'envSecret', expression: 'variables.containers.exists(c, has(c.env) && c.env.exists(e, has(e.valueFrom) && has(e.valueFrom.secretKeyRef)))' },
    { name: 'envFromSecret', expression: 'variables.containers.exists(c, has(c.envFrom) && c.envFrom.exists(f, has(f.secretRef)))' },
    { name: 'volumeSecret', expression: `has(${spec}.volumes) && ${spec}.volumes.exists(v, has(v.secret))` },
    { name: 'csiSecret', expression: `has(${spec}.volumes) && ${spec}.volumes.exists(v, has(v.csi) && v.csi.driver == ${q(CSI_SECRETS_DRIVER)})` },
    {
      // A Pod is checked after the ServiceAccount admission plugin added the token volume (so the
      // ServiceAccount's own automount setting counts); a pod template has no such volume yet, so
      // there the token counts unless the template turns it off.
      name: 'token',
      expression: policy.includeToken
        ? `${projected('serviceAccountToken')} || (object.kind != 'Pod' && !(has(${spec}.automountServiceAccountToken) && ${spec}.automountServiceAccountToken == false))`
        : 'false',
    },
    { name: 'channels', expression: channels.join(' + ') },
    { name: 'receivesSecrets', expression: 'size(variables.channels) > 0' },
    { name: 'repositories', expression: paramList(PARAM_KEYS.repositories) },
    { name: 'images', expression: paramList(PARAM_KEYS.images) },
    { name: 'registries', expression: paramList(PARAM_KEYS.registries) },
    { name: 'denied', expression: `variables.containers.filter(c, !${allowed('c.image')})` },
  ];
}

export const CEL_VALIDATION = '!variables.receivesSecrets || size(variables.denied) == 0';

export function celMessage(policy: PolicyConfig): string {
  const need = policy.requireDigest ? 'an image the Secret Surface analysis found hardened, pinned by digest, or from an allowed registry' : 'an image the Secret Surface analysis found hardened or from an allowed registry';
  return `'receives Secrets (' + variables.channels.join(', ') + ') but ' + variables.denied.map(c, c.name + ' runs ' + c.image).join(', ') + ${q(` — each container needs ${need} (see the ConfigMap ${policy.paramsNamespace}/${PARAMS_NAME})`)}`;
}

export const POLICY_NAME = 'secret-surface-hardened-images';
export const PARAMS_NAME = 'secret-surface-allowed-images';

/** A CEL condition that is true for a request the config exempts (the workload itself, or a pod or ReplicaSet/Job it owns). */
export function exemptWorkloadCondition(workloads: readonly PolicyExemptWorkload[]): string | undefined {
  if (workloads.length === 0) return undefined;
  const one = (w: PolicyExemptWorkload) => {
    const generated = w.kind === 'Deployment' ? 'ReplicaSet' : w.kind === 'CronJob' ? 'Job' : undefined;
    const owner = `o.kind == ${q(w.kind)} && o.name == ${q(w.name)}`;
    const ownerGenerated = generated ? ` || (o.kind == ${q(generated)} && o.name.startsWith(${q(w.name + '-')}))` : '';
    return `(request.namespace == ${q(w.namespace)} && ((object.kind == ${q(w.kind)} && has(object.metadata.name) && object.metadata.name == ${q(w.name)}) || (has(object.metadata.ownerReferences) && object.metadata.ownerReferences.exists(o, ${owner}${ownerGenerated}))))`;
  };
  return workloads.map(one).join(' || ');
}
