// Turning a shell-form CMD / ENTRYPOINT / HEALTHCHECK into exec form that the target image can run:
// argv only when no shell feature is used, and the language images' own entrypoint respected
// (distroless nodejs runs `node <CMD>`, python3 `python3 <CMD>`, java `java -jar <CMD>`).
import type { CatalogImage } from '../model.js';
import { LineIndex } from '../text/positions.js';
import { toolCategory } from '../catalog/index.js';
import { execForm, joinContinuations, shellToArgv, type DockerInstruction, type DockerText } from './dockerfile-text.js';
import type { TextEdit } from './types.js';

export type LanguageRuntime = 'node' | 'python' | 'java';

/** The runtime a shell-free language image starts by itself, which CMD only feeds arguments to. */
export function languageEntrypoint(img: CatalogImage | undefined): LanguageRuntime | undefined {
  if (!img) return undefined;
  if (/^distroless-nodejs/.test(img.family)) return 'node';
  if (/^distroless-python3/.test(img.family) || img.family === 'chainguard-python') return 'python';
  if (/^distroless-java/.test(img.family)) return 'java';
  return undefined;
}

const base = (p: string) => p.replace(/^.*\//, '');
const PYTHON_MODULES = new Set(['gunicorn', 'uvicorn', 'celery', 'flask', 'hypercorn', 'daphne', 'waitress-serve']);

/** CMD argv for an image whose entrypoint is `runtime`; or why it cannot be written. */
export function argvForRuntime(argv: string[], runtime: LanguageRuntime): { argv: string[] } | { reason: string } {
  const head = base(argv[0]!);
  switch (runtime) {
    case 'node':
      if (head === 'node' || head === 'nodejs') return argv.length > 1 ? { argv: argv.slice(1) } : { reason: 'node is started without a script' };
      if (/\.(c|m)?js$/.test(head)) return { argv };
      return { reason: `the image runs node itself and has no ${head}: give CMD the script node should run` };
    case 'python':
      if (/^python[0-9.]*$/.test(head)) return argv.length > 1 ? { argv: argv.slice(1) } : { reason: 'python is started without a script' };
      if (PYTHON_MODULES.has(head)) return { argv: ['-m', head.replace(/-serve$/, ''), ...argv.slice(1)] };
      if (/\.py$/.test(head)) return { argv };
      return { reason: `the image runs python itself and has no ${head}: give CMD the script or -m module python should run` };
    case 'java':
      if (head === 'java') {
        if (argv[1] === '-jar' && argv.length > 2) return { argv: argv.slice(2) };
        return { reason: 'the image runs `java -jar`: JVM options must move to JAVA_TOOL_OPTIONS and CMD name the jar' };
      }
      if (/\.jar$/.test(head)) return { argv };
      return { reason: `the image runs \`java -jar\` and has no ${head}: give CMD the jar to run` };
  }
}

export interface CommandTarget {
  /** The language runtime the target image starts by itself, when CMD only feeds it arguments. */
  runtime?: LanguageRuntime;
  /** True when the stage chain sets an ENTRYPOINT (then CMD is its arguments, runtime or not). */
  hasEntrypoint: boolean;
  /** Tools the target image holds (a HEALTHCHECK running curl needs curl). */
  hasTool(tool: string): boolean;
}

/** Where the command text of a CMD / ENTRYPOINT / HEALTHCHECK starts, and its sub-keyword for HEALTHCHECK. */
function commandStart(dt: DockerText, inst: DockerInstruction): { at: number; sub?: string } | undefined {
  const t = dt.text;
  let i = inst.argsStart;
  const skipSpace = () => {
    for (;;) {
      while (i < inst.end && /[ \t]/.test(t[i]!)) i++;
      // A continuation right after the keyword.
      if (t[i] === dt.escape && /[\r\n]/.test(t[i + 1] ?? '')) {
        i += t[i + 1] === '\r' && t[i + 2] === '\n' ? 3 : 2;
        continue;
      }
      if (/[\r\n]/.test(t[i] ?? '') && i < inst.end) {
        i++;
        continue;
      }
      break;
    }
  };
  skipSpace();
  if (inst.keyword !== 'HEALTHCHECK') return { at: i };
  while (t.startsWith('--', i)) {
    while (i < inst.end && !/[ \t\r\n]/.test(t[i]!)) i++;
    skipSpace();
  }
  const m = /^(CMD-SHELL|CMD)\b/i.exec(t.slice(i, inst.end));
  if (!m) return undefined;
  return { at: i, sub: m[1]! };
}

/** The exec-form rewrite of one shell-form instruction, or why there is none. */
export function execFormEdit(
  dt: DockerText,
  inst: DockerInstruction,
  target: CommandTarget,
): { edits: TextEdit[]; text: string; argv: string[] } | { reason: string } {
  const start = commandStart(dt, inst);
  if (!start) return { reason: 'HEALTHCHECK needs CMD' };
  const cmdFrom = start.sub ? start.at + start.sub.length : start.at;
  const raw = joinContinuations(dt.text, cmdFrom, inst.end, dt.escape);
  if (raw.trim().startsWith('[')) return { reason: 'it is already in exec form' };
  const parsed = shellToArgv(raw);
  if ('reason' in parsed) return parsed;
  let argv = parsed.argv;
  if (inst.keyword === 'CMD' && target.runtime && !target.hasEntrypoint) {
    const r = argvForRuntime(argv, target.runtime);
    if ('reason' in r) return r;
    argv = r.argv;
  } else if (inst.keyword === 'ENTRYPOINT' && target.runtime) {
    const head = base(argv[0]!);
    if (target.runtime === 'node' && (head === 'node' || head === 'nodejs')) argv = ['/nodejs/bin/node', ...argv.slice(1)];
    else return { reason: `the image starts ${target.runtime} itself: write CMD with the arguments instead of an ENTRYPOINT` };
  } else {
    const head = base(argv[0]!);
    if (toolCategory(head) && !target.hasTool(head)) {
      return { reason: `${head} is not in this image either: use a binary the image has${inst.keyword === 'HEALTHCHECK' ? ', or a Kubernetes httpGet/tcpSocket probe' : ''}` };
    }
  }
  const json = execForm(argv);
  const text = start.sub ? `CMD ${json}` : json;
  const index = new LineIndex(dt.text);
  const edits: TextEdit[] = [];
  // Comment lines inside the continuation would vanish with the old text: they move above the instruction.
  const comments: string[] = [];
  for (let l = index.positionAt(start.at).line + 1; l <= index.positionAt(inst.end).line; l++) {
    const line = index.lineText(l);
    if (line.trim().startsWith('#')) comments.push(line.trimStart());
  }
  const instLine = index.lineStart(index.positionAt(inst.start).line);
  if (comments.length) edits.push({ range: index.range(instLine, instLine), newText: comments.map((c) => `${c}${index.eol}`).join('') });
  edits.push({ range: index.range(start.at, inst.end), newText: text });
  return { edits, text: `${inst.keyword} ${inst.keyword === 'HEALTHCHECK' ? `${flagsOf(dt, inst, start.at)}${text}` : text}`, argv };
}

function flagsOf(dt: DockerText, inst: DockerInstruction, at: number): string {
  const f = dt.text.slice(inst.argsStart, at).trim();
  return f ? `${f.replace(/\s+/g, ' ')} ` : '';
}
