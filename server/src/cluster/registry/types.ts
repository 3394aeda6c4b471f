// The registry client's public shapes: options, limits, the result union and the digest cache.
import type { ToolFact } from '../../core/model.js';
import type { FoundFile } from './layer-fs.js';
import type { Platform } from './manifest.js';
import type fetch from 'node-fetch';

export type { FoundFile } from './layer-fs.js';
export type { Platform } from './manifest.js';

export type FetchLike = typeof fetch;

export interface RegistryLimits {
  /** Compressed bytes read from one layer before its stream is aborted. */
  maxLayerBytes: number;
  /** Compressed bytes read across all layers of one image. */
  maxImageBytes: number;
  /** Tar bytes after decompression read from one layer (a small gzip can expand to gigabytes). */
  maxLayerTarBytes: number;
  /** Tar bytes after decompression read across all layers of one image. */
  maxImageTarBytes: number;
  /** Tar headers listed from one layer (each is held until the layer is applied). */
  maxLayerEntries: number;
  /** Tar headers listed across all layers of one image (the filesystem holds them all). */
  maxImageEntries: number;
  /** Wall-clock time for one image, requests and streaming included. */
  timeoutMs: number;
}

export const DEFAULT_LIMITS: RegistryLimits = {
  maxLayerBytes: 512 * 1024 * 1024,
  maxImageBytes: 2 * 1024 * 1024 * 1024,
  maxLayerTarBytes: 1024 * 1024 * 1024,
  maxImageTarBytes: 4 * 1024 * 1024 * 1024,
  maxLayerEntries: 200_000,
  maxImageEntries: 500_000,
  timeoutMs: 120_000,
};

export interface InspectOptions {
  /** The node's platform; linux/amd64 when absent. */
  platform?: Platform;
  /** The running digest (`containerStatuses[].imageID`); wins over the reference's tag. */
  digest?: string;
  /** Docker config file; `$DOCKER_CONFIG/config.json` or `~/.docker/config.json` when absent. */
  dockerConfigPath?: string;
  signal?: AbortSignal;
  limits?: Partial<RegistryLimits>;
  cache?: DigestCache;
  /** Registry hosts (`127.0.0.1:5000`, `localhost`) spoken to over plain http. */
  insecureHosts?: string[];
  /** The HTTP client; node-fetch unless a caller wraps it (to count or log requests). */
  fetch?: FetchLike;
}

export interface RegistryImageConfig {
  user?: string;
  entrypoint?: string[];
  cmd?: string[];
  history?: { created_by?: string; empty_layer?: boolean; comment?: string }[];
}

export interface RegistryImageOk {
  ok: true;
  /** The platform-specific image manifest digest the facts describe. */
  digest: string;
  /** The index (manifest list) digest, when the reference named one. */
  indexDigest?: string;
  platform?: Platform;
  config: RegistryImageConfig;
  /** Every tool program found, by absolute path, with the layer it came from. */
  files: Record<string, FoundFile>;
  tools: ToolFact[];
  /** Why the listing is incomplete (`too-large: …`, `unsupported: zstd layer …`); absent when complete. */
  truncated?: string;
  /** True when the result came from the digest cache without reading any layer. */
  cached?: boolean;
}

export type RegistryFailureReason = 'unauthorized' | 'not-found' | 'timeout' | 'too-large' | 'malformed' | 'unsupported' | 'network';

export interface RegistryImageFailure {
  ok: false;
  reason: RegistryFailureReason;
  /** One line, never holding a credential or token. */
  message: string;
}

export type RegistryImageResult = RegistryImageOk | RegistryImageFailure;

/** Results by digest. Only complete results are stored, since a truncated one depends on the limits. */
export interface DigestCache {
  get(key: string): RegistryImageOk | undefined | Promise<RegistryImageOk | undefined>;
  set(key: string, value: RegistryImageOk): void | Promise<void>;
}
