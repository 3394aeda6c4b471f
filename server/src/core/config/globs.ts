// Workspace-relative glob matching for `exclude:` (and the editor's exclude setting): `**`, `*`, `?`,
// `{a,b}` and `[abc]`. Matching is by path segment with a small automaton, never a backtracking regular
// expression: a glob of many `**/` or `*` against a deep path costs (glob segments × path segments ×
// segment length), not exponential time.

/** One glob after brace expansion: `**` segments and per-segment token lists. */
type Token = { kind: 'char'; c: string } | { kind: 'one' } | { kind: 'star' } | { kind: 'class'; re: RegExp };
type Segment = 'globstar' | Token[];

/** Brace alternatives one glob may expand to (`{a,b}/{c,d}` is 4); more is reported and the glob ignored. */
export const MAX_GLOB_ALTERNATIVES = 256;

/**
 * Compiles globs into one predicate over workspace-relative paths (forward slashes; `\` is also
 * accepted). A path matches when a glob matches the path itself or one of its parent directories, so
 * `charts` and `charts/**` both exclude everything under `charts/`, and a file walker can skip a
 * matched directory without descending. `**` spans any number of whole segments, `*` and `?` stay
 * inside one segment, `{a,b}` nests, `[a-z]`/`[!a-z]` are character classes. Matching is
 * case-sensitive, like the file systems Kubernetes repositories are built on. A leading `./` or `/`
 * in a glob is ignored (globs are always relative to the workspace root). A glob whose braces expand
 * to more than MAX_GLOB_ALTERNATIVES patterns matches nothing (globProblem says why).
 */
export function compileGlobs(globs: readonly string[]): (path: string) => boolean {
  const patterns: Segment[][] = [];
  for (const raw of globs) {
    const g = raw.trim().replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
    if (g === '') continue;
    const alternatives = expandBraces(g);
    if (!alternatives) continue;
    for (const a of alternatives) patterns.push(compileOne(a));
  }
  if (patterns.length === 0) return () => false;
  return (path: string) => {
    const segs = normalisePath(path).split('/').filter((s) => s !== '');
    if (segs.length === 0) return false;
    return patterns.some((p) => matchesPrefix(p, segs));
  };
}

/** The brace expansions of `glob`, or undefined when there are more than MAX_GLOB_ALTERNATIVES. */
function expandBraces(glob: string): string[] | undefined {
  const open = glob.indexOf('{');
  if (open < 0) return [glob];
  const close = matchingBrace(glob, open);
  if (close < 0) return [glob];
  const head = glob.slice(0, open);
  const tails = expandBraces(glob.slice(close + 1));
  if (!tails) return undefined;
  const out: string[] = [];
  for (const alt of splitTopLevel(glob.slice(open + 1, close))) {
    const inner = expandBraces(alt);
    if (!inner) return undefined;
    for (const i of inner) {
      for (const t of tails) {
        out.push(head + i + t);
        if (out.length > MAX_GLOB_ALTERNATIVES) return undefined;
      }
    }
  }
  return out;
}

function compileOne(glob: string): Segment[] {
  const out: Segment[] = [];
  for (const seg of glob.split('/')) {
    if (seg === '') continue;
    if (/^\*\*+$/.test(seg)) {
      // Consecutive `**` segments mean the same as one.
      if (out[out.length - 1] !== 'globstar') out.push('globstar');
      continue;
    }
    out.push(segmentTokens(seg));
  }
  return out;
}

function segmentTokens(seg: string): Token[] {
  const toks: Token[] = [];
  for (let i = 0; i < seg.length; ) {
    const c = seg[i]!;
    if (c === '*') {
      // `a**b` inside a segment behaves as `*`; runs of stars are one.
      if (toks[toks.length - 1]?.kind !== 'star') toks.push({ kind: 'star' });
      i++;
    } else if (c === '?') {
      toks.push({ kind: 'one' });
      i++;
    } else if (c === '[' && seg.indexOf(']', i + 2) > 0) {
      const close = seg.indexOf(']', i + 2);
      let body = seg.slice(i + 1, close);
      let negate = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = true;
        body = body.slice(1);
      }
      const escaped = body.replace(/[\\\]^]/g, (m) => `\\${m}`);
      toks.push({ kind: 'class', re: new RegExp(negate ? `^[^/${escaped}]$` : `^[${escaped}]$`) });
      i = close + 1;
    } else {
      toks.push({ kind: 'char', c });
      i++;
    }
  }
  return toks;
}

/** One path segment against one glob segment: `*` with the last-star restart, O(pattern × segment). */
function matchSegment(toks: readonly Token[], s: string): boolean {
  let t = 0;
  let i = 0;
  let starT = -1;
  let starI = 0;
  while (i < s.length) {
    const tok = toks[t];
    if (tok && tok.kind === 'star') {
      starT = t++;
      starI = i;
    } else if (tok && (tok.kind === 'one' || (tok.kind === 'char' ? tok.c === s[i] : tok.re.test(s[i]!)))) {
      t++;
      i++;
    } else if (starT >= 0) {
      t = starT + 1;
      i = ++starI;
    } else return false;
  }
  while (toks[t]?.kind === 'star') t++;
  return t === toks.length;
}

/** True when the glob matches the first k segments of the path for some k ≥ 1 (the path or a parent). */
function matchesPrefix(glob: readonly Segment[], segs: readonly string[]): boolean {
  const n = glob.length;
  let cur = new Uint8Array(n + 1);
  cur[0] = 1;
  const close = (set: Uint8Array): void => {
    // `**` may match no segment at all.
    for (let g = 0; g < n; g++) if (set[g] && glob[g] === 'globstar') set[g + 1] = 1;
  };
  close(cur);
  for (const seg of segs) {
    const next = new Uint8Array(n + 1);
    for (let g = 0; g < n; g++) {
      if (!cur[g]) continue;
      const p = glob[g]!;
      if (p === 'globstar') next[g] = 1;
      else if (matchSegment(p, seg)) next[g + 1] = 1;
    }
    close(next);
    if (next[n]) return true;
    cur = next;
  }
  return false;
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

function normalisePath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}

/** Problems that make a glob mean something other than it looks (unbalanced braces, too many alternatives). */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'an empty glob matches nothing';
  let depth = 0;
  for (const c of glob) {
    if (c === '{') depth++;
    else if (c === '}') depth--;
    if (depth < 0) return 'a "}" has no matching "{"';
  }
  if (depth > 0) return 'a "{" has no matching "}"';
  if (!expandBraces(glob.trim().replace(/\\/g, '/'))) return `its braces expand to more than ${MAX_GLOB_ALTERNATIVES} patterns`;
  return undefined;
}
