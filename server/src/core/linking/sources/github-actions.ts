// GitHub Actions workflows (`.github/workflows/*.yml`) → image links from `docker/build-push-action`
// steps (`with: tags, file, context, target`; tags from a `docker/metadata-action` step's `images`)
// and from `run:` steps that build (read as shell, shell-script.ts). `${{ env.X }}` resolves from the
// workflow's, the job's and the step's `env:`, which `run:` scripts also see as shell variables;
// `${{ github.workspace }}` is the repository root. Any other expression (`secrets.*`, `inputs.*`,
// `matrix.*`, step outputs) has no value here and is named in a notice. Paths resolve from the
// repository root — the directory holding `.github` — or a `working-directory`.
import type { YAMLMap } from 'yaml';
import { joinPath } from '../../paths.js';
import { entries, get, getMap, isMap, nodeLocation, parseYamlFile, rootMap, scalarString, seqMaps, stringAt, type DocContext } from '../../yaml/index.js';
import type { BuildConfigResult } from '../result.js';
import { addBuildLinks, type BuildSite } from './docker-build.js';
import { expandExpressions, type Lookup } from './expand.js';
import { readScriptLines, WORKSPACE_ROOT } from './shell-script.js';
import { scriptLines, yamlLineLocation } from './yaml-script.js';
import type { LinkSourceModule } from './types.js';

export function readWorkflow(file: string, text: string): BuildConfigResult {
  const y = parseYamlFile(file, text);
  const result: BuildConfigResult = { kind: 'github-actions', links: [], notices: [...y.notices] };
  const doc = y.docs[0];
  const root = doc ? rootMap(doc) : undefined;
  if (!doc || !root) return result;
  const repoRoot = repositoryRoot(file);
  const workflowEnv = envOf(root, doc, new Map());
  for (const job of entries(getMap(root, 'jobs', doc), doc)) {
    if (!isMap(job.value)) continue;
    const jobEnv = envOf(job.value, doc, workflowEnv);
    const jobDir = stringAt(getMap(getMap(job.value, 'defaults', doc), 'run', doc), 'working-directory', doc)?.value;
    const steps = seqMaps(get(job.value, 'steps', doc), doc);
    for (const { index, map: step } of steps) {
      const env = envOf(step, doc, jobEnv);
      const expr = expressionLookup(env);
      const where = `${file} jobs.${job.key}.steps[${index}]`;
      const uses = stringAt(step, 'uses', doc)?.value ?? '';
      if (/^docker\/build-push-action@/.test(uses)) readBuildPush(result, doc, { file, where, cwd: repoRoot, expr, steps: steps.map((s) => s.map) }, step);
      const run = get(step, 'run', doc);
      if (run === undefined) continue;
      const dir = stringAt(step, 'working-directory', doc)?.value ?? jobDir;
      readScriptLines(result, scriptLines(run, doc), {
        file,
        source: 'github-actions',
        cwd: dir ? joinPath(repoRoot, expandExpressions(dir, expr).text) : repoRoot,
        scriptDir: repoRoot,
        where: (line) => `${file}:${line + 1} jobs.${job.key}.steps[${index}]`,
        location: (line) => yamlLineLocation(doc, line),
        vars: (name) => env.get(name),
        preExpand: (t) => expandExpressions(t, expr),
      });
    }
  }
  return result;
}

interface StepContext {
  file: string;
  where: string;
  cwd: string;
  expr: Lookup;
  steps: YAMLMap[];
}

function readBuildPush(result: BuildConfigResult, doc: DocContext, ctx: StepContext, step: YAMLMap): void {
  const withMap = getMap(step, 'with', doc);
  const field = (key: string): { text: string; unresolved: string[] } | undefined => {
    const v = stringAt(withMap, key, doc)?.value;
    return v === undefined ? undefined : expandExpressions(v, ctx.expr);
  };
  const tagsNode = get(withMap, 'tags', doc);
  const tags = field('tags');
  const unresolved: string[] = [];
  const images: string[] = [];
  for (const t of (tags?.text ?? '').split(/[\n,]/).map((s) => s.trim()).filter(Boolean)) {
    const meta = /^\$\{\{\s*steps\.([A-Za-z0-9_-]+)\.outputs\.tags\s*\}\}$/.exec(t);
    const metaImages = meta ? metadataImages(ctx.steps, meta[1]!, doc, ctx.expr) : undefined;
    if (metaImages) {
      images.push(...metaImages.images);
      unresolved.push(...metaImages.unresolved);
    } else images.push(t);
  }
  unresolved.push(...(tags?.unresolved ?? []));
  const file = field('file');
  const context = field('context');
  const target = field('target');
  for (const f of [file, context, target]) unresolved.push(...(f?.unresolved ?? []));
  const location = nodeLocation(tagsNode ?? step, doc);
  const line = location ? location.range.start.line + 1 : 0;
  const site: BuildSite = { file: ctx.file, source: 'github-actions', where: `${ctx.file}:${line} ${ctx.where.slice(ctx.file.length + 1)} docker/build-push-action`, cwd: ctx.cwd, unresolved, root: WORKSPACE_ROOT };
  if (location) site.location = location;
  addBuildLinks(result, site, { images, dockerfile: file?.text, context: context?.text, target: target?.text });
}

/** The images a `docker/metadata-action` step with this id tags (`images:` lines, `name=…` CSV forms too). */
function metadataImages(steps: YAMLMap[], id: string, doc: DocContext, expr: Lookup): { images: string[]; unresolved: string[] } | undefined {
  const step = steps.find((s) => stringAt(s, 'id', doc)?.value === id);
  if (!step || !/^docker\/metadata-action@/.test(stringAt(step, 'uses', doc)?.value ?? '')) return undefined;
  const raw = stringAt(getMap(step, 'with', doc), 'images', doc)?.value;
  if (raw === undefined) return undefined;
  const expanded = expandExpressions(raw, expr);
  const images = expanded.text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => (/(^|,)\s*name=([^,]+)/.exec(l)?.[2] ?? l.split(',')[0]!).trim());
  return { images, unresolved: expanded.unresolved };
}

/** `env:` of a workflow, job or step over the outer one; values may use `${{ env.X }}` of the outer. */
function envOf(map: unknown, doc: DocContext, outer: ReadonlyMap<string, string>): Map<string, string> {
  const env = new Map(outer);
  const lookup = expressionLookup(outer);
  for (const e of entries(getMap(map, 'env', doc), doc)) {
    const v = scalarString(e.value);
    if (v !== undefined) env.set(e.key, expandExpressions(v, lookup).text);
  }
  return env;
}

function expressionLookup(env: ReadonlyMap<string, string>): Lookup {
  return (expr) => {
    if (expr === 'github.workspace') return WORKSPACE_ROOT;
    const m = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr);
    return m ? env.get(m[1]!) : undefined;
  };
}

/** The directory holding `.github` (workspace-relative). */
function repositoryRoot(file: string): string {
  const at = file.lastIndexOf('.github/workflows/');
  return at <= 0 ? '' : file.slice(0, at - 1);
}

export const githubActionsSource: LinkSourceModule<'github-actions'> = {
  id: 'github-actions',
  rank: 60,
  matches: (path) => /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path),
  read: readWorkflow,
  watch: [],
};
