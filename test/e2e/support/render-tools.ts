// Where scripts/e2e/setup-render.sh cached the real helm and kustomize ($HELM / $KUSTOMIZE win), the
// same way the cluster suites find kube-apiserver.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { toolsDir } from './kube-cluster.js';

function newest(prefix: string, env: string): string {
  const explicit = process.env[env];
  if (explicit) return explicit;
  const dir = toolsDir();
  const key = (f: string) => f.slice(prefix.length + 2).split('.').map((n) => n.padStart(5, '0')).join('.');
  const found = existsSync(dir) ? readdirSync(dir).filter((f) => new RegExp(`^${prefix}-v\\d+\\.\\d+\\.\\d+$`).test(f)).sort((a, b) => key(b).localeCompare(key(a))) : [];
  if (found.length === 0) throw new Error(`${prefix} not found in ${dir}: run scripts/e2e/setup-render.sh`);
  return join(dir, found[0]!);
}

export const findHelm = (): string => newest('helm', 'HELM');
export const findKustomize = (): string => newest('kustomize', 'KUSTOMIZE');
