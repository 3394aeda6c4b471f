// Fix drop-network-clients: removes network-client packages (curl, wget, netcat …) from a RUN install,
// keeping the rest of the line, its flags and continuations tidy: a package alone on a continuation line
// takes its line along, an install left with no package leaves the `&&` chain, an emptied RUN goes.
// Not offered when a later build step or the container's command uses the tool.
import type { DockerfileFacts, StageFacts, ToolFact } from '../model.js';
import { splitCommands, type Command, type Word } from '../docker/index.js';
import { builtFrom, stageChain, type FixContext } from './context.js';
import { dockerText, type DockerInstruction, type DockerText } from './dockerfile-text.js';
import type { Fix, TextEdit } from './types.js';

import { secretInNetworkClientImage } from '../rules/secret-in-network-client-image.js';
import { toolFindingData } from '../rules/index.js';
import { defineFix } from './fix.js';

export const dropNetworkClients = defineFix({
  id: 'drop-network-clients',
  title: 'Remove network-client packages from the install',
  resolves: [secretInNetworkClientImage.id],
  docs: {
    safe: 'no',
    example: '`apt-get install -y curl jq` → `apt-get install -y jq`; not when a later RUN, CMD or HEALTHCHECK uses the tool, nor for `ca-certificates`',
  },
  offer: dropNetworkClientFixes,
});
const INSTALL_WORDS = new Set(['install', 'add', 'in', 'i', 'reinstall']);
// Packages that count as network clients only through a dependency the app needs (CA bundle → openssl).
const KEEP = new Set(['ca-certificates', 'ca-certificates-bundle']);

interface Target {
  inst: DockerInstruction;
  stage: StageFacts;
  tools: ToolFact[];
}

function dropNetworkClientFixes(ctx: FixContext): Fix[] {
  const f = ctx.finding;
  let df: DockerfileFacts | undefined;
  let tools: ToolFact[] = [];
  let stages: StageFacts[] = [];
  if (ctx.dockerfile) {
    df = ctx.dockerfile;
    const line = f.location.range.start.line;
    for (const s of df.stages) {
      const hit = s.added.filter((t) => t.category === 'network' && t.origin.kind === 'run' && t.origin.location.range.start.line === line);
      if (hit.length) {
        tools = hit;
        stages = [s];
      }
    }
    // The finding sits on one package word; the fix takes every network client of that RUN.
    if (tools.length === 0) return [];
  } else if (ctx.exposure) {
    const built = builtFrom(ctx, ctx.exposure);
    if (!built) return [];
    df = built.dockerfile;
    const names = toolFindingData(f).tools;
    tools = ctx.exposure.image.tools.filter((t) => names.includes(t.tool));
    if (tools.length === 0 || tools.some((t) => t.origin.kind !== 'run')) return [];
    stages = stageChain(df, built.stage);
  }
  if (!df) return [];
  const text = ctx.ws.text(df.file);
  if (text === undefined) return [];
  const dt = dockerText(text, df);
  // Group the words by RUN instruction.
  const targets: Target[] = [];
  for (const t of tools) {
    if (t.origin.kind !== 'run') continue;
    const at = dt.index.offsetAt(t.origin.location.range.start);
    const inst = dt.instructions.find((i) => i.keyword === 'RUN' && i.start <= at && at < i.end);
    const stage = stages.find((s) => s.index === inst?.stage);
    if (!inst || !stage) return [];
    const existing = targets.find((x) => x.inst === inst);
    if (existing) existing.tools.push(t);
    else targets.push({ inst, stage, tools: [t] });
  }
  const names = [...new Set(tools.map((t) => t.tool))];
  const base = { id: dropNetworkClients.id, rules: [...dropNetworkClients.resolves], safe: false, isPreferred: false };
  const kept = tools.find((t) => t.origin.kind === 'run' && KEEP.has(t.origin.package));
  if (kept && kept.origin.kind === 'run') {
    return [{ ...base, title: `Cannot remove ${kept.tool}`, edits: [], unavailable: `${kept.tool} comes with ${kept.origin.package}, whose CA certificates the app needs for TLS; move the image to a shell-free base instead (harden the final stage).` }];
  }
  const used = usage(df, dt, targets, names);
  if (used) {
    return [{ ...base, title: `Cannot remove ${names.join(', ')}`, edits: [], unavailable: `${used}: install it in a build stage, do that work there and COPY --from the result into the final image.` }];
  }
  const edits: TextEdit[] = [];
  const pkgs: string[] = [];
  for (const t of targets) {
    const r = dropFrom(dt, t);
    if ('reason' in r) return [{ ...base, title: `Cannot remove ${names.join(', ')}`, edits: [], unavailable: r.reason }];
    edits.push(...r.edits);
    pkgs.push(...r.packages);
  }
  const lines = targets.map((t) => dt.index.positionAt(t.inst.start).line + 1);
  return [
    {
      ...base,
      title: `Remove ${[...new Set(pkgs)].join(', ')} from the install at ${df.file} line${lines.length > 1 ? 's' : ''} ${lines.join(', ')} (the image loses ${names.join(', ')})`,
      edits: [{ kind: 'edit', file: df.file, edits }],
    },
  ];
}

/** Where the image or a later build step uses one of the tools, if anywhere. */
function usage(df: DockerfileFacts, dt: DockerText, targets: Target[], names: string[]): string | undefined {
  const re = new RegExp(`(^|[\\s"'/;&|(\`])(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?=$|[\\s"';&|)\`])`);
  const first = Math.min(...targets.map((t) => t.inst.start));
  for (const inst of dt.instructions) {
    if (inst.end <= first) continue;
    if (!['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(inst.keyword)) continue;
    const stage = df.stages[inst.stage];
    // Later stages that do not build on this one have their own tools.
    if (!stage || !targets.some((t) => stageChain(df, stage).some((s) => s.index === t.stage.index))) continue;
    let body = dt.text.slice(inst.argsStart, inst.end);
    const own = targets.find((t) => t.inst === inst);
    if (own) {
      // In the installing RUN itself only what follows the package words counts.
      const last = Math.max(...own.tools.map((t) => (t.origin.kind === 'run' ? dt.index.offsetAt(t.origin.location.range.end) : 0)));
      body = dt.text.slice(last, inst.end);
    }
    const m = re.exec(body);
    if (m) return `${m[2]} is used by ${inst.keyword} at line ${dt.index.positionAt(inst.start).line + 1}`;
  }
  return undefined;
}

function dropFrom(dt: DockerText, t: Target): { edits: TextEdit[]; packages: string[] } | { reason: string } {
  const { text } = dt;
  const commands = splitCommands(text, t.inst.argsStart, t.inst.end, dt.escape, true).filter((c) => !c.heredoc);
  const words = new Map<number, Word>();
  for (const tool of t.tools) {
    if (tool.origin.kind !== 'run') continue;
    const at = dt.index.offsetAt(tool.origin.location.range.start);
    for (const c of commands) for (const w of c.words) if (w.start === at) words.set(at, w);
  }
  if (words.size === 0) return { reason: 'the packages are installed inside a here-document or `sh -c` string, which this fix does not rewrite.' };
  const byCommand = new Map<Command, Word[]>();
  for (const w of words.values()) {
    const c = commands.find((x) => x.words.includes(w))!;
    byCommand.set(c, [...(byCommand.get(c) ?? []), w]);
  }
  const edits: TextEdit[] = [];
  const packages = [...words.values()].map((w) => w.value);
  const removedCommands: Command[] = [];
  for (const [c, drop] of byCommand) {
    const sub = c.words.findIndex((w) => INSTALL_WORDS.has(w.value));
    const left = c.words.slice(sub + 1).filter((w) => !w.value.startsWith('-') && !drop.includes(w));
    if (left.length === 0) removedCommands.push(c);
    else for (const w of drop) edits.push(wordEdit(dt, w, t.inst));
  }
  for (const c of removedCommands) {
    const i = commands.indexOf(c);
    const prev = commands[i - 1];
    const next = commands[i + 1];
    const cEnd = c.words[c.words.length - 1]!.end;
    if (prev && c.op !== '|' && !(next && next.op === '|')) {
      edits.push(range(dt, prev.words[prev.words.length - 1]!.end, cEnd, ''));
    } else if (next && next.op !== '|' && c.op === '') {
      edits.push(range(dt, c.words[0]!.start, next.words[0]!.start, ''));
    } else if (!prev && !next) {
      // The RUN did nothing else: the whole instruction goes, with its line break.
      const pos = dt.index.positionAt(t.inst.end);
      const lineStart = dt.index.lineStart(dt.index.positionAt(t.inst.start).line);
      const after = pos.line + 1 < dt.index.lineCount ? dt.index.lineStart(pos.line + 1) : t.inst.end;
      edits.push(range(dt, lineStart, after, ''));
    } else {
      return { reason: 'the install is part of a pipe; remove the packages by hand.' };
    }
  }
  return { edits, packages };
}

function range(dt: DockerText, start: number, end: number, newText: string): TextEdit {
  return { range: dt.index.range(start, end), newText };
}

/** Deletes one word and the space before it; a word alone on its continuation line takes the line. */
function wordEdit(dt: DockerText, w: Word, inst: DockerInstruction): TextEdit {
  const { text, index } = dt;
  const line = index.positionAt(w.start).line;
  const ls = index.lineStart(line);
  const le = index.lineEnd(line);
  const before = text.slice(ls, w.start);
  const after = text.slice(w.end, le);
  const continuation = new RegExp(`^\\s*\\${dt.escape === '`' ? '`' : '\\'}\\s*$`);
  if (before.trim() === '' && (after.trim() === '' || continuation.test(after))) {
    const isLast = index.offsetAt({ line, character: 0 }) <= inst.end && inst.end <= le;
    if (!isLast) return range(dt, ls, line + 1 < index.lineCount ? index.lineStart(line + 1) : le, '');
    // The last line of the RUN: the line before loses its continuation instead.
    const prevEnd = index.lineEnd(line - 1);
    let cut = prevEnd;
    while (cut > 0 && /[ \t]/.test(text[cut - 1]!)) cut--;
    if (text[cut - 1] === dt.escape) cut--;
    while (cut > 0 && /[ \t]/.test(text[cut - 1]!)) cut--;
    return range(dt, cut, le, '');
  }
  let s = w.start;
  while (s > ls && /[ \t]/.test(text[s - 1]!)) s--;
  if (s === ls) {
    // First word on its line: take the space after it instead, so the indentation stays.
    let e = w.end;
    while (e < le && /[ \t]/.test(text[e]!)) e++;
    return range(dt, w.start, e, '');
  }
  return range(dt, s, w.end, '');
}
