// Image facts read from registries, for `scan --registry` and the language server: the images no workspace
// Dockerfile and no catalog entry decides — and the FROM bases of workspace Dockerfiles the catalog does not
// know — are read with the cluster check's OCI client (manifest, platform, config, layers streamed with
// whiteouts and busybox links, byte/time limits, the on-disk digest cache). Each reference is asked once
// per instance; a registry that cannot decide leaves the image unknown, with its reason.
import { inspectImage, type DigestCache, type FetchLike, type RegistryLimits } from './cluster/registry/index.js';
import { registryFailure, registryImageFacts, type RegistryOutcome } from './cluster/check-map.js';
import type { RegistryConfig } from './core/config/index.js';
import type { Exposure } from './core/exposure.js';
import type { ImageFacts } from './core/model.js';
import type { ExternalImageFacts } from './core/workspace.js';

export interface RegistryFactsOptions {
  cache: DigestCache;
  insecureHosts?: readonly string[];
  /** Images read at once (default 8). */
  concurrency?: number;
  limits?: Partial<RegistryLimits>;
  dockerConfigPath?: string;
  fetch?: FetchLike;
}

export interface RegistryStats {
  images: number;
  decided: number;
  cached: number;
  failed: { image: string; reason: string }[];
}

/** The bounds `.secret-surface.yaml` `registry:` sets (a flag's layer cap wins), as registry client limits. */
export function registryLimits(config: RegistryConfig | undefined, maxLayerMB = config?.maxLayerMB): Partial<RegistryLimits> {
  const mib = 1024 * 1024;
  return {
    ...(maxLayerMB ? { maxLayerBytes: maxLayerMB * mib, maxLayerTarBytes: maxLayerMB * mib } : {}),
    ...(config?.timeoutSeconds ? { timeoutMs: config.timeoutSeconds * 1000 } : {}),
  };
}

/** The references the registry would decide: unlinked unknown images, and unknown FROM bases of linked ones. */
export function registryCandidates(exposures: readonly Exposure[]): string[] {
  const out = new Set<string>();
  for (const e of exposures) {
    if (e.secrets.length === 0) continue;
    if (e.image.source === 'unknown' && !e.link) out.add(e.container.image);
    else if (e.image.source === 'dockerfile' && e.image.baseImage && !e.image.catalog && !e.image.registry && e.image.unresolved?.startsWith('unknown base image')) {
      out.add(e.image.baseImage);
    }
  }
  // An unexpanded variable names no image a registry can answer for.
  return [...out].filter((r) => !r.includes('$')).sort();
}

export class RegistryFacts {
  private readonly outcomes = new Map<string, RegistryOutcome>();
  private readonly asked = new Map<string, Promise<void>>();

  constructor(private readonly opts: RegistryFactsOptions) {}

  /** Reads every reference not asked before; resolves once all of `refs` are answered. */
  async lookup(refs: readonly string[]): Promise<number> {
    const fresh = refs.filter((r) => !this.asked.has(r));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < fresh.length) {
        const ref = fresh[next++]!;
        const result = await inspectImage(ref, {
          insecureHosts: [...(this.opts.insecureHosts ?? [])],
          cache: this.opts.cache,
          ...(this.opts.dockerConfigPath ? { dockerConfigPath: this.opts.dockerConfigPath } : {}),
          ...(this.opts.limits ? { limits: this.opts.limits } : {}),
          ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}),
        });
        this.outcomes.set(ref, { result, platform: 'linux/amd64' });
      }
    };
    const run = Promise.all(Array.from({ length: Math.min(fresh.length, Math.max(1, this.opts.concurrency ?? 8)) }, worker)).then(() => undefined);
    for (const r of fresh) this.asked.set(r, run);
    await Promise.all(refs.map((r) => this.asked.get(r) ?? run));
    return fresh.length;
  }

  /** What the answers so far say, for `refs`. */
  stats(refs: readonly string[]): RegistryStats {
    const stats: RegistryStats = { images: refs.length, decided: 0, cached: 0, failed: [] };
    for (const image of refs) {
      const o = this.outcomes.get(image);
      if (!o) continue;
      if (registryImageFacts(image, o)) stats.decided++;
      else stats.failed.push({ image, reason: registryFailure(o) ?? 'the registry did not decide' });
      if (o.result.ok && o.result.cached) stats.cached++;
    }
    return stats;
  }

  /** The outside source a Workspace consults before the catalog (setExternalImageFacts). */
  source(): ExternalImageFacts {
    return (image): ImageFacts | undefined => {
      const o = this.outcomes.get(image);
      if (!o) return undefined;
      const facts = registryImageFacts(image, o);
      if (facts) return facts;
      return { source: 'unknown', baseImage: image, tools: [], commands: [], unresolved: `the registry did not decide: ${registryFailure(o) ?? 'no answer'}` };
    };
  }
}
