// Build-argument substitution as Docker does it in FROM, USER and WORKDIR: `$VAR`, `${VAR}`,
// `${VAR:-default}`, `${VAR-default}`, `${VAR:+alternative}`, `${VAR+alternative}`. A variable with no value
// and no default stays as written, and the result says so: an unresolved base image is unknown, not empty.

export type Scope = ReadonlyMap<string, string | undefined>;

export interface Substituted {
  value: string;
  unresolved: boolean;
}

const VAR = /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export function substitute(input: string, scope: Scope, outer?: Scope, extra?: Record<string, string>): Substituted {
  if (!input.includes('$')) return { value: input, unresolved: false };
  let unresolved = false;
  const lookup = (name: string): { set: boolean; value: string | undefined } => {
    if (scope.has(name)) return { set: scope.get(name) !== undefined, value: scope.get(name) };
    if (outer?.has(name)) return { set: outer.get(name) !== undefined, value: outer.get(name) };
    if (extra && Object.prototype.hasOwnProperty.call(extra, name)) return { set: true, value: extra[name] };
    return { set: false, value: undefined };
  };
  const value = input.replace(new RegExp(VAR.source, 'g'), (whole, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    if (whole === '\\$') return '$';
    const name = (braced ?? bare)!;
    const v = lookup(name);
    const present = op?.startsWith(':') ? v.set && v.value !== '' : v.set;
    // The default or alternative word may itself name variables (`${SUFFIX:+-$SUFFIX}`).
    const inner = () => {
      const r = substitute(word ?? '', scope, outer, extra);
      if (r.unresolved) unresolved = true;
      return r.value;
    };
    if (op === ':-' || op === '-') return present ? v.value! : inner();
    if (op === ':+' || op === '+') return present ? inner() : '';
    if (v.set) return v.value!;
    unresolved = true;
    return whole;
  });
  return { value, unresolved };
}
