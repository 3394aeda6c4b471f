// Makefiles (`Makefile`, `makefile`, `GNUmakefile`, `*.mk`) → image links from the build commands in
// their recipes. Make is not run: the file's own variable assignments (`VAR = …`, `VAR := …`,
// `VAR ?= …` as the default a caller may override, `VAR += …`, `export`/`override` forms) expand
// `$(VAR)` / `${VAR}` in recipe lines, then each recipe line is read as shell (shell-script.ts) from
// the Makefile's directory. Limits: every assignment is taken in text order with the last one winning
// (as for recursive variables; `:=` is not evaluated at its own position), conditionals (`ifeq`) and
// `include`d files are not followed, functions (`$(shell …)`, `$(patsubst …)`) stay unresolved and are
// named in the notice, and a `VAR != command` assignment has no value.
import { dirOf } from '../../paths.js';
import { LineIndex } from '../../text/positions.js';
import type { BuildConfigResult } from '../result.js';
import { lineLocation } from './docker-build.js';
import { expandMake } from './expand.js';
import { readScriptLines } from './shell-script.js';
import { logicalLines } from './shell-words.js';
import type { LinkSourceModule } from './types.js';

const ASSIGNMENT = /^(?:(?:export|override|private)\s+)*([A-Za-z0-9_.-]+)\s*(\?=|:::=|::=|:=|\+=|!=|=)\s*(.*)$/;

export function readMakefile(file: string, text: string): BuildConfigResult {
  const result: BuildConfigResult = { kind: 'makefile', links: [], notices: [] };
  const index = new LineIndex(text);
  const vars = new Map<string, string>();
  const shellAssigned = new Set<string>();
  const recipes: { line: number; text: string }[] = [];
  let inDefine = false;
  for (const { line, text: raw } of logicalLines(text)) {
    if (raw.startsWith('\t')) {
      if (!inDefine) recipes.push({ line, text: raw.slice(1).replace(/^[\s@+-]+/, '') });
      continue;
    }
    const body = stripComment(raw).trim();
    if (/^define\b/.test(body)) inDefine = true;
    if (/^endef\b/.test(body)) inDefine = false;
    if (inDefine) continue;
    // `target: VAR = value` (target-specific) and rules are not variable assignments of the file.
    const m = ASSIGNMENT.exec(body);
    if (!m || /^[^=]*[^:=]:[^=]/.test(body.slice(0, body.indexOf(m[2]!) + 1))) {
      const inline = /^[^\s:=#][^:=]*::?\s*[^=]*;\s*(.*)$/.exec(body);
      if (inline && inline[1]) recipes.push({ line, text: inline[1] });
      continue;
    }
    const [, name, op, value] = m as unknown as [string, string, string, string];
    if (op === '!=') {
      vars.delete(name);
      shellAssigned.add(name);
    } else if (op === '?=') {
      if (!vars.has(name) && !shellAssigned.has(name)) vars.set(name, value);
    } else if (op === '+=') vars.set(name, vars.has(name) ? `${vars.get(name)!} ${value}` : value);
    else {
      vars.set(name, value);
      shellAssigned.delete(name);
    }
  }
  const lookup = (name: string): string | undefined => vars.get(name);
  for (const recipe of recipes) {
    // Make runs each recipe line in a shell of its own: a `cd` does not carry to the next line.
    readScriptLines(result, [recipe], {
      file,
      source: 'makefile',
      cwd: dirOf(file),
      scriptDir: dirOf(file),
      where: (line) => `${file}:${line + 1}`,
      location: (line) => lineLocation(index, file, line),
      preExpand: (t) => expandMake(t, lookup),
    });
  }
  return result;
}

/** A Makefile line without its comment (`\#` is a literal `#`). */
function stripComment(line: string): string {
  for (let i = 0; i < line.length; i++) if (line[i] === '#' && line[i - 1] !== '\\') return line.slice(0, i);
  return line;
}

export const makefileSource: LinkSourceModule<'makefile'> = {
  id: 'makefile',
  rank: 80,
  matches: (_path, name) => name === 'Makefile' || name === 'makefile' || name === 'GNUmakefile' || /\.mk$/.test(name),
  read: readMakefile,
  watch: ['**/{Makefile,makefile,GNUmakefile}', '**/*.mk'],
};
