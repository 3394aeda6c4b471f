// Cloud Build (`cloudbuild.yaml` / `.yml`, `cloudbuild.*.yaml`) → image links from `steps:` that
// build: the docker builder (`gcr.io/cloud-builders/docker`, `docker`) with `args: [build, -t, …]`,
// kaniko (`gcr.io/kaniko-project/executor`, `--destination` …), and any step whose `args` run a shell
// (`entrypoint: bash`, `args: [-c, "docker build …"]`). `$_SUB` / `${_SUB}` take their value from
// `substitutions:`; built-in substitutions (`$PROJECT_ID`, `$SHORT_SHA` …) have no value in the file:
// an image named through them is matched by its repository path after the unresolved part, with a
// notice naming it. Paths resolve from the step's `dir:` under the build's source root, taken to be
// the file's directory (`gcloud builds submit` is usually run there); `/workspace` is that root.
import { isShell } from '../../catalog/tools.js';
import { baseName, dirOf, joinPath } from '../../paths.js';
import { entries, get, getMap, nodeLocation, parseYamlFile, rootMap, scalarString, seqMaps, stringAt, stringList } from '../../yaml/index.js';
import type { BuildConfigResult } from '../result.js';
import { addBuildLinks, readInvocation, type BuildSite } from './docker-build.js';
import { expandSubstitutions, type Lookup } from './expand.js';
import { readScriptLines, WORKSPACE_ROOT } from './shell-script.js';
import type { LinkSourceModule } from './types.js';

const DOCKER_BUILDERS = /^(gcr\.io\/cloud-builders\/docker|docker)(:|@|$)/;
const KANIKO = /^gcr\.io\/kaniko-project\/executor(:|@|$)/;

export function readCloudBuild(file: string, text: string): BuildConfigResult {
  const y = parseYamlFile(file, text);
  const result: BuildConfigResult = { kind: 'cloudbuild', links: [], notices: [...y.notices] };
  const doc = y.docs[0];
  const root = doc ? rootMap(doc) : undefined;
  if (!doc || !root) return result;
  const subs = new Map<string, string>();
  for (const e of entries(getMap(root, 'substitutions', doc), doc)) {
    const v = scalarString(e.value);
    if (v !== undefined) subs.set(e.key, v);
  }
  const lookup: Lookup = (name) => subs.get(name);
  const base = dirOf(file);
  for (const { index, map: step } of seqMaps(get(root, 'steps', doc), doc)) {
    const name = stringAt(step, 'name', doc)?.value ?? '';
    const argsNode = get(step, 'args', doc);
    const expanded = (stringList(argsNode, doc) ?? []).map((a) => expandSubstitutions(a, lookup));
    const args = expanded.map((e) => e.text);
    const unresolved = [...new Set(expanded.flatMap((e) => e.unresolved))];
    const dir = stringAt(step, 'dir', doc)?.value;
    const cwd = dir ? joinPath(base, dir) : base;
    const location = nodeLocation(argsNode ?? step, doc);
    const where = `${file}:${location ? location.range.start.line + 1 : 0} steps[${index}]`;
    const entrypoint = stringAt(step, 'entrypoint', doc)?.value;
    if (entrypoint && isShell(baseName(entrypoint)) && args[0] === '-c' && args[1] !== undefined) {
      // The script's lines are reported at the args' line: a YAML list item's own lines are not tracked.
      readScriptLines(result, args[1].split('\n').map((t) => ({ line: location?.range.start.line ?? 0, text: t })), {
        file,
        source: 'cloudbuild',
        cwd,
        scriptDir: cwd,
        where: () => where,
        location: () => location,
        root: '/workspace',
      });
      continue;
    }
    const words = DOCKER_BUILDERS.test(name) ? ['docker', ...args] : KANIKO.test(name) ? ['/kaniko/executor', ...args] : undefined;
    const inv = words ? readInvocation(words.map((w) => w.replace(/^\/workspace(?=\/|$)/, WORKSPACE_ROOT))) : undefined;
    if (!inv) continue;
    const site: BuildSite = { file, source: 'cloudbuild', where: `${where} ${inv.tool}`, cwd, unresolved, root: WORKSPACE_ROOT };
    if (location) site.location = location;
    addBuildLinks(result, site, { images: inv.tags, dockerfile: inv.dockerfile, context: inv.context, target: inv.target, dockerfileFromContext: inv.tool === 'kaniko executor' });
  }
  return result;
}

export const cloudBuildSource: LinkSourceModule<'cloudbuild'> = {
  id: 'cloudbuild',
  rank: 50,
  matches: (_path, name) => /^cloudbuild(\.[^/]+)?\.ya?ml$/.test(name),
  read: readCloudBuild,
  watch: [],
};
