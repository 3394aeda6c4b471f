// Inspects an image in its registry: resolves the reference (the running digest wins over the tag)
// and an index to one platform, reads the image config, streams every layer in order into the final
// filesystem and reports the tools found with their evidence. Never throws and never outlives its
// time limit: every failure becomes an `ok: false` result with a one-line message.
import { createHash } from 'node:crypto';
import type { Response } from 'node-fetch';
import { parseImageRef } from '../../core/catalog/image-ref.js';
import { LayeredFs } from './layer-fs.js';
import { DigestMismatchError, readLayer, ZSTD_SUPPORTED } from './layer-reader.js';
import { MalformedError, MANIFEST_ACCEPT, parseImageConfig, parseManifest, runningDigest, selectPlatform, type Descriptor, type Platform } from './manifest.js';
import { MemoryDigestCache } from './cache.js';
import { RegistryError, RepositoryClient, toNetworkError } from './registry-http.js';
import { redact } from '../../redact.js';
import { DEFAULT_LIMITS, type InspectOptions, type RegistryImageOk, type RegistryImageResult, type RegistryLimits } from './types.js';

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_CONFIG_BYTES = 8 * 1024 * 1024;
const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

function platformKey(p: Platform): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}

/** Reads a small JSON body with a cap, so a hostile registry cannot make us buffer gigabytes. */
async function readCapped(res: Response, max: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    res.body?.resume?.();
    throw new RegistryError('too-large', `${what} is ${declared} bytes, over the ${max}-byte limit`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (res.body) {
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) throw new RegistryError('too-large', `${what} is over the ${max}-byte limit`);
      chunks.push(Buffer.from(chunk));
    }
  }
  return Buffer.concat(chunks);
}

function checkDigest(body: Buffer, digest: string, what: string): void {
  if (!digest.startsWith('sha256:')) return;
  const actual = `sha256:${createHash('sha256').update(body).digest('hex')}`;
  if (actual !== digest) throw new MalformedError(`${what} does not match its digest ${digest.slice(0, 19)}…`);
}

function sha256(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

function short(digest: string): string {
  return digest.length > 19 ? `${digest.slice(0, 19)}…` : digest;
}

function mib(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB` : `${n} bytes`;
}

async function inspectUnguarded(ref: string, opts: InspectOptions, limits: RegistryLimits, signal: AbortSignal): Promise<RegistryImageResult> {
  const parsed = parseImageRef(ref);
  if (!parsed.repository || /[^a-z0-9._/-]/.test(parsed.repository)) {
    return { ok: false, reason: 'malformed', message: `${ref}: not a valid image reference` };
  }
  const platform = opts.platform ?? DEFAULT_PLATFORM;
  // A runtime's imageID that names no manifest digest is ignored rather than sent as a reference.
  const reference = runningDigest(opts.digest) ?? parsed.digest ?? parsed.tag ?? 'latest';
  const where = `${parsed.registry}/${parsed.repository}`;

  // A digest names immutable content: a cached answer needs no request at all.
  const digestKey = /^[a-z0-9]+:[a-f0-9]+$/i.test(reference) ? `${reference}|${platformKey(platform)}` : undefined;
  if (opts.cache && digestKey) {
    const hit = (await opts.cache.get(digestKey)) ?? (await opts.cache.get(reference));
    if (hit) return { ...hit, cached: true };
  }

  const client = new RepositoryClient({
    registry: parsed.registry,
    repository: parsed.repository,
    insecureHosts: opts.insecureHosts,
    dockerConfigPath: opts.dockerConfigPath,
    fetch: opts.fetch,
    signal,
  });

  // Manifest, then (for an index) the platform's manifest.
  let res = await client.manifest(reference, MANIFEST_ACCEPT);
  let body = await readCapped(res, MAX_MANIFEST_BYTES, `${where} manifest`);
  if (reference.includes(':')) checkDigest(body, reference, `${where} manifest`);
  let manifestDigest = res.headers.get('docker-content-digest') ?? sha256(body);
  if (reference.startsWith('sha256:')) manifestDigest = reference;
  let manifest = parseManifest(body.toString('utf8'), res.headers.get('content-type') ?? undefined);
  let indexDigest: string | undefined;
  if (manifest.kind === 'index') {
    indexDigest = manifestDigest;
    const chosen: Descriptor | undefined = selectPlatform(manifest.manifests, platform);
    if (!chosen) {
      const offered = manifest.manifests.filter((d) => d.platform).map((d) => platformKey(d.platform!)).join(', ');
      return { ok: false, reason: 'not-found', message: `${where}: no ${platformKey(platform)} image in the index (has ${offered || 'no platforms'})` };
    }
    res = await client.manifest(chosen.digest, MANIFEST_ACCEPT);
    body = await readCapped(res, MAX_MANIFEST_BYTES, `${where} manifest`);
    checkDigest(body, chosen.digest, `${where} manifest`);
    manifestDigest = chosen.digest;
    manifest = parseManifest(body.toString('utf8'), res.headers.get('content-type') ?? undefined);
    if (manifest.kind === 'index') throw new MalformedError('an index entry points at another index');
  }

  if (opts.cache) {
    const hit = await opts.cache.get(manifestDigest);
    if (hit) {
      const out: RegistryImageOk = { ...hit, cached: true };
      if (indexDigest) out.indexDigest = indexDigest;
      return out;
    }
  }

  // Image config: user, entrypoint, cmd, history.
  const configRes = await client.blob(manifest.config.digest);
  const configBody = await readCapped(configRes, MAX_CONFIG_BYTES, `${where} image config`);
  checkDigest(configBody, manifest.config.digest, `${where} image config`);
  const config = parseImageConfig(configBody.toString('utf8'));

  // Layers in order, each into the filesystem the next one's whiteouts apply to. Every cap is per layer
  // and per image; once one is reached nothing later is read, since what is missing cannot be decided.
  const fs = new LayeredFs();
  const gaps: string[] = [];
  let imageBytes = 0;
  let imageTarBytes = 0;
  let imageEntries = 0;
  for (let i = 0; i < manifest.layers.length; i++) {
    const layer = manifest.layers[i]!;
    const rest = `layers ${i + 1}–${manifest.layers.length} not read`;
    const caps = {
      maxBytes: Math.min(limits.maxLayerBytes, limits.maxImageBytes - imageBytes),
      maxTarBytes: Math.min(limits.maxLayerTarBytes, limits.maxImageTarBytes - imageTarBytes),
      maxEntries: Math.min(limits.maxLayerEntries, limits.maxImageEntries - imageEntries),
    };
    if (caps.maxBytes <= 0) {
      gaps.push(`too-large: image is over the ${mib(limits.maxImageBytes)} image limit; ${rest}`);
      break;
    }
    if (caps.maxTarBytes <= 0) {
      gaps.push(`too-large: image is over the ${mib(limits.maxImageTarBytes)} uncompressed image limit; ${rest}`);
      break;
    }
    if (caps.maxEntries <= 0) {
      gaps.push(`too-large: image is over the ${limits.maxImageEntries}-entry image limit; ${rest}`);
      break;
    }
    if (layer.mediaType.includes('zstd') && !layer.mediaType.includes('gzip')) {
      // Known from the manifest already: skip the download, the runtime cannot read it anyway.
      if (!ZSTD_SUPPORTED) {
        gaps.push(`unsupported: zstd layer ${short(layer.digest)} not read (this Node.js has no zstd decompressor)`);
        continue;
      }
    }
    const layerRes = await client.blob(layer.digest);
    const read = await readLayer(layerRes.body as AsyncIterable<Buffer>, layer.digest, caps);
    imageBytes += read.bytes;
    imageTarBytes += read.tarBytes;
    imageEntries += read.entries.length;
    fs.applyLayer(layer.digest, read.entries);
    if (read.outcome === 'too-large') {
      const which =
        read.limit === 'tar-bytes'
          ? caps.maxTarBytes < limits.maxLayerTarBytes ? `the ${mib(limits.maxImageTarBytes)} uncompressed image limit` : `the ${mib(limits.maxLayerTarBytes)} uncompressed layer limit`
          : read.limit === 'entries'
            ? caps.maxEntries < limits.maxLayerEntries ? `the ${limits.maxImageEntries}-entry image limit` : `the ${limits.maxLayerEntries}-entry layer limit`
            : caps.maxBytes < limits.maxLayerBytes ? `the ${mib(limits.maxImageBytes)} image limit` : `the ${mib(limits.maxLayerBytes)} layer limit`;
      const later = i + 1 < manifest.layers.length ? `; layers ${i + 2}–${manifest.layers.length} not read` : '';
      gaps.push(`too-large: layer ${short(layer.digest)} is over ${which}; listed ${read.entries.length} entries before stopping${later}`);
      break;
    } else if (read.outcome === 'unsupported') {
      gaps.push(`unsupported: ${read.detail ?? 'layer format'} ${short(layer.digest)} not read`);
    }
  }

  const { files, tools } = fs.findTools();
  const result: RegistryImageOk = {
    ok: true,
    digest: manifestDigest,
    platform: config.os && config.architecture ? { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) } : platform,
    config: {
      ...(config.user !== undefined ? { user: config.user } : {}),
      ...(config.entrypoint ? { entrypoint: config.entrypoint } : {}),
      ...(config.cmd ? { cmd: config.cmd } : {}),
      ...(config.history ? { history: config.history } : {}),
    },
    files: Object.fromEntries(files),
    tools,
  };
  if (indexDigest) result.indexDigest = indexDigest;
  if (gaps.length > 0) result.truncated = gaps.join('; ');
  else if (opts.cache) {
    await opts.cache.set(manifestDigest, result);
    if (digestKey) await opts.cache.set(digestKey, result);
  }
  return result;
}

/** What an image holds, from its registry. Resolves to a result for every input; never rejects. */
export async function inspectImage(ref: string, opts: InspectOptions = {}): Promise<RegistryImageResult> {
  const limits: RegistryLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
  const host = (() => {
    try {
      return parseImageRef(ref).registry;
    } catch {
      return ref;
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  // The deadline aborts every request and stream; this race is the backstop for anything that
  // ignores the signal, so the promise settles even then.
  const backstop = new Promise<RegistryImageResult>((resolve) => {
    const settle = (): void => {
      const why = toNetworkError(new Error('aborted'), signal, host);
      resolve({ ok: false, reason: why.reason, message: why.message });
    };
    timer = setTimeout(settle, limits.timeoutMs + 1000);
    timer.unref?.();
    if (opts.signal?.aborted) settle();
  });
  const work = inspectUnguarded(ref, opts, limits, signal).catch((err: unknown): RegistryImageResult => {
    if (err instanceof MalformedError || err instanceof DigestMismatchError) return { ok: false, reason: 'malformed', message: `${ref}: ${err.message}` };
    const e = err instanceof RegistryError ? err : toNetworkError(err, signal, host);
    return { ok: false, reason: e.reason, message: e.message };
  });
  try {
    const r = await Promise.race([work, backstop]);
    // A registry's error body or a proxy URL can carry a token: never let one reach a message.
    if (!r.ok) return { ...r, message: redact(r.message) };
    return r.truncated ? { ...r, truncated: redact(r.truncated) } : r;
  } finally {
    clearTimeout(timer);
  }
}

export interface ImageRequest {
  ref: string;
  digest?: string;
  platform?: Platform;
}

/**
 * Inspects many images with at most `concurrency` at a time (default 4), one inspection per distinct
 * (reference, digest, platform) however many pods run it. Results are in input order.
 */
export async function inspectImages(
  refs: (string | ImageRequest)[],
  opts: InspectOptions & { concurrency?: number } = {},
): Promise<RegistryImageResult[]> {
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 4));
  const requests = refs.map((r) => (typeof r === 'string' ? { ref: r } : r));
  const keyOf = (r: ImageRequest): string => `${r.ref}|${r.digest ?? ''}|${platformKey(r.platform ?? opts.platform ?? DEFAULT_PLATFORM)}`;
  const unique = new Map<string, ImageRequest>();
  for (const r of requests) if (!unique.has(keyOf(r))) unique.set(keyOf(r), r);
  const queue = [...unique.entries()];
  // Tags that name the same digest share one answer within a batch even without a caller's cache.
  const shared: InspectOptions = { ...opts, cache: opts.cache ?? new MemoryDigestCache() };
  const results = new Map<string, RegistryImageResult>();
  async function worker(): Promise<void> {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [key, r] = next;
      const o: InspectOptions = { ...shared };
      if (r.digest !== undefined) o.digest = r.digest;
      if (r.platform !== undefined) o.platform = r.platform;
      results.set(key, await inspectImage(r.ref, o));
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, () => worker()));
  return requests.map((r) => results.get(keyOf(r))!);
}
