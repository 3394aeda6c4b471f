// Falco rules (a rules file: lists, macros, rules) for the runtime baseline. Falco observes syscalls and alerts;
// it cannot deny, so `block` mode writes the same rules. Per container: a macro that selects it by namespace,
// pod labels and container name; lists of the expected readers and of the image's tools; three rules: a Secret
// file (or the token) opened for reading by another process, any read of /proc/<pid>/environ, and a tool exec.
import type { PolicyDocument, RuntimeEngine } from './engine.js';
import { targetComment } from './engine.js';
import type { RuntimeTarget } from './targets.js';
import { basename, slug } from './targets.js';

export const FALCO_OPEN_READ_MACRO = 'secret_surface_open_read';
export const FALCO_SPAWNED_MACRO = 'secret_surface_spawned_process';
export const FALCO_TAG = 'secret_surface';

/** A Falco string literal: always double-quoted, so label values with `:`, `/` or spaces stay one token. */
export function falcoString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** proc.name is the kernel's task comm: the executable's name cut to 15 characters. */
export function procName(binary: string): string {
  return basename(binary).slice(0, 15);
}

function ident(t: RuntimeTarget): string {
  return `secret_surface_${slug([t.workload.namespace, t.workload.kind, t.workload.name, t.container], 120).replace(/-/g, '_')}`;
}

function label(t: RuntimeTarget): string {
  return `${t.workload.namespace}/${t.workload.kind}/${t.workload.name} container ${t.container}`;
}

const OUTPUT_CONTEXT =
  'proc=%proc.name exe=%proc.exepath cmdline=%proc.cmdline parent=%proc.pname user=%user.name ns=%k8s.ns.name pod=%k8s.pod.name container=%container.name image=%container.image.repository';

function targetDocuments(t: RuntimeTarget): PolicyDocument[] {
  const id = ident(t);
  const docs: PolicyDocument[] = [];
  const selectors = [
    'container.id != host',
    `k8s.ns.name = ${falcoString(t.workload.namespace)}`,
    ...Object.entries(t.podLabels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `k8s.pod.label[${k}] = ${falcoString(v)}`),
    `container.name = ${falcoString(t.container)}`,
  ];
  docs.push({ comment: targetComment(t), value: { macro: `${id}_container`, condition: `(${selectors.join(' and ')})` } });

  const what = `${label(t)} (${t.image})`;
  if (t.secretPaths.length > 0) {
    const expected = [...new Set(t.expected.map((p) => procName(p.binary)))].sort();
    docs.push({ comment: [], value: { list: `${id}_expected_readers`, items: expected } });
    const files = t.secretPaths.map((p) => (p.kind === 'dir' ? `fd.name startswith ${falcoString(`${p.path}/`)}` : `fd.name = ${falcoString(p.path)}`));
    docs.push({ comment: [], value: { macro: `${id}_secret_files`, condition: `(${files.join(' or ')})` } });
    docs.push({
      comment: [],
      value: {
        rule: `Secret file read by unexpected process in ${label(t)}`,
        desc: `A process other than the expected readers (${expected.join(', ') || 'none known'}) opened a Secret file or the service-account token of ${what} for reading. Widen the readers with secret-surface policy runtime --baseline when a profiling run shows a legitimate one.`,
        condition: `${FALCO_OPEN_READ_MACRO} and ${id}_container and ${id}_secret_files and not proc.name in (${id}_expected_readers)`,
        output: `Secret file read by unexpected process (file=%fd.name ${OUTPUT_CONTEXT})`,
        priority: 'CRITICAL',
        tags: [FALCO_TAG, 'container', 'filesystem', 'mitre_credential_access', 'T1552.001'],
      },
    });
  }
  docs.push({
    comment: [],
    value: {
      rule: `Process environment read in ${label(t)}`,
      desc: `A process read /proc/<pid>/environ in ${what}${t.envNames.length ? `, where Secrets arrive as ${t.envNames.join(', ')}` : ''}. The application has no reason to read any process's environment file.`,
      condition: `${FALCO_OPEN_READ_MACRO} and ${id}_container and fd.name startswith "/proc/" and fd.name endswith "/environ"`,
      output: `Process environment read (file=%fd.name ${OUTPUT_CONTEXT})`,
      priority: t.envNames.length ? 'CRITICAL' : 'WARNING',
      tags: [FALCO_TAG, 'container', 'process', 'mitre_credential_access', 'T1552.007'],
    },
  });
  if (t.tools.length > 0) {
    const tools = [...new Set(t.tools.map((x) => procName(x.tool)))].sort();
    docs.push({ comment: [], value: { list: `${id}_tools`, items: tools } });
    docs.push({
      comment: [],
      value: {
        rule: `Tool executed in Secret-bearing container ${label(t)}`,
        desc: `${what} receives Secrets and its image keeps ${tools.join(', ')}; the application does not run them, an intruder would.`,
        condition: `${FALCO_SPAWNED_MACRO} and ${id}_container and proc.name in (${id}_tools)`,
        output: `Tool executed in a container that receives Secrets (${OUTPUT_CONTEXT})`,
        priority: t.tools.some((x) => x.category === 'network') ? 'ERROR' : 'WARNING',
        tags: [FALCO_TAG, 'container', 'process', 'mitre_execution', 'T1059'],
      },
    });
  }
  return docs;
}

export const falco: RuntimeEngine = {
  id: 'falco',
  title: 'Falco',
  canBlock: false,
  documents(targets) {
    if (targets.targets.length === 0) return [];
    const shared: PolicyDocument[] = [
      {
        comment: ['Shared macros: a regular file opened for reading; a process started (the exit of execve/execveat).'],
        value: {
          macro: FALCO_OPEN_READ_MACRO,
          condition: '(evt.type in (open, openat, openat2) and evt.is_open_read = true and fd.typechar = f and fd.num >= 0)',
        },
      },
      { comment: [], value: { macro: FALCO_SPAWNED_MACRO, condition: '(evt.type in (execve, execveat) and evt.dir = <)' } },
    ];
    return [...shared, ...targets.targets.flatMap(targetDocuments)];
  },
};
