// The one redaction every adapter applies before text reaches a user, an output file or a log: URL
// userinfo, Authorization values, `password=`/`token:`-style pairs, AWS access key ids, JWTs, private
// key blocks, well-known token formats and long mixed-case base64 runs — plus any secret the caller
// knows verbatim (a kubeconfig's token or password). Image digests (lower-case hex) are left alone.

const MARK = '[redacted]';

/** Key names whose value is a credential: `password`, `client_secret`, `AWS_SECRET_ACCESS_KEY`, `x-api-key` … */
const CREDENTIAL_KEY = String.raw`[A-Za-z0-9_.-]*(?:passw(?:or)?d|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?|auth(?:orization)?|session[_-]?key|signature)[A-Za-z0-9_.-]*`;

const RULES: readonly [RegExp, string | ((...m: string[]) => string)][] = [
  // PEM private keys, whole.
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, MARK],
  // scheme://user:password@host → scheme://[redacted]@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi, `$1${MARK}@`],
  // Authorization header values.
  [/\b(Bearer|Basic|Token|Negotiate|AWS4-HMAC-SHA256)(\s+)(?!\[redacted\])[^\s,;"']+/gi, `$1$2${MARK}`],
  // key=value, key: value, "key": "value", ?key=value& — where the key names a credential.
  [new RegExp(String.raw`(${CREDENTIAL_KEY})(["']?\s*[:=]\s*["']?)(?!\[redacted\]|(?:Bearer|Basic|Token|Negotiate)\s)([^\s"',;&}\])]+)`, 'gi'), (_m, key: string, sep: string) => `${key}${sep}${MARK}`],
  // JWT-shaped strings (header.payload.signature, base64url).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, MARK],
  // AWS access key ids.
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g, MARK],
  // GitHub, GitLab, Slack, Google API, npm, Docker Hub personal tokens.
  [/\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|npm_[A-Za-z0-9]{36}|dckr_pat_[A-Za-z0-9_-]{20,})\b/g, MARK],
];

/** A long run of base64 characters mixing upper case, lower case and digits: a key or token, not a word, path or digest. */
const OPAQUE = /[A-Za-z0-9+/_=-]{32,}/g;
function looksOpaque(s: string): boolean {
  if (!/[A-Z]/.test(s) || !/[a-z]/.test(s) || !/[0-9]/.test(s)) return false;
  if ((s.match(/\//g) ?? []).length > 2) return false; // a path
  if (/^[a-z0-9-]+$/i.test(s) && s.split('-').every((p) => p.length < 16)) return false; // a kebab-case name
  return true;
}

/** `text` with every credential-shaped part replaced by `[redacted]`; `known` are secrets to remove verbatim. */
export function redact(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const s of known) if (s && s.length >= 4) out = out.split(s).join(MARK);
  for (const [re, by] of RULES) out = out.replace(re, by as string);
  return out.replace(OPAQUE, (m) => (looksOpaque(m) ? MARK : m));
}

/** A server URL for messages: without userinfo, query or fragment. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return redact(url);
  }
}
