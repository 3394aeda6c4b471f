// What a Dockerfile's own instructions prove its image holds, whatever the base: a shell-form RUN is run by
// `/bin/sh -c` (or the stage's SHELL), so that shell exists in the stage; `RUN bash -c …` runs bash; a RUN
// that calls `apk` runs on an image with apk-tools and BusyBox (Alpine, Wolfi); any command a RUN calls by
// name (curl, python3 …) exists when it runs; `dnf swap curl-minimal curl-full` installs curl-full; and an
// ENTRYPOINT, CMD or HEALTHCHECK in shell form or as `["sh", "-c", …]` cannot start without that shell.
//
// Evidence is per stage. The image facts apply it only along the chain of stages the built image is made of,
// in file order with the stage's removals, so a tool proven in a build stage proves nothing about the final
// image, and `RUN rm /bin/sh` after the proof still removes it.
import type { Catalog } from '../catalog/catalog.js';
import { BUSYBOX_APPLETS, isShell, toolName } from '../catalog/tools.js';
import type { CommandFact, Location, StageFacts, ToolCategory, ToolFact } from '../model.js';
import { basename, parseExecForm, splitCommands, stripPrefix, type Command, type Word } from './shell-words.js';


/** What one stage's RUN instructions prove, in file order. */
export function runEvidence(stage: StageFacts, escape: string, catalog: Catalog, shell: readonly string[] | undefined): ToolFact[] {
  const out: ToolFact[] = [];
  for (const c of stage.commands) {
    if (c.instruction !== 'RUN') continue;
    const at = c.location;
    if (c.form === 'shell') {
      const runner = shellTool(shell);
      if (runner) push(out, runner.tool, runner.category, `the shell-form RUN is run by ${runner.path}`, at);
      for (const cmd of commandsOf(c.text, escape)) heads(cmd, c.text, escape, catalog, at, out);
    } else {
      const words = parseExecForm(c.text, 0, c.text.length);
      if (words) heads({ words, op: '', heredoc: false }, c.text, escape, catalog, at, out);
    }
  }
  return out;
}

/** What the image's start commands prove: the shell that runs a shell-form or `["sh", "-c", …]` command. */
export function startEvidence(commands: readonly CommandFact[], shell: readonly string[] | undefined): ToolFact[] {
  const out: ToolFact[] = [];
  for (const c of commands) {
    if (c.instruction === 'RUN' || (c.instruction === 'HEALTHCHECK' && c.text === 'NONE')) continue;
    const what = c.instruction === 'HEALTHCHECK' ? 'the HEALTHCHECK' : `the ${c.instruction}`;
    if (c.form === 'shell') {
      const runner = shellTool(shell);
      if (runner) push(out, runner.tool, runner.category, `${what} in shell form is run by ${runner.path}`, c.location);
      continue;
    }
    const words = parseExecForm(c.text, 0, c.text.length);
    const head = words?.[0];
    if (!head) continue;
    const t = toolName(head.value);
    if (t?.category === 'shell') push(out, t.tool, 'shell', `${what} runs ${head.value}`, c.location);
  }
  return out;
}

/** The stage's SHELL, inherited along FROM <stage>: the nearest stage that sets one. */
export function stageShell(chain: readonly StageFacts[], index: number): string[] | undefined {
  for (let i = index; i >= 0; i--) {
    const s = chain[i]!.shell;
    if (s) return s.args;
  }
  return undefined;
}

function shellTool(shell: readonly string[] | undefined): { tool: string; category: ToolCategory; path: string } | undefined {
  const path = shell?.[0] ?? '/bin/sh';
  const t = toolName(path);
  return t?.category === 'shell' ? { tool: t.tool, category: t.category, path } : undefined;
}

function commandsOf(text: string, escape: string): Command[] {
  return splitCommands(text, 0, text.length, escape, true);
}


/** The command a RUN calls by name proves that command; a shell's `-c` script is read as well. */
function heads(cmd: Command, text: string, escape: string, catalog: Catalog, at: Location, out: ToolFact[]): void {
  const words = stripPrefix(cmd.words);
  const head = words[0];
  if (!head || head.value.includes('$') || head.value.startsWith('.')) return;
  const name = basename(head.value);
  if (name === 'apk') {
    // apk-tools runs on Alpine and Wolfi, both built on BusyBox: the binary, its shells and its clients.
    push(out, 'apk', 'package-manager', 'a RUN calls apk', at);
    push(out, 'busybox', 'shell', 'a RUN calls apk (Alpine and Wolfi are built on BusyBox)', at);
    for (const a of [...BUSYBOX_APPLETS, toolName('ash')!]) push(out, a.tool, a.category, 'a RUN calls apk (BusyBox applet)', at, 'busybox');
  } else {
    const t = toolName(name);
    if (t) push(out, t.tool, t.category, `a RUN calls ${head.value}`, at);
  }
  const manager = catalog.managerFor(name);
  const args = words.slice(1).filter((w) => !w.value.startsWith('-'));
  if (manager === 'dnf' && args[0]?.value === 'swap') {
    // `dnf swap <old> <new>`: <new> is installed.
    const pkgs = args.slice(1);
    const installed = pkgs[1];
    if (installed) for (const t of catalog.packageTools(manager, installed.value)) push(out, t.tool, t.category, `${name} swap installs ${installed.value}`, at, t.via);
  }
  if (isShell(name)) {
    const c = words.findIndex((w) => /^-[a-z]*c[a-z]*$/.test(w.value));
    const script = c > 0 ? words[c + 1] : undefined;
    if (script?.quoted && script.end - script.start >= 2) {
      for (const inner of splitCommands(text, script.start + 1, script.end - 1, escape, false)) heads(inner, text, escape, catalog, at, out);
    }
  }
}

function push(out: ToolFact[], tool: string, category: ToolCategory, detail: string, location: Location, via?: string): void {
  if (out.some((t) => t.tool === tool && t.via === via)) return;
  const t: ToolFact = { tool, category, origin: { kind: 'evidence', detail, location } };
  if (via) t.via = via;
  out.push(t);
}
