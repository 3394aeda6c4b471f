// Which images the admission policies admit for pods that receive Secrets, decided from the exposure
// report: an image is allowed when every container that uses it was found hardened (no shell, no
// foreign interpreter, no network client, and what it holds was decided). Also the messages about
// images that could not be allowed, so nothing is left out silently.
import type { ExposureRow } from '../../report.js';
import type { PolicyConfig } from '../../config/policy-config.js';
import { parseImageRef } from '../../catalog/image-ref.js';

export interface PolicyMessage {
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export interface ImageVerdict {
  image: string;
  verdict: 'hardened' | 'exposed' | 'unknown';
  /** Some container with this image receives Secrets (or the token, when it counts). */
  receivesSecrets: boolean;
  /** Workloads using it, `namespace/Kind/name`. */
  workloads: string[];
  /** Why: the tools it holds, or why what it holds is unknown. */
  why: string;
}

export interface AllowedImages {
  /** Repositories admitted when referenced by digest (or by any reference when digests are not required). */
  repositories: string[];
  /** Exact references admitted as written (digest-pinned images from the workspace). */
  images: string[];
  /** Registry or repository prefixes from the config. */
  registries: string[];
  verdicts: ImageVerdict[];
  messages: PolicyMessage[];
}

/** Every name a pod may use for the same repository: as written, and the canonical `registry/repository`. */
export function repositoryNames(image: string): string[] {
  const ref = parseImageRef(image);
  const asWritten = stripTagAndDigest(image.trim());
  const names = new Set([asWritten, ref.name]);
  if (ref.registry === 'docker.io') {
    names.add(ref.repository);
    if (ref.repository.startsWith('library/')) names.add(ref.repository.slice('library/'.length));
  }
  return [...names].sort();
}

function stripTagAndDigest(image: string): string {
  const at = image.indexOf('@');
  const noDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest;
}

export function decideAllowedImages(rows: readonly ExposureRow[], policy: PolicyConfig): AllowedImages {
  const byImage = new Map<string, ExposureRow[]>();
  for (const r of rows) {
    const image = r.image.trim();
    if (image === '') continue;
    byImage.set(image, [...(byImage.get(image) ?? []), r]);
  }
  const verdicts: ImageVerdict[] = [];
  const messages: PolicyMessage[] = [];
  const repositories = new Set<string>();
  const images = new Set<string>();
  for (const [image, rs] of [...byImage].sort(([a], [b]) => a.localeCompare(b))) {
    const exposed = rs.find((r) => r.hardening === 'exposed');
    const unknown = rs.find((r) => r.hardening === 'unknown');
    const verdict: ImageVerdict['verdict'] = exposed ? 'exposed' : unknown ? 'unknown' : 'hardened';
    const receivesSecrets = rs.some((r) => r.secrets.length > 0 || (policy.includeToken && r.tokenMounted));
    const workloads = [...new Set(rs.map((r) => `${r.workload.namespace}/${r.workload.kind}/${r.workload.name}`))].sort();
    let why: string;
    if (exposed) {
      const group = (label: string, plural: string, ts: string[]) => (ts.length ? [`${ts.length === 1 ? label : plural} ${ts.join(', ')}`] : []);
      const tools = [
        ...group('shell', 'shells', exposed.shells),
        ...group('interpreter', 'interpreters', exposed.interpreters),
        ...group('network client', 'network clients', exposed.networkClients),
      ];
      why = `it holds ${tools.join('; ')}`;
    } else if (unknown) {
      why = `what it holds could not be decided (${unknown.unresolved ?? 'no Dockerfile, registry or catalog entry'})`;
    } else why = `no shell, interpreter or network client (decided by the ${rs[0]!.source}${rs[0]!.dockerfile ? ` ${rs[0]!.dockerfile.file}` : ''})`;
    verdicts.push({ image, verdict, receivesSecrets, workloads, why });
    const ref = parseImageRef(image);
    if (verdict === 'hardened') {
      for (const n of repositoryNames(image)) repositories.add(n);
      if (ref.digest) images.add(image);
      else if (policy.requireDigest && receivesSecrets) {
        messages.push({
          severity: 'info',
          message: `${image} is hardened but referenced by tag, not digest: the policy admits it only as ${stripTagAndDigest(image)}@sha256:… — deploy it by digest`,
        });
      }
    } else if (receivesSecrets) {
      const used = `used by ${workloads.join(', ')}`;
      messages.push(
        verdict === 'unknown'
          ? { severity: 'warning', message: `${image} is not allowed: ${why} — link it to its Dockerfile (\`images:\` in .secret-surface.yaml) or declare it under \`catalog:\`; ${used}` }
          : { severity: 'info', message: `${image} is not allowed: ${why}; ${used}` },
      );
    }
  }
  if (byImage.size === 0) messages.push({ severity: 'warning', message: 'the workspace has no workload with a container image: the allowed list is empty' });
  return { repositories: [...repositories].sort(), images: [...images].sort(), registries: [...policy.allowedRegistries].sort(), verdicts, messages };
}
