// `scan --registry`: the images no workspace Dockerfile and no catalog entry decides are read from their
// registry with the cluster check's OCI client (manifest, platform, config, layers streamed with whiteouts
// and busybox links, byte/time limits, the on-disk digest cache), and their facts stand between the
// Dockerfile links and the catalog. A registry that cannot decide leaves the image unknown, with its reason.
import { inspectImage, type DigestCache, type FetchLike, type RegistryLimits } from '../cluster/registry/index.js';
import { registryFailure, registryImageFacts, type RegistryOutcome } from '../cluster/check-map.js';
import type { Workspace } from '../core/workspace.js';
import type { ImageFacts } from '../core/model.js';

export interface ScanRegistryOptions {
  cache: DigestCache;
  insecureHosts?: readonly string[];
  concurrency?: number;
  limits?: Partial<RegistryLimits>;
  dockerConfigPath?: string;
  fetch?: FetchLike;
}

export interface ScanRegistryStats {
  images: number;
  decided: number;
  cached: number;
  failed: { image: string; reason: string }[];
}

/** Reads the undecided images of `ws` from their registries and makes the workspace use what they hold. */
export async function resolveFromRegistry(ws: Workspace, opts: ScanRegistryOptions): Promise<ScanRegistryStats> {
  const refs = [
    ...new Set(ws.analyze().exposures.filter((e) => e.secrets.length > 0 && e.image.source === 'unknown' && !e.link).map((e) => e.container.image)),
  ].filter((r) => !r.includes('$'));
  const outcomes = new Map<string, RegistryOutcome>();
  const insecure = new Set(opts.insecureHosts ?? []);
  let next = 0;
  const worker = async () => {
    while (next < refs.length) {
      const ref = refs[next++]!;
      const result = await inspectImage(ref, {
        insecureHosts: [...insecure],
        cache: opts.cache,
        ...(opts.dockerConfigPath ? { dockerConfigPath: opts.dockerConfigPath } : {}),
        ...(opts.limits ? { limits: opts.limits } : {}),
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
      });
      outcomes.set(ref, { result, platform: 'linux/amd64' });
    }
  };
  await Promise.all(Array.from({ length: Math.min(refs.length, Math.max(1, opts.concurrency ?? 8)) }, worker));
  const stats: ScanRegistryStats = { images: refs.length, decided: 0, cached: 0, failed: [] };
  for (const [image, o] of outcomes) {
    if (registryImageFacts(image, o)) stats.decided++;
    else stats.failed.push({ image, reason: registryFailure(o) ?? 'the registry did not decide' });
    if (o.result.ok && o.result.cached) stats.cached++;
  }
  ws.setExternalImageFacts((image): ImageFacts | undefined => {
    const o = outcomes.get(image);
    if (!o) return undefined;
    const facts = registryImageFacts(image, o);
    if (facts) return facts;
    return { source: 'unknown', baseImage: image, tools: [], commands: [], unresolved: `the registry did not decide: ${registryFailure(o) ?? 'no answer'}` };
  });
  return stats;
}
