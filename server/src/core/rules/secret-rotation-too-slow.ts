// Rule secret-rotation-too-slow: a container whose image is not hardened receives a Secret that never rotates, or
// rotates more slowly than the maximum (24h), according to the workspace object that writes it.
import { foreignInterpreters, toolsOf } from '../exposure.js';
import type { Exposure } from '../exposure.js';
import type { Finding, SecretDelivery } from '../model.js';
import { defineRule, describeDelivery, yamlFinding } from './rule.js';
import { containerPhrase } from './phrases.js';

/** `Finding.data` of this rule: the objects that decide the slow rotations, for the fix. */
export interface RotationFindingData {
  sources: { kind: string; name: string; namespace: string; secret: string }[];
}

export function rotationFindingData(f: Pick<Finding, 'data'>): RotationFindingData {
  const raw = f.data?.['sources'];
  const sources = Array.isArray(raw)
    ? raw.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null).map((x) => ({ kind: String(x['kind'] ?? ''), name: String(x['name'] ?? ''), namespace: String(x['namespace'] ?? ''), secret: String(x['secret'] ?? '') }))
    : [];
  return { sources };
}

/** A credential that rotates every 24 hours has a narrow window even if it is extracted. */
export const MAX_ROTATION_SECONDS = 24 * 3600;

/** A Go duration, as `refreshInterval` takes it (`24h`, `90m`, `45s`). */
export function formatSeconds(s: number): string {
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

function unhardened(e: Exposure): string | undefined {
  const tools = [...new Set([...toolsOf(e.image, 'shell'), ...toolsOf(e.image, 'network'), ...foreignInterpreters(e.image)].map((t) => t.tool))];
  if (tools.length) return `its image keeps ${tools.slice(0, 4).join(', ')}${tools.length > 4 ? ' …' : ''}`;
  if (e.image.source === 'unknown' || e.image.unresolved) return 'what its image holds is not known';
  return undefined;
}

function tooSlow(d: SecretDelivery): boolean {
  const r = d.rotation;
  if (!r || r.everySeconds === undefined) return false;
  return r.everySeconds === null || r.everySeconds > MAX_ROTATION_SECONDS;
}

export const secretRotationTooSlow = defineRule({
  id: 'secret-rotation-too-slow',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A container whose image is not hardened receives a Secret that never rotates or rotates more slowly than every 24 hours.',
    what:
      'Reports containers whose image keeps a shell, a foreign interpreter or a network client (or whose image is not known) ' +
      'when a Secret they receive is written by an object in the workspace that refreshes it too rarely: an External Secrets ' +
      '`ExternalSecret` whose `refreshInterval` is `0` or longer than 24h, or a Bitnami `SealedSecret` (its value changes only ' +
      'when someone re-seals it). Secrets the Vault Agent injector renders (`vault.hashicorp.com/agent-inject-secret-*`) are ' +
      're-rendered every few minutes and are not reported; a SecretProviderClass `secretObjects` sync rotates only where the CSI ' +
      'driver runs with rotation enabled, which the repository does not say, so it is not reported either. Secrets with no ' +
      'such object in the workspace are not reported: nothing says how they rotate.',
    why:
      'When an image cannot be hardened yet, the next best defence is a short-lived credential: a Secret that rotates every ' +
      '24 hours gives an intruder who extracts it a narrow window, while one that never rotates stays valid until someone ' +
      'notices. The source object is where the interval is decided.',
    example:
      '```yaml\napiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata: { name: db, namespace: shop }\nspec:\n  refreshInterval: "0"   # fetched once, never refreshed\n  secretStoreRef: { name: vault, kind: ClusterSecretStore }\n  target: { name: db }\n```\nused by a container whose image is `node:20` (bash, curl).',
    instead:
      'Refresh the Secret at least daily and rotate it in the backing store (the quick fix sets `refreshInterval: 24h`):\n\n' +
      '```yaml\nspec:\n  refreshInterval: 24h\n```\nor harden the image (see `secret-in-shell-image`); for a SealedSecret, move the value to a store ' +
      'the External Secrets Operator or the Vault Agent can refresh.',
  },
  check(ctx) {
    const out = [];
    for (const e of ctx.exposures) {
      const why = unhardened(e);
      if (!why) continue;
      const slow = e.secrets.filter(tooSlow);
      if (slow.length === 0) continue;
      const every = (d: SecretDelivery) => (d.rotation!.everySeconds === null ? 'never rotates' : `rotates every ${formatSeconds(d.rotation!.everySeconds!)}`);
      const one = slow.length === 1 ? slow[0]! : undefined;
      const subject = one
        ? `Secret "${one.secretName}" ${every(one)} (${one.rotation!.source} ${one.rotation!.name})`
        : `${slow.length} Secrets rotate more slowly than every ${formatSeconds(MAX_ROTATION_SECONDS)}`;
      out.push(
        yamlFinding(
          this.id,
          e,
          `${subject} — ${containerPhrase(e)}, ${why.replace(/^its /, 'whose ')}`,
          slow.flatMap((d) => [
            { location: d.rotation!.location ?? d.location, message: `${d.rotation!.source} ${d.rotation!.name}: ${d.rotation!.text}` },
            { location: d.location, message: `Secret ${describeDelivery(d)}` },
          ]),
          { sources: slow.map((d) => ({ kind: d.rotation!.source, name: d.rotation!.name, namespace: e.workload.ref.namespace, secret: d.secretName })) },
        ),
      );
    }
    return out;
  },
});
