// ko (https://ko.build) builds Go images without a Dockerfile: a manifest names the image
// `ko://<import path>` and ko puts the compiled binary on a base image. `.ko.yaml` sets that base —
// `baseImageOverrides` per import path, else `defaultBaseImage` — and without either ko uses its own
// default, cgr.dev/chainguard/static ("By default, ko bases images on cgr.dev/chainguard/static",
// ko.build/configuration). Every `ko://` image is linked to its base, so the base's catalog facts
// apply to it; `KO_DEFAULTBASEIMAGE` in the environment is not seen and would override the file.
import type { ImageLink } from '../../model.js';
import { entries, getMap, nodeLocation, parseYamlFile, rootMap, scalarString, stringAt } from '../../yaml/index.js';
import type { BuildConfigResult } from '../result.js';
import type { LinkSourceModule } from './types.js';

export const KO_DEFAULT_BASE = 'cgr.dev/chainguard/static';
/** The image a `.ko.yaml` `defaultBaseImage` link stands for: every ko image no override names. */
const EVERY_KO_IMAGE = 'ko://*';

export function readKoConfig(file: string, text: string): BuildConfigResult {
  const y = parseYamlFile(file, text);
  const result: BuildConfigResult = { kind: 'ko', links: [], notices: [...y.notices] };
  const doc = y.docs[0];
  const root = doc ? rootMap(doc) : undefined;
  if (!doc || !root) return result;
  const def = stringAt(root, 'defaultBaseImage', doc);
  if (def && def.value.trim() !== '') {
    const link: ImageLink = { image: EVERY_KO_IMAGE, base: def.value.trim(), source: 'ko', reason: `${file} defaultBaseImage: ko builds it on ${def.value.trim()}, without a Dockerfile` };
    if (def.location) link.location = def.location;
    result.links.push(link);
  }
  for (const e of entries(getMap(root, 'baseImageOverrides', doc), doc)) {
    const base = scalarString(e.value)?.trim();
    if (!base) continue;
    const link: ImageLink = { image: `ko://${e.key}`, base, source: 'ko', reason: `${file} baseImageOverrides ${e.key}: ko builds it on ${base}, without a Dockerfile` };
    const location = nodeLocation(e.value, doc);
    if (location) link.location = location;
    result.links.push(link);
  }
  return result;
}

/** A `ko://` image no override names: the workspace's `defaultBaseImage`, else ko's own default. */
export function koBase(image: string, links: readonly ImageLink[]): ImageLink | undefined {
  if (!image.startsWith('ko://')) return undefined;
  const def = links.find((l) => l.image === EVERY_KO_IMAGE);
  if (def) return { ...def, image };
  return {
    image,
    base: KO_DEFAULT_BASE,
    source: 'ko',
    reason: `${image} is built by ko, without a Dockerfile, on ko's default base image ${KO_DEFAULT_BASE} (no .ko.yaml in the workspace sets defaultBaseImage)`,
  };
}

export const koSource: LinkSourceModule<'ko'> = {
  id: 'ko',
  rank: 45,
  matches: (_path, name) => name === '.ko.yaml' || name === '.ko.yml',
  read: readKoConfig,
  resolveUnlinked: koBase,
  watch: [],
};
