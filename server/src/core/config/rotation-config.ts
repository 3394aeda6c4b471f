// The `rotation:` section of `.secret-surface.yaml`: the longest rotation period allowed for Secrets that
// reach unhardened (or vulnerable) images — `maxInterval`, a Go duration as `refreshInterval` takes it.
// Read by hand like the rest of the file; rule secret-rotation-too-slow and its fix use it.
import type { Node } from 'yaml';
import { parseDuration } from '../kubernetes/secret-sources.js';
import { entries, isMap, nodeLocation, scalarText } from '../yaml/index.js';
import type { Checker } from './checker.js';

/** A credential that rotates every 24 hours has a narrow window even if it is extracted. */
export const DEFAULT_ROTATION_MAX_SECONDS = 24 * 3600;

export interface RotationConfig {
  /** `rotation.maxInterval` in seconds (> 0). */
  maxIntervalSeconds?: number;
}

const ROTATION_KEYS = ['maxInterval'];

/** A maximum rotation period as written (`24h`, `90m`), in seconds; undefined unless a positive Go duration. */
export function parseMaxInterval(text: string): number | undefined {
  const s = parseDuration(text);
  return s !== undefined && s >= 1 ? Math.round(s) : undefined;
}

export function readRotation(c: Checker, node: Node | undefined, config: { rotation?: RotationConfig }): void {
  if (!isMap(node)) {
    c.error(node, '`rotation` must be a mapping (`maxInterval: 24h`)');
    return;
  }
  const out: RotationConfig = {};
  for (const e of entries(node, c.doc)) {
    if (e.key !== 'maxInterval') {
      c.unknownKey(nodeLocation(e.keyNode, c.doc), e.key, '`rotation`', ROTATION_KEYS);
      continue;
    }
    const text = scalarText(e.value);
    const seconds = text === undefined ? undefined : parseMaxInterval(text);
    if (seconds === undefined) {
      c.error(e.value ?? (e.pair.key as Node), `rotation.maxInterval: ${JSON.stringify(text ?? null)} is not a duration of at least 1s (\`24h\`, \`12h\`, \`90m\`)`);
      continue;
    }
    out.maxIntervalSeconds = seconds;
  }
  config.rotation = out;
}
