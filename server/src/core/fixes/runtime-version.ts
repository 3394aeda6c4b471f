// Which shell-free image a hardened final stage runs on, so that the app's runtime keeps its major
// version (node:20 → a Node 20 image): the catalog's replacement when it has that major, else another
// shell-free image of the same runtime the catalog sources for it (never a deprecated one), and — as the
// alternative, or the only offer when there is none — the catalog's replacement on another major, which
// then says so and moves the build stage to that major too (native add-ons are built for the runtime
// that loads them). Only images the catalog holds are ever named.
import type { CatalogImage } from '../model.js';
import { parseImageRef } from '../catalog/image-ref.js';
import type { FixContext } from './context.js';

/** Runtimes whose major version decides whether what the build stage produced still runs. */
export const MAJOR_RUNTIME_NAMES: Readonly<Record<string, string>> = { node: 'Node', java: 'Java' };

export interface RuntimePlan {
  /** The shell-free image the final stage runs on. */
  image: string;
  /**
   * Set when the runtime's major version changes: the versions, the build stage's new FROM image, and
   * why (no maintained shell-free image of that major in the catalog, or none of this image's kind).
   */
  move?: { runtime: string; from: string; to: string; buildImage: string; why: string };
}

/** The runtime major of an image reference: from the repository (`nodejs22-debian13`, `java21`) or the tag (`node:20-slim`). */
export function runtimeMajor(ref: string): string | undefined {
  const r = parseImageRef(ref);
  const last = r.repository.slice(r.repository.lastIndexOf('/') + 1);
  return /^[a-z]+?(\d+)(?:-|$)/.exec(last)?.[1] ?? (r.tag ? /^(\d+)(?![\d])/.exec(r.tag)?.[1] : undefined);
}

/** `ref` with its tag's version moved to `major` (`node:20.11-slim` → `node:22-slim`); any digest goes, it pinned the old tag. */
export function retag(ref: string, major: string): string | undefined {
  const noDigest = ref.replace(/@.*$/, '');
  const colon = noDigest.lastIndexOf(':');
  if (colon <= noDigest.lastIndexOf('/')) return undefined;
  const tag = noDigest.slice(colon + 1);
  if (!/^\d/.test(tag)) return undefined;
  return `${noDigest.slice(0, colon + 1)}${tag.replace(/^\d+(\.\d+)*/, major)}`;
}

const globMatches = (pattern: string, value: string) =>
  !pattern.includes('<') && new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(value);

/** A shell-free, maintained image of `runtime` at `major` that the catalog sources, if any. */
function sameMajorImage(ctx: FixContext, runtime: string, major: string): string | undefined {
  for (const d of ctx.catalog.images) {
    if (!d.hardened || d.deprecated || d.runtime !== runtime) continue;
    for (const repo of d.repositories) {
      if (repo.includes('*')) continue;
      const host = d.registry === 'docker.io' ? '' : `${d.registry}/`;
      const last = repo.slice(repo.lastIndexOf('/') + 1);
      // The version in the repository name (distroless `nodejs20-debian13`), or in the tag (`ubuntu/nodejs:20`).
      const candidate =
        new RegExp(`^[a-z]+${major}(-|$)`).test(last) && d.tags.includes('nonroot')
          ? `${host}${repo}:nonroot`
          : d.tags.some((t) => globMatches(t, major))
            ? `${host}${repo}:${major}`
            : undefined;
      const img = candidate ? ctx.catalog.lookupImage(candidate) : undefined;
      if (candidate && img?.hardened && !img.deprecated) return candidate;
    }
  }
  return undefined;
}

/**
 * The images a hardened final stage may run on, best first: `chosen` (the catalog's replacement) when
 * it keeps the build image's runtime major; else a same-major image when the catalog has one, then
 * `chosen` with the move spelled out.
 */
export function runtimePlans(ctx: FixContext, buildImage: string, fromImg: CatalogImage, chosen: string): RuntimePlan[] {
  const runtime = fromImg.runtime && MAJOR_RUNTIME_NAMES[fromImg.runtime];
  const from = runtimeMajor(buildImage);
  const to = runtimeMajor(chosen);
  if (!runtime || !from || !to || from === to) return [{ image: chosen }];
  const plans: RuntimePlan[] = [];
  const same = sameMajorImage(ctx, fromImg.runtime!, from);
  if (same) plans.push({ image: same });
  const moved = retag(buildImage, to);
  // `gcr.io/distroless/nodejs22-debian13:nonroot` → `gcr.io/distroless/nodejs`: the kind of image, without its version.
  const kind = chosen.replace(/[:@].*$/, '').replace(/\d+(-debian\d+)?$/, '');
  const why = same ? `${kind} has no maintained ${runtime} ${from} image` : `the catalog has no maintained shell-free ${runtime} ${from} image`;
  if (moved) plans.push({ image: chosen, move: { runtime, from, to, buildImage: moved, why } });
  return plans.length ? plans : [{ image: chosen }];
}
