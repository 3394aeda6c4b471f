// The shape every build-config reader returns, and the notice helper they share.
import type { ImageLink, ImageRename, InputNotice, LinkSource, Location } from '../model.js';
import type { ProjectConfig } from '../config/parse-config.js';
import type { ComposeFile } from './compose.js';

export interface BuildConfigResult {
  /** What the file turned out to be; `none` when its content is not a build config after all. */
  kind: LinkSource | 'none';
  links: ImageLink[];
  notices: InputNotice[];
  /** Kustomization `images:` renames. */
  renames?: ImageRename[];
  /** For `.secret-surface.yaml`: the whole parsed config (so a caller reads the file once). */
  config?: ProjectConfig;
  /** The manifests this build config deploys (Tilt `k8s_yaml`, skaffold `manifests`, kustomize `resources`). */
  deploys?: Deploys;
  /** For a compose file: its services as read, so the workspace can make the links of a directory's compose files and `.env` together. */
  compose?: ComposeFile;
}

/** What one build config deploys: the linker resolves a manifest's image first through the configs that deploy it. */
export interface Deploys {
  /** The build config's own path. */
  by: string;
  refs: DeployRef[];
}

/**
 * One deployed path, workspace-relative: a manifest file, a directory (everything under it), a glob,
 * or a directory holding a kustomization (whatever that kustomization lists, transitively).
 */
export interface DeployRef {
  path: string;
  kind: 'file' | 'dir' | 'glob' | 'kustomize';
}

export function notice(
  file: string,
  severity: InputNotice['severity'],
  message: string,
  location?: Location,
): InputNotice {
  const n: InputNotice = { file, severity, message };
  if (location) n.range = location.range;
  return n;
}
