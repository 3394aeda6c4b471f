// kustomization `images:` → renames. Manifests under a kustomization say `name`; what runs is
// `newName` (the built image), so for linking the two names are one image.
import type { ImageRename } from '../model.js';
import { parseImageRef } from '../catalog/image-ref.js';
import { notice, type BuildConfigResult } from './result.js';
import { nodeLocation, parseYamlFile, rootMap, seqMaps, stringAt, valueAt } from './yaml-nodes.js';

export function readKustomization(file: string, text: string): BuildConfigResult {
  const y = parseYamlFile(file, text);
  const renames: ImageRename[] = [];
  const result: BuildConfigResult = { kind: 'kustomize', links: [], notices: [...y.notices], renames };
  const doc = y.docs[0];
  const root = doc ? rootMap(doc) : undefined;
  if (!root) return result;
  const imagesNode = valueAt(root, 'images');
  if (imagesNode === undefined || imagesNode === null) return result;
  const items = seqMaps(imagesNode);
  if (items.length === 0 && !('items' in imagesNode)) {
    result.notices.push(notice(file, 'warning', '`images` should be a list of { name, newName, newTag }', nodeLocation(y, imagesNode)));
    return result;
  }
  for (const { index, map } of items) {
    const name = stringAt(y, map, 'name');
    if (!name || name.value.trim() === '') {
      result.notices.push(notice(file, 'warning', `images[${index}] has no \`name:\``, nodeLocation(y, map)));
      continue;
    }
    const newName = stringAt(y, map, 'newName');
    // Only newTag/digest: the repository stays the same, nothing to rename.
    if (!newName || newName.value.trim() === '') continue;
    if (parseImageRef(newName.value).name === parseImageRef(name.value).name) continue;
    const rename: ImageRename = { from: name.value.trim(), to: newName.value.trim() };
    const location = newName.location ?? name.location;
    if (location) rename.location = location;
    renames.push(rename);
  }
  return result;
}
