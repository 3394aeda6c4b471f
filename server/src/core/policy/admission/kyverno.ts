// The Kyverno ClusterPolicy (kyverno.io/v1): the same allowed-images check as the native policy (the
// shared CEL, with the same params ConfigMap), and for pods that receive Secrets a cosign signature
// check and a vulnerability attestation (cosign.sigstore.dev/attestation/vuln/v1, as Trivy writes it)
// under the configured threshold. Rules are written per pod-spec path instead of relying on autogen,
// because the CEL already handles every kind and autogen would rewrite its paths.
import type { PolicyConfig, PolicyMode, VulnSeverity } from '../../config/policy-config.js';
import { VULN_SEVERITIES } from '../../config/policy-config.js';
import { CEL_VALIDATION, celMessage, celVariables, exemptWorkloadCondition, CSI_SECRETS_DRIVER, PARAMS_NAME } from './cel.js';
import type { K8sObject } from './vap.js';

export const KYVERNO_POLICY_NAME = 'secret-surface-signed-hardened-images';
export const VULN_ATTESTATION_TYPE = 'https://cosign.sigstore.dev/attestation/vuln/v1';

const POD_TEMPLATE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController'];

/** The kinds whose pod spec sits at one path, for the JMESPath preconditions. */
const SPEC_PATHS: { rule: string; kinds: string[]; path: string }[] = [
  { rule: 'pods', kinds: ['Pod'], path: 'request.object.spec' },
  { rule: 'pod-templates', kinds: POD_TEMPLATE_KINDS, path: 'request.object.spec.template.spec' },
  { rule: 'cronjobs', kinds: ['CronJob'], path: 'request.object.spec.jobTemplate.spec.template.spec' },
];

/** Trivy's severities at or above the threshold, as they appear in its report (`CRITICAL`, `HIGH` …). */
export function severitiesAtOrAbove(s: VulnSeverity): string[] {
  return VULN_SEVERITIES.slice(0, VULN_SEVERITIES.indexOf(s) + 1).map((x) => x.toUpperCase());
}

function receivesSecretsConditions(path: string, includeToken: boolean): Record<string, unknown>[] {
  const count = (expr: string) => ({ key: `{{ length(${expr} || \`[]\`) }}`, operator: 'GreaterThan', value: 0 });
  const lists = ['containers', 'initContainers', 'ephemeralContainers'];
  return [
    ...lists.map((l) => count(`${path}.${l}[].env[].valueFrom.secretKeyRef`)),
    ...lists.map((l) => count(`${path}.${l}[].envFrom[].secretRef`)),
    count(`${path}.volumes[?secret]`),
    count(`${path}.volumes[].projected.sources[].secret`),
    count(`${path}.volumes[?csi.driver == '${CSI_SECRETS_DRIVER}']`),
    ...(includeToken
      ? [
          count(`${path}.volumes[].projected.sources[].serviceAccountToken`),
          { key: `{{ to_string(${path}.automountServiceAccountToken) }}`, operator: 'NotEquals', value: 'false' },
        ]
      : []),
  ];
}

function attestors(sig: NonNullable<PolicyConfig['signature']>): Record<string, unknown>[] {
  const entry = sig.key
    ? { keys: { publicKeys: sig.key } }
    : { keyless: { issuer: sig.issuer, subject: sig.subject, ...(sig.rekorUrl ? { rekor: { url: sig.rekorUrl } } : {}) } };
  return [{ count: 1, entries: [entry] }];
}

function match(kinds: string[], policy: PolicyConfig): Record<string, unknown> {
  return {
    any: [
      {
        resources: {
          kinds,
          operations: ['CREATE', 'UPDATE'],
          ...(policy.exemptNamespaces.length ? { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...policy.exemptNamespaces].sort() }] } } : {}),
        },
      },
    ],
  };
}

function exclude(policy: PolicyConfig): Record<string, unknown> {
  if (policy.exemptWorkloads.length === 0) return {};
  // Kyverno matches names with wildcards: the workload itself, and the pods, ReplicaSets and Jobs named after it.
  return {
    exclude: {
      any: policy.exemptWorkloads.map((w) => ({ resources: { namespaces: [w.namespace], names: [w.name, `${w.name}-*`] } })),
    },
  };
}

export function kyvernoClusterPolicy(policy: PolicyConfig, mode: PolicyMode, annotations: Record<string, string>): K8sObject {
  const failureAction = mode === 'deny' ? 'Enforce' : 'Audit';
  const sig = policy.signature!;
  const severities = severitiesAtOrAbove(policy.vulnerabilities.severity);
  const sevFilter = severities.map((s) => `Severity == '${s}'`).join(' || ');
  const exemptCel = exemptWorkloadCondition(policy.exemptWorkloads);
  const rules: Record<string, unknown>[] = [
    {
      name: 'allowed-images',
      match: match(['Pod', ...POD_TEMPLATE_KINDS, 'CronJob'], policy),
      ...exclude(policy),
      ...(exemptCel ? { celPreconditions: [{ name: 'not-exempt-workload', expression: `!(${exemptCel})` }] } : {}),
      validate: {
        failureAction,
        cel: {
          paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
          paramRef: { name: PARAMS_NAME, namespace: policy.paramsNamespace, parameterNotFoundAction: 'Deny' },
          variables: celVariables(policy),
          expressions: [{ expression: CEL_VALIDATION, messageExpression: celMessage(policy), reason: 'Forbidden' }],
        },
      },
    },
    ...SPEC_PATHS.map((p) => ({
      name: `signed-and-scanned-${p.rule}`,
      match: match(p.kinds, policy),
      ...exclude(policy),
      preconditions: { any: receivesSecretsConditions(p.path, policy.includeToken) },
      verifyImages: [
        {
          imageReferences: ['*'],
          failureAction,
          required: true,
          mutateDigest: false,
          verifyDigest: policy.requireDigest,
          attestors: attestors(sig),
          attestations: [
            {
              type: VULN_ATTESTATION_TYPE,
              attestors: attestors(sig),
              conditions: [
                {
                  all: [
                    {
                      key: `{{ scanner.result.Results[].Vulnerabilities[?${sevFilter}][] | length(@) }}`,
                      operator: 'LessThanOrEquals',
                      value: policy.vulnerabilities.maxCount,
                      message: `the vulnerability attestation lists more than ${policy.vulnerabilities.maxCount} vulnerabilities at ${policy.vulnerabilities.severity} or above (${severities.join(', ')})`,
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    })),
  ];
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: {
      name: KYVERNO_POLICY_NAME,
      labels: { 'app.kubernetes.io/managed-by': 'secret-surface' },
      annotations: {
        ...annotations,
        'policies.kyverno.io/title': 'Secrets only for hardened, signed, scanned images',
        'policies.kyverno.io/category': 'Secret Surface',
        'policies.kyverno.io/subject': 'Pod',
        // The rules already cover every pod-template kind; generated controller rules would rewrite the CEL's paths.
        'pod-policies.kyverno.io/autogen-controllers': 'none',
      },
    },
    spec: {
      background: false,
      webhookTimeoutSeconds: 30,
      ...(mode === 'warn' ? { emitWarning: true } : {}),
      rules,
    },
  };
}
