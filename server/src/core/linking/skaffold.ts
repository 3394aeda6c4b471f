// skaffold.yaml → image links: every `build.artifacts[]` of every config document in the file.
// Profiles are deliberately not read: they patch the base config per environment, and the base
// artifacts are what developers build; a profile that swaps a Dockerfile is rare enough that the
// config file's `images:` map is the escape hatch. `requires:` is not followed either: the configs it
// names are skaffold files of their own, and the workspace scan reads every one of them.
import type { YAMLMap } from 'yaml';
import type { ImageLink } from '../model.js';
import { dirOf, isAbsolutePath, joinPath, showDir } from '../paths.js';
import { get, getMap, nodeLocation, parseYamlFile, rootMap, seqMaps, stringAt, stringList, type DocContext } from '../yaml/index.js';
import { notice, type BuildConfigResult, type DeployRef } from './result.js';

/** `skaffold/v2beta29`, `skaffold/v3`, `skaffold/v4beta11` … (any skaffold schema: artifacts kept their shape). */
export const SKAFFOLD_API_VERSION = /^skaffold\/v\d+((alpha|beta)\d+)?$/;

/** Builders that do not use a Dockerfile: their artifacts are not linked. */
const NON_DOCKERFILE_BUILDERS = ['jib', 'bazel', 'buildpacks', 'ko', 'custom'];

/** Whether a file's text declares a skaffold config (for `skaffold-*.yaml` names). */
export function looksLikeSkaffold(text: string): boolean {
  return /^apiVersion:\s*["']?skaffold\/v/m.test(text);
}

export function readSkaffold(file: string, text: string): BuildConfigResult {
  const y = parseYamlFile(file, text);
  const result: BuildConfigResult = { kind: 'none', links: [], notices: [...y.notices] };
  const base = dirOf(file);
  const configs = y.docs
    .map((doc) => ({ doc, map: rootMap(doc) }))
    .filter((c): c is { doc: DocContext; map: YAMLMap } => c.map !== undefined)
    .filter(({ doc, map }) => (stringAt(map, 'apiVersion', doc)?.value ?? '').startsWith('skaffold/'));
  if (configs.length > 0 || y.notices.length > 0) result.kind = 'skaffold';
  const refs: DeployRef[] = [];
  for (const { doc, map } of configs) refs.push(...deployedBy(map, doc, base));
  if (refs.length > 0) result.deploys = { by: file, refs };
  configs.forEach(({ doc, map: config }, configIndex) => {
    const api = stringAt(config, 'apiVersion', doc)!;
    if (!SKAFFOLD_API_VERSION.test(api.value)) {
      result.notices.push(notice(file, 'info', `unrecognised skaffold schema ${api.value}; reading build.artifacts as in skaffold/v4`, api.location));
    }
    const metadata = getMap(config, 'metadata', doc);
    const metaName = metadata ? stringAt(metadata, 'name', doc)?.value : undefined;
    const where =
      configs.length > 1 ? `${file} config ${metaName ? JSON.stringify(metaName) : `#${configIndex + 1}`}` : file;
    const build = getMap(config, 'build', doc);
    if (!build) return;
    const artifactsNode = get(build, 'artifacts', doc);
    if (artifactsNode === undefined) return;
    const artifacts = seqMaps(artifactsNode, doc);
    if (artifacts.length === 0 && !('items' in artifactsNode)) {
      result.notices.push(notice(file, 'warning', '`build.artifacts` should be a list', nodeLocation(artifactsNode, doc)));
      return;
    }
    for (const { index, map } of artifacts) {
      const path = `build.artifacts[${index}]`;
      const image = stringAt(map, 'image', doc);
      if (!image || image.value.trim() === '') {
        result.notices.push(notice(file, 'warning', `${where} ${path} has no \`image:\` and is not linked`, nodeLocation(map, doc)));
        continue;
      }
      const other = NON_DOCKERFILE_BUILDERS.find((b) => get(map, b, doc) !== undefined);
      if (other) {
        result.notices.push(
          notice(file, 'info', `${where} ${path} builds ${image.value} with ${other}, not a Dockerfile; its contents cannot be read from the workspace`, image.location),
        );
        continue;
      }
      // `kaniko` (cluster builds) takes the same dockerfile/target keys as `docker`.
      const docker = getMap(map, 'docker', doc) ?? getMap(map, 'kaniko', doc);
      const context = stringAt(map, 'context', doc)?.value ?? '.';
      const dockerfile = (docker && stringAt(docker, 'dockerfile', doc)?.value) || 'Dockerfile';
      const target = docker ? stringAt(docker, 'target', doc)?.value : undefined;
      const contextDir = isAbsolutePath(context) ? context : joinPath(base, context);
      const link: ImageLink = {
        image: image.value.trim(),
        dockerfile: isAbsolutePath(dockerfile) ? dockerfile : joinPath(contextDir, dockerfile),
        source: 'skaffold',
        reason: `${where} ${path}: context ${showDir(joinPath(context))}, dockerfile ${dockerfile}${target ? `, target ${target}` : ''}`,
      };
      if (target) link.target = target;
      if (image.location) link.location = image.location;
      result.links.push(link);
    }
  });
  return result;
}

/**
 * What a config deploys: `manifests.rawYaml`, `manifests.kustomize.paths` and
 * `manifests.helm.releases[].chartPath` (v3+), `deploy.kubectl.manifests`, `deploy.kustomize.paths`
 * and `deploy.helm.releases[].chartPath` (v2). Paths are relative to the skaffold file.
 */
function deployedBy(config: YAMLMap, doc: DocContext, base: string): DeployRef[] {
  const refs: DeployRef[] = [];
  const at = (p: string): string => (isAbsolutePath(p) ? p : joinPath(base, p));
  for (const section of [getMap(config, 'manifests', doc), getMap(config, 'deploy', doc)]) {
    if (!section) continue;
    const kubectl = getMap(section, 'kubectl', doc);
    for (const g of [...(stringList(get(section, 'rawYaml', doc), doc) ?? []), ...(kubectl ? stringList(get(kubectl, 'manifests', doc), doc) ?? [] : [])]) {
      if (g.trim() === '') continue;
      refs.push({ path: at(g.trim()), kind: /[*?[{]/.test(g) ? 'glob' : 'file' });
    }
    const kustomize = getMap(section, 'kustomize', doc);
    if (kustomize) for (const p of stringList(get(kustomize, 'paths', doc), doc) ?? ['.']) refs.push({ path: at(p.trim()), kind: 'kustomize' });
    const helm = getMap(section, 'helm', doc);
    for (const { map } of helm ? seqMaps(get(helm, 'releases', doc), doc) : []) {
      const chart = stringAt(map, 'chartPath', doc)?.value;
      if (chart) refs.push({ path: at(chart.trim()), kind: 'dir' });
    }
  }
  return refs;
}
