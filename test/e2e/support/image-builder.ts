// Builds OCI images inside the tests — tar layers written with tar-stream and gzipped, an image
// config and a manifest or index — and pushes them over the distribution API (blob uploads, manifest
// PUT), answering the registry's Bearer challenge when it has one.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { parseWwwAuthenticate } from '../../../server/src/cluster/registry/www-authenticate.js';

export interface LayerFile {
  path: string;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink';
  content?: string | Buffer;
  linkname?: string;
  mode?: number;
}

export interface Blob {
  mediaType: string;
  digest: string;
  size: number;
  bytes: Buffer;
}

export interface BuiltLayer extends Blob {
  /** Digest of the uncompressed tar (the config's rootfs.diff_ids). */
  diffId: string;
}

export interface BuiltImage {
  manifest: Blob;
  config: Blob;
  layers: BuiltLayer[];
}

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const LAYER_TAR = 'application/vnd.oci.image.layer.v1.tar';
export const LAYER_ZSTD = 'application/vnd.oci.image.layer.v1.tar+zstd';

export function sha256(b: Buffer): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

function blob(mediaType: string, bytes: Buffer): Blob {
  return { mediaType, digest: sha256(bytes), size: bytes.length, bytes };
}

/** A tar archive of the given entries, in order (the order whiteouts and hardlinks rely on). */
export async function tarOf(files: LayerFile[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (c: unknown) => chunks.push(c as Buffer));
    pack.on('end', () => resolve());
    pack.on('error', reject);
  });
  for (const f of files) {
    const type = f.type ?? 'file';
    const name = f.path.replace(/^\/+/, '');
    const header = { name, type: type === 'hardlink' ? ('link' as const) : type === 'dir' ? ('directory' as const) : type, mode: f.mode ?? (type === 'dir' ? 0o755 : 0o755), mtime: new Date(0) };
    if (type === 'symlink' || type === 'hardlink') {
      await new Promise<void>((resolve, reject) => pack.entry({ ...header, linkname: f.linkname ?? '' }, (err) => (err ? reject(err) : resolve())));
    } else if (type === 'dir') {
      await new Promise<void>((resolve, reject) => pack.entry(header, (err) => (err ? reject(err) : resolve())));
    } else {
      const body = Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content ?? `#!fake ${name}\n`);
      await new Promise<void>((resolve, reject) => pack.entry(header, body, (err) => (err ? reject(err) : resolve())));
    }
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export async function layer(files: LayerFile[], compression: 'gzip' | 'none' = 'gzip'): Promise<BuiltLayer> {
  const raw = await tarOf(files);
  const bytes = compression === 'gzip' ? gzipSync(raw) : raw;
  return { ...blob(compression === 'gzip' ? LAYER_GZIP : LAYER_TAR, bytes), diffId: sha256(raw) };
}

/**
 * A layer labelled zstd. Node 20 cannot write zstd, so the body is the zstd frame magic followed by
 * filler: enough for a client to recognise the format and decline it, which is what the tests check.
 */
export function zstdLabelledLayer(): BuiltLayer {
  const bytes = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.alloc(60, 7)]);
  return { ...blob(LAYER_ZSTD, bytes), diffId: sha256(bytes) };
}

export interface ImageSpec {
  layers: BuiltLayer[];
  architecture?: string;
  variant?: string;
  user?: string;
  entrypoint?: string[];
  cmd?: string[];
  /** Raw config bytes instead of a generated config (for malformed-config cases). */
  rawConfig?: Buffer;
}

export function image(spec: ImageSpec): BuiltImage {
  const configJson = {
    architecture: spec.architecture ?? 'amd64',
    os: 'linux',
    ...(spec.variant ? { variant: spec.variant } : {}),
    config: {
      ...(spec.user ? { User: spec.user } : {}),
      ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
      ...(spec.cmd ? { Cmd: spec.cmd } : {}),
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    },
    rootfs: { type: 'layers', diff_ids: spec.layers.map((l) => l.diffId) },
    history: spec.layers.map((_, i) => ({ created: '1970-01-01T00:00:00Z', created_by: `secret-surface test layer ${i}` })),
  };
  const config = blob(OCI_CONFIG, spec.rawConfig ?? Buffer.from(JSON.stringify(configJson)));
  const manifestJson = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: config.mediaType, digest: config.digest, size: config.size },
    layers: spec.layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
  };
  return { manifest: blob(OCI_MANIFEST, Buffer.from(JSON.stringify(manifestJson))), config, layers: spec.layers };
}

export function index(entries: { image: BuiltImage; architecture: string; variant?: string }[]): Blob {
  const json = {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: entries.map((e) => ({
      mediaType: e.image.manifest.mediaType,
      digest: e.image.manifest.digest,
      size: e.image.manifest.size,
      platform: { os: 'linux', architecture: e.architecture, ...(e.variant ? { variant: e.variant } : {}) },
    })),
  };
  return blob(OCI_INDEX, Buffer.from(JSON.stringify(json)));
}

/** Pushes to one registry, holding a token per repository when the registry wants one. */
export class Pusher {
  private readonly tokens = new Map<string, string>();
  constructor(
    private readonly registryUrl: string,
    private readonly credentials?: { username: string; password: string },
  ) {}

  private async send(repo: string, url: string, init: RequestInit): Promise<Response> {
    const withAuth = (): RequestInit => {
      const t = this.tokens.get(repo);
      return t ? { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${t}` } } : init;
    };
    let res = await fetch(url, withAuth());
    if (res.status !== 401) return res;
    await res.arrayBuffer();
    const bearer = parseWwwAuthenticate(res.headers.get('www-authenticate') ?? '').find((c) => c.scheme === 'bearer');
    if (!bearer?.params.realm) return res;
    const tokenUrl = new URL(bearer.params.realm);
    if (bearer.params.service) tokenUrl.searchParams.set('service', bearer.params.service);
    tokenUrl.searchParams.set('scope', `repository:${repo}:pull,push`);
    const headers: Record<string, string> = {};
    if (this.credentials) headers.authorization = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
    const tr = await fetch(tokenUrl, { headers });
    if (!tr.ok) throw new Error(`token request for push to ${repo} failed: HTTP ${tr.status}`);
    const { token } = (await tr.json()) as { token: string };
    this.tokens.set(repo, token);
    res = await fetch(url, withAuth());
    return res;
  }

  async pushBlob(repo: string, b: Blob): Promise<void> {
    const head = await this.send(repo, `${this.registryUrl}/v2/${repo}/blobs/${b.digest}`, { method: 'HEAD' });
    if (head.status === 200) return;
    const start = await this.send(repo, `${this.registryUrl}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
    await start.arrayBuffer();
    if (start.status !== 202) throw new Error(`blob upload start for ${repo}: HTTP ${start.status}`);
    const location = new URL(start.headers.get('location') ?? '', this.registryUrl);
    location.searchParams.set('digest', b.digest);
    const put = await this.send(repo, location.toString(), {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(b.size) },
      body: b.bytes,
    });
    const text = await put.text();
    if (put.status !== 201) throw new Error(`blob upload ${b.digest} to ${repo}: HTTP ${put.status} ${text}`);
  }

  /** PUTs raw manifest bytes; returns the status and body so a test can see a refusal. */
  async putManifest(repo: string, reference: string, mediaType: string, bytes: Buffer): Promise<{ status: number; body: string; digest: string | null }> {
    const res = await this.send(repo, `${this.registryUrl}/v2/${repo}/manifests/${reference}`, { method: 'PUT', headers: { 'content-type': mediaType }, body: bytes });
    return { status: res.status, body: await res.text(), digest: res.headers.get('docker-content-digest') };
  }

  async pushImage(repo: string, tag: string | undefined, img: BuiltImage): Promise<string> {
    for (const l of img.layers) await this.pushBlob(repo, l);
    await this.pushBlob(repo, img.config);
    const r = await this.putManifest(repo, tag ?? img.manifest.digest, img.manifest.mediaType, img.manifest.bytes);
    if (r.status !== 201) throw new Error(`manifest push ${repo}:${tag}: HTTP ${r.status} ${r.body}`);
    return img.manifest.digest;
  }

  async pushIndex(repo: string, tag: string, entries: { image: BuiltImage; architecture: string; variant?: string }[]): Promise<string> {
    for (const e of entries) await this.pushImage(repo, undefined, e.image);
    const idx = index(entries);
    const r = await this.putManifest(repo, tag, idx.mediaType, idx.bytes);
    if (r.status !== 201) throw new Error(`index push ${repo}:${tag}: HTTP ${r.status} ${r.body}`);
    return idx.digest;
  }
}
