// What an image needs once it has no shell, shared by the fixes that take the shell away: its
// CMD / ENTRYPOINT / HEALTHCHECK in exec form, and `sh -c` probes of the workloads that run it turned
// into httpGet/tcpSocket. When something cannot be rewritten the fix is not offered, and this says why.
import type { Exposure } from '../exposure.js';
import type { CatalogImage, DockerfileFacts, Finding, StageFacts, ToolFact } from '../model.js';
import { secretInInterpreterImage } from '../rules/secret-in-interpreter-image.js';
import { secretInNetworkClientImage } from '../rules/secret-in-network-client-image.js';
import { secretInShellImage } from '../rules/secret-in-shell-image.js';
import { tokenAutomountInUnhardenedImage } from '../rules/token-automount-in-unhardened-image.js';
import { toolFindingData, type RuleId } from '../rules/index.js';
import { ManifestSource } from '../kubernetes/index.js';
import { isShell } from '../catalog/index.js';
import { toolsOf } from '../exposure.js';
import { stageChain, type FixContext } from './context.js';
import { execFormEdit, languageEntrypoint } from './commands.js';
import { instructionAt, type DockerText } from './dockerfile-text.js';
import { handlerEdit, handlerFor } from './exec-probe.js';
import type { FileChange, TextEdit } from './types.js';

export interface ShellFreeEdits {
  docker: TextEdit[];
  manifests: FileChange[];
  /** What the title should mention (`CMD → exec form`, `liveness probe → httpGet`). */
  notes: string[];
}

/**
 * Edits that keep the image built from `stage` running on `newBase` (which has no shell). `stageEdits`
 * false skips the Dockerfile's own commands (a fix that writes a new final stage handles them).
 */
export function keepWorkingWithoutShell(
  ctx: FixContext,
  df: DockerfileFacts,
  stage: StageFacts,
  dt: DockerText,
  newBase: CatalogImage | undefined,
  users: readonly Exposure[],
  stageEdits = true,
): ShellFreeEdits | { reason: string } {
  const out: ShellFreeEdits = { docker: [], manifests: [], notes: [] };
  if (stageEdits) {
    const chain = stageChain(df, stage);
    const run = stage.commands.find((c) => c.instruction === 'RUN' && c.form === 'shell');
    if (run) return { reason: `RUN at line ${run.location.range.start.line + 1} runs in the final stage and needs a shell: move that work to a build stage first` };
    const hasEntrypoint = chain.some((s) => s.commands.some((c) => c.instruction === 'ENTRYPOINT'));
    const runtime = languageEntrypoint(newBase);
    for (const kind of ['ENTRYPOINT', 'CMD', 'HEALTHCHECK'] as const) {
      const last = chain.flatMap((s) => s.commands).filter((c) => c.instruction === kind).pop();
      if (!last || last.form !== 'shell') continue;
      const inst = instructionAt(dt, last.location);
      if (!inst) return { reason: `cannot find ${kind} at line ${last.location.range.start.line + 1}` };
      const tools = new Set((newBase?.tools ?? []).filter((t) => t.state !== 'no').map((t) => t.tool));
      const target = { hasEntrypoint, hasTool: (t: string) => tools.has(t), ...(runtime ? { runtime } : {}) };
      const r = execFormEdit(dt, inst, target);
      if ('reason' in r) return { reason: `${kind} at line ${last.location.range.start.line + 1} cannot run without a shell: ${r.reason}` };
      out.docker.push(...r.edits);
      out.notes.push(`${kind} in exec form`);
    }
  }
  const byFile = new Map<string, TextEdit[]>();
  for (const u of users) {
    const cmd = u.container.command ?? u.container.args;
    if (cmd && cmd.length > 0 && isShell(cmd[0]!)) {
      return { reason: `container "${u.container.name}" in ${u.file} starts ${cmd[0]}, which the new image does not have` };
    }
    for (const h of u.container.execHandlers) {
      if (!h.needsShell) continue;
      const handler = handlerFor(h, u.container.ports);
      if ('reason' in handler) return { reason: `the ${h.site} of container "${u.container.name}" in ${u.file} needs a shell and ${handler.reason}` };
      const text = ctx.ws.text(u.file);
      const edit = text === undefined ? undefined : handlerEdit(new ManifestSource(u.file, text), h, handler);
      if (!edit) return { reason: `cannot rewrite the ${h.site} in ${u.file}` };
      const list = byFile.get(u.file) ?? [];
      // Two containers of one pod template share nothing, but one workload listed twice would repeat edits.
      if (!list.some((x) => JSON.stringify(x.range) === JSON.stringify(edit.range))) list.push(edit);
      byFile.set(u.file, list);
      out.notes.push(`${h.site} → ${handler.kind}`);
    }
  }
  for (const [file, edits] of byFile) out.manifests.push({ kind: 'edit', file, edits });
  return out;
}

/** The tools a tool rule's finding is about (by the rule's own data), as the image holds them. */
export function offendingTools(finding: Pick<Finding, 'rule' | 'data'>, image: Exposure['image']): ToolFact[] {
  if (finding.rule === tokenAutomountInUnhardenedImage.id) return [...toolsOf(image, 'shell'), ...toolsOf(image, 'network')];
  const names = toolFindingData(finding).tools;
  return image.tools.filter((t) => names.includes(t.tool));
}

/** The rules whose findings taking the tools away (a shell-free base) resolves. */
export const TOOL_RULES: readonly RuleId[] = [
  secretInShellImage.id,
  secretInNetworkClientImage.id,
  secretInInterpreterImage.id,
  tokenAutomountInUnhardenedImage.id,
];
