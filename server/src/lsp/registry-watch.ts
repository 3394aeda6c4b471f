// Registry-backed image facts in the editor: after an analysis, the images nothing in the folder decides
// (registry-facts.ts) are read from their registries in the background — only in a trusted workspace, only
// when the setting or `.secret-surface.yaml` `registry: { enabled: true }` asks — and the folder is analysed
// again with the answers. An analysis never waits for a registry; each reference is asked once per folder
// while the options stay the same, and the digest cache on disk is the one the CLI and the cluster check use.
import type { RegistryConfig } from '../core/config/index.js';
import type { Exposure } from '../core/exposure.js';
import type { ExternalImageFacts } from '../core/workspace.js';
import type { DigestCache } from '../cluster/registry/index.js';
import { RegistryFacts, registryCandidates, registryLimits } from '../registry-facts.js';

export interface RegistryFolder {
  key: string;
  workspace: { setExternalImageFacts?(source: ExternalImageFacts | undefined): void };
}

export interface RegistryWatchOptions {
  trusted(): boolean;
  /** The editor setting for this folder. */
  settingEnabled(key: string): boolean;
  /** The folder has new answers: analyse it again. */
  changed(key: string): void;
  /** One line for the log (never a credential: the registry client's messages hold none). */
  log(message: string): void;
  cache: () => DigestCache;
}

interface FolderRegistry {
  /** The options the answers were read with; other options start over. */
  optionsKey: string;
  facts: RegistryFacts;
  applied: boolean;
}

export class RegistryWatch {
  private readonly folders = new Map<string, FolderRegistry>();
  private cache: DigestCache | undefined;

  constructor(private readonly opts: RegistryWatchOptions) {}

  /** After each analysis of a folder: start reading what is undecided, or drop answers that may no longer be used. */
  analysed(f: RegistryFolder, exposures: readonly Exposure[], config: RegistryConfig | undefined): void {
    if (!f.workspace.setExternalImageFacts) return;
    const enabled = this.opts.trusted() && (this.opts.settingEnabled(f.key) || config?.enabled === true);
    const current = this.folders.get(f.key);
    if (!enabled) {
      if (current) {
        this.folders.delete(f.key);
        if (current.applied) {
          f.workspace.setExternalImageFacts(undefined);
          this.opts.changed(f.key);
        }
      }
      return;
    }
    const optionsKey = JSON.stringify([config?.insecure ?? [], config?.maxLayerMB, config?.timeoutSeconds, config?.concurrency]);
    let entry = current;
    if (!entry || entry.optionsKey !== optionsKey) {
      entry = {
        optionsKey,
        applied: current?.applied ?? false,
        facts: new RegistryFacts({
          cache: (this.cache ??= this.opts.cache()),
          insecureHosts: config?.insecure ?? [],
          concurrency: config?.concurrency ?? 4,
          limits: registryLimits(config),
        }),
      };
      this.folders.set(f.key, entry);
    }
    const refs = registryCandidates(exposures);
    const target = entry;
    void target.facts.lookup(refs).then(
      (fresh) => {
        if (fresh === 0 || this.folders.get(f.key) !== target) return;
        const s = target.facts.stats(refs);
        this.opts.log(`registry: ${s.images} image(s) looked up, ${s.decided} decided (${s.cached} from the digest cache), ${s.failed.length} not decided`);
        for (const x of s.failed) this.opts.log(`registry: ${x.image} not decided: ${x.reason}`);
        target.applied = true;
        f.workspace.setExternalImageFacts?.(target.facts.source());
        this.opts.changed(f.key);
      },
      (err: unknown) => this.opts.log(`registry: look-up failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  }
}
