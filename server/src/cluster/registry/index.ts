// The registry client's entry points for the cluster check and the CLI.
export { inspectImage, inspectImages, type ImageRequest } from './inspect.js';
export { MemoryDigestCache, DirectoryDigestCache, defaultDigestCacheDir } from './cache.js';
export { ZSTD_SUPPORTED } from './layer-reader.js';
export { runningDigest } from './manifest.js';
export * from './types.js';
