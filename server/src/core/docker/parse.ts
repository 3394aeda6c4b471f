// Dockerfile → facts: stages (aliases, FROM chains, ARG substitution, --platform), the tools each stage adds
// or removes (RUN installs and removals, COPY --from of tool paths), commands with their form, SHELL, USER and
// WORKDIR, and every instruction's range with the escape character and the ignore comments above it, so
// suppressions and fixes never re-read the text. Parses once with dockerfile-ast and never throws: what
// it cannot understand becomes a notice.
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import type { CommandFact, DockerfileFacts, InputNotice, Location, StageFacts, ToolFact } from '../model.js';
import { LineIndex } from '../text/positions.js';
import { loadCatalog, type Catalog } from '../catalog/catalog.js';
import { BUSYBOX_APPLETS, isBinDir, isBusyboxName, toolName } from '../catalog/tools.js';
import { basename, parseExecForm, splitCommands, type Word } from './shell-words.js';
import { analyseRun, type StageRunState } from './run-commands.js';
import { applyIgnoreComments } from './suppressions.js';
import { MAX_EXPANDED, substitute } from './variables.js';

export interface ParseDockerfileOptions {
  /** `--build-arg` values; they override ARG defaults. */
  buildArgs?: Record<string, string>;
  /** Package → tools data; the built-in catalog when omitted. */
  catalog?: Catalog;
}

const KNOWN = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD',
  'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

export function parseDockerfile(file: string, text: string, options: ParseDockerfileOptions = {}): DockerfileFacts {
  const notices: InputNotice[] = [];
  const facts: DockerfileFacts = { file, stages: [], notices, escape: '\\', instructions: [] };
  if (text.includes('\u0000')) {
    notices.push({ file, severity: 'warning', message: 'binary content: not read as a Dockerfile' });
    return facts;
  }
  // A byte-order mark would glue itself to the first keyword; a space of the same length keeps offsets.
  const source = blankLongLines(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text, file, notices);
  try {
    parseInto(facts, source, options);
  } catch (e) {
    notices.push({ file, severity: 'error', message: `could not read this Dockerfile: ${e instanceof Error ? e.message : String(e)}` });
  }
  return facts;
}

/** The longest physical line handed to the parser, which builds an object per word of an instruction. */
export const MAX_DOCKERFILE_LINE = 64 * 1024;

/**
 * A line over MAX_DOCKERFILE_LINE keeps its first word (the keyword) and the rest becomes spaces of the
 * same length, so offsets hold and a 2 MB RUN line costs a notice instead of seconds of parsing.
 */
function blankLongLines(text: string, file: string, notices: InputNotice[]): string {
  if (text.length <= MAX_DOCKERFILE_LINE) return text;
  const parts: string[] = [];
  let at = 0;
  let line = 0;
  for (let start = 0; start < text.length; line++) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > MAX_DOCKERFILE_LINE) {
      const keep = /^\s*\S*/.exec(text.slice(start, start + 64))![0].length;
      parts.push(text.slice(at, start + keep), ' '.repeat(end - start - keep));
      at = end;
      notices.push({
        file,
        range: { start: { line, character: 0 }, end: { line, character: keep } },
        severity: 'warning',
        message: `line ${line + 1} is ${end - start} characters long, over the ${MAX_DOCKERFILE_LINE}-character limit: its arguments are not analysed, so what it installs is unknown`,
      });
    }
    start = end + 1;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(at));
  return parts.join('');
}

function parseInto(facts: DockerfileFacts, text: string, options: ParseDockerfileOptions): void {
  const { file, notices } = facts;
  const catalog = options.catalog ?? loadCatalog();
  const buildArgs = options.buildArgs ?? {};
  const df = DockerfileParser.parse(text);
  const lines = new LineIndex(text);
  const escape = df.getEscapeCharacter();
  facts.escape = escape;
  const globalArgs = new Map<string, string | undefined>();
  let stage: StageFacts | undefined;
  let stageArgs = new Map<string, string | undefined>();
  let runState: StageRunState = { virtualGroups: new Map() };
  let unknownReported = 0;

  const loc = (start: number, end: number): Location => lines.location(file, start, end);
  const wordLoc = (w: Word): Location => loc(w.start, w.end);

  for (const inst of df.getInstructions()) {
    const keyword = inst.getKeyword();
    const range = inst.getRange();
    const start = lines.offsetAt(range.start);
    const end = lines.offsetAt(range.end);
    const argsStart = lines.offsetAt(inst.getInstructionRange().end);
    const instLoc = loc(start, end);
    facts.instructions.push({
      keyword,
      location: instLoc,
      argsStart: lines.positionAt(argsStart),
      stage: keyword === 'FROM' ? facts.stages.length : facts.stages.length - 1,
    });
    if (!KNOWN.has(keyword)) {
      if (unknownReported++ < 3) notices.push({ file, range: instLoc.range, severity: 'warning', message: `unknown instruction ${JSON.stringify(inst.getInstruction().slice(0, 40))}` });
      continue;
    }
    if (keyword === 'FROM') {
      stage = fromInstruction(facts, text, escape, argsStart, start, end, globalArgs, buildArgs, loc);
      facts.stages.push(stage);
      stageArgs = new Map();
      runState = { virtualGroups: new Map() };
      continue;
    }
    if (keyword === 'ARG') {
      for (const [name, value] of argDeclarations(text, escape, argsStart, end)) {
        const scope = stage ? stageArgs : globalArgs;
        const given = buildArgs[name];
        // Within a stage, `ARG NAME` with no value re-imports the global one.
        const inherited = stage && value === undefined ? globalArgs.get(name) : undefined;
        const expanded = value !== undefined ? substitute(value, scope, globalArgs) : undefined;
        if (expanded?.tooLong) {
          // Left unset, so whatever uses it is unresolved (an unknown image), never a 2^30-character string.
          notices.push({ file, range: instLoc.range, severity: 'warning', message: `ARG ${name} would expand to more than ${MAX_EXPANDED} characters: treated as unset` });
        }
        scope.set(name, given ?? (expanded && !expanded.tooLong ? expanded.value : expanded ? undefined : inherited));
      }
      continue;
    }
    if (!stage) {
      notices.push({ file, range: instLoc.range, severity: 'warning', message: `${keyword} before the first FROM is ignored` });
      continue;
    }
    stage.location = { file, range: { start: stage.location.range.start, end: instLoc.range.end } };
    switch (keyword) {
      case 'RUN': {
        const body = skipFlags(text, argsStart, end);
        const exec = parseExecForm(text, body, end);
        stage.commands.push(command('RUN', exec ? 'exec' : 'shell', text, body, end, instLoc));
        const commands = exec ? [{ words: exec, op: '' as const, heredoc: false }] : splitCommands(text, body, end, escape, true);
        const effects = analyseRun(text, commands, escape, catalog, runState);
        for (const a of effects.added) {
          const t: ToolFact = { tool: a.tool, category: a.category, origin: { kind: 'run', package: a.package, manager: a.manager, location: wordLoc(a.word) } };
          if (a.via) t.via = a.via;
          stage.added.push(t);
        }
        for (const r of effects.removed) stage.removed.push({ tool: r.tool, location: wordLoc(r.word) });
        for (const n of effects.notes) notices.push({ file, range: (n.word ? wordLoc(n.word) : instLoc).range, severity: n.severity, message: n.message });
        break;
      }
      case 'CMD':
      case 'ENTRYPOINT': {
        const exec = parseExecForm(text, argsStart, end);
        stage.commands.push(command(keyword, exec ? 'exec' : 'shell', text, argsStart, end, instLoc));
        break;
      }
      case 'HEALTHCHECK': {
        const body = skipFlags(text, argsStart, end);
        const m = /^\s*(\S+)/.exec(text.slice(body, end));
        const sub = m?.[1]?.toUpperCase();
        if (sub === 'NONE') {
          stage.commands.push({ instruction: 'HEALTHCHECK', form: 'exec', text: 'NONE', location: instLoc });
          break;
        }
        if (sub !== 'CMD' && sub !== 'CMD-SHELL') {
          notices.push({ file, range: instLoc.range, severity: 'warning', message: 'HEALTHCHECK needs CMD or NONE' });
          break;
        }
        const cmdStart = body + m!.index + m![0].length;
        const exec = sub === 'CMD' ? parseExecForm(text, cmdStart, end) : undefined;
        stage.commands.push(command('HEALTHCHECK', exec ? 'exec' : 'shell', text, cmdStart, end, instLoc));
        break;
      }
      case 'SHELL': {
        const exec = parseExecForm(text, argsStart, end);
        if (exec) stage.shell = { args: exec.map((w) => w.value), location: instLoc };
        else notices.push({ file, range: instLoc.range, severity: 'warning', message: 'SHELL must be a JSON array, e.g. SHELL ["/bin/bash", "-c"]' });
        break;
      }
      case 'USER': {
        const raw = text.slice(argsStart, end).trim();
        if (raw) stage.user = { value: substitute(raw, stageArgs, globalArgs).value, location: instLoc };
        break;
      }
      case 'WORKDIR': {
        const raw = text.slice(argsStart, end).trim();
        if (raw) stage.workdir = substitute(raw, stageArgs, globalArgs).value;
        break;
      }
      case 'COPY':
      case 'ADD':
        copyInstruction(stage, inst, text, escape, argsStart, end, instLoc, notices, wordLoc);
        break;
      default:
        break;
    }
  }
  applyIgnoreComments(facts, df.getComments().map((c) => ({ content: c.getContent(), line: c.getRange().start.line })));
  if (facts.stages.length === 0) {
    notices.push({ file, severity: text.trim() === '' ? 'info' : 'warning', message: text.trim() === '' ? 'empty Dockerfile' : 'no FROM instruction: not a buildable Dockerfile' });
  }
}

function fromInstruction(
  facts: DockerfileFacts,
  text: string,
  escape: string,
  argsStart: number,
  start: number,
  end: number,
  globalArgs: Map<string, string | undefined>,
  buildArgs: Record<string, string>,
  loc: (s: number, e: number) => Location,
): StageFacts {
  const words = splitCommands(text, argsStart, end, escape, true).flatMap((c) => c.words);
  let i = 0;
  let platform: string | undefined;
  while (i < words.length && words[i]!.value.startsWith('--')) {
    const w = words[i]!.value;
    if (w.startsWith('--platform=')) platform = substitute(w.slice('--platform='.length), globalArgs, undefined, buildArgs).value;
    i++;
  }
  const imageWord = words[i];
  const index = facts.stages.length;
  const instLoc = loc(start, end);
  const stage: StageFacts = {
    index,
    baseImage: '',
    fromLocation: imageWord ? loc(imageWord.start, imageWord.end) : instLoc,
    fromInstructionLocation: instLoc,
    added: [],
    removed: [],
    commands: [],
    location: instLoc,
  };
  if (platform !== undefined) stage.platform = platform;
  if (!imageWord) {
    facts.notices.push({ file: facts.file, range: instLoc.range, severity: 'error', message: 'FROM without an image' });
    return stage;
  }
  const image = substitute(imageWord.value, globalArgs, undefined, buildArgs).value;
  stage.baseImage = image;
  const asWord = words[i + 1];
  const nameWord = words[i + 2];
  if (asWord && asWord.value.toUpperCase() === 'AS' && nameWord) stage.name = nameWord.value;
  else if (asWord) facts.notices.push({ file: facts.file, range: loc(asWord.start, asWord.end).range, severity: 'warning', message: 'expected "AS <name>" after the FROM image' });
  const lower = image.toLowerCase();
  for (let k = facts.stages.length - 1; k >= 0; k--) {
    if (facts.stages[k]!.name?.toLowerCase() === lower) {
      stage.baseStage = k;
      break;
    }
  }
  return stage;
}

/** `ARG A`, `ARG A=1`, `ARG A=1 B="two words"`. */
function argDeclarations(text: string, escape: string, from: number, to: number): [string, string | undefined][] {
  const out: [string, string | undefined][] = [];
  for (const c of splitCommands(text, from, to, escape, true)) {
    for (const w of c.words) {
      const eq = w.value.indexOf('=');
      const name = eq < 0 ? w.value : w.value.slice(0, eq);
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) out.push([name, eq < 0 ? undefined : w.value.slice(eq + 1)]);
    }
  }
  return out;
}

/** Offset after leading `--flag=value` words (RUN --mount=…, HEALTHCHECK --interval=…). */
function skipFlags(text: string, from: number, to: number): number {
  const re = /\s*--[A-Za-z-]+(?:=(?:"[^"]*"|'[^']*'|\S)*)?/y;
  let i = from;
  for (;;) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m || re.lastIndex > to) return i;
    i = re.lastIndex;
  }
}

function command(instruction: CommandFact['instruction'], form: CommandFact['form'], text: string, from: number, to: number, location: Location): CommandFact {
  return { instruction, form, text: text.slice(from, to).trim(), location };
}

function copyInstruction(
  stage: StageFacts,
  inst: Instruction,
  text: string,
  escape: string,
  argsStart: number,
  end: number,
  instLoc: Location,
  notices: InputNotice[],
  wordLoc: (w: Word) => Location,
): void {
  // Only COPY --from brings files from another image or stage; COPY from the context is application files.
  let words = parseExecForm(text, skipFlags(text, argsStart, end), end);
  const flagText = text.slice(argsStart, skipFlags(text, argsStart, end));
  const from = /--from=("[^"]*"|'[^']*'|\S+)/.exec(flagText)?.[1]?.replace(/^["']|["']$/g, '');
  if (!from || inst.getKeyword() !== 'COPY') return;
  words ??= splitCommands(text, skipFlags(text, argsStart, end), end, escape, true).flatMap((c) => c.words);
  const sources = words.slice(0, -1);
  for (const w of sources) {
    const path = w.value.endsWith('/') && w.value.length > 1 ? w.value.slice(0, -1) : w.value;
    const origin = (p: string) => ({ kind: 'copy' as const, from, path: p, location: wordLoc(w) });
    if (path === '/busybox' || isBusyboxName(path)) {
      stage.added.push({ tool: 'busybox', category: 'shell', origin: origin(w.value) });
      // The binary, or the distroless debug layout's /busybox directory with every applet link.
      for (const a of BUSYBOX_APPLETS) stage.added.push({ ...a, via: 'busybox', origin: origin(w.value) });
      continue;
    }
    if (path === '/' || isBinDir(path)) {
      notices.push({ file: instLoc.file, range: wordLoc(w).range, severity: 'info', message: `copies the whole ${path} directory from ${from}: the commands in it are not tracked one by one` });
      continue;
    }
    const t = basename(path).includes('*') ? undefined : toolName(path);
    if (t) stage.added.push({ tool: t.tool, category: t.category, origin: origin(w.value) });
  }
}
