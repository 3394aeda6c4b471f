// Workspace-relative glob matching for `exclude:` (and the editor's exclude setting): `**`, `*`, `?`,
// `{a,b}` and `[abc]`, compiled once to one regular expression so a scan pays a single test per path.

/**
 * Compiles globs into one predicate over workspace-relative paths (forward slashes; `\` is also
 * accepted). A path matches when a glob matches the path itself or one of its parent directories, so
 * `charts` and `charts/**` both exclude everything under `charts/`, and a file walker can skip a
 * matched directory without descending. `**` spans any number of whole segments, `*` and `?` stay
 * inside one segment, `{a,b}` nests, `[a-z]`/`[!a-z]` are character classes. Matching is
 * case-sensitive, like the file systems Kubernetes repositories are built on. A leading `./` or `/`
 * in a glob is ignored (globs are always relative to the workspace root).
 */
export function compileGlobs(globs: readonly string[]): (path: string) => boolean {
  const sources = globs
    .map((g) => g.trim().replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, ''))
    .filter((g) => g !== '')
    .map(globToRegExpSource);
  if (sources.length === 0) return () => false;
  // `(?:/.*)?$` lets a glob that names a directory match everything below it.
  const re = new RegExp(`^(?:${sources.join('|')})(?:/.*)?$`);
  return (path: string) => re.test(normalisePath(path));
}

/** One glob as a regular expression source (anchors not included). Exported for tests. */
export function globToRegExpSource(glob: string): string {
  let out = '';
  let i = 0;
  // Brace alternatives are compiled by recursion on the text between matching braces.
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        let j = i;
        while (glob[j] === '*') j++;
        const atSegmentEnd = j === glob.length || glob[j] === '/';
        if (atSegmentStart && atSegmentEnd) {
          if (j === glob.length) {
            // A trailing `/**` also matches the directory itself, so a walker can prune it.
            out = out.endsWith('/') && !out.endsWith('[^/]*/)*') ? `${out.slice(0, -1)}(?:/.*)?` : `${out}.*`;
            i = j;
          } else {
            // `**/` — zero or more whole segments.
            out += '(?:[^/]*/)*';
            i = j + 1;
          }
          continue;
        }
        // `a**b` inside a segment behaves as `*`.
        out += '[^/]*';
        i = j;
        continue;
      }
      out += '[^/]*';
      i++;
      continue;
    }
    if (c === '?') {
      out += '[^/]';
      i++;
      continue;
    }
    if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close > 0) {
        let body = glob.slice(i + 1, close);
        let negate = false;
        if (body.startsWith('!') || body.startsWith('^')) {
          negate = true;
          body = body.slice(1);
        }
        const escaped = body.replace(/[\\\]^]/g, (m) => `\\${m}`);
        out += negate ? `[^/${escaped}]` : `[${escaped}]`;
        i = close + 1;
        continue;
      }
      out += '\\[';
      i++;
      continue;
    }
    if (c === '{') {
      const close = matchingBrace(glob, i);
      if (close > 0) {
        const alternatives = splitTopLevel(glob.slice(i + 1, close));
        out += `(?:${alternatives.map(globToRegExpSource).join('|')})`;
        i = close + 1;
        continue;
      }
      out += '\\{';
      i++;
      continue;
    }
    if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegExp(glob[i + 1]!);
      i += 2;
      continue;
    }
    out += escapeRegExp(c);
    i++;
  }
  return out;
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

function escapeRegExp(c: string): string {
  return /[.*+?^${}()|[\]\\]/.test(c) ? `\\${c}` : c;
}

function normalisePath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}

/** Problems that make a glob mean something other than it looks (unbalanced braces or brackets). */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'an empty glob matches nothing';
  let depth = 0;
  for (const c of glob) {
    if (c === '{') depth++;
    else if (c === '}') depth--;
    if (depth < 0) return 'a "}" has no matching "{"';
  }
  if (depth > 0) return 'a "{" has no matching "}"';
  return undefined;
}
