// Fix shell-free-sibling: a `:debug` / `:debug-nonroot` / `-dev` tag (busybox or bash, wget, nc …) becomes
// the same image's shell-free tag from the catalog — in the Dockerfile's FROM, or in the manifest's
// `image:` when no workspace Dockerfile builds it — together with what the image then needs (exec form).
import type { Exposure } from '../exposure.js';
import type { CatalogImage, Location } from '../model.js';
import { ManifestSource } from '../kubernetes/index.js';
import { builtFrom, stageChain, usersOf, type FixContext } from './context.js';
import { dockerText } from './dockerfile-text.js';
import type { Fix, FileChange, TextEdit } from './types.js';
import { keepWorkingWithoutShell, offendingTools, TOOL_RULES } from './without-shell.js';
import { defineFix } from './fix.js';

/** The edit from the written reference to its sibling tag, touching only the tag. */
function tagEdit(text: string, index: { offsetAt(p: Location['range']['start']): number; range(a: number, b: number): Location['range'] }, loc: Location, sibling: string): TextEdit | { reason: string } {
  const start = index.offsetAt(loc.range.start);
  const end = index.offsetAt(loc.range.end);
  let written = text.slice(start, end);
  let s = start;
  // A quoted YAML value: edit inside the quotes.
  if (/^["']/.test(written)) {
    written = written.slice(1, -1);
    s++;
  }
  if (written.includes('$')) return { reason: 'the image reference is built from a variable' };
  if (written.includes('@')) return { reason: 'the reference is pinned by digest, which names the debug build itself: pick the digest of the shell-free tag' };
  const colon = written.lastIndexOf(':');
  const slash = written.lastIndexOf('/');
  const newTag = sibling.slice(sibling.lastIndexOf(':') + 1);
  if (colon <= slash) return { range: index.range(s + written.length, s + written.length), newText: `:${newTag}` };
  return { range: index.range(s + colon + 1, s + written.length), newText: newTag };
}

function siblingTitle(from: string, sibling: string, where: string, notes: string[]): string {
  const tag = sibling.slice(sibling.lastIndexOf(':') + 1);
  return `Use the shell-free tag :${tag} instead of ${from} in ${where}${notes.length ? ` (and ${[...new Set(notes)].join(', ')})` : ''}`;
}

export const shellFreeSibling = defineFix({
  id: 'shell-free-sibling',
  title: 'Use the shell-free tag of the same image',
  resolves: TOOL_RULES,
  docs: {
    safe: 'yes',
    example:
      '`FROM gcr.io/distroless/nodejs22-debian13:debug` → `:latest`; `image: …static-debian13:debug-nonroot` → `:nonroot` ' +
      '(plus exec form and probe rewrites the image then needs)',
  },
  offer: shellFreeSiblingFixes,
});

function shellFreeSiblingFixes(ctx: FixContext): Fix[] {
  const f = ctx.finding;
  if (ctx.dockerfile) {
    const df = ctx.dockerfile;
    const stage = df.stages.find((s) => JSON.stringify(s.fromLocation) === JSON.stringify(f.location));
    if (!stage || stage.baseStage !== undefined) return [];
    return fromLineFix(ctx, df.file, stage.index, [f.rule]);
  }
  const e = ctx.exposure;
  if (!e) return [];
  // Only when the base image brought every tool the finding names: a sibling tag does not remove RUN installs.
  const tools = offendingTools(f, e.image);
  if (tools.length === 0 || tools.some((t) => t.origin.kind !== 'base')) return [];
  const built = builtFrom(ctx, e);
  if (built) {
    const root = stageChain(built.dockerfile, built.stage)[0]!;
    return fromLineFix(ctx, built.dockerfile.file, root.index, [f.rule]);
  }
  return imageValueFix(ctx, e, [f.rule]);
}

function fromLineFix(ctx: FixContext, file: string, stageIndex: number, rules: string[]): Fix[] {
  const df = ctx.ws.dockerfileFacts(file);
  const text = ctx.ws.text(file);
  const stage = df?.stages[stageIndex];
  if (!df || !stage || text === undefined) return [];
  const img = ctx.catalog.lookupImage(stage.baseImage);
  if (!img?.shellFreeSibling) return [];
  const sibling = ctx.catalog.lookupImage(img.shellFreeSibling);
  const dt = dockerText(text, df);
  const edit = tagEdit(text, dt.index, stage.fromLocation, img.shellFreeSibling);
  const base = { id: shellFreeSibling.id, rules, safe: true, isPreferred: true };
  if ('reason' in edit) return [{ ...base, safe: false, isPreferred: false, title: `Cannot switch ${stage.baseImage} to its shell-free tag`, edits: [], unavailable: `${edit.reason}.` }];
  // The image that workloads run: the final (or targeted) stage built on this FROM.
  const users = usersOf(ctx, file);
  const finalIndex = users[0]?.image.stage?.index ?? df.stages.length - 1;
  const finalStage = df.stages[finalIndex]!;
  if (!stageChain(df, finalStage).some((s) => s.index === stageIndex)) {
    return [{ ...base, title: siblingTitle(stage.baseImage, img.shellFreeSibling, file, []), edits: [{ kind: 'edit', file, edits: [edit] }] }];
  }
  const keep = keepWorkingWithoutShell(ctx, df, finalStage, dt, sibling ?? undefined, users);
  if ('reason' in keep) {
    return [{ ...base, safe: false, isPreferred: false, title: `Cannot switch ${stage.baseImage} to ${img.shellFreeSibling}`, edits: [], unavailable: `Without a shell, ${keep.reason}.` }];
  }
  const changes: FileChange[] = [{ kind: 'edit', file, edits: [edit, ...keep.docker] }, ...keep.manifests];
  return [{ ...base, title: siblingTitle(stage.baseImage, img.shellFreeSibling, `${file} line ${stage.fromLocation.range.start.line + 1}`, keep.notes), edits: changes }];
}

function imageValueFix(ctx: FixContext, e: Exposure, rules: string[]): Fix[] {
  const img: CatalogImage | undefined = e.image.catalog;
  if (!img?.shellFreeSibling || e.image.source !== 'catalog') return [];
  const text = ctx.ws.text(e.file);
  if (text === undefined) return [];
  const src = new ManifestSource(e.file, text);
  const edit = tagEdit(src.text, src.index, e.container.imageLocation, img.shellFreeSibling);
  const base = { id: shellFreeSibling.id, rules, safe: true, isPreferred: true };
  if ('reason' in edit) return [{ ...base, safe: false, isPreferred: false, title: `Cannot switch ${e.container.image} to its shell-free tag`, edits: [], unavailable: `${edit.reason}.` }];
  const sibling = ctx.catalog.lookupImage(img.shellFreeSibling);
  // Every container of the workspace that runs this very image would be switched by the same edit only here.
  const keep = keepWorkingWithoutShell(ctx, undefined as never, undefined as never, undefined as never, sibling, [e], false);
  if ('reason' in keep) {
    return [{ ...base, safe: false, isPreferred: false, title: `Cannot switch ${e.container.image} to ${img.shellFreeSibling}`, edits: [], unavailable: `Without a shell, ${keep.reason}.` }];
  }
  const sameFile = keep.manifests.find((c) => c.file === e.file);
  const edits: TextEdit[] = [edit, ...(sameFile?.kind === 'edit' ? sameFile.edits : [])];
  return [{ ...base, title: siblingTitle(e.container.image, img.shellFreeSibling, `container "${e.container.name}"`, keep.notes), edits: [{ kind: 'edit', file: e.file, edits }] }];
}
