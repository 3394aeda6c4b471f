// The `registry:` section of `.secret-surface.yaml`: whether images nothing in the workspace decides are read
// from their registries (`scan --registry`; the editor in a trusted workspace), and the bounds of that
// reading. A repository's own file may only name loopback registries as plain-http ones: a config file
// must not make credentials travel unencrypted to a host it names.
import type { Node } from 'yaml';
import { entries, isMap, isSeq, nodeLocation } from '../yaml/index.js';
import type { Checker } from './checker.js';

export interface RegistryConfig {
  /** Read undecided images from their registries (the CLI's `--registry`). */
  enabled?: boolean;
  /** Loopback registries (`localhost:5000`, `127.0.0.1:5000`) spoken to over plain http. */
  insecure: string[];
  /** Bytes read from one layer (compressed, and again after decompression) before the image is left undecided. */
  maxLayerMB?: number;
  /** Wall-clock seconds for one image. */
  timeoutSeconds?: number;
  /** Images read at once. */
  concurrency?: number;
}

const REGISTRY_KEYS = ['enabled', 'insecure', 'maxLayerMB', 'timeoutSeconds', 'concurrency'];
const NUMBER_KEYS = { maxLayerMB: 1, timeoutSeconds: 1, concurrency: 1 } as const;
const LOOPBACK = /^(localhost|127(\.[0-9]{1,3}){3}|\[::1\])(:[0-9]{1,5})?$/;

export function readRegistryConfig(c: Checker, node: Node | undefined, config: { registry?: RegistryConfig }): void {
  if (!isMap(node)) {
    c.error(node, '`registry` must be a mapping (`enabled: true`, `insecure: [localhost:5000]`, `maxLayerMB: 512`)');
    return;
  }
  const out: RegistryConfig = { insecure: [] };
  for (const e of entries(node, c.doc)) {
    const raw = (e.value as { value?: unknown } | null)?.value;
    if (e.key === 'enabled') {
      if (typeof raw !== 'boolean') c.error(e.value ?? (e.pair.key as Node), 'registry.enabled must be true or false');
      else out.enabled = raw;
    } else if (e.key === 'insecure') {
      if (!isSeq(e.value)) {
        c.error(e.value ?? (e.pair.key as Node), '`registry.insecure` must be a list of loopback hosts (`localhost:5000`)');
        continue;
      }
      for (const item of e.value.items as (Node | undefined)[]) {
        const v = c.string(item, 'a registry host');
        if (v === undefined) continue;
        if (!LOOPBACK.test(v)) c.error(item, `registry.insecure: ${JSON.stringify(v)} is not a loopback host; plain http to other registries is only allowed by the --insecure-registry flag`);
        else out.insecure.push(v);
      }
    } else if (e.key in NUMBER_KEYS) {
      const key = e.key as keyof typeof NUMBER_KEYS;
      if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < NUMBER_KEYS[key]) c.error(e.value ?? (e.pair.key as Node), `registry.${key} must be a whole number of at least ${NUMBER_KEYS[key]}`);
      else out[key] = raw;
    } else c.unknownKey(nodeLocation(e.keyNode, c.doc), e.key, '`registry`', REGISTRY_KEYS);
  }
  config.registry = out;
}
