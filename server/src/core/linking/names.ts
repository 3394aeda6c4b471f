// What an image name or a Dockerfile name says on its own: a last segment too generic to match a
// directory by, a placeholder nobody replaced, a Dockerfile made for a dev loop rather than a release.
import { baseName, dirOf, joinPath } from '../paths.js';

/**
 * Last segments that name a kind of thing rather than one thing: `…/image:v1` matching
 * `test/image/Dockerfile` or `…/api` matching whichever `api/` directory comes first is a guess.
 */
export const GENERIC_SEGMENTS: ReadonlySet<string> = new Set([
  'image',
  'images',
  'app',
  'apps',
  'server',
  'web',
  'api',
  'main',
  'service',
  'services',
  'docker',
  'container',
  'src',
  'test',
  'tests',
  'example',
  'examples',
  'sample',
  'samples',
]);

export function isGenericSegment(segment: string): boolean {
  return GENERIC_SEGMENTS.has(segment);
}

/** Placeholder shapes: `<DOCKER_REPO>`, `${REGISTRY}`, `$REGISTRY`, `{{ .Values.image }}`, `REPLACE_ME`, `YOUR_REGISTRY`. */
const PLACEHOLDER = /<[^<>]*>|\$\{[^}]*\}?|\$[A-Za-z_][A-Za-z0-9_]*|\{\{[^}]*\}\}|(?:replace|change)[_-]?me|placeholder|\byour[_-][a-z0-9_-]+|[A-Z][A-Z0-9]*_[A-Z0-9_]+/i;

/** The placeholder an image reference still holds, as written (undefined when there is none). */
export function placeholderIn(image: string): string | undefined {
  // SHOUTING_SNAKE only counts in upper case: a repository is lower case, a variable name is not.
  const m = PLACEHOLDER.exec(image);
  if (!m) return undefined;
  if (/^[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+$/.test(m[0]) && m[0] !== m[0].toUpperCase()) {
    const rest = image.slice(0, m.index) + image.slice(m.index + m[0].length);
    return placeholderIn(rest);
  }
  return m[0];
}

/** `Dockerfile.tilt`, `Dockerfile.dev`, `api.dev.Dockerfile`, `dev.Dockerfile`, `Containerfile.dev`. */
export function isDevLoopDockerfile(path: string): boolean {
  const name = baseName(path).toLowerCase();
  return /^(dockerfile|containerfile)\.(tilt|dev|develop|development|local)$/.test(name) || /(^|[.-])(tilt|dev|local)\.(dockerfile|containerfile)$/.test(name) || /\.dev$/.test(name);
}

/** The release Dockerfiles a dev-loop Dockerfile stands beside: its name without the dev part, then `Dockerfile`. */
export function releaseSiblings(devPath: string): string[] {
  const dir = dirOf(devPath);
  const name = baseName(devPath);
  const stripped = name
    .replace(/\.(tilt|dev|develop|development|local)$/i, '')
    .replace(/(^|[.-])(tilt|dev|local)\.(dockerfile|containerfile)$/i, (_m, sep: string, _d: string, kind: string) => (sep === '' ? kind : `.${kind}`));
  const out = [stripped, 'Dockerfile', 'Containerfile'].filter((n) => n !== '' && n !== name).map((n) => joinPath(dir, n));
  return [...new Set(out)];
}
