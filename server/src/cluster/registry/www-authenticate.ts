// Parses the registry's `WWW-Authenticate` challenge (RFC 7235 auth-params, quoted or bare) into the
// scheme and parameters the Bearer token flow needs (pure).

export interface AuthChallenge {
  /** Lower-cased: `bearer`, `basic` … */
  scheme: string;
  params: Record<string, string>;
}

/** All challenges in one header value, in order (`Bearer realm="…",service="…", Basic realm="…"`). */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const out: AuthChallenge[] = [];
  let i = 0;
  const s = header;
  const skipWs = (): void => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < s.length && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(s[i]!)) i++;
    return s.slice(start, i);
  };
  let current: AuthChallenge | undefined;
  while (i < s.length) {
    skipWs();
    if (s[i] === ',') {
      i++;
      continue;
    }
    const name = token();
    if (name === '') {
      i++; // a character no grammar allows here: skip it rather than loop
      continue;
    }
    skipWs();
    if (s[i] === '=' && current) {
      i++;
      skipWs();
      let value = '';
      if (s[i] === '"') {
        i++;
        while (i < s.length && s[i] !== '"') {
          if (s[i] === '\\' && i + 1 < s.length) i++;
          value += s[i];
          i++;
        }
        i++; // closing quote
      } else {
        const vs = i;
        while (i < s.length && s[i] !== ',' && s[i] !== ' ' && s[i] !== '\t') i++;
        value = s.slice(vs, i);
      }
      current.params[name.toLowerCase()] = value;
    } else {
      // A new scheme; `token68` credentials after it (rare in challenges) are ignored.
      current = { scheme: name.toLowerCase(), params: {} };
      out.push(current);
    }
  }
  return out;
}
