// `scan --registry`: what the registry holds for the images nothing in the workspace decides (see
// registry-facts.ts) stands between the Dockerfile links and the catalog. The first analysis says which
// references are undecided; their answers are read, then the workspace analyses with them.
import { RegistryFacts, registryCandidates, type RegistryFactsOptions, type RegistryStats } from '../registry-facts.js';
import type { Workspace } from '../core/workspace.js';

// What `scan --registry` needs besides, from this one module: the CLI bundles it as one file of its own.
export { DirectoryDigestCache, defaultDigestCacheDir } from '../cluster/registry/index.js';
export { registryLimits } from '../registry-facts.js';

export type ScanRegistryOptions = RegistryFactsOptions;
export type ScanRegistryStats = RegistryStats;

/** Reads the undecided images of `ws` from their registries and makes the workspace use what they hold. */
export async function resolveFromRegistry(ws: Workspace, opts: ScanRegistryOptions): Promise<ScanRegistryStats> {
  const facts = new RegistryFacts(opts);
  const refs = registryCandidates(ws.analyze().exposures);
  await facts.lookup(refs);
  ws.setExternalImageFacts(facts.source());
  return facts.stats(refs);
}
