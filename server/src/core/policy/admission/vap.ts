// The native admission policy: a ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, CEL) over
// Pods and every workload kind's pod template, its binding (validationActions from the mode), and the
// params ConfigMap holding the allowed images — the one object CI updates.
import type { PolicyConfig, PolicyMode } from '../../config/policy-config.js';
import type { AllowedImages } from './allowed-images.js';
import { CEL_VALIDATION, celMessage, celVariables, exemptWorkloadCondition, PARAM_KEYS, PARAMS_NAME, POLICY_NAME } from './cel.js';

export type K8sObject = Record<string, unknown> & { apiVersion: string; kind: string; metadata: Record<string, unknown> };

/** The resources whose objects carry a pod spec (the subresource adds ephemeral containers to a Pod). */
export const POD_RESOURCE_RULES = [
  { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods', 'pods/ephemeralcontainers', 'replicationcontrollers', 'podtemplates'] },
  { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'] },
  { apiGroups: ['batch'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['jobs', 'cronjobs'] },
];

export const VALIDATION_ACTIONS: Record<PolicyMode, string[]> = { deny: ['Deny'], warn: ['Warn'], audit: ['Audit'] };

export function paramsConfigMap(allowed: AllowedImages, policy: PolicyConfig, annotations: Record<string, string>): K8sObject {
  const lines = (xs: string[]) => (xs.length ? xs.join('\n') + '\n' : '');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: PARAMS_NAME, namespace: policy.paramsNamespace, labels: { 'app.kubernetes.io/managed-by': 'secret-surface' }, annotations },
    data: {
      [PARAM_KEYS.repositories]: lines(allowed.repositories),
      [PARAM_KEYS.images]: lines(allowed.images),
      [PARAM_KEYS.registries]: lines(allowed.registries),
    },
  };
}

export function paramsNamespace(policy: PolicyConfig, annotations: Record<string, string>): K8sObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: policy.paramsNamespace, labels: { 'app.kubernetes.io/managed-by': 'secret-surface' }, annotations } };
}

export function validatingAdmissionPolicy(policy: PolicyConfig, mode: PolicyMode, annotations: Record<string, string>): K8sObject {
  const matchConditions = [];
  const exempt = exemptWorkloadCondition(policy.exemptWorkloads);
  if (exempt) matchConditions.push({ name: 'not-exempt-workload', expression: `!(${exempt})` });
  const spec: Record<string, unknown> = {
    // A broken expression must not let a Secret pod through when the mode is deny.
    failurePolicy: mode === 'deny' ? 'Fail' : 'Ignore',
    paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
    matchConstraints: {
      resourceRules: POD_RESOURCE_RULES,
      ...(policy.exemptNamespaces.length
        ? { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...policy.exemptNamespaces].sort() }] } }
        : {}),
    },
    ...(matchConditions.length ? { matchConditions } : {}),
    variables: celVariables(policy),
    validations: [{ expression: CEL_VALIDATION, messageExpression: celMessage(policy), reason: 'Forbidden' }],
  };
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: POLICY_NAME, labels: { 'app.kubernetes.io/managed-by': 'secret-surface' }, annotations },
    spec,
  };
}

export function validatingAdmissionPolicyBinding(policy: PolicyConfig, mode: PolicyMode, annotations: Record<string, string>): K8sObject {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: POLICY_NAME, labels: { 'app.kubernetes.io/managed-by': 'secret-surface' }, annotations },
    spec: {
      policyName: POLICY_NAME,
      validationActions: VALIDATION_ACTIONS[mode],
      // Without its params the policy cannot tell an allowed image: refuse (or warn) rather than pass silently.
      paramRef: { name: PARAMS_NAME, namespace: policy.paramsNamespace, parameterNotFoundAction: 'Deny' },
    },
  };
}
