// Finds and merges kubeconfig files the way kubectl does (KUBECONFIG list, first file wins, missing files
// skipped) and lists their contexts. Reading a kubeconfig only parses YAML: no credential plugin runs here.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import type { ClusterContextInfo } from '../protocol.js';
import { ClusterCheckError, redact } from './kube-errors.js';
import { safeUrl } from '../redact.js';


/**
 * The kubeconfig files to read, in precedence order: the explicit path (itself possibly a list), else
 * KUBECONFIG, else ~/.kube/config. Like kubectl, empty entries and files that do not exist are skipped.
 */
export function kubeconfigFiles(explicit?: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = explicit ?? env['KUBECONFIG'];
  const listed = raw && raw.length > 0 ? raw.split(delimiter).filter((p) => p.length > 0) : [join(homedir(), '.kube', 'config')];
  const seen = new Set<string>();
  return listed.filter((p) => {
    if (seen.has(p)) return false;
    seen.add(p);
    return existsSync(p);
  });
}

/**
 * Loads and merges kubeconfig files. kubectl's rules, which client-node's own merge does not follow (it throws on
 * duplicates and lets later files win): the first file to define a cluster/user/context name wins, and the
 * current context is the first one set.
 */
export function loadKubeConfig(explicit?: string, env: NodeJS.ProcessEnv = process.env): KubeConfig {
  const files = kubeconfigFiles(explicit, env);
  if (files.length === 0) {
    const where = explicit ?? env['KUBECONFIG'] ?? join(homedir(), '.kube', 'config');
    throw new ClusterCheckError({
      kind: 'no-kubeconfig',
      // Each entry point adds how to name one (--kubeconfig, the editor setting): see kubeconfigHint.
      message: `No kubeconfig found (looked for ${where}).`,
    });
  }
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext: string | undefined;
  for (const file of files) {
    const one = new KubeConfig();
    try {
      one.loadFromFile(file);
    } catch (err) {
      const msg = (err as { message?: unknown })?.message;
      // Parser messages may quote the offending line, which can hold a token: keep the first line, redacted.
      const first = typeof msg === 'string' ? msg.split('\n', 1)[0]! : String(err);
      throw new ClusterCheckError({ kind: 'bad-kubeconfig', message: `The kubeconfig ${file} cannot be read: ${redact(first)}` });
    }
    for (const c of one.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of one.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of one.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!currentContext && one.getCurrentContext()) currentContext = one.getCurrentContext();
  }
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext: currentContext ?? '',
  });
  return merged;
}

/** A no-kubeconfig error's message with how this entry point names a kubeconfig (`--kubeconfig FILE`, a setting). */
export function kubeconfigHint(err: { kind: string; message: string }, how: string): string {
  return err.kind === 'no-kubeconfig' ? `${err.message} ${how}, set KUBECONFIG, or create ~/.kube/config.` : err.message;
}

/** The contexts of the user's kubeconfig, the current one first, the rest in file order. */
export function listContexts(kubeconfigPath?: string): ClusterContextInfo[] {
  const kc = loadKubeConfig(kubeconfigPath);
  const current = kc.getCurrentContext();
  const infos = kc.getContexts().map((c): ClusterContextInfo => {
    const server = kc.getCluster(c.cluster)?.server;
    return {
      name: c.name,
      cluster: c.cluster,
      user: c.user,
      ...(c.namespace ? { namespace: c.namespace } : {}),
      ...(server ? { server: safeUrl(server) } : {}),
      current: c.name === current,
    };
  });
  return [...infos.filter((c) => c.current), ...infos.filter((c) => !c.current)];
}

/** Every credential string the user entry holds, so messages can be scrubbed of them. */
export function credentialStrings(user: User | null | undefined): string[] {
  if (!user) return [];
  const out: string[] = [];
  for (const v of [user.token, user.password, user.keyData, user.certData]) if (typeof v === 'string' && v) out.push(v);
  const ap = user.authProvider as { config?: Record<string, unknown> } | undefined;
  for (const v of Object.values(ap?.config ?? {})) if (typeof v === 'string' && v.length >= 8) out.push(v);
  return out;
}
