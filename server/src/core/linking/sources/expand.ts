// Variable expansion for the build scripts link sources read, as far as the file alone allows. Each
// dialect expands what its tool would expand from values written in the same file (or handed in by
// the caller: a workflow's `env:`, a Makefile's assignments); a reference with no known value stays in
// the text exactly as written and is listed, so a reader can say which variable it could not resolve.
// Nothing is executed: `$(shell …)`, `$(cmd)` and backquotes are never run and count as unresolved.

/** A variable's value, or undefined when the file does not say. */
export type Lookup = (name: string) => string | undefined;

export interface Expanded {
  text: string;
  /** The references left unresolved, as written (`$(REGISTRY)`, `${{ secrets.REPO }}`), first occurrence order. */
  unresolved: string[];
}

/** Recursion limit for values that name other variables (`A = $(B)`, `B = $(A)` ends here). */
const MAX_DEPTH = 8;

/**
 * Make: `$(VAR)`, `${VAR}`, `$X`; `$$` is a literal `$` (for the shell). Values are expanded again
 * (recursive variables); functions and substitution references (`$(shell …)`, `$(VAR:.c=.o)`) stay.
 */
export function expandMake(text: string, lookup: Lookup, depth = 0): Expanded {
  const unresolved: string[] = [];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '$' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const next = text[i + 1]!;
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    let written: string;
    if (next === '(' || next === '{') {
      const end = closing(text, i + 1);
      if (end < 0) {
        out += text.slice(i);
        break;
      }
      written = text.slice(i, end + 1);
      name = text.slice(i + 2, end);
      i = end;
    } else {
      written = `$${next}`;
      name = next;
      i++;
    }
    const value = /^[A-Za-z0-9_.-]+$/.test(name) && depth < MAX_DEPTH ? lookup(name) : undefined;
    if (value === undefined) {
      add(unresolved, written);
      out += written;
      continue;
    }
    const inner = expandMake(value, lookup, depth + 1);
    for (const u of inner.unresolved) add(unresolved, u);
    out += inner.text;
  }
  return { text: out, unresolved };
}

/**
 * POSIX shell parameter expansion: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:=default}`; single-quoted text is left alone. `$(…)`, backquotes, `$1`, `$@` are unresolved.
 */
export function expandShell(text: string, lookup: Lookup): Expanded {
  const unresolved: string[] = [];
  let out = '';
  let quote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" && !quote && !insideDouble(text, i)) quote = true;
    else if (c === "'" && quote) quote = false;
    if (quote || (c !== '$' && c !== '`')) {
      out += c;
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      const written = end < 0 ? text.slice(i) : text.slice(i, end + 1);
      add(unresolved, written);
      out += written;
      i = end < 0 ? text.length : end;
      continue;
    }
    const next = text[i + 1] ?? '';
    if (next === '(' || next === '{') {
      const end = closing(text, i + 1);
      if (end < 0) {
        out += text.slice(i);
        break;
      }
      const written = text.slice(i, end + 1);
      i = end;
      const body = written.slice(2, -1);
      const m = next === '{' ? /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])(.*))?$/s.exec(body) : null;
      const value = m ? lookup(m[1]!) : undefined;
      if (m && (value !== undefined && !(m[2]?.startsWith(':') && value === ''))) out += value;
      else if (m && m[2] !== undefined) {
        const d = expandShell(m[3]!, lookup);
        for (const u of d.unresolved) add(unresolved, u);
        out += d.text;
      } else {
        add(unresolved, written);
        out += written;
      }
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*|^[0-9@*#?$!-]/.exec(text.slice(i + 1));
    if (!m) {
      out += c;
      continue;
    }
    const written = `$${m[0]}`;
    i += m[0].length;
    const value = /^[A-Za-z_]/.test(m[0]) ? lookup(m[0]) : undefined;
    if (value === undefined) {
      add(unresolved, written);
      out += written;
    } else out += value;
  }
  return { text: out, unresolved };
}

/** GitHub Actions expressions `${{ … }}`: `lookup` gets the expression's text, trimmed. */
export function expandExpressions(text: string, lookup: Lookup): Expanded {
  const unresolved: string[] = [];
  const out = text.replace(/\$\{\{([^}]*(?:\}(?!\})[^}]*)*)\}\}/g, (written, expr: string) => {
    const value = lookup(expr.trim());
    if (value !== undefined) return value;
    add(unresolved, written);
    return written;
  });
  return { text: out, unresolved };
}

/** Cloud Build substitutions: `$VAR`, `${VAR}`; `$$` is a literal `$`. */
export function expandSubstitutions(text: string, lookup: Lookup): Expanded {
  const unresolved: string[] = [];
  const out = text.replace(/\$\$|\$\{([A-Za-z0-9_]+)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (written, braced?: string, bare?: string) => {
    if (written === '$$') return '$';
    const value = lookup((braced ?? bare)!);
    if (value !== undefined) return value;
    add(unresolved, written);
    return written;
  });
  return { text: out, unresolved };
}

/** Index of the bracket closing the one at `open` (`(` or `{`), nesting counted; -1 when unclosed. */
function closing(text: string, open: number): number {
  const o = text[open]!;
  const c = o === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === o) depth++;
    else if (text[i] === c && --depth === 0) return i;
  }
  return -1;
}

/** Whether position `at` lies inside a double-quoted string (a `'` there is literal). */
function insideDouble(text: string, at: number): boolean {
  let inside = false;
  for (let i = 0; i < at; i++) if (text[i] === '"' && text[i - 1] !== '\\') inside = !inside;
  return inside;
}

function add(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}
