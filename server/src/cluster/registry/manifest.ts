// OCI / Docker v2 manifests, indexes and image configs: media types, validation of the JSON the
// registry returns, and choosing the index entry for a platform (pure).

export const MEDIA = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
} as const;

/** What the client asks for: every manifest shape it can read. */
export const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest].join(', ');

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export type ParsedManifest =
  | { kind: 'index'; manifests: Descriptor[] }
  | { kind: 'image'; config: Descriptor; layers: Descriptor[] };

export interface ImageConfigFacts {
  user?: string;
  entrypoint?: string[];
  cmd?: string[];
  history?: { created_by?: string; empty_layer?: boolean; comment?: string }[];
  os?: string;
  architecture?: string;
  variant?: string;
}

export class MalformedError extends Error {}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

function descriptor(v: unknown, where: string): Descriptor {
  if (!v || typeof v !== 'object') throw new MalformedError(`${where} is not an object`);
  const d = v as Record<string, unknown>;
  if (typeof d.digest !== 'string' || !DIGEST.test(d.digest)) throw new MalformedError(`${where} has no valid digest`);
  if (typeof d.size !== 'number' || !Number.isFinite(d.size) || d.size < 0) throw new MalformedError(`${where} has no valid size`);
  const out: Descriptor = { mediaType: typeof d.mediaType === 'string' ? d.mediaType : '', digest: d.digest, size: d.size };
  const p = d.platform as Record<string, unknown> | undefined;
  if (p && typeof p === 'object' && typeof p.os === 'string' && typeof p.architecture === 'string') {
    out.platform = { os: p.os, architecture: p.architecture };
    if (typeof p.variant === 'string') out.platform.variant = p.variant;
  }
  return out;
}

/** Parses a manifest body; `contentType` (the response header) wins over a missing `mediaType`. */
export function parseManifest(body: string, contentType: string | undefined): ParsedManifest {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedError('manifest is not valid JSON');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new MalformedError('manifest is not a JSON object');
  const m = json as Record<string, unknown>;
  const type = typeof m.mediaType === 'string' ? m.mediaType : (contentType ?? '').split(';')[0]!.trim();
  if (m.schemaVersion === 1 || type.startsWith('application/vnd.docker.distribution.manifest.v1')) {
    throw new MalformedError('Docker schema 1 manifests are not supported');
  }
  if (m.schemaVersion !== 2) throw new MalformedError('manifest has no schemaVersion 2');
  const isIndex = type === MEDIA.ociIndex || type === MEDIA.dockerList || (Array.isArray(m.manifests) && !('config' in m));
  if (isIndex) {
    if (!Array.isArray(m.manifests)) throw new MalformedError('index has no manifests array');
    return { kind: 'index', manifests: m.manifests.map((d, i) => descriptor(d, `index entry ${i}`)) };
  }
  if (!Array.isArray(m.layers)) throw new MalformedError('manifest has no layers array');
  return { kind: 'image', config: descriptor(m.config, 'config descriptor'), layers: m.layers.map((d, i) => descriptor(d, `layer ${i}`)) };
}

const DEFAULT_VARIANT: Record<string, string> = { arm64: 'v8', arm: 'v7' };

/** The index entry for a platform; a missing variant matches the architecture's default one. */
export function selectPlatform(manifests: Descriptor[], want: Platform): Descriptor | undefined {
  const candidates = manifests.filter(
    (d) => d.platform && d.platform.os === want.os && d.platform.architecture === want.architecture,
  );
  if (candidates.length === 0) return undefined;
  const wantVariant = want.variant ?? DEFAULT_VARIANT[want.architecture];
  return (
    candidates.find((d) => (d.platform!.variant ?? DEFAULT_VARIANT[want.architecture]) === wantVariant) ??
    (want.variant === undefined ? candidates[0] : undefined)
  );
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

/** The parts of an image config the checks read. */
export function parseImageConfig(body: string): ImageConfigFacts {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedError('image config is not valid JSON');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new MalformedError('image config is not a JSON object');
  const c = json as Record<string, unknown>;
  const cfg = (c.config && typeof c.config === 'object' ? c.config : {}) as Record<string, unknown>;
  const out: ImageConfigFacts = {};
  if (typeof cfg.User === 'string' && cfg.User !== '') out.user = cfg.User;
  const ep = strings(cfg.Entrypoint);
  if (ep) out.entrypoint = ep;
  const cmd = strings(cfg.Cmd);
  if (cmd) out.cmd = cmd;
  if (Array.isArray(c.history)) {
    out.history = c.history
      .filter((h): h is Record<string, unknown> => !!h && typeof h === 'object')
      .map((h) => {
        const e: { created_by?: string; empty_layer?: boolean; comment?: string } = {};
        if (typeof h.created_by === 'string') e.created_by = h.created_by;
        if (h.empty_layer === true) e.empty_layer = true;
        if (typeof h.comment === 'string') e.comment = h.comment;
        return e;
      });
  }
  if (typeof c.os === 'string') out.os = c.os;
  if (typeof c.architecture === 'string') out.architecture = c.architecture;
  if (typeof c.variant === 'string') out.variant = c.variant;
  return out;
}

/**
 * The manifest digest in a container's `imageID` as runtimes report it
 * (`docker.io/library/nginx@sha256:…`, `docker-pullable://nginx@sha256:…`, `sha256:…`), or undefined.
 */
export function runningDigest(imageID: string | undefined): string | undefined {
  if (!imageID) return undefined;
  const at = /@(sha256:[0-9a-f]{64})$/.exec(imageID.trim());
  if (at) return at[1];
  const bare = /^(?:[a-z-]+:\/\/)?(sha256:[0-9a-f]{64})$/.exec(imageID.trim());
  return bare ? bare[1] : undefined;
}
