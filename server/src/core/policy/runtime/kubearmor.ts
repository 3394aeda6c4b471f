// KubeArmor KubeArmorPolicy (security.kubearmor.com/v1) for the runtime baseline, one per container, selected by
// its pod labels in its namespace. File rules: each Secret directory (matchDirectories, recursive) or subPath file
// (matchPaths) is audited or blocked for every process, and allowed for the expected readers (`fromSource`) —
// the pattern KubeArmor documents for "only this binary may read the service-account token"; /proc/*/environ is
// a matchPatterns rule. Process rules: each tool's paths. KubeArmor needs absolute paths, so a bare command name
// (`node`) becomes the usual bin directories.
import type { PolicyDocument, RuntimeEngine, RuntimePolicyOptions } from './engine.js';
import { execTools, targetComment } from './engine.js';
import type { RuntimeTarget } from './targets.js';
import { GUESSED_BIN_DIRS, slug } from './targets.js';

export const KUBEARMOR_API_VERSION = 'security.kubearmor.com/v1';
export const KUBEARMOR_KIND = 'KubeArmorPolicy';

function sources(t: RuntimeTarget): { path: string }[] {
  const paths = new Set<string>();
  for (const p of t.expected) {
    if (p.binary.startsWith('/')) paths.add(p.binary);
    else for (const d of GUESSED_BIN_DIRS) paths.add(`${d}/${p.binary}`);
  }
  return [...paths].sort().map((path) => ({ path }));
}

function policy(t: RuntimeTarget, options: RuntimePolicyOptions): PolicyDocument {
  const action = options.mode === 'block' ? 'Block' : 'Audit';
  const from = sources(t);
  const matchDirectories: Record<string, unknown>[] = [];
  const matchPaths: Record<string, unknown>[] = [];
  for (const p of t.secretPaths) {
    const message = `${p.what} read by a process other than the expected readers`;
    if (p.kind === 'dir') {
      const dir = `${p.path}/`;
      matchDirectories.push({ dir, recursive: true, action, message });
      if (from.length) matchDirectories.push({ dir, recursive: true, fromSource: from, action: 'Allow' });
    } else {
      matchPaths.push({ path: p.path, action, message });
      if (from.length) matchPaths.push({ path: p.path, fromSource: from, action: 'Allow' });
    }
  }
  const file: Record<string, unknown> = {};
  if (matchDirectories.length) file['matchDirectories'] = matchDirectories;
  if (matchPaths.length) file['matchPaths'] = matchPaths;
  file['matchPatterns'] = [{ pattern: '/proc/*/environ', action, message: 'process environment read (Secrets arrive as environment variables)' }];

  const spec: Record<string, unknown> = {
    selector: { matchLabels: { ...t.podLabels } },
    severity: 8,
    tags: ['secret-surface', 'MITRE', 'T1552'],
    message: `Secret access outside the baseline in ${t.workload.kind}/${t.workload.name} container ${t.container}`,
    file,
  };
  const toolPaths = [...new Set(execTools(t, options).flatMap((x) => x.paths))].sort();
  if (toolPaths.length) {
    spec['process'] = { matchPaths: toolPaths.map((path) => ({ path, action, message: `tool executed in a container that receives Secrets` })) };
  }
  spec['action'] = action;
  return {
    comment: [...targetComment(t), '  KubeArmor selects pods, not containers: the rules apply to every container of the pod.'],
    value: {
      apiVersion: KUBEARMOR_API_VERSION,
      kind: KUBEARMOR_KIND,
      metadata: {
        name: slug(['secret-surface', t.workload.kind, t.workload.name, t.container]),
        namespace: t.workload.namespace,
        labels: { 'app.kubernetes.io/managed-by': 'secret-surface' },
        annotations: { 'secret-surface.io/workload': `${t.workload.kind}/${t.workload.name}`, 'secret-surface.io/source': t.file },
      },
      spec,
    },
  };
}

export const kubearmor: RuntimeEngine = {
  id: 'kubearmor',
  title: 'KubeArmor',
  canBlock: true,
  documents(targets, options) {
    return targets.targets.map((t) => policy(t, options));
  },
};
