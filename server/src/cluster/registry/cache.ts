// Digest caches for registry results: in memory for the language server, and an optional JSON
// directory for the CLI so repeated runs in CI read no layers. A digest names immutable content, so
// entries never expire.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DigestCache, RegistryImageOk } from './types.js';

/** The digest cache directory the CLI, the cluster check and the editor share: $XDG_CACHE_HOME/secret-surface/registry. */
export function defaultDigestCacheDir(): string {
  return join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'secret-surface', 'registry');
}

export class MemoryDigestCache implements DigestCache {
  private readonly entries = new Map<string, RegistryImageOk>();
  constructor(private readonly maxEntries = 2000) {}

  get(key: string): RegistryImageOk | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: RegistryImageOk): void {
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) {
      // Oldest first: Map keeps insertion order.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, value);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** One `<key>.json` file per entry; unreadable or corrupt entries are treated as misses. */
export class DirectoryDigestCache implements DigestCache {
  private readonly memory = new MemoryDigestCache();
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    return join(this.dir, `${key.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
  }

  async get(key: string): Promise<RegistryImageOk | undefined> {
    const hit = this.memory.get(key);
    if (hit) return hit;
    try {
      const value = JSON.parse(await readFile(this.file(key), 'utf8')) as RegistryImageOk;
      if (value?.ok !== true || typeof value.digest !== 'string' || !Array.isArray(value.tools)) return undefined;
      this.memory.set(key, value);
      return value;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: RegistryImageOk): Promise<void> {
    this.memory.set(key, value);
    try {
      await mkdir(this.dir, { recursive: true });
      // Write then rename, so a concurrent reader never sees half a file.
      const tmp = `${this.file(key)}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(value));
      await rename(tmp, this.file(key));
    } catch {
      // A cache that cannot be written only costs a re-read next time.
    }
  }
}
