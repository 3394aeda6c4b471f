// What one link source is: a module that recognises its files by path and reads them into links.
// Adding a source is one file under sources/ exporting a descriptor (typed `LinkSourceModule<'id'>`)
// and one line in sources/index.ts: classify, readBuildConfig, the linker's precedence and the
// editor's file watchers all read the registry.
import type { ImageLink } from '../../model.js';
import type { BuildConfigResult } from '../result.js';
import type { ParseConfigOptions } from '../../config/parse-config.js';

export interface ReadBuildConfigOptions extends ParseConfigOptions {
  /** The workspace folder's name (compose's project name for a compose file at the root). */
  workspaceName?: string;
}

export interface LinkSourceModule<Id extends string = string> {
  /** The source's name, as links and notices show it (`ImageLink.source`). */
  readonly id: Id;
  /**
   * Whether a workspace-relative path (forward slashes) is one of this source's files, by its path
   * alone. `name` is the path's last segment. A match only promises: the reader may still answer
   * `kind: 'none'` when the content says otherwise (the file is then read as a manifest candidate).
   */
  matches(path: string, name: string): boolean;
  /** Reads one file. Pure; may throw (readBuildConfig turns a throw into a notice for that file). */
  read(file: string, text: string, options: ReadBuildConfigOptions): BuildConfigResult;
  /**
   * Rank among the link sources: a lower rank wins when two sources link one image. Absent for a
   * source that contributes no links of its own (kustomize contributes renames).
   */
  readonly rank?: number;
  /** Glob shapes an editor watches so a change to one of these files re-links (`**` forms). */
  readonly watch: readonly string[];
  /**
   * For an image no link names: this source's own answer, from its links in the workspace (ko links
   * every `ko://` image, to its `.ko.yaml` default base or ko's own). Asked before the naming convention.
   */
  resolveUnlinked?(image: string, links: readonly ImageLink[]): ImageLink | undefined;
}
