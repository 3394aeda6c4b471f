// The `policy:` section of `.secret-surface.yaml`: how the admission policies generated from the analysis
// behave — enforcement mode, trusted registries, exemptions, and what the Kyverno policy verifies
// (cosign signature, vulnerability attestation threshold). Read by hand like the rest of the file.
import type { Node } from 'yaml';
import type { Location } from '../model.js';
import { entries, isMap, isSeq, nodeLocation, scalarText, type DocContext } from '../yaml/index.js';

export type PolicyMode = 'warn' | 'audit' | 'deny';
export const POLICY_MODES: readonly PolicyMode[] = ['warn', 'audit', 'deny'];

export type VulnSeverity = 'critical' | 'high' | 'medium' | 'low';
export const VULN_SEVERITIES: readonly VulnSeverity[] = ['critical', 'high', 'medium', 'low'];

/** A workload left out of the admission policies: `namespace/Kind/name`. */
export interface PolicyExemptWorkload {
  namespace: string;
  kind: string;
  name: string;
}

export interface PolicyConfig {
  /** Enforcement when the command line does not say; undefined: deny (warn when nothing is hardened). */
  mode?: PolicyMode;
  /** Registry or repository prefixes whose images are admitted whatever the analysis says (`registry.example.com/base`). */
  allowedRegistries: string[];
  /** Admitted images must be referenced by digest (default true). */
  requireDigest: boolean;
  /** The auto-mounted service-account token counts as a Secret (default true). */
  includeToken: boolean;
  /** Namespaces the policies never look at (default: kube-system). */
  exemptNamespaces: string[];
  exemptWorkloads: PolicyExemptWorkload[];
  /** Where the allowed-images ConfigMap lives (default: secret-surface). */
  paramsNamespace: string;
  /** Kyverno: the cosign identity images must be signed with. */
  signature?: { key?: string; issuer?: string; subject?: string; rekorUrl?: string };
  /** Kyverno: at most `maxCount` vulnerabilities at `severity` or above in the image's vuln attestation. */
  vulnerabilities: { severity: VulnSeverity; maxCount: number };
}

export function defaultPolicyConfig(): PolicyConfig {
  return {
    allowedRegistries: [],
    requireDigest: true,
    includeToken: true,
    exemptNamespaces: ['kube-system'],
    exemptWorkloads: [],
    paramsNamespace: 'secret-surface',
    vulnerabilities: { severity: 'high', maxCount: 0 },
  };
}

export const POLICY_KEYS = [
  'mode',
  'allowedRegistries',
  'requireDigest',
  'includeToken',
  'exemptNamespaces',
  'exemptWorkloads',
  'paramsNamespace',
  'signature',
  'vulnerabilities',
];
const SIGNATURE_KEYS = ['key', 'issuer', 'subject', 'rekorUrl'];
const VULN_KEYS = ['severity', 'maxCount'];

/** The notice sink of the config reader (its Checker). */
export interface PolicyNoticeSink {
  error(node: Node | null | undefined, message: string): void;
  unknownKey(location: Location | undefined, key: string, where: string, known: readonly string[]): void;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Reads `policy:`; a bad entry is reported and left out, the rest applies. */
export function readPolicyConfig(ctx: DocContext, node: Node | undefined, c: PolicyNoticeSink): PolicyConfig {
  const out = defaultPolicyConfig();
  if (!isMap(node)) {
    c.error(node, '`policy` must be a mapping (`mode:`, `allowedRegistries:`, `exemptNamespaces:` …)');
    return out;
  }
  const str = (n: Node | null | undefined, what: string): string | undefined => {
    const v = scalarText(n);
    if (v === undefined || typeof (n as { value?: unknown }).value !== 'string' || v.trim() === '') {
      c.error(n, `${what} must be a non-empty string`);
      return undefined;
    }
    return v.trim();
  };
  const bool = (n: Node | null | undefined, what: string): boolean | undefined => {
    const v = (n as { value?: unknown } | null)?.value;
    if (typeof v !== 'boolean') {
      c.error(n, `${what} must be true or false`);
      return undefined;
    }
    return v;
  };
  const list = (n: Node | null | undefined, what: string, check: (v: string, item: Node | null | undefined) => boolean): string[] => {
    if (!isSeq(n)) {
      c.error(n, `${what} must be a list`);
      return [];
    }
    const values: string[] = [];
    for (const item of n.items as (Node | null)[]) {
      const v = str(item, `an entry of ${what}`);
      if (v !== undefined && check(v, item)) values.push(v);
    }
    return values;
  };
  for (const e of entries(node, ctx)) {
    switch (e.key) {
      case 'mode': {
        const v = str(e.value, 'policy.mode');
        if (v === undefined) break;
        if (!(POLICY_MODES as readonly string[]).includes(v)) c.error(e.value, `policy.mode: ${JSON.stringify(v)} is not one of ${POLICY_MODES.join(', ')}`);
        else out.mode = v as PolicyMode;
        break;
      }
      case 'allowedRegistries':
        out.allowedRegistries = list(e.value, 'policy.allowedRegistries', (v, item) => {
          if (/[\s@]/.test(v) || v.endsWith('/')) {
            c.error(item, `policy.allowedRegistries: ${JSON.stringify(v)} is not a registry or repository prefix (write registry.example.com/team, no trailing slash, tag or digest)`);
            return false;
          }
          return true;
        });
        break;
      case 'requireDigest':
      case 'includeToken': {
        const v = bool(e.value, `policy.${e.key}`);
        if (v !== undefined) out[e.key as 'requireDigest' | 'includeToken'] = v;
        break;
      }
      case 'exemptNamespaces':
        out.exemptNamespaces = list(e.value, 'policy.exemptNamespaces', (v, item) => {
          if (!DNS_LABEL.test(v)) {
            c.error(item, `policy.exemptNamespaces: ${JSON.stringify(v)} is not a namespace name`);
            return false;
          }
          return true;
        });
        break;
      case 'exemptWorkloads':
        out.exemptWorkloads = list(e.value, 'policy.exemptWorkloads', (v, item) => {
          const parts = v.split('/');
          if (parts.length !== 3 || !DNS_LABEL.test(parts[0]!) || !/^[A-Z][A-Za-z]*$/.test(parts[1]!) || !OBJECT_NAME.test(parts[2]!)) {
            c.error(item, `policy.exemptWorkloads: ${JSON.stringify(v)} must be namespace/Kind/name (e.g. shop/Deployment/legacy)`);
            return false;
          }
          return true;
        }).map((v) => {
          const [namespace, kind, name] = v.split('/') as [string, string, string];
          return { namespace, kind, name };
        });
        break;
      case 'paramsNamespace': {
        const v = str(e.value, 'policy.paramsNamespace');
        if (v === undefined) break;
        if (!DNS_LABEL.test(v)) c.error(e.value, `policy.paramsNamespace: ${JSON.stringify(v)} is not a namespace name`);
        else out.paramsNamespace = v;
        break;
      }
      case 'signature': {
        if (!isMap(e.value)) {
          c.error(e.value, 'policy.signature must be a mapping: `key:` (a cosign public key) or `issuer:` + `subject:` (keyless)');
          break;
        }
        const sig: NonNullable<PolicyConfig['signature']> = {};
        for (const f of entries(e.value, ctx)) {
          if (!SIGNATURE_KEYS.includes(f.key)) {
            c.unknownKey(nodeLocation(f.keyNode, ctx), f.key, '`policy.signature`', SIGNATURE_KEYS);
            continue;
          }
          const v = str(f.value, `policy.signature.${f.key}`);
          if (v !== undefined) sig[f.key as keyof typeof sig] = v;
        }
        if (sig.key === undefined && (sig.issuer === undefined || sig.subject === undefined)) {
          c.error(e.value, 'policy.signature needs `key:` (a cosign public key, PEM) or both `issuer:` and `subject:` (keyless)');
        } else if (sig.key !== undefined && (sig.issuer !== undefined || sig.subject !== undefined)) {
          c.error(e.value, 'policy.signature: give either `key:` or `issuer:` + `subject:`, not both');
        } else out.signature = sig;
        break;
      }
      case 'vulnerabilities': {
        if (!isMap(e.value)) {
          c.error(e.value, 'policy.vulnerabilities must be a mapping (`severity: high`, `maxCount: 0`)');
          break;
        }
        for (const f of entries(e.value, ctx)) {
          if (f.key === 'severity') {
            const v = str(f.value, 'policy.vulnerabilities.severity');
            if (v === undefined) continue;
            if (!(VULN_SEVERITIES as readonly string[]).includes(v)) c.error(f.value, `policy.vulnerabilities.severity: ${JSON.stringify(v)} is not one of ${VULN_SEVERITIES.join(', ')}`);
            else out.vulnerabilities.severity = v as VulnSeverity;
          } else if (f.key === 'maxCount') {
            const v = (f.value as { value?: unknown } | null)?.value;
            if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) c.error(f.value, 'policy.vulnerabilities.maxCount must be a whole number ≥ 0');
            else out.vulnerabilities.maxCount = v;
          } else c.unknownKey(nodeLocation(f.keyNode, ctx), f.key, '`policy.vulnerabilities`', VULN_KEYS);
        }
        break;
      }
      default:
        c.unknownKey(nodeLocation(e.keyNode, ctx), e.key, '`policy`', POLICY_KEYS);
    }
  }
  return out;
}
