// Rule secret-volume-not-csi: a Secret volume where a CSI secrets driver would add access logging and rotation.
import { containerLabel, describeDelivery, relatedFor, yamlFinding, defineRule } from './rule.js';

export const secretVolumeNotCsi = defineRule({
  id: 'secret-volume-not-csi',
  defaultSeverity: 'info',
  docs: {
    summary: 'A Secret reaches a container through a secret (or projected) volume rather than a Secrets Store CSI volume.',
    what:
      'Reports containers that mount a `secret` volume or a `projected` volume with `secret` sources. CSI volumes ' +
      'with the `secrets-store.csi.k8s.io` driver are not reported.',
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
    for (const e of ctx.exposures) {
      const vols = e.secrets.filter((s) => s.channel === 'volume' || s.channel === 'projected');
      if (vols.length === 0) continue;
      out.push(
        yamlFinding(
          this.id,
          e,
          `${containerLabel(e)} mounts Secrets from etcd rather than a CSI secrets store: ${vols.map(describeDelivery).join('; ')}.`,
          relatedFor({ ...e, secrets: vols }, []),
          { volumes: [...new Set(vols.map((v) => v.volumeName))] },
        ),
      );
    }
    return out;
  },
});
