// Rule secret-volume-not-csi: a Secret volume where a CSI secrets driver would add access logging and rotation.
import type { Exposure } from '../exposure.js';
import type { SecretDelivery } from '../model.js';
import { relatedFor, yamlFinding, defineRule } from './rule.js';
import { containerPhrase } from './phrases.js';

export const secretVolumeNotCsi = defineRule({
  id: 'secret-volume-not-csi',
  defaultSeverity: 'info',
  docs: {
    summary: 'A Secret reaches a container through a secret (or projected) volume rather than a Secrets Store CSI volume.',
    what:
      'Reports containers that mount a `secret` volume or a `projected` volume with `secret` sources. CSI volumes ' +
      'with the `secrets-store.csi.k8s.io` driver are not reported. The finding sits on the volume\'s `secret:` (or the ' +
      'projected source\'s), once per Secret and pod, naming every container that mounts it.',
    why:
      'A Kubernetes Secret is stored in etcd and readable by anyone with `get secrets` in the namespace. The Secrets ' +
      'Store CSI driver fetches the value from Vault, AWS, Azure or GCP at mount time: the external store logs each ' +
      'access, rotates the value, and the Secret never has to exist as a Kubernetes object.',
    example: '```yaml\n  volumes:\n    - name: tls\n      secret: { secretName: api-tls }\n```',
    instead:
      '```yaml\n  volumes:\n    - name: tls\n      csi:\n        driver: secrets-store.csi.k8s.io\n        readOnly: true\n' +
      '        volumeAttributes: { secretProviderClass: api-tls }\n```\nwith a SecretProviderClass named `api-tls`.',
  },
  check(ctx) {
    const out = [];
    // One finding per Secret of a volume, on the volume's `secret:` (or projected source), naming every
    // container that mounts it: the volume is the one place the fix changes.
    const byRef = new Map<string, { e: Exposure; d: SecretDelivery; containers: string[] }>();
    for (const e of ctx.exposures) {
      for (const d of e.secrets) {
        if (d.channel !== 'volume' && d.channel !== 'projected') continue;
        const at = d.refLocation ?? e.container.imageLocation;
        const key = `${e.workload.ref.kind}/${e.workload.ref.namespace}/${e.workload.ref.name}|${d.secretName}|${at.file}:${at.range.start.line}:${at.range.start.character}`;
        const hit = byRef.get(key);
        if (hit) {
          if (!hit.containers.includes(e.container.name)) hit.containers.push(e.container.name);
        } else byRef.set(key, { e, d, containers: [e.container.name] });
      }
    }
    for (const { e, d, containers } of byRef.values()) {
      const who = containers.length === 1 ? containerPhrase(e) : `containers ${containers.join(', ')} of ${e.workload.ref.name}`;
      const how = d.channel === 'projected' ? 'in a projected volume' : `as files at ${d.mountPath ?? '?'}`;
      const f = yamlFinding(
        this.id,
        e,
        `Secret "${d.secretName}" ${how} from etcd, not a CSI secrets store — ${who}`,
        relatedFor({ ...e, secrets: [d], link: undefined }, []),
        { volumes: [d.volumeName] },
      );
      // About the delivery, not the image: what decided the image is the tool findings' business.
      delete f.decidedBy;
      out.push(d.refLocation ? { ...f, location: d.refLocation } : f);
    }
    return out;
  },
});
