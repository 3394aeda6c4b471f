// The image side of the facts: tools and where they came from, catalog images, Dockerfile stages and
// instructions, what an image holds, and how an image reference links to the Dockerfile that builds it.
import type { InputNotice, Location, Position, Range } from './model-base.js';
import type { BuildConfigFormat } from './linking/sources/index.js';

// ---------------------------------------------------------------- image side

export type ToolCategory = 'shell' | 'interpreter' | 'network' | 'package-manager';

/** Where a tool in an image came from. */
export type ToolOrigin =
  | { kind: 'base'; image: string; catalogId: string; location?: Location }
  | { kind: 'run'; package: string; manager: string; location: Location }
  | { kind: 'copy'; from: string; path: string; location: Location }
  | { kind: 'layer'; digest: string; path: string }
  | { kind: 'config'; detail: string }
  /** The Dockerfile itself shows the tool exists: a shell-form RUN, a command a RUN calls, a `["sh", "-c", …]` start. */
  | { kind: 'evidence'; detail: string; location: Location };

export interface ToolFact {
  /** The tool's name as a user knows it: `sh`, `bash`, `curl`, `python3`, `busybox`, `apt` … */
  tool: string;
  category: ToolCategory;
  origin: ToolOrigin;
  /** For busybox: the applets that stand in for this tool (`wget`, `nc` …). */
  via?: string;
  /** The catalog could not confirm the tool (present in some builds, or not checked): "may contain". */
  unverified?: boolean;
}

/** Facts about a base image from the catalog. */
export interface CatalogImage {
  id: string;
  family: string;
  variant: string;
  shell: TriState;
  busybox: boolean;
  packageManager: string;
  tools: { tool: string; category: ToolCategory; state: TriState; detail?: string; via?: string }[];
  /** The language runtime the image exists to run (`node`, `python3`, `java` …), if any. */
  runtime?: string;
  nonRootDefault: TriState;
  entrypointNeedsShell: boolean;
  /** A shell-free image to move to, if one exists for this family. */
  replacement?: { image: string; how: string; note?: string };
  /** The shell-free sibling of a `:debug`/`-dev` tag. */
  shellFreeSibling?: string;
  /** True for images that hold no shell, interpreter or network client by design. */
  hardened: boolean;
  /** The user the image runs as when nothing overrides it (`root`, `65532`, `1654` …), when known. */
  defaultUser?: string;
  /** Why no shell-free replacement is offered (postgres, redis, mysql, httpd as shipped …). */
  noReplacement?: string;
  /** Set when the image is no longer built or is deprecated, with what to use instead. */
  deprecated?: string;
  /** Keys of the reference sources the facts come from (`DL`, `NODE` …). */
  sources?: string[];
  /** True when the entry comes from the project's own catalog (`.secret-surface.yaml`). */
  userDefined?: boolean;
  /**
   * Set when the reference names one of several variants the catalog cannot tell apart (a digest with no
   * tag): `one of: no shell (latest/nonroot) or busybox (debug/debug-nonroot)`. Every tool is then unverified.
   */
  oneOf?: string;
}

export type TriState = 'yes' | 'no' | 'unverified';

export type InstructionForm = 'exec' | 'shell';

export interface CommandFact {
  instruction: 'CMD' | 'ENTRYPOINT' | 'HEALTHCHECK' | 'RUN';
  form: InstructionForm;
  /** The arguments as written (exec form) or the command text (shell form). */
  text: string;
  location: Location;
}

export interface StageFacts {
  index: number;
  name?: string;
  /** The FROM image after ARG substitution; a stage name when it builds on a stage. */
  baseImage: string;
  /** The FROM line's image argument range. */
  fromLocation: Location;
  /** The whole FROM instruction. */
  fromInstructionLocation: Location;
  /** Index of the stage this one builds on, when FROM names an earlier stage. */
  baseStage?: number;
  platform?: string;
  /** Tools this stage adds or removes on top of its base. */
  added: ToolFact[];
  removed: { tool: string; location: Location }[];
  commands: CommandFact[];
  shell?: { args: string[]; location: Location };
  user?: { value: string; location: Location };
  workdir?: string;
  /** The whole stage, FROM to the last instruction. */
  location: Location;
}

/**
 * One instruction as the Dockerfile parser read it. Suppressions and fixes work from these ranges
 * rather than re-reading the text line by line (continuations and the escape character included).
 */
export interface InstructionFact {
  /** Upper-case keyword (`RUN`, `CMD` …). */
  keyword: string;
  /** From the keyword to the last argument, continuation lines included. */
  location: Location;
  /** Where the arguments begin: just past the keyword. */
  argsStart: Position;
  /** Index of the stage it belongs to; -1 before the first FROM. */
  stage: number;
  /** Rules a `# secret-surface-ignore` comment above it silences (`*`: every rule). */
  suppressed?: string[];
}

export interface DockerfileFacts {
  file: string;
  stages: StageFacts[];
  notices: InputNotice[];
  /** The escape character: `\\` unless a `# escape=` directive says otherwise. */
  escape: string;
  instructions: InstructionFact[];
  /** Rules `# secret-surface-ignore-file` silences in the whole file (`*`: every rule). */
  suppressed?: string[];
}

/** What an image holds after the Dockerfile (or registry, or catalog) has been consulted. */
export interface ImageFacts {
  /** How the facts were decided. */
  source: 'dockerfile' | 'registry' | 'catalog' | 'unknown';
  /** The base image of the final (or target) stage, after stage chains were followed. */
  baseImage?: string;
  catalog?: CatalogImage;
  tools: ToolFact[];
  /** Why the facts are incomplete, when they are (`unknown base image foo/bar`). */
  unresolved?: string;
  /** The Dockerfile stage the image is built from. */
  stage?: { file: string; index: number; location: Location };
  user?: string;
  commands: CommandFact[];
  /** The application's own runtime (`node`, `python3`, `java` …), which is not flagged as an extra interpreter. */
  runtime?: string;
  /**
   * The registry answer that decided the image (source `registry`) or, for a Dockerfile, its base image:
   * the platform-specific manifest digest read.
   */
  registry?: { digest: string; platform?: string };
}

// ---------------------------------------------------------------- linking

export interface ImageRef {
  /** As written. */
  raw: string;
  /** Registry host (with port), `docker.io` when none. */
  registry: string;
  /** Repository path, `library/` added for docker.io single names. */
  repository: string;
  tag?: string;
  digest?: string;
  /** `registry/repository` — what links compare. */
  name: string;
}

/** The config file, the editor setting, a registered build-config source (linking/sources/), the naming convention. */
export type LinkSource = 'config' | 'setting' | BuildConfigFormat | 'convention';

/**
 * Image name → what builds it, with why: a Dockerfile, or — for builders that use none (Jib, ko) —
 * the base image the build puts the application on, whose facts are then the image's. Exactly one
 * of `dockerfile` and `base` is set.
 */
export interface ImageLink {
  image: string;
  dockerfile?: string;
  /** The base image of a build without a Dockerfile (`eclipse-temurin:17-jre` under a Jib build). */
  base?: string;
  target?: string;
  source: LinkSource;
  /** Human-readable reason: `skaffold.yaml: build.artifacts[0] (context api/)`. */
  reason: string;
  location?: Location;
  /** True when the linked Dockerfile is not among the workspace's Dockerfiles. */
  missing?: boolean;
  /**
   * True when `image` is only the end of a repository path: the build named the image through a
   * variable the file gives no value (`$(REGISTRY)/controller`), so every image whose repository path
   * ends in `/controller` matches, after every link that names the whole image.
   */
  suffix?: boolean;
  /** Why this is a dev-loop build (Tilt `live_update`): it links only the manifests its own build config deploys when a release build exists. */
  devLoop?: string;
}

/** A kustomization `images:` entry: manifests say `from`, the image actually deployed is `to`. */
export interface ImageRename {
  from: string;
  to: string;
  location?: Location;
}
