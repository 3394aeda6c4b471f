// Compose's variable interpolation and the `.env` file beside a compose file, as compose reads them:
// `${VAR}`, `$VAR`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`,
// `${VAR:+alt}`, `${VAR+alt}` and `$$` for a dollar. Values come only from the `.env` text the adapter
// handed in — never from this process's environment — so a variable the file does not set stays as
// written and is listed, and the caller says which.

/** A `.env` file's assignments, in file order (a later line wins). */
export type EnvValues = ReadonlyMap<string, string>;

export interface Interpolated {
  /** The text with every resolved reference replaced; an unresolved one stays exactly as written. */
  text: string;
  /** Variables left unresolved, first occurrence order, with compose's own error text for `${VAR:?err}`. */
  unresolved: { name: string; written: string; error?: string }[];
  /** Variables whose value came from the `.env` file. */
  used: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Interpolates `text` with `env` as compose does; see the module comment. */
export function interpolateCompose(text: string, env: EnvValues): Interpolated {
  const out: Interpolated = { text: '', unresolved: [], used: [] };
  out.text = expand(text, env, out, 0);
  return out;
}

function expand(text: string, env: EnvValues, acc: Interpolated, depth: number): string {
  let s = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '$') {
      s += c;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      s += '$';
      i++;
      continue;
    }
    if (next === '{') {
      const end = closingBrace(text, i + 2);
      if (end < 0) {
        s += text.slice(i);
        break;
      }
      s += braced(text.slice(i, end + 1), text.slice(i + 2, end), env, acc, depth);
      i = end;
      continue;
    }
    const m = NAME.exec(text.slice(i + 1));
    if (!m) {
      s += c;
      continue;
    }
    s += lookup(m[0], `$${m[0]}`, env, acc);
    i += m[0].length;
  }
  return s;
}

/** The index of the `}` that closes a `${` whose body starts at `from` (nested `${…}` in defaults allowed), or -1. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function braced(written: string, body: string, env: EnvValues, acc: Interpolated, depth: number): string {
  const m = NAME.exec(body);
  if (!m) return written;
  const name = m[0];
  const rest = body.slice(name.length);
  if (rest === '') return lookup(name, written, env, acc);
  const op = /^(:?[-?+])/.exec(rest)?.[1];
  if (!op) return written;
  const arg = rest.slice(op.length);
  const value = env.get(name);
  const set = op.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
  const sub = (t: string): string => (depth >= 8 ? t : expand(t, env, acc, depth + 1));
  switch (op.replace(':', '')) {
    case '-':
      if (!set) return sub(arg);
      break;
    case '+':
      if (!set) return '';
      acc.used.push(name);
      return sub(arg);
    case '?':
      if (!set) {
        if (!acc.unresolved.some((u) => u.written === written)) acc.unresolved.push({ name, written, ...(arg ? { error: arg } : {}) });
        return written;
      }
      break;
  }
  acc.used.push(name);
  return value!;
}

function lookup(name: string, written: string, env: EnvValues, acc: Interpolated): string {
  const value = env.get(name);
  if (value === undefined) {
    if (!acc.unresolved.some((u) => u.written === written)) acc.unresolved.push({ name, written });
    return written;
  }
  if (!acc.used.includes(name)) acc.used.push(name);
  return value;
}

/**
 * Reads a `.env` file as compose does: `KEY=value` lines (an optional `export ` before), `#`
 * comments, single quotes literal, double quotes with `\n`, `\t`, `\"`, `\\` escapes and
 * interpolation of the lines before, unquoted values trimmed, ending at ` #`, and interpolated too.
 * A bare `KEY` (taken from the environment by compose) sets nothing here.
 */
export function parseDotEnv(text: string): Map<string, string> {
  const env = new Map<string, string>();
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Start of a line: skip blanks.
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\n')) i++;
    if (i >= n) break;
    if (text[i] === '#') {
      i = lineEnd(text, i);
      continue;
    }
    if (text.startsWith('export ', i)) i += 'export '.length;
    const key = /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(text.slice(i, i + 256))?.[0];
    if (!key) {
      i = lineEnd(text, i);
      continue;
    }
    i += key.length;
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    if (text[i] !== '=') {
      i = lineEnd(text, i);
      continue;
    }
    i++;
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    const q = text[i];
    if (q === "'" || q === '"') {
      let value = '';
      let j = i + 1;
      for (; j < n && text[j] !== q; j++) {
        if (q === '"' && text[j] === '\\' && j + 1 < n) {
          const e = text[++j]!;
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
        } else value += text[j];
      }
      env.set(key, q === '"' ? interpolateCompose(value, env).text : value);
      i = lineEnd(text, j + 1);
      continue;
    }
    const end = lineEnd(text, i);
    let raw = text.slice(i, end);
    const comment = /\s#/.exec(raw);
    if (comment) raw = raw.slice(0, comment.index);
    env.set(key, interpolateCompose(raw.trim(), env).text);
    i = end;
  }
  return env;
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl + 1;
}
