// The directories left out of every scan unless `.secret-surface.yaml` says `defaultExcludes: false`:
// what a repository carries but does not deploy — vendored dependencies, test data, golden outputs.
// One list for the folder walk (which does not read them, only counts their files) and the core (which
// leaves out a file under one that an editor opened or a file event brought in), so the CLI and the
// editor leave out the same files and say how many.

/** Directory names (a trailing `*`: any name starting so), matched case-sensitively except `golden*`. */
export const DEFAULT_EXCLUDED_DIRS: readonly string[] = ['vendor', 'node_modules', 'bower_components', 'testdata', 'golden*'];

/** True for a directory name the default excludes leave out. */
export function isDefaultExcludedDir(name: string): boolean {
  return name === 'vendor' || name === 'node_modules' || name === 'bower_components' || name === 'testdata' || /^golden/i.test(name);
}

/** True for a workspace-relative path under a default-excluded directory (its own name is not looked at). */
export function isDefaultExcluded(path: string): boolean {
  const segments = path.split('/');
  for (let i = 0; i < segments.length - 1; i++) if (isDefaultExcludedDir(segments[i]!)) return true;
  return false;
}
