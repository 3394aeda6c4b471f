// What a build command says, and how every script-like source turns it into links. A command's words
// (after the source's own variable expansion) are read as `docker build` / `docker buildx build` /
// `podman build` / `buildah bud` / `nerdctl build` or a kaniko executor; the images it names become
// links the same way for Makefiles, shell scripts, CI workflows, Cloud Build, bake and goreleaser.
//
// An image whose name still holds an unresolved reference is linked by the part of its repository
// path after the last unresolved segment (`$(REGISTRY)/controller` links every `…/controller`), with a
// notice naming the reference; when the last segment itself is unresolved nothing is linked, and the
// notice says so.
import type { ImageLink, LinkSource, Location } from '../../model.js';
import { isAbsolutePath, joinPath, showDir } from '../../paths.js';
import type { LineIndex } from '../../text/positions.js';
import { notice, type BuildConfigResult } from '../result.js';

export interface BuildInvocation {
  /** `docker build`, `podman build`, `kaniko` … as the reason shows it. */
  tool: string;
  tags: string[];
  dockerfile?: string;
  context?: string;
  target?: string;
  /** Built by Cloud Native Buildpacks (`pack build`): no Dockerfile, nothing to link. */
  buildpacks?: boolean;
}

const BUILDERS = new Set(['docker', 'podman', 'nerdctl', 'buildah']);
/** Options of `docker build` that take a value (the ones read here aside); anything else starting with `-` is a flag. */
const VALUE_OPTIONS = new Set([
  '--build-arg', '--platform', '--label', '--cache-from', '--cache-to', '--secret', '--ssh', '-o', '--output', '--network',
  '--progress', '--builder', '--iidfile', '--add-host', '--build-context', '--metadata-file', '--shm-size', '--ulimit',
  '--attest', '--annotation', '--allow', '--cgroup-parent', '--isolation', '--memory', '-m', '--cpu-shares', '--security-opt',
  '--format', '--layers', '--jobs', '--os', '--arch', '--variant', '--authfile', '--creds', '--userns',
]);

/** Reads one command; undefined when it is not an image build. */
export function readInvocation(words: readonly string[]): BuildInvocation | undefined {
  let i = 0;
  while (i < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!) || words[i] === 'sudo' || words[i] === 'exec')) i++;
  const cmd = words[i] ?? '';
  const base = cmd.slice(cmd.lastIndexOf('/') + 1);
  if (base === 'pack' && words[i + 1] === 'build') return { tool: 'pack build', tags: words.slice(i + 2).filter((w) => !w.startsWith('-')).slice(0, 1), buildpacks: true };
  if (base === 'executor' && cmd.includes('kaniko')) return readKaniko(words.slice(i + 1));
  if (!BUILDERS.has(base)) return undefined;
  let j = i + 1;
  const sub = words.slice(j, j + 2);
  let tool: string;
  if (sub[0] === 'build' || (base === 'buildah' && sub[0] === 'bud')) tool = `${base} ${sub[0]}`;
  else if ((sub[0] === 'buildx' || sub[0] === 'image' || sub[0] === 'builder') && sub[1] === 'build') {
    tool = `${base} ${sub[0]} build`;
    j++;
  } else return undefined;
  j++;
  const inv: BuildInvocation = { tool, tags: [] };
  const positional: string[] = [];
  for (; j < words.length; j++) {
    const w = words[j]!;
    const [opt, inline] = w.startsWith('--') && w.includes('=') ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w, undefined];
    const value = (): string | undefined => inline ?? words[++j];
    if (opt === '-t' || opt === '--tag') pushDefined(inv.tags, value());
    else if (opt === '-f' || opt === '--file') inv.dockerfile = value();
    else if (opt === '--target') inv.target = value();
    else if (/^-t./.test(w)) inv.tags.push(w.slice(2));
    else if (/^-f./.test(w)) inv.dockerfile = w.slice(2);
    else if (VALUE_OPTIONS.has(opt)) {
      if (inline === undefined) j++;
    } else if (!w.startsWith('-') || w === '-') positional.push(w);
  }
  if (positional.length > 0) inv.context = positional[positional.length - 1]!;
  return inv;
}

function readKaniko(args: readonly string[]): BuildInvocation {
  const inv: BuildInvocation = { tool: 'kaniko executor', tags: [] };
  for (let j = 0; j < args.length; j++) {
    const w = args[j]!;
    const eq = w.indexOf('=');
    const [opt, inline] = w.startsWith('-') && eq > 0 ? [w.slice(0, eq), w.slice(eq + 1)] : [w, undefined];
    const value = (): string | undefined => inline ?? args[++j];
    if (opt === '--destination' || opt === '-d') pushDefined(inv.tags, value());
    else if (opt === '--dockerfile' || opt === '-f') inv.dockerfile = value();
    else if (opt === '--context' || opt === '-c') inv.context = value()?.replace(/^dir:\/\//, '');
    else if (opt === '--target') inv.target = value();
  }
  return inv;
}

/** An absolute-looking directory that stands for the workspace root while a build command is read. */
export const WORKSPACE_ROOT = '/\u0002workspace';

/** Where a build was said, for links and notices. */
export interface BuildSite {
  file: string;
  source: LinkSource;
  /** `Makefile:12 docker build`, `.github/workflows/ci.yml jobs.build.steps[2]` … */
  where: string;
  /** The workspace-relative directory relative paths are resolved against. */
  cwd: string;
  location?: Location;
  /** References the site's expansion left unresolved (named in notices when they occur in a value). */
  unresolved: readonly string[];
  /** An absolute directory that stands for the workspace root (Cloud Build's `/workspace`). */
  root?: string;
}

/**
 * Adds the links of one build: each image in `images` → `dockerfile` (default `<context>/Dockerfile`).
 * `dockerfileFromContext` resolves a relative `dockerfile` against the context (bake, kaniko) rather
 * than the working directory (the docker CLI).
 */
export function addBuildLinks(
  result: BuildConfigResult,
  site: BuildSite,
  build: { images: readonly string[]; dockerfile?: string | undefined; context?: string | undefined; target?: string | undefined; dockerfileFromContext?: boolean; buildpacks?: boolean | undefined },
): void {
  const context = build.context ?? '.';
  const say = (message: string): void => void result.notices.push(notice(site.file, 'info', `${site.where}: ${message}`, site.location));
  if (build.buildpacks) {
    say(`${build.images[0] ?? 'the image'} is built by buildpacks, without a Dockerfile; its contents are not analysed`);
    return;
  }
  if (context === '-' || /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@')) {
    say(`builds from ${context === '-' ? 'standard input' : `a remote context (${context})`}; it is not linked to a workspace Dockerfile`);
    return;
  }
  const pathRefs = [context, build.dockerfile ?? ''].flatMap((p) => refsIn(p, site.unresolved));
  if (pathRefs.length > 0 || context.includes('$') || (build.dockerfile ?? '').includes('$')) {
    say(`the build's context or Dockerfile path uses ${show(pathRefs, context + (build.dockerfile ?? ''))}, which is not resolved here, so it is not linked`);
    return;
  }
  const contextDir = resolvePath(site, site.cwd, context);
  const dockerfile = build.dockerfile ? resolvePath(site, build.dockerfileFromContext ? contextDir : site.cwd, build.dockerfile) : joinPath(contextDir, 'Dockerfile');
  const writtenFile = build.dockerfile?.startsWith(WORKSPACE_ROOT + '/') ? dockerfile : (build.dockerfile ?? 'Dockerfile');
  const detail = `context ${showDir(contextDir)}, dockerfile ${writtenFile}${build.target ? `, target ${build.target}` : ''}`;
  if (build.images.length === 0) say(`the build names no image (no tag), so it is not linked`);
  for (const raw of build.images) {
    const image = raw.trim();
    if (image === '') continue;
    const named = nameOf(image, site.unresolved);
    const link: ImageLink = { image: named.image, dockerfile, source: site.source, reason: `${site.where} ${image}: ${detail}` };
    if (named.kind === 'unlinkable') {
      const refs = show(named.refs, image);
      say(refs === image ? `the image name is ${image}, which has no value here, so this build is not linked` : `the image name ${image} is not resolved (${refs} has no value here), so this build is not linked`);
      continue;
    }
    if (named.kind === 'suffix') {
      link.suffix = true;
      link.reason += ` (${show(named.refs, image)} not resolved: matched by the repository path …/${named.image})`;
      say(`${show(named.refs, image)} in ${image} has no value here; the image is matched by its repository path …/${named.image}`);
    } else if (named.refs.length > 0) say(`${show(named.refs, image)} in the tag of ${image} has no value here; links ignore tags`);
    if (build.target) link.target = build.target;
    if (site.location) link.location = site.location;
    result.links.push(link);
  }
}

/** An image as written → what links compare: the whole name, a repository-path suffix, or nothing. */
export function nameOf(image: string, unresolved: readonly string[]): { kind: 'exact' | 'suffix' | 'unlinkable'; image: string; refs: string[] } {
  const refs = refsIn(image, unresolved);
  let marked = image;
  for (const r of refs) marked = marked.split(r).join('\u0001');
  // A `$` the expansion did not list is unresolved too (a reader that knows no value for it).
  marked = marked.replace(/\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*/g, '\u0001');
  if (!marked.includes('\u0001')) return { kind: 'exact', image, refs };
  const digestless = marked.split('@')[0]!;
  const segments = digestless.split('/');
  const last = segments[segments.length - 1]!;
  const colon = last.indexOf(':');
  segments[segments.length - 1] = colon >= 0 ? last.slice(0, colon) : last;
  const tagOnly = colon >= 0 && !segments.some((s) => s.includes('\u0001'));
  if (tagOnly) return { kind: 'exact', image: digestless.replace(/:[^/]*$/, ''), refs: refs.length > 0 ? refs : ['a variable'] };
  let cut = -1;
  segments.forEach((s, i) => {
    if (s.includes('\u0001')) cut = i;
  });
  const shown = refs.length > 0 ? refs : ['a variable'];
  if (cut === segments.length - 1 || segments[segments.length - 1] === '') return { kind: 'unlinkable', image, refs: shown };
  return { kind: 'suffix', image: segments.slice(cut + 1).join('/'), refs: shown };
}

function refsIn(text: string, unresolved: readonly string[]): string[] {
  return unresolved.filter((u) => text.includes(u));
}

function show(refs: readonly string[], text: string): string {
  if (refs.length > 0) return refs.join(', ');
  return /\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*/.exec(text)?.[0] ?? 'a variable';
}

function resolvePath(site: BuildSite, from: string, p: string): string {
  if (site.root && (p === site.root || p.startsWith(site.root + '/'))) return joinPath(p.slice(site.root.length + 1));
  return isAbsolutePath(p) ? p : joinPath(from, p);
}

function pushDefined(list: string[], v: string | undefined): void {
  if (v !== undefined) list.push(v);
}

/** The range of line `line` (0-based) without its leading whitespace: where a line-based build was said. */
export function lineLocation(index: LineIndex, file: string, line: number): Location {
  const start = index.lineStart(line);
  const text = index.lineText(line);
  const indent = text.length - text.trimStart().length;
  return index.location(file, start + indent, start + text.trimEnd().length);
}
