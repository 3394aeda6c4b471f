// Rule secret-rotation-too-slow: a container whose image is not hardened — or is over the CVE threshold —
// receives a Secret that never rotates, or rotates more slowly than the maximum (`rotation.maxInterval`,
// default 24h), according to the workspace object that writes it.
import { DEFAULT_ROTATION_MAX_SECONDS } from '../config/rotation-config.js';
import { foreignInterpreters, toolsOf } from '../exposure.js';
import { describeCounts } from '../vulns/apply.js';
import type { Exposure } from '../exposure.js';
import type { Finding, SecretDelivery } from '../model.js';
import { defineRule, describeDelivery, yamlFinding } from './rule.js';
import { containerPhrase } from './phrases.js';

/** `Finding.data` of this rule: the objects that decide the slow rotations, for the fix. */
export interface RotationFindingData {
  sources: { kind: string; name: string; namespace: string; secret: string }[];
  /** The maximum the finding was measured against, as a Go duration (`24h`). */
  maxInterval?: string;
}

export function rotationFindingData(f: Pick<Finding, 'data'>): RotationFindingData {
  const raw = f.data?.['sources'];
  const sources = Array.isArray(raw)
    ? raw.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null).map((x) => ({ kind: String(x['kind'] ?? ''), name: String(x['name'] ?? ''), namespace: String(x['namespace'] ?? ''), secret: String(x['secret'] ?? '') }))
    : [];
  // Only what formatSeconds writes: the value goes into YAML unquoted, and `data` comes back from the client.
  const max = f.data?.['maxInterval'];
  return { sources, ...(typeof max === 'string' && /^[1-9]\d{0,8}[hms]$/.test(max) ? { maxInterval: max } : {}) };
}

/** A credential that rotates every 24 hours has a narrow window even if it is extracted. */
export const MAX_ROTATION_SECONDS = DEFAULT_ROTATION_MAX_SECONDS;

/** A Go duration, as `refreshInterval` takes it (`24h`, `90m`, `45s`). */
export function formatSeconds(s: number): string {
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

/** Why the container needs short-lived Secrets: its image keeps tools, is not known, or is over the CVE threshold. */
function needsShortRotation(e: Exposure): string | undefined {
  const why: string[] = [];
  const tools = [...new Set([...toolsOf(e.image, 'shell'), ...toolsOf(e.image, 'network'), ...foreignInterpreters(e.image)].map((t) => t.tool))];
  if (tools.length) why.push(`its image keeps ${tools.slice(0, 4).join(', ')}${tools.length > 4 ? ' …' : ''}`);
  else if (e.image.source === 'unknown' || e.image.unresolved) why.push('what its image holds is not known');
  if (e.vulnerabilities?.overThreshold) why.push(`its image has ${describeCounts(e.vulnerabilities)}, over the threshold`);
  return why.length ? why.join(' and ') : undefined;
}

function tooSlow(d: SecretDelivery, max: number): boolean {
  const r = d.rotation;
  if (!r || r.everySeconds === undefined) return false;
  return r.everySeconds === null || r.everySeconds > max;
}

export const secretRotationTooSlow = defineRule({
  id: 'secret-rotation-too-slow',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A container whose image is not hardened (or is over the CVE threshold) receives a Secret that never rotates or rotates more slowly than the maximum (24h unless configured).',
    what:
      'Reports containers whose image keeps a shell, a foreign interpreter or a network client (or whose image is not known), ' +
      'and containers whose image the vulnerability reports put over the CVE threshold even when it is hardened, ' +
      'when a Secret they receive is written by an object in the workspace that refreshes it too rarely: an External Secrets ' +
      '`ExternalSecret` whose `refreshInterval` is `0` or longer than the maximum — 24h unless `.secret-surface.yaml` ' +
      '`rotation: { maxInterval: 12h }` or the editor setting `secretSurface.rotationMaxInterval` says otherwise — ' +
      'or a Bitnami `SealedSecret` (its value changes only ' +
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
      'Refresh the Secret at least as often as the maximum and rotate it in the backing store (the quick fix sets `refreshInterval` to the maximum, `24h` by default):\n\n' +
      '```yaml\nspec:\n  refreshInterval: 24h\n```\nor harden the image (see `secret-in-shell-image`); for a SealedSecret, move the value to a store ' +
      'the External Secrets Operator or the Vault Agent can refresh.',
  },
  check(ctx) {
    const out = [];
    const max = ctx.rotationMaxSeconds ?? MAX_ROTATION_SECONDS;
    for (const e of ctx.exposures) {
      const why = needsShortRotation(e);
      if (!why) continue;
      const slow = e.secrets.filter((d) => tooSlow(d, max));
      if (slow.length === 0) continue;
      const every = (d: SecretDelivery) =>
        d.rotation!.everySeconds === null ? 'never rotates' : `rotates every ${formatSeconds(d.rotation!.everySeconds!)}, more slowly than the ${formatSeconds(max)} maximum`;
      const one = slow.length === 1 ? slow[0]! : undefined;
      const subject = one
        ? `Secret "${one.secretName}" ${every(one)} (${one.rotation!.source} ${one.rotation!.name})`
        : `${slow.length} Secrets rotate more slowly than every ${formatSeconds(max)}`;
      out.push(
        yamlFinding(
          this.id,
          e,
          `${subject} — ${containerPhrase(e)}, ${why.replace(/^its /, 'whose ')}`,
          slow.flatMap((d) => [
            { location: d.rotation!.location ?? d.location, message: `${d.rotation!.source} ${d.rotation!.name}: ${d.rotation!.text}` },
            { location: d.location, message: `Secret ${describeDelivery(d)}` },
          ]),
          { sources: slow.map((d) => ({ kind: d.rotation!.source, name: d.rotation!.name, namespace: e.workload.ref.namespace, secret: d.secretName })), maxInterval: formatSeconds(max) },
        ),
      );
    }
    return out;
  },
});
