// GitLab CI (`.gitlab-ci.yml`, and included `*.gitlab-ci.yml` files) → image links from the build
// commands in every job's `before_script:` / `script:` (docker build, kaniko's `--destination`,
// `--dockerfile`, `--context`), read as shell (shell-script.ts). `variables:` at the top and in the job
// expand `$VAR` / `${VAR}`; `$CI_PROJECT_DIR` is the repository root (the file's directory). Other
// predefined variables (`$CI_REGISTRY_IMAGE`, `$CI_COMMIT_SHA` …) have no value here: an image named
// through them is matched by the rest of its path, and the notice names the variable.
import { dirOf } from '../../paths.js';
import { entries, get, getMap, isMap, isSeq, items, parseYamlFile, rootMap, scalarString, type DocContext } from '../../yaml/index.js';
import type { BuildConfigResult } from '../result.js';
import { readScriptLines, WORKSPACE_ROOT } from './shell-script.js';
import { scriptLines, yamlLineLocation } from './yaml-script.js';
import type { LinkSourceModule } from './types.js';

/** Top-level keys that are settings, not jobs. */
const RESERVED = new Set(['stages', 'variables', 'default', 'include', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'spec']);

export function readGitlabCi(file: string, text: string): BuildConfigResult {
  const y = parseYamlFile(file, text);
  const result: BuildConfigResult = { kind: 'gitlab-ci', links: [], notices: [...y.notices] };
  const base = dirOf(file);
  for (const doc of y.docs) {
    const root = rootMap(doc);
    if (!root) continue;
    const globals = variablesOf(root, doc, new Map([['CI_PROJECT_DIR', WORKSPACE_ROOT], ['CI_BUILDS_DIR', WORKSPACE_ROOT]]));
    const defaults = getMap(root, 'default', doc);
    for (const job of entries(root, doc)) {
      if (RESERVED.has(job.key) || !isMap(job.value)) continue;
      const vars = variablesOf(job.value, doc, globals);
      for (const key of ['before_script', 'script']) {
        const node = get(job.value, key, doc) ?? (key === 'before_script' ? get(defaults, key, doc) : undefined);
        for (const item of scriptItems(node, doc)) {
          readScriptLines(result, scriptLines(item, doc), {
            file,
            source: 'gitlab-ci',
            cwd: base,
            scriptDir: base,
            where: (line) => `${file}:${line + 1} ${job.key}.${key}`,
            location: (line) => yamlLineLocation(doc, line),
            vars: (name) => vars.get(name),
          });
        }
      }
    }
  }
  return result;
}

/** A script is a string or a list of strings, nested lists flattened (as GitLab does). */
function scriptItems(node: unknown, doc: DocContext): unknown[] {
  if (node === undefined) return [];
  if (!isSeq(node)) return [node];
  return items(node, doc).flatMap((i) => (isSeq(i) ? scriptItems(i, doc) : [i]));
}

/** `variables:` over the outer ones: `NAME: value` or `NAME: { value: … }`; `$OTHER` in a value expands once. */
function variablesOf(map: unknown, doc: DocContext, outer: ReadonlyMap<string, string>): Map<string, string> {
  const vars = new Map(outer);
  for (const e of entries(getMap(map, 'variables', doc), doc)) {
    const v = isMap(e.value) ? scalarString(get(e.value, 'value', doc)) : scalarString(e.value);
    if (v !== undefined) vars.set(e.key, v.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, n: string) => outer.get(n) ?? m));
  }
  return vars;
}

export const gitlabCiSource: LinkSourceModule<'gitlab-ci'> = {
  id: 'gitlab-ci',
  rank: 65,
  matches: (_path, name) => /^(.+\.)?\.?gitlab-ci\.ya?ml$/.test(name),
  read: readGitlabCi,
  watch: [],
};
