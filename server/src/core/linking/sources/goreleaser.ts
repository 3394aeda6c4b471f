// GoReleaser (`.goreleaser.yaml` / `.yml`, `goreleaser.yaml`) → image links from `dockers:` entries:
// each `image_templates` entry → the entry's `dockerfile` (default `Dockerfile`, relative to the
// project root, the file's directory), `--target=` in `build_flag_templates` as the target; and from
// `dockers_v2:` (`images` × the entry's `dockerfile`). Templates resolve `{{ .ProjectName }}` from
// `project_name:` (else the directory's name) and `{{ .Env.X }}` from the file's top-level `env:`
// list; any other template (`{{ .Version }}`, `{{ .Tag }}`) has no value here and is named in a notice.
import { baseName, dirOf } from '../../paths.js';
import { get, nodeLocation, parseYamlFile, rootMap, seqMaps, stringAt, stringList } from '../../yaml/index.js';
import type { BuildConfigResult } from '../result.js';
import { addBuildLinks, type BuildSite } from './docker-build.js';
import type { LinkSourceModule } from './types.js';

export function readGoreleaser(file: string, text: string): BuildConfigResult {
  const y = parseYamlFile(file, text);
  const result: BuildConfigResult = { kind: 'goreleaser', links: [], notices: [...y.notices] };
  const doc = y.docs[0];
  const root = doc ? rootMap(doc) : undefined;
  if (!doc || !root) return result;
  const base = dirOf(file);
  const project = stringAt(root, 'project_name', doc)?.value ?? (base === '' ? undefined : baseName(base));
  const env = new Map<string, string>();
  for (const e of stringList(get(root, 'env', doc), doc) ?? []) if (e.includes('=')) env.set(e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1));
  const template = (s: string, unresolved: string[]): string =>
    s.replace(/\{\{-?\s*([^}]*?)\s*-?\}\}/g, (m, expr: string) => {
      const v = expr === '.ProjectName' ? project : /^\.Env\.([A-Za-z_][A-Za-z0-9_]*)$/.test(expr) ? env.get(expr.slice(5)) : undefined;
      if (v !== undefined) return v;
      if (!unresolved.includes(m)) unresolved.push(m);
      return m;
    });
  for (const key of ['dockers', 'dockers_v2']) {
    for (const { index, map } of seqMaps(get(root, key, doc), doc)) {
      const unresolved: string[] = [];
      const imagesNode = get(map, key === 'dockers' ? 'image_templates' : 'images', doc);
      const images = (stringList(imagesNode, doc) ?? []).map((i) => template(i, unresolved));
      const dockerfile = template(stringAt(map, 'dockerfile', doc)?.value ?? 'Dockerfile', unresolved);
      const flags = stringList(get(map, key === 'dockers' ? 'build_flag_templates' : 'flags', doc), doc) ?? [];
      const target = flags.map((f) => /^--target[= ](.+)$/.exec(f.trim())?.[1]).find((t) => t !== undefined);
      const location = nodeLocation(imagesNode ?? map, doc);
      const site: BuildSite = { file, source: 'goreleaser', where: `${file}:${location ? location.range.start.line + 1 : 0} ${key}[${index}]`, cwd: base, unresolved };
      if (location) site.location = location;
      // GoReleaser copies the Dockerfile into a build directory of its own: the context is not the workspace's.
      addBuildLinks(result, site, { images, dockerfile, context: '.', target });
    }
  }
  return result;
}

export const goreleaserSource: LinkSourceModule<'goreleaser'> = {
  id: 'goreleaser',
  rank: 55,
  matches: (_path, name) => /^\.?goreleaser\.ya?ml$/.test(name),
  read: readGoreleaser,
  watch: [],
};
