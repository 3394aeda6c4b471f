// One comparison of lists by identity, for the caches that keep what they made while its inputs are
// the very same objects (the workspace's holder lists, a workload's rule run, an open document's problems).

/** The same items in the same order (===). */
export function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
