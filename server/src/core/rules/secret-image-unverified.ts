// Rule secret-image-unverified: a container receives a Secret and nothing says what its image holds.
import { shortImage, relatedFor, yamlFinding, defineRule } from './rule.js';
import { containerPhrase, displayImage, secretsPhrase } from './phrases.js';

export const secretImageUnverified = defineRule({
  id: 'secret-image-unverified',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A container receives a Secret and its image cannot be resolved.',
    what:
      'Reports containers that receive a Secret when Secret Surface cannot tell what their image holds: no ' +
      'Dockerfile in the workspace is linked to the image and the catalog does not know it, or the linked ' +
      'Dockerfile builds on a base image the catalog does not know (or on an ARG with no value).',
    why:
      'An unknown image is not a safe image. Saying nothing would read as "no problem here"; this rule says the ' +
      'question is open.',
    example: '```yaml\n    image: registry.example.com/payments/ledger:2.3   # no Dockerfile, unknown image\n    envFrom:\n      - secretRef: { name: ledger-db }\n```',
    instead:
      'Link the image to its Dockerfile in `.secret-surface.yaml` (`images: { registry.example.com/payments/ledger: ' +
      'ledger/Dockerfile }`), in a build config the workspace reads (skaffold, compose, Tilt, bake, Jib, ko, Cloud Build, GoReleaser, CI workflows, Makefiles, shell scripts — see the README), or by naming convention; or describe your internal base images ' +
      'under `catalog:` in `.secret-surface.yaml`. The cluster check can also read the image from its registry.',
  },
  check(ctx) {
    const out = [];
    for (const e of ctx.exposures) {
      if (e.secrets.length === 0) continue;
      if (e.image.source !== 'unknown' && !e.image.unresolved) continue;
      // Unlinked and not catalogued: the registry decides it when asked (`scan --registry`, the cluster check);
      // when it was asked and could not, its reason is the reason.
      const registry = e.image.unresolved?.startsWith('the registry') ? e.image.unresolved : undefined;
      const reason =
        e.image.source === 'unknown' && !e.link
          ? `no Dockerfile in the workspace is linked to it and the catalog does not know it; ${registry ?? 'reading it from its registry (scan --registry, the cluster check) would decide it'}`
          : e.image.source === 'dockerfile' && e.image.unresolved?.startsWith('unknown base image')
            ? `${e.image.unresolved}; reading the base from its registry (scan --registry) would decide it`
            : (e.image.unresolved ?? 'the catalog does not know it');
      const short =
        e.image.source === 'unknown' && !e.link
          ? `no linked Dockerfile, not in the catalog; ${registry ?? 'scan --registry or the cluster check can read it'}`
          : reason;
      out.push(
        yamlFinding(
          this.id,
          e,
          `Unknown image ${displayImage(e.container.image)} — ${containerPhrase(e)} receives ${secretsPhrase(e.secrets)}; ${shortImage(short)}`,
          relatedFor(e, []),
          { reason },
        ),
      );
    }
    return out;
  },
});
