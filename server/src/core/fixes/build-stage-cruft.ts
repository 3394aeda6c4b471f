// What a hardened final stage takes over from the stage that becomes its build stage: EXPOSE, CMD,
// ENTRYPOINT, HEALTHCHECK and a USER no later RUN needs move to the runtime stage (the new stage writes
// its own), so they leave the build stage; a RUN that only installs packages no later build step names
// is dropped with a comment that says what it installed and why it goes (the runtime image cannot have
// them and the build does not use them). Toolchains a build uses without naming them stay.
import type { StageFacts } from '../model.js';
import { splitCommands } from '../docker/index.js';
import type { DockerInstruction, DockerText } from './dockerfile-text.js';
import type { TextEdit } from './types.js';

const RUNTIME_ONLY = new Set(['EXPOSE', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK']);
const MANAGERS = new Set(['apt-get', 'apt', 'apk', 'dnf', 'yum', 'microdnf']);
const MANAGER_STEPS = new Set(['update', 'install', 'add', 'clean', 'upgrade', 'autoremove']);
// Packages a later `npm ci`, `pip install` or `go build` may use without naming them (node-gyp, cgo, C extensions).
const BUILD_TOOLCHAIN = /^(build-essential|gcc|g\+\+|make|cmake|clang|python3?|pkg-config|pkgconf|git|musl-dev|libc-dev|linux-headers|.*-dev(el)?)$/;

export interface Cruft {
  edits: TextEdit[];
  /** What was moved or dropped, for the fix title (`EXPOSE, USER and CMD move to the runtime stage`). */
  moved: string[];
  dropped: string[];
}

/** The packages a RUN installs when it does nothing but run a package manager (and clear its cache); undefined otherwise. */
function pureInstall(dt: DockerText, inst: DockerInstruction): string[] | undefined {
  const commands = splitCommands(dt.text, inst.argsStart, inst.end, dt.escape, true);
  if (commands.length === 0 || commands.some((c) => c.heredoc)) return undefined;
  const packages: string[] = [];
  for (const c of commands) {
    if (c.op === '|') return undefined;
    // Leading variable assignments (`DEBIAN_FRONTEND=noninteractive apt-get …`) are not the command.
    const all = c.words.map((w) => w.value);
    const words = all.slice(Math.max(0, all.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w))));
    if (words[0] === 'rm' && words.slice(1).every((w) => w.startsWith('-') || /^\/var\/(lib\/apt\/lists|cache\/apk|cache\/(dnf|yum))/.test(w))) continue;
    if (!MANAGERS.has(words[0] ?? '')) return undefined;
    const step = words.slice(1).find((w) => !w.startsWith('-'));
    if (!step || !MANAGER_STEPS.has(step)) return undefined;
    if (step === 'install' || step === 'add') packages.push(...words.slice(words.indexOf(step) + 1).filter((w) => !w.startsWith('-')).map((w) => w.replace(/[=<>].*$/, '')));
  }
  return packages.length ? packages : undefined;
}

/** Whole lines of an instruction, with the comment lines inside its continuations (which must stay). */
function lineSpan(dt: DockerText, inst: DockerInstruction): { start: number; end: number; comments: string[] } {
  const first = dt.index.positionAt(inst.start).line;
  const last = dt.index.positionAt(inst.end).line;
  const comments: string[] = [];
  for (let l = first + 1; l <= last; l++) if (dt.index.lineText(l).trim().startsWith('#')) comments.push(dt.index.lineText(l).trimStart());
  const end = last + 1 < dt.index.lineCount ? dt.index.lineStart(last + 1) : dt.index.lineEnd(last);
  return { start: dt.index.lineStart(first), end, comments };
}

const mentions = (text: string, word: string) => new RegExp(`(^|[\\s"'/;&|(\`=])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[\\s"';&|)\`])`).test(text);

/** The edits that clear the runtime's instructions out of `stage`, about to become the build stage. */
export function buildStageCruft(dt: DockerText, stage: StageFacts): Cruft {
  const own = dt.instructions.filter((i) => i.stage === stage.index);
  const edits: TextEdit[] = [];
  const moved = new Set<string>();
  const dropped: string[] = [];
  const eol = dt.index.eol;
  const remove = (inst: DockerInstruction, replacement: string[]) => {
    const span = lineSpan(dt, inst);
    edits.push({ range: dt.index.range(span.start, span.end), newText: [...span.comments, ...replacement].map((l) => `${l}${eol}`).join('') });
  };
  for (const inst of own) {
    const later = own.filter((i) => i.start > inst.start);
    if (RUNTIME_ONLY.has(inst.keyword)) {
      remove(inst, []);
      moved.add(inst.keyword);
    } else if (inst.keyword === 'USER' && !later.some((i) => i.keyword === 'RUN')) {
      remove(inst, []);
      moved.add('USER');
    } else if (inst.keyword === 'RUN') {
      const packages = pureInstall(dt, inst);
      if (!packages || packages.some((p) => BUILD_TOOLCHAIN.test(p))) continue;
      const rest = later.filter((i) => i.keyword === 'RUN').map((i) => dt.text.slice(i.argsStart, i.end)).join('\n');
      if (packages.some((p) => mentions(rest, p))) continue;
      remove(inst, [`# Secret Surface dropped the install of ${packages.join(', ')}: the runtime stage cannot have them and no later build step uses them.`]);
      dropped.push(...packages);
    }
  }
  return { edits, moved: [...moved], dropped };
}
