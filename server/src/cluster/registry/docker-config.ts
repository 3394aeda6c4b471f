// Reads registry credentials from the Docker config file (`$DOCKER_CONFIG/config.json` or
// `~/.docker/config.json`). Credential helpers are programs; they are reported, never run.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface RegistryCredentials {
  username: string;
  password: string;
}

export type CredentialLookup =
  | { kind: 'none' }
  | { kind: 'credentials'; credentials: RegistryCredentials }
  | { kind: 'identity-token'; token: string }
  | { kind: 'helper'; helper: string }
  | { kind: 'invalid'; message: string };

/** Keys a registry may be filed under: bare host, with scheme, and Docker Hub's legacy index URL. */
function candidateKeys(host: string): string[] {
  const keys = [host, `https://${host}`, `http://${host}`, `https://${host}/v1/`, `https://${host}/v2/`];
  if (host === 'docker.io' || host === 'registry-1.docker.io' || host === 'index.docker.io') {
    keys.push('https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io');
  }
  return keys;
}

function hostOfKey(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
}

/** Finds what the parsed config says about `host` (pure: the caller reads the file). */
export function lookupCredentials(config: unknown, host: string): CredentialLookup {
  if (config === null || typeof config !== 'object') return { kind: 'invalid', message: 'docker config is not a JSON object' };
  const c = config as { auths?: unknown; credsStore?: unknown; credHelpers?: unknown };
  const wanted = host.toLowerCase();
  const keys = candidateKeys(wanted);
  if (c.credHelpers && typeof c.credHelpers === 'object') {
    for (const [k, v] of Object.entries(c.credHelpers as Record<string, unknown>)) {
      if ((keys.includes(k) || hostOfKey(k) === wanted) && typeof v === 'string') return { kind: 'helper', helper: `docker-credential-${v}` };
    }
  }
  const auths = c.auths && typeof c.auths === 'object' ? (c.auths as Record<string, unknown>) : {};
  const entryKey = keys.find((k) => k in auths) ?? Object.keys(auths).find((k) => hostOfKey(k) === wanted);
  const entry = entryKey !== undefined ? auths[entryKey] : undefined;
  if (entry && typeof entry === 'object') {
    const e = entry as { auth?: unknown; username?: unknown; password?: unknown; identitytoken?: unknown };
    if (typeof e.auth === 'string' && e.auth !== '') {
      const decoded = Buffer.from(e.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon <= 0) return { kind: 'invalid', message: `docker config: the auth entry for ${host} is not base64 of user:password` };
      return { kind: 'credentials', credentials: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } };
    }
    if (typeof e.username === 'string' && typeof e.password === 'string') {
      return { kind: 'credentials', credentials: { username: e.username, password: e.password } };
    }
    if (typeof e.identitytoken === 'string' && e.identitytoken !== '') return { kind: 'identity-token', token: e.identitytoken };
  }
  // A global store holds every registry's credentials, so it answers for any host not found above.
  if (typeof c.credsStore === 'string' && c.credsStore !== '') return { kind: 'helper', helper: `docker-credential-${c.credsStore}` };
  return { kind: 'none' };
}

/** The config file path the Docker CLI would use. */
export function defaultDockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.DOCKER_CONFIG && env.DOCKER_CONFIG !== '' ? env.DOCKER_CONFIG : join(homedir(), '.docker');
  return join(dir, 'config.json');
}

/** Reads and looks up; a missing file means anonymous access, an unreadable one is reported. */
export async function loadCredentials(host: string, path?: string): Promise<CredentialLookup> {
  const file = path ?? defaultDockerConfigPath();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'invalid', message: `docker config ${file} could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'invalid', message: `docker config ${file} is not valid JSON` };
  }
  return lookupCredentials(parsed, host);
}
