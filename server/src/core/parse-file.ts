// One file's text → its facts, with nothing else of the workspace: what `Workspace.setFile` does per
// file, as a function of the path, the text and the size limit alone. Its result holds plain data
// only (no functions, no class instances, no parse trees), so an adapter can compute it on a worker
// thread and post it back (structured clone) for `Workspace.setParsedFile`.
import { DEFAULT_MAX_FILE_BYTES, type DockerfileFacts, type InputNotice, type ManifestFacts } from './model.js';
import { ChunkedManifestParser, readManifest } from './kubernetes/index.js';
import { parseDockerfile } from './docker/index.js';
import { classifyFile, readBuildConfig, type BuildConfigResult } from './linking/index.js';
import { CONFIG_FILE_NAMES } from './config/index.js';

/** A file's facts by what the file is; the text is not part of it (the caller has it). */
export type ParsedFile =
  | { kind: 'manifest'; facts: ManifestFacts }
  | { kind: 'dockerfile'; facts: DockerfileFacts }
  | { kind: 'build-config'; result: BuildConfigResult }
  | { kind: 'config'; result: BuildConfigResult }
  | { kind: 'skipped'; notice: InputNotice }
  | { kind: 'other' };

export interface ParseFileOptions {
  /** Larger files are skipped with a notice (default: the core's limit). */
  maxFileBytes?: number;
  /** The workspace's per-document cache of manifest facts; without it each document is read afresh. */
  manifests?: ChunkedManifestParser;
  /** The rule ids the config file may name (its `rules:` are checked against them). */
  knownRules?: readonly string[];
}

/**
 * True for the files parseFile reads with the manifest and Dockerfile readers alone — not the config
 * file, not a build config — which are nearly all of a large folder: what an adapter parses elsewhere.
 */
export function readsAlone(path: string): boolean {
  const kind = classifyFile(path);
  return kind === 'dockerfile' || kind === 'manifest-candidate';
}

export function parseFile(path: string, text: string, options: ParseFileOptions = {}): ParsedFile {
  const max = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (text.length > max) {
    return { kind: 'skipped', notice: { file: path, severity: 'info', message: `Skipped: the file is larger than ${max} bytes (secretSurface.maxFileBytes).` } };
  }
  if (text.includes('\u0000')) {
    return { kind: 'skipped', notice: { file: path, severity: 'info', message: 'Skipped: the file looks binary.' } };
  }
  if ((CONFIG_FILE_NAMES as readonly string[]).includes(path)) {
    return { kind: 'config', result: readBuildConfig(path, text, options.knownRules ? { knownRules: options.knownRules } : {}) };
  }
  const kind = classifyFile(path);
  // A `.env` is read by the workspace beside the compose files it serves, as text.
  if (kind === 'config' || kind === 'compose-env') return { kind: 'other' };
  if (kind === 'dockerfile') return { kind: 'dockerfile', facts: parseDockerfile(path, text) };
  if (kind === 'build-config') {
    const result = readBuildConfig(path, text);
    if (result.kind !== 'none') return { kind: 'build-config', result };
  }
  const facts = options.manifests ? options.manifests.parse(path, text, { maxBytes: max }) : readManifest(path, text, { maxBytes: max });
  return { kind: 'manifest', facts };
}
