// Compose files → image links: services that both name an `image` and say how to `build` it.
// A service that builds without naming an image gets compose's own name for it, `<project>-<service>`.
import type { ImageLink } from '../model.js';
import { baseName, dirOf, isAbsolutePath, joinPath, showDir } from '../paths.js';
import { entries, get, getMap, isMap, nodeLocation, parseYamlFile, rootMap, scalarText, stringAt } from '../yaml/index.js';
import { notice, type BuildConfigResult } from './result.js';

export interface ComposeOptions {
  /** The workspace folder's name: the compose project name of a compose file at the workspace root. */
  workspaceName?: string;
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
  const base = dirOf(file);
  const project = composeProjectName(stringAt(root, 'name', doc)?.value ?? (base === '' ? options.workspaceName : baseName(base)));
  for (const svc of entries(services, doc)) {
    if (!isMap(svc.value)) continue;
    const buildNode = get(svc.value, 'build', doc);
    if (buildNode === undefined) continue;
    const path = `services.${svc.key}.build`;
    let context = '.';
    let dockerfile = 'Dockerfile';
    let target: string | undefined;
    const direct = scalarText(buildNode);
    if (direct !== undefined) context = direct;
    else if (isMap(buildNode)) {
      context = stringAt(buildNode, 'context', doc)?.value ?? '.';
      if (get(buildNode, 'dockerfile_inline', doc) !== undefined) {
        result.notices.push(notice(file, 'info', `${file} ${path} uses dockerfile_inline; the image's contents are not read from a Dockerfile`, nodeLocation(buildNode, doc)));
        continue;
      }
      dockerfile = stringAt(buildNode, 'dockerfile', doc)?.value ?? 'Dockerfile';
      target = stringAt(buildNode, 'target', doc)?.value;
    } else {
      result.notices.push(notice(file, 'warning', `${file} ${path} should be a path or a mapping`, nodeLocation(buildNode, doc)));
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@')) {
      result.notices.push(notice(file, 'info', `${file} ${path} builds from a remote context (${context}); it is not linked to a workspace Dockerfile`, nodeLocation(buildNode, doc)));
      continue;
    }
    const imageField = stringAt(svc.value, 'image', doc);
    let image: string;
    let location = imageField?.location;
    let named = '';
    if (imageField && imageField.value.trim() !== '') {
      const interpolated = interpolateImage(imageField.value.trim());
      image = interpolated.image;
      if (interpolated.unresolved.length > 0) {
        result.notices.push(
          notice(file, 'info', `${file} services.${svc.key}.image uses ${interpolated.unresolved.map((v) => '${' + v + '}').join(', ')} without a default; linked as ${JSON.stringify(image)}`, location),
        );
      }
    } else {
      if (!project) continue;
      image = `${project}-${composeProjectName(svc.key)}`;
      location = nodeLocation(svc.keyNode, doc);
      named = ` (no image: compose names it ${image})`;
    }
    const contextDir = isAbsolutePath(context) ? context : joinPath(base, context);
    const link: ImageLink = {
      image,
      dockerfile: isAbsolutePath(dockerfile) ? dockerfile : joinPath(contextDir, dockerfile),
      source: 'compose',
      reason: `${file} ${path}: context ${showDir(joinPath(context))}, dockerfile ${dockerfile}${target ? `, target ${target}` : ''}${named}`,
    };
    if (target) link.target = target;
    if (location) link.location = location;
    result.links.push(link);
  }
  return result;
}

/** Compose lowercases project names and keeps only letters, digits, `-` and `_`. */
export function composeProjectName(name: string | undefined): string {
  return (name ?? '').toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

/**
 * Resolves compose variable interpolation in an image reference as far as the file alone allows:
 * `${VAR:-default}` and `${VAR-default}` take their default, `$$` is a dollar; a variable with no
 * default is dropped (from a tag that is harmless — links ignore tags) and reported.
 */
export function interpolateImage(raw: string): { image: string; unresolved: string[] } {
  const unresolved: string[] = [];
  const out = raw.replace(/\$\$|\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, braced: string | undefined, bare: string | undefined) => {
    if (m === '$$') return '$';
    if (bare !== undefined) {
      unresolved.push(bare);
      return '';
    }
    const expr = braced ?? '';
    const d = /^([A-Za-z_][A-Za-z0-9_]*)(:?-)(.*)$/.exec(expr);
    if (d) return d[3]!;
    unresolved.push(expr.replace(/[:?].*$/, ''));
    return '';
  });
  // `app:${TAG}` leaves `app:` — an empty tag is no tag.
  return { image: out.replace(/:$/, '').replace(/@$/, ''), unresolved };
}
