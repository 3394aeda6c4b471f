// What Kubernetes accepts as a name, and the one check a fix runs before a name from a manifest reaches a
// file path or YAML it writes: a Secret name is a DNS-1123 subdomain, a namespace or volume a DNS-1123
// label, an env var a C-like identifier, a Secret key `[-._a-zA-Z0-9]+` (never `.`/`..`). A name the API
// server would reject is never written anywhere; the fix is offered disabled with the reason instead.

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const ENV_VAR = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const KEY = /^[-._a-zA-Z0-9]+$/;

export type NameKind = 'secret' | 'namespace' | 'label' | 'object' | 'env' | 'key';

const WHAT: Record<NameKind, string> = {
  secret: 'a Secret name (DNS-1123 subdomain: lower-case letters, digits, "-" and ".", at most 253 characters)',
  object: 'an object name (DNS-1123 subdomain: lower-case letters, digits, "-" and ".", at most 253 characters)',
  namespace: 'a namespace (DNS-1123 label: lower-case letters, digits and "-", at most 63 characters)',
  label: 'a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters)',
  env: 'an environment variable name (letters, digits, "_", "-" and ".", not starting with a digit)',
  key: 'a Secret key (letters, digits, "-", "_" and ".", not "." or "..", at most 253 characters)',
};

export function isValidName(kind: NameKind, name: string): boolean {
  switch (kind) {
    case 'secret':
    case 'object':
      return name.length <= 253 && SUBDOMAIN.test(name);
    case 'namespace':
    case 'label':
      return name.length <= 63 && LABEL.test(name);
    case 'env':
      return name.length <= 4096 && ENV_VAR.test(name);
    case 'key':
      return name.length <= 253 && KEY.test(name) && name !== '.' && name !== '..' && !name.startsWith('..');
  }
}

/** A name for messages: quoted, control characters escaped, long names shortened. */
export function showName(name: string): string {
  const s = JSON.stringify(name.length > 60 ? `${name.slice(0, 57)}…` : name);
  return s;
}

/**
 * Why the first invalid name cannot be used, or undefined when all are valid. `names` pairs a kind with
 * the value read from the manifest.
 */
export function invalidName(names: readonly (readonly [NameKind, string | undefined])[]): string | undefined {
  for (const [kind, name] of names) {
    if (name === undefined) continue;
    if (!isValidName(kind, name)) return `${showName(name)} is not ${WHAT[kind]}, so it is never written into a file name or YAML.`;
  }
  return undefined;
}

/** A DNS-1123 label derived from a valid subdomain (dots become dashes, cut to `max` characters). */
export function toLabel(name: string, max = 63): string {
  const s = name.replace(/[^a-z0-9-]/g, '-').slice(0, max).replace(/-+$/, '');
  return s || 'x';
}
