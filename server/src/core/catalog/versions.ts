// Version ranges of catalog facts that changed over time: which range a tag's version falls in.
import type { CatalogVersionRange } from './types.js';

/** The version a tag names (`1.17` of `1.17-alpine`), as numbers; undefined for `latest`, `mainline` … */
function tagVersion(tag: string): number[] | undefined {
  const m = /^v?([0-9]+(?:\.[0-9]+)*)(?![0-9a-z])/i.exec(tag);
  return m ? m[1]!.split('.').map(Number) : undefined;
}

/** -1/0/1 comparing `a` (missing parts filled with `fill`) with the full version `b`. */
function compareVersion(a: number[], b: number[], fill: number): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? fill;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The range a tag's version lies in wholly (a partial tag names every version below it), if any. */
export function rangeFor(ranges: readonly CatalogVersionRange[] | undefined, tag: string): CatalogVersionRange | undefined {
  const v = ranges?.length ? tagVersion(tag) : undefined;
  if (!v) return undefined;
  return ranges!.find((r) => {
    if (r.below !== undefined && compareVersion(v, r.below.split('.').map(Number), Infinity) >= 0) return false;
    if (r.atLeast !== undefined && compareVersion(v, r.atLeast.split('.').map(Number), 0) < 0) return false;
    return true;
  });
}
