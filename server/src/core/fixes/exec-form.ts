// Fix exec-form: a shell-form CMD / ENTRYPOINT / HEALTHCHECK in an image without a shell becomes exec
// form (JSON argv), respecting the language images' own entrypoint; never when the command needs a shell.
import type { DockerfileFacts, StageFacts } from '../model.js';
import { imageFacts } from '../docker/index.js';
import { rootCatalog, stageAt, stageChain, lineOf, type FixContext } from './context.js';
import { execFormEdit, languageEntrypoint, type CommandTarget } from './commands.js';
import { dockerText, instructionAt } from './dockerfile-text.js';
import type { Fix } from './types.js';
import { shellFormWithoutShell } from '../rules/shell-form-without-shell.js';
import { shellFormData } from '../rules/index.js';
import { defineFix } from './fix.js';

export const execForm = defineFix({
  id: 'exec-form',
  title: 'Rewrite a shell-form command in exec form',
  resolves: [shellFormWithoutShell.id],
  docs: {
    scope: 'CMD, ENTRYPOINT, HEALTHCHECK',
    safe: 'yes (no when an ENTRYPOINT then receives CMD)',
    example: '`CMD node server.js` on distroless nodejs → `CMD ["server.js"]`; `$VAR`, `&&`, pipes, redirects, globs: not converted, the reason is shown',
  },
  offer: execFormFix,
});

/** What the image built from `stage` runs commands with. */
export function commandTarget(ctx: FixContext, df: DockerfileFacts, stage: StageFacts): CommandTarget {
  const chain = stageChain(df, stage);
  const tools = new Set(imageFacts(df, ctx.catalog, String(stage.index)).tools.map((t) => t.tool));
  const target: CommandTarget = {
    hasEntrypoint: chain.some((s) => s.commands.some((c) => c.instruction === 'ENTRYPOINT')),
    hasTool: (t) => tools.has(t),
  };
  const runtime = languageEntrypoint(rootCatalog(ctx, df, stage));
  if (runtime) target.runtime = runtime;
  return target;
}

function execFormFix(ctx: FixContext): Fix[] {
  const f = ctx.finding;
  if (!ctx.dockerfile) return [];
  const instruction = shellFormData(f).instruction ?? '';
  const base = { id: execForm.id, rules: [...execForm.resolves], edits: [] as Fix['edits'] };
  if (instruction === 'RUN') {
    return [{ ...base, title: `Cannot rewrite RUN at ${lineOf(f.location)}`, safe: false, isPreferred: false, unavailable: 'RUN runs tools at build time: do this work in a build stage that has a shell and COPY --from its result' }];
  }
  const text = ctx.ws.text(f.location.file);
  const stage = stageAt(ctx.dockerfile, f.location);
  if (text === undefined || !stage) return [];
  const dt = dockerText(text, ctx.dockerfile);
  const inst = instructionAt(dt, f.location);
  if (!inst) return [];
  const target = commandTarget(ctx, ctx.dockerfile, stage);
  const r = execFormEdit(dt, inst, target);
  if ('reason' in r) {
    return [{ ...base, title: `Cannot rewrite ${instruction} in exec form`, safe: false, isPreferred: false, unavailable: `${instruction} at ${lineOf(f.location)} is not converted: ${r.reason}.` }];
  }
  // An exec-form ENTRYPOINT receives CMD as arguments, a shell-form one ignored it: behaviour changes.
  const cmdNowArgs = inst.keyword === 'ENTRYPOINT' && stage.commands.some((c) => c.instruction === 'CMD');
  const note = target.runtime && inst.keyword === 'CMD' && !target.hasEntrypoint ? ` (the image's entrypoint runs ${target.runtime})` : '';
  return [
    {
      ...base,
      title: `Rewrite in exec form: ${r.text}${note}${cmdNowArgs ? ' — CMD then becomes its arguments' : ''}`,
      safe: !cmdNowArgs,
      isPreferred: !cmdNowArgs,
      edits: [{ kind: 'edit', file: f.location.file, edits: r.edits }],
    },
  ];
}
