// One entry point for every file that can link an image to what builds it: picks the reader from the
// registry of link sources (sources/index.ts) by path; a reader may still decline by content. Pure
// and per file, so an editor can re-read only the file that changed and hand all results to
// ImageLinker again.
import type { ImageLink } from '../model.js';
import { parseConfig, type ParseConfigOptions } from '../config/parse-config.js';
import { isConfigFileName } from './classify.js';
import { baseName } from '../paths.js';
import { notice, type BuildConfigResult } from './result.js';
import { linkSourceFor, type ReadBuildConfigOptions } from './sources/index.js';

export type { BuildConfigResult } from './result.js';
export type { ReadBuildConfigOptions } from './sources/index.js';

/**
 * Reads one build config (or `.secret-surface.yaml`). `file` is workspace-relative with forward
 * slashes; every path in the returned links is too. Never throws: unreadable input becomes notices.
 */
export function readBuildConfig(file: string, text: string, options: ReadBuildConfigOptions = {}): BuildConfigResult {
  const name = baseName(file);
  try {
    if (isConfigFileName(name)) return readConfigImages(file, text, options);
    const source = linkSourceFor(file);
    return source ? source.read(file, text, options) : none();
  } catch (e) {
    // A reader bug must cost one file, not the scan.
    return { kind: 'none', links: [], notices: [notice(file, 'error', `could not read ${name}: ${(e as Error).message}`)] };
  }
}

function none(): BuildConfigResult {
  return { kind: 'none', links: [], notices: [] };
}

function readConfigImages(file: string, text: string, options: ParseConfigOptions): BuildConfigResult {
  const { config, notices } = parseConfig(file, text, options);
  const links: ImageLink[] = config.images.map((entry) => {
    const link: ImageLink = {
      image: entry.image,
      dockerfile: entry.dockerfile,
      source: 'config',
      reason: `${file} images: ${entry.image} → ${entry.dockerfile}${entry.target ? `, target ${entry.target}` : ''}`,
    };
    if (entry.target) link.target = entry.target;
    if (entry.location) link.location = entry.location;
    return link;
  });
  return { kind: 'config', links, notices, config };
}
