// Where Secrets come from and how often they rotate: External Secrets Operator `ExternalSecret`
// (`refreshInterval`, default 1h; `0` never refreshes; `target.name`, default the object's name), Bitnami
// `SealedSecret` (the value changes only when someone re-seals it), a SecretProviderClass's `secretObjects` sync
// (rotation is the CSI driver's setting, not the repository's), and the Vault Agent injector's annotations —
// which are also a delivery channel: `vault.hashicorp.com/agent-inject-secret-<name>` renders the secret as
// /vault/secrets/<name> in the pod's app containers.
import type { YAMLMap } from 'yaml';
import type { ContainerFacts, Location, SecretDelivery, SecretSourceFacts } from '../model.js';
import { type DocContext, get, getMap, getSeq, getString, items, loc, scalarString } from '../yaml/index.js';

export const EXTERNAL_SECRETS_GROUP = 'external-secrets.io';
export const SEALED_SECRETS_GROUP = 'bitnami.com';
export const VAULT_INJECT = 'vault.hashicorp.com/agent-inject';
export const VAULT_SECRET_PREFIX = 'vault.hashicorp.com/agent-inject-secret-';
/** The injector re-renders static secrets every 5 minutes unless the pod says otherwise. */
export const VAULT_DEFAULT_RENDER_SECONDS = 300;
const VAULT_RENDER_INTERVAL = 'vault.hashicorp.com/template-static-secret-render-interval';

/** A Go duration (`1h30m`, `24h`, `90s`, `0`) in seconds; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (t === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) {
    total += Number(m[1]) * unit[m[2]!]!;
    matched = re.lastIndex;
  }
  return matched === t.length && matched > 0 ? total : undefined;
}

export function readSecretSources(object: YAMLMap, group: string, kind: string, ctx: DocContext): SecretSourceFacts[] {
  const metadata = getMap(object, 'metadata', ctx);
  const name = getString(metadata, 'name', ctx) ?? '';
  const namespace = getString(metadata, 'namespace', ctx) ?? 'default';
  const spec = getMap(object, 'spec', ctx);
  const base = { name, namespace, location: loc(object, ctx), ...(spec ? { specLocation: loc(spec, ctx) } : {}) };
  if (kind === 'ExternalSecret' && group === EXTERNAL_SECRETS_GROUP) {
    const target = getString(getMap(spec, 'target', ctx), 'name', ctx) ?? name;
    const node = get(spec, 'refreshInterval', ctx);
    const written = scalarString(node);
    if (written === undefined) return [{ kind, ...base, secretName: target, everySeconds: 3600, text: 'refreshInterval not set (the operator refreshes every 1h)' }];
    const secs = parseDuration(written);
    return [{ kind, ...base, secretName: target, everySeconds: secs === 0 ? null : secs, text: `refreshInterval ${written}${secs === 0 ? ' (never refreshed)' : ''}`, refreshLocation: loc(node, ctx) }];
  }
  if (kind === 'SealedSecret' && group === SEALED_SECRETS_GROUP) {
    const target = getString(getMap(getMap(spec, 'template', ctx), 'metadata', ctx), 'name', ctx) ?? name;
    return [{ kind, ...base, secretName: target, everySeconds: null, text: 'sealed: the value changes only when someone re-seals it' }];
  }
  if (kind === 'SecretProviderClass') {
    const out: SecretSourceFacts[] = [];
    for (const so of items(getSeq(spec, 'secretObjects', ctx), ctx)) {
      const secretName = getString(so, 'secretName', ctx);
      if (secretName === undefined) continue;
      out.push({ kind, ...base, secretName, everySeconds: undefined, text: 'synced by the Secrets Store CSI driver: it rotates only where the driver runs with --enable-secret-rotation' });
    }
    return out;
  }
  return [];
}

/**
 * Vault Agent injector deliveries: one per `agent-inject-secret-<name>` annotation, in every app container (init
 * containers run before the agent renders anything), when `agent-inject` is "true".
 */
export function addVaultDeliveries(templateMeta: YAMLMap | undefined, containers: ContainerFacts[], ctx: DocContext): void {
  const annotations = getMap(templateMeta, 'annotations', ctx);
  if (!annotations || scalarString(get(annotations, VAULT_INJECT, ctx))?.toLowerCase() !== 'true') return;
  const interval = scalarString(get(annotations, VAULT_RENDER_INTERVAL, ctx));
  const every = interval !== undefined ? parseDuration(interval) : VAULT_DEFAULT_RENDER_SECONDS;
  for (const pair of annotations.items) {
    const key = scalarString(pair.key);
    if (!key?.startsWith(VAULT_SECRET_PREFIX)) continue;
    const file = key.slice(VAULT_SECRET_PREFIX.length);
    const path = scalarString(pair.value) ?? '';
    if (file === '') continue;
    const location: Location = loc(pair, ctx);
    for (const c of containers) {
      if (c.kind !== 'container') continue;
      const d: SecretDelivery = {
        channel: 'vault',
        secretName: path,
        mountPath: `/vault/secrets/${file}`,
        optional: false,
        location,
        rotation: {
          source: 'VaultAgent',
          name: path,
          everySeconds: every,
          text: interval !== undefined ? `re-rendered every ${interval}` : 're-rendered by the Vault Agent (leases renewed; static secrets every 5m)',
          location,
        },
      };
      c.secrets.push(d);
    }
  }
}
