// Shell scripts (`*.sh`) → image links from the build commands they run, and the script reader the
// CI sources share for their `run:` / `script:` blocks. Read line by line, never executed: variables
// assigned in the script (`REG=…`, `export REG=…`, `: "${REG:=…}"`) and the caller's (a workflow's
// `env:`) expand `$REG` / `${REG:-default}`; `cd DIR` (literal, or the script's own directory through
// `$(dirname "$0")`) moves the directory relative paths resolve against, which starts at the script's
// own directory for a script file. Limits: no functions, loops or conditionals are followed (every
// branch's assignments apply in text order), and a command substitution is never run.
import type { Location } from '../../model.js';
import { dirOf, isAbsolutePath, joinPath } from '../../paths.js';
import { LineIndex } from '../../text/positions.js';
import type { BuildConfigResult } from '../result.js';
import { addBuildLinks, lineLocation, readInvocation, WORKSPACE_ROOT, type BuildSite } from './docker-build.js';
import { expandShell, type Expanded, type Lookup } from './expand.js';
import { logicalLines, splitCommands } from './shell-words.js';
import type { LinkSourceModule } from './types.js';

export { WORKSPACE_ROOT } from './docker-build.js';

export interface ScriptContext {
  file: string;
  source: BuildSite['source'];
  /** The directory commands start in (workspace-relative). */
  cwd: string;
  /** The directory `$(dirname "$0")` names (workspace-relative); for a script file, its own. */
  scriptDir: string;
  /** `Makefile:12`, `.github/workflows/ci.yml jobs.build.steps[1]` — the reason's prefix for a line. */
  where: (line: number) => string;
  location: (line: number) => Location | undefined;
  /** Values the caller knows (a workflow's env); the script's own assignments win. */
  vars?: Lookup;
  /** Expansion the caller's dialect does before the shell sees the line (a workflow's `${{ … }}`, Make's `$(…)`). */
  preExpand?: (text: string) => Expanded;
  /** Another absolute directory that stands for the workspace root (`$CI_PROJECT_DIR`, Cloud Build's `/workspace`). */
  root?: string;
}

/** Reads `text` as lines of shell, adding the links of every build command to `result`. */
export function readScriptLines(result: BuildConfigResult, lines: readonly { line: number; text: string }[], ctx: ScriptContext): void {
  const own = new Map<string, string>();
  const lookup: Lookup = (name) => own.get(name) ?? ctx.vars?.(name);
  let cwd = ctx.cwd;
  const roots = [WORKSPACE_ROOT, ...(ctx.root ? [ctx.root] : [])];
  const rootDir = ctx.scriptDir === '' ? WORKSPACE_ROOT : `${WORKSPACE_ROOT}/${ctx.scriptDir}`;
  for (const { line, text } of lines) {
    const pre = ctx.preExpand ? ctx.preExpand(text) : { text, unresolved: [] };
    const selfDir = pre.text
      .replace(/\$\(\s*cd\s+("?)([^)"]*)\1\s*(?:&&|;)\s*pwd(?:\s+-P)?\s*\)/g, '$2')
      .replace(/\$\(\s*dirname\s+("?)\$(?:0|\{0\}|\{BASH_SOURCE(?:\[0\])?\}|BASH_SOURCE)\1\s*\)/g, rootDir);
    const expanded = expandShell(selfDir, lookup);
    const unresolved = [...new Set([...pre.unresolved, ...expanded.unresolved])];
    for (const words of splitCommands(expanded.text)) {
      if (assign(words, own)) continue;
      if (words[0] === ':' && words.length > 1) continue;
      if (words[0] === 'cd' && words.length >= 2 && !words[1]!.includes('$')) {
        cwd = moveTo(cwd, words[1]!, roots);
        continue;
      }
      const inv = readInvocation(words);
      if (!inv) continue;
      const location = ctx.location(line);
      const site: BuildSite = { file: ctx.file, source: ctx.source, where: `${ctx.where(line)} ${inv.tool}`, cwd, unresolved, root: WORKSPACE_ROOT };
      if (location) site.location = location;
      const fix = (p: string | undefined): string | undefined => (p === undefined ? p : rootRelative(p, roots));
      addBuildLinks(result, site, { images: inv.tags, dockerfile: fix(inv.dockerfile), context: fix(inv.context), target: inv.target, dockerfileFromContext: inv.tool === 'kaniko executor', buildpacks: inv.buildpacks });
    }
  }
}

const DECLARATIONS = ['export', 'local', 'readonly', 'declare', 'typeset'];
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** `NAME=value …` with nothing else, or `export NAME=value`: records every assignment. */
function assign(words: readonly string[], vars: Map<string, string>): boolean {
  const declaration = DECLARATIONS.includes(words[0]!);
  const rest = declaration ? words.slice(1).filter((w) => !w.startsWith('-')) : words;
  if (!declaration && !(rest.length > 0 && rest.every((w) => ASSIGNMENT.test(w)))) return false;
  for (const w of rest) if (ASSIGNMENT.test(w)) vars.set(w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1));
  return true;
}

/** The directory after `cd target`: relative to `cwd`, or from the workspace root; unknown places keep `cwd`. */
function moveTo(cwd: string, target: string, roots: readonly string[]): string {
  const p = rootRelative(target, roots);
  if (p === WORKSPACE_ROOT) return '';
  if (p.startsWith(WORKSPACE_ROOT + '/')) return joinPath(p.slice(WORKSPACE_ROOT.length + 1));
  return isAbsolutePath(p) ? cwd : joinPath(cwd, p);
}

/** A path under one of `roots` → the same path under WORKSPACE_ROOT; others as they are. */
function rootRelative(p: string, roots: readonly string[]): string {
  for (const r of roots) {
    if (p === r) return WORKSPACE_ROOT;
    if (p.startsWith(r + '/')) return `${WORKSPACE_ROOT}/${p.slice(r.length + 1)}`;
  }
  return p;
}

/** Reads a whole shell script file. */
export function readShellScript(file: string, text: string): BuildConfigResult {
  const result: BuildConfigResult = { kind: 'shell', links: [], notices: [] };
  const index = new LineIndex(text);
  readScriptLines(result, logicalLines(text), {
    file,
    source: 'shell',
    cwd: dirOf(file),
    scriptDir: dirOf(file),
    where: (line) => `${file}:${line + 1}`,
    location: (line) => lineLocation(index, file, line),
  });
  return result;
}

export const shellSource: LinkSourceModule<'shell'> = {
  id: 'shell',
  rank: 90,
  matches: (_path, name) => name.endsWith('.sh') || name.endsWith('.bash'),
  read: readShellScript,
  watch: ['**/*.{sh,bash}'],
};
