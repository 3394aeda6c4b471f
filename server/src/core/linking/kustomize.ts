// kustomization `images:` → renames. Manifests under a kustomization say `name`; what runs is
// `newName` (the built image), so for linking the two names are one image.
import type { ImageRename } from '../model.js';
import { parseImageRef } from '../catalog/image-ref.js';
import { get, nodeLocation, parseYamlFile, rootMap, seqMaps, stringAt, stringList, type DocContext } from '../yaml/index.js';
import { dirOf, isAbsolutePath, joinPath } from '../paths.js';
import { notice, type BuildConfigResult, type DeployRef } from './result.js';
import type { YAMLMap } from 'yaml';

export function readKustomization(file: string, text: string): BuildConfigResult {
  const y = parseYamlFile(file, text);
  const renames: ImageRename[] = [];
  const result: BuildConfigResult = { kind: 'kustomize', links: [], notices: [...y.notices], renames };
  const doc = y.docs[0];
  const root = doc ? rootMap(doc) : undefined;
  if (!doc || !root) return result;
  result.deploys = { by: file, refs: kustomizeResources(file, root, doc) };
  const imagesNode = get(root, 'images', doc);
  if (imagesNode === undefined) return result;
  const items = seqMaps(imagesNode, doc);
  if (items.length === 0 && !('items' in imagesNode)) {
    result.notices.push(notice(file, 'warning', '`images` should be a list of { name, newName, newTag }', nodeLocation(imagesNode, doc)));
    return result;
  }
  for (const { index, map } of items) {
    const name = stringAt(map, 'name', doc);
    if (!name || name.value.trim() === '') {
      result.notices.push(notice(file, 'warning', `images[${index}] has no \`name:\``, nodeLocation(map, doc)));
      continue;
    }
    const newName = stringAt(map, 'newName', doc);
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

/** `resources:`, `bases:` and `components:` entries: a YAML file, or a directory holding another kustomization. Remote ones are not deployed from the workspace. */
function kustomizeResources(file: string, root: YAMLMap, doc: DocContext): DeployRef[] {
  const refs: DeployRef[] = [];
  for (const key of ['resources', 'bases', 'components']) {
    for (const entry of stringList(get(root, key, doc), doc) ?? []) {
      const p = entry.trim();
      if (p === '' || isAbsolutePath(p) || /^[a-z][a-z0-9+.-]*:\/\//i.test(p) || p.startsWith('git@') || /^github\.com\//.test(p)) continue;
      const path = joinPath(dirOf(file), p);
      refs.push({ path, kind: /\.(ya?ml|json)$/i.test(p) ? 'file' : 'kustomize' });
    }
  }
  return refs;
}
