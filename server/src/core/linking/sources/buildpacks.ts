// Cloud Native Buildpacks (`project.toml`): the image is assembled by a builder from buildpacks and a
// run image chosen at build time, with no Dockerfile to read. It is not linked; the notice says so, so
// a manifest running it shows as unverified for a stated reason. (`pack build` in a script or CI job
// says the same, through docker-build.ts.)
import type { BuildConfigResult } from '../result.js';
import { notice } from '../result.js';
import type { LinkSourceModule } from './types.js';

export function readProjectToml(file: string, text: string): BuildConfigResult {
  const result: BuildConfigResult = { kind: 'buildpacks', links: [], notices: [] };
  if (!/^\s*\[(_|io\.buildpacks)(\.[A-Za-z0-9_.-]+)?\]/m.test(text)) return { kind: 'none', links: [], notices: [] };
  const builder = /^\s*builder\s*=\s*["']([^"']+)["']/m.exec(text)?.[1];
  result.notices.push(
    notice(file, 'info', `${file}: images of this project are built by buildpacks${builder ? ` (builder ${builder})` : ''}, without a Dockerfile; their contents are not analysed`),
  );
  return result;
}

export const buildpacksSource: LinkSourceModule<'buildpacks'> = {
  id: 'buildpacks',
  matches: (_path, name) => name === 'project.toml',
  read: readProjectToml,
  watch: ['**/project.toml'],
};
