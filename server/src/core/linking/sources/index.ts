// The registry of link sources: every build-config format Secret Surface reads to link an image to
// what builds it. classify.ts, read-build-config.ts, the linker's precedence and the editor's file
// watchers are all derived from this one list; a new source is a module under sources/ and a line here.
import { bakeSource } from './bake.js';
import { buildpacksSource } from './buildpacks.js';
import { cloudBuildSource } from './cloudbuild.js';
import { composeSource } from './compose.js';
import { githubActionsSource } from './github-actions.js';
import { gitlabCiSource } from './gitlab-ci.js';
import { goreleaserSource } from './goreleaser.js';
import { jibSource } from './jib.js';
import { koSource } from './ko.js';
import { kustomizeSource } from './kustomize.js';
import { makefileSource } from './makefile.js';
import { shellSource } from './shell-script.js';
import { skaffoldSource } from './skaffold.js';
import { tiltSource } from './tilt.js';
import type { LinkSourceModule } from './types.js';

export type { LinkSourceModule, ReadBuildConfigOptions } from './types.js';

/** In the order a file name is tried against them (the first match reads the file). */
export const LINK_SOURCES = [skaffoldSource, composeSource, kustomizeSource, tiltSource, bakeSource, jibSource, koSource, cloudBuildSource, githubActionsSource, gitlabCiSource, goreleaserSource, buildpacksSource, makefileSource, shellSource] as const;

/** The id of a registered build-config source. */
export type BuildConfigFormat = (typeof LINK_SOURCES)[number]['id'];

/** The source whose files `path` names, or undefined. `path` is workspace-relative with forward slashes. */
export function linkSourceFor(path: string): LinkSourceModule<BuildConfigFormat> | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return LINK_SOURCES.find((s) => s.matches(path, name));
}

/** The sources that contribute links, best first (lowest rank). */
export function rankedLinkSources(): BuildConfigFormat[] {
  return LINK_SOURCES.filter((s) => s.rank !== undefined)
    .sort((a, b) => a.rank! - b.rank!)
    .map((s) => s.id);
}

/** Globs an editor watches for build configs that the YAML/Dockerfile globs do not already cover. */
export const LINK_SOURCE_WATCH_GLOBS: readonly string[] = [...new Set(LINK_SOURCES.flatMap((s) => s.watch))];
