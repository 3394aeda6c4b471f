// Compose files → image links: services that name an `image` and say how to `build` it. Reading is
// per file (readCompose keeps each service's raw `image` and `build` in the result); the links are
// made by composeLinks from the files of one directory and the `.env` beside them, interpolated as
// compose does (compose-env.ts). A service that builds without naming an image gets compose's own
// name for it, `<project>-<service>`.
import type { ImageLink, InputNotice, Location } from '../model.js';
import { baseName, dirOf, isAbsolutePath, joinPath, showDir } from '../paths.js';
import { entries, get, getMap, isMap, nodeLocation, parseYamlFile, rootMap, scalarText, stringAt } from '../yaml/index.js';
import { interpolateCompose, parseDotEnv, type EnvValues, type Interpolated } from './compose-env.js';
import { notice, type BuildConfigResult } from './result.js';
import { nameOf } from './sources/docker-build.js';

export interface ComposeOptions {
  /** The workspace folder's name: the compose project name of a compose file at the workspace root. */
  workspaceName?: string;
}

/** One compose file as read: its services' raw `image` and `build`, before interpolation. */
export interface ComposeFile {
  file: string;
  /** The top-level `name:` as written. */
  name?: string;
  services: ComposeService[];
  /** What reading the file itself reported (YAML errors, a malformed `build`), without the link notices. */
  notices: InputNotice[];
}

export interface ComposeService {
  name: string;
  keyLocation?: Location;
  image?: { raw: string; location?: Location };
  build?: { context: string; dockerfile?: string; target?: string; location?: Location; inline?: boolean };
}

/** The `.env` file beside a directory's compose files, as text. */
export interface ComposeEnvFile {
  file: string;
  text: string;
}

export function readCompose(file: string, text: string, options: ComposeOptions = {}): BuildConfigResult {
  const y = parseYamlFile(file, text);
  const result: BuildConfigResult = { kind: 'compose', links: [], notices: [...y.notices] };
  const doc = y.docs[0];
  const root = doc ? rootMap(doc) : undefined;
  if (!doc || !root) return result;
  const services = getMap(root, 'services', doc);
  if (!services) {
    const s = get(root, 'services', doc);
    if (s !== undefined) result.notices.push(notice(file, 'warning', '`services` should be a mapping', nodeLocation(s, doc)));
    return result;
  }
  const compose: ComposeFile = { file, services: [], notices: [] };
  const name = stringAt(root, 'name', doc)?.value;
  if (name !== undefined) compose.name = name;
  for (const svc of entries(services, doc)) {
    if (!isMap(svc.value)) continue;
    const service: ComposeService = { name: svc.key };
    const keyLocation = nodeLocation(svc.keyNode, doc);
    if (keyLocation) service.keyLocation = keyLocation;
    const imageField = stringAt(svc.value, 'image', doc);
    if (imageField && imageField.value.trim() !== '') service.image = { raw: imageField.value.trim(), ...(imageField.location ? { location: imageField.location } : {}) };
    const buildNode = get(svc.value, 'build', doc);
    if (buildNode !== undefined) {
      const direct = scalarText(buildNode);
      const location = nodeLocation(buildNode, doc);
      if (direct !== undefined) service.build = { context: direct };
      else if (isMap(buildNode)) {
        service.build = { context: stringAt(buildNode, 'context', doc)?.value ?? '.' };
        const dockerfile = stringAt(buildNode, 'dockerfile', doc)?.value;
        const target = stringAt(buildNode, 'target', doc)?.value;
        if (dockerfile !== undefined) service.build.dockerfile = dockerfile;
        if (target !== undefined) service.build.target = target;
        if (get(buildNode, 'dockerfile_inline', doc) !== undefined) service.build.inline = true;
      } else {
        result.notices.push(notice(file, 'warning', `${file} services.${svc.key}.build should be a path or a mapping`, location));
      }
      if (service.build && location) service.build.location = location;
    }
    if (service.image || service.build) compose.services.push(service);
  }
  compose.notices = [...result.notices];
  result.compose = compose;
  const made = composeLinks([compose], undefined, options);
  result.links = made.links;
  result.notices.push(...made.notices);
  return result;
}

/**
 * The links of the compose files of one directory, with the `.env` beside them (or none): each
 * service that builds, under the image it names, interpolated from the `.env` — named in the same
 * file, or, for a service one file builds and another names the image of, joined by service name. A variable the `.env`
 * does not set is named in a notice; before the image's last path segment it makes a link by the
 * repository path's end (ImageLink.suffix), in the name itself no link.
 */
export function composeLinks(files: readonly ComposeFile[], env: ComposeEnvFile | undefined, options: ComposeOptions = {}): { links: ImageLink[]; notices: InputNotice[] } {
  const out = { links: [] as ImageLink[], notices: [] as InputNotice[] };
  const values: EnvValues = env ? parseDotEnv(env.text) : new Map();
  // Compose merges a service named in several of the directory's files into one service.
  const byName = new Map<string, { compose: ComposeFile; svc: ComposeService }[]>();
  for (const compose of files) {
    for (const svc of compose.services) {
      const list = byName.get(svc.name);
      if (list) list.push({ compose, svc });
      else byName.set(svc.name, [{ compose, svc }]);
    }
  }
  for (const compose of files) {
    for (const svc of compose.services) {
      const others = (byName.get(svc.name) ?? []).filter((o) => o.compose !== compose);
      if (svc.build) {
        // A build without an image whose image another file names is linked with that file's image, below.
        if (!svc.image && others.some((o) => o.svc.image)) continue;
        linkService(out, values, env, options, compose, svc, compose, svc);
      } else if (svc.image) {
        const partner = buildFor(compose, others);
        if (partner === undefined) continue;
        if (Array.isArray(partner)) {
          out.notices.push(
            notice(compose.file, 'info', `${compose.file} services.${svc.name} names an image without a build, and ${partner.map((p) => p.compose.file).join(', ')} each build it differently; not joined by service name`, svc.image.location),
          );
          continue;
        }
        linkService(out, values, env, options, partner.compose, partner.svc, compose, svc);
      }
    }
  }
  return out;
}

/** Compose's default file names, the first present being the base file `docker compose` reads. */
const BASE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const OVERRIDE_FILES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'];

/**
 * The build an image-only service of `compose` merges with, from the directory's other files: the base
 * file's; for the base file, the override file's; else the one build the others agree on. Several
 * different builds and no base to prefer: all of them (a notice, no join).
 */
function buildFor(compose: ComposeFile, others: readonly { compose: ComposeFile; svc: ComposeService }[]): { compose: ComposeFile; svc: ComposeService } | { compose: ComposeFile; svc: ComposeService }[] | undefined {
  const builds = others.filter((o) => o.svc.build);
  if (builds.length === 0) return undefined;
  const named = (names: readonly string[]) => {
    for (const n of names) {
      const hit = builds.find((o) => baseName(o.compose.file) === n);
      if (hit) return hit;
    }
    return undefined;
  };
  const preferred = BASE_FILES.includes(baseName(compose.file)) ? named(OVERRIDE_FILES) : named(BASE_FILES);
  if (preferred) return preferred;
  const key = (b: ComposeService['build']) => `${b!.context}\u0000${b!.dockerfile ?? ''}\u0000${b!.target ?? ''}`;
  const distinct = [...new Map(builds.map((o) => [key(o.svc.build), o])).values()];
  return distinct.length === 1 ? distinct[0]! : distinct;
}

/** The link of one service's build under the image `imageSvc` names (the same service, or its namesake in another file). */
function linkService(
  out: { links: ImageLink[]; notices: InputNotice[] },
  values: EnvValues,
  env: ComposeEnvFile | undefined,
  options: ComposeOptions,
  compose: ComposeFile,
  svc: ComposeService,
  imageFile: ComposeFile,
  imageSvc: ComposeService,
): void {
  const build = svc.build!;
  const { file } = compose;
  const base = dirOf(file);
  const path = `services.${svc.name}.build`;
  const say = (at: string, message: string, location: Location | undefined): void => void out.notices.push(notice(at, 'info', message, location));
  const from = (f: string): string => (env ? env.file : `a .env beside ${f}`);
  if (build.inline) {
    say(file, `${file} ${path} uses dockerfile_inline; the image's contents are not read from a Dockerfile`, build.location);
    return;
  }
  const context = interpolateCompose(build.context, values);
  const dockerfileIn = interpolateCompose(build.dockerfile ?? 'Dockerfile', values);
  const pathUnset = [...context.unresolved, ...dockerfileIn.unresolved];
  if (pathUnset.length > 0) {
    say(file, `${file} ${path}: ${unsetText(pathUnset, env, file)}, so its context or Dockerfile is not known and it is not linked`, build.location);
    return;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(context.text) || context.text.startsWith('git@')) {
    say(file, `${file} ${path} builds from a remote context (${context.text}); it is not linked to a workspace Dockerfile`, build.location);
    return;
  }
  const dockerfile = dockerfileIn.text;
  const target = build.target === undefined ? undefined : interpolateCompose(build.target, values).text;
  const contextDir = isAbsolutePath(context.text) ? context.text : joinPath(base, context.text);
  let reason = `${file} ${path}: context ${showDir(joinPath(context.text))}, dockerfile ${dockerfile}${target ? `, target ${target}` : ''}`;
  const pathVars = [...new Set([...context.used, ...dockerfileIn.used])];
  if (pathVars.length > 0 && env) reason += ` (context and Dockerfile with ${pathVars.join(', ')} from ${env.file})`;
  if (imageFile !== compose) reason += `; image from ${imageFile.file} services.${imageSvc.name}.image (joined by service name)`;
  let image: string;
  let location: Location | undefined;
  let suffix = false;
  if (imageSvc.image) {
    const written = imageSvc.image.raw;
    location = imageSvc.image.location;
    const interpolated = interpolateCompose(written, values);
    const named = nameOf(interpolated.text, interpolated.unresolved.map((u) => u.written));
    const where = `${imageFile.file} services.${imageSvc.name}.image ${written}`;
    if (named.kind === 'unlinkable') {
      say(imageFile.file, `${where}: ${unsetText(interpolated.unresolved, env, imageFile.file)}, so the image name is not known and this build is not linked`, location);
      return;
    }
    image = named.image;
    const notes: string[] = [];
    if (interpolated.used.length > 0 && env) notes.push(`${interpolated.used.join(', ')} from ${env.file}`);
    if (named.kind === 'suffix') {
      suffix = true;
      notes.push(`${names(interpolated.unresolved)} not set in ${from(imageFile.file)}: matched by the repository path …/${named.image}`);
      say(imageFile.file, `${where}: ${unsetText(interpolated.unresolved, env, imageFile.file)}; the image is matched by its repository path …/${named.image}`, location);
    } else if (interpolated.unresolved.length > 0) {
      say(imageFile.file, `${where}: ${unsetText(interpolated.unresolved, env, imageFile.file)}; it is only in the tag, and links ignore tags`, location);
    }
    if (notes.length > 0) reason += `; image ${written} → ${named.kind === 'suffix' ? `…/${named.image}` : image} (${notes.join('; ')})`;
  } else {
    const project = composeProjectName(values.get('COMPOSE_PROJECT_NAME') ?? compose.name ?? (base === '' ? options.workspaceName : baseName(base)));
    if (!project) return;
    image = `${project}-${composeProjectName(svc.name)}`;
    location = svc.keyLocation;
    reason += ` (no image: compose names it ${image})`;
  }
  const link: ImageLink = {
    image,
    dockerfile: isAbsolutePath(dockerfile) ? dockerfile : joinPath(contextDir, dockerfile),
    source: 'compose',
    reason,
  };
  if (suffix) link.suffix = true;
  if (target) link.target = target;
  if (location) link.location = location;
  out.links.push(link);
}

function names(unset: Interpolated['unresolved']): string {
  return [...new Set(unset.map((u) => u.name))].join(', ');
}

/** "REPO is not set in .env", "REPO, TAG are not set (no .env beside compose.yaml)", with compose's own error text. */
function unsetText(unset: Interpolated['unresolved'], env: ComposeEnvFile | undefined, file: string): string {
  const list = [...new Set(unset.map((u) => u.name))];
  const verb = list.length === 1 ? 'is' : 'are';
  const where = env ? `in ${env.file}` : `(there is no .env beside ${file})`;
  const errors = unset.filter((u) => u.error).map((u) => `${u.name}: "${u.error}"`);
  return `${list.join(', ')} ${verb} not set ${where}${errors.length > 0 ? ` — compose stops on it (${errors.join(', ')})` : ''}`;
}

/** Compose lowercases project names and keeps only letters, digits, `-` and `_`. */
export function composeProjectName(name: string | undefined): string {
  return (name ?? '').toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

/**
 * Resolves compose variable interpolation in an image reference with no `.env`: defaults are taken,
 * `$$` is a dollar, and every variable without one stays as written and is listed.
 */
export function interpolateImage(raw: string, env: EnvValues = new Map()): { image: string; unresolved: string[] } {
  const r = interpolateCompose(raw, env);
  return { image: r.text, unresolved: r.unresolved.map((u) => u.name) };
}
