// What a workspace file is, by its name alone: the file walker and the language server use this to
// decide which reader a file goes to without opening it.
import { CONFIG_FILE_NAMES } from '../config/parse-config.js';
import { baseName } from '../paths.js';
import { linkSourceFor, type BuildConfigFormat } from './sources/index.js';

/** `compose-env`: a `.env` file, whose variables the compose files beside it interpolate. */
export type FileClass = 'manifest-candidate' | 'dockerfile' | 'build-config' | 'config' | 'compose-env' | 'other';

export type { BuildConfigFormat } from './sources/index.js';

export function classifyFile(path: string): FileClass {
  const name = baseName(path);
  if (isConfigFileName(name)) return 'config';
  if (isDockerfileName(name)) return 'dockerfile';
  if (name === COMPOSE_ENV_FILE) return 'compose-env';
  if (buildConfigFormat(path)) return 'build-config';
  if (/\.ya?ml$/i.test(name)) return 'manifest-candidate';
  return 'other';
}

/** The file compose reads interpolation variables from, beside the compose files. */
export const COMPOSE_ENV_FILE = '.env';

export function isConfigFileName(name: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(name);
}

/** `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile`, `Containerfile` (and `Containerfile.*`). */
export function isDockerfileName(name: string): boolean {
  return (
    name === 'Dockerfile' ||
    name === 'Containerfile' ||
    (name.startsWith('Dockerfile.') && name.length > 'Dockerfile.'.length) ||
    (name.startsWith('Containerfile.') && name.length > 'Containerfile.'.length) ||
    (/\.dockerfile$/i.test(name) && name.length > '.dockerfile'.length)
  );
}

/**
 * The build-config format a workspace-relative path promises (sources/index.ts). A match is a
 * promise only: `skaffold-*.yaml` is read as skaffold when its content says so (see readBuildConfig).
 */
export function buildConfigFormat(path: string): BuildConfigFormat | undefined {
  return linkSourceFor(path)?.id;
}
