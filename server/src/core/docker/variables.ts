// Build-argument substitution as Docker does it in FROM, USER and WORKDIR: `$VAR`, `${VAR}`,
// `${VAR:-default}`, `${VAR-default}`, `${VAR:+alternative}`, `${VAR+alternative}`. A variable with no value
// and no default stays as written, and the result says so: an unresolved base image is unknown, not empty.

export type Scope = ReadonlyMap<string, string | undefined>;

export interface Substituted {
  value: string;
  unresolved: boolean;
  /** The expansion would exceed MAX_EXPANDED characters (`ARG A1=${A0}${A0}` doubling): left unexpanded. */
  tooLong?: boolean;
}

/** The longest value a substitution produces; beyond it the value counts as unresolved. */
export const MAX_EXPANDED = 64 * 1024;

const VAR = /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export function substitute(input: string, scope: Scope, outer?: Scope, extra?: Record<string, string>): Substituted {
  if (!input.includes('$')) return { value: input, unresolved: false };
  let unresolved = false;
  let tooLong = false;
  let size = input.length;
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
      if (r.tooLong) tooLong = true;
      return r.value;
    };
    // Values are counted as they are spliced in, so a doubling chain stops at the cap, never at 2^30.
    const out = (() => {
      if (op === ':-' || op === '-') return present ? v.value! : inner();
      if (op === ':+' || op === '+') return present ? inner() : '';
      if (v.set) return v.value!;
      unresolved = true;
      return whole;
    })();
    size += out.length - whole.length;
    if (size > MAX_EXPANDED) tooLong = true;
    return tooLong ? '' : out;
  });
  if (tooLong) return { value: input, unresolved: true, tooLong: true };
  return { value, unresolved };
}
