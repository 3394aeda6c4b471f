// Tetragon TracingPolicyNamespaced (cilium.io/v1alpha1) for the runtime baseline, one per container, selected by
// its pod labels (podSelector) and container name (containerSelector) in its namespace. Two kprobes:
// `security_file_permission` (the LSM check on every read of an open file: arg 0 the file, arg 1 the MAY_* mask)
// catches a Secret file read by a binary other than the expected ones and any read of a /proc/<pid>/environ;
// `security_bprm_check` (the LSM check before a new program runs, arg 0 the linux_binprm) catches a tool exec.
// Audit mode posts events (rate-limited per process); block mode makes the hook fail with EPERM (Override).
import type { PolicyDocument, RuntimeEngine, RuntimePolicyOptions } from './engine.js';
import { execTools, targetComment } from './engine.js';
import type { RuntimeTarget } from './targets.js';
import { slug } from './targets.js';

export const TETRAGON_API_VERSION = 'cilium.io/v1alpha1';
export const TETRAGON_KIND = 'TracingPolicyNamespaced';
/** MAY_READ in the kernel's permission mask (include/linux/fs.h). */
const MAY_READ = '4';

function actions(options: RuntimePolicyOptions): Record<string, unknown>[] {
  return options.mode === 'block'
    ? [{ action: 'Override', argError: -1 }]
    : [{ action: 'Post', rateLimit: '1m', rateLimitScope: 'process' }];
}

/**
 * Binaries as a Postfix match on the exec'd path: `/node` matches /usr/local/bin/node and /usr/bin/node; an
 * absolute path matches itself. One operator keeps both kinds in one matchBinaries entry.
 */
function binaryPostfix(binary: string): string {
  return binary.startsWith('/') ? binary : `/${binary}`;
}

function policy(t: RuntimeTarget, options: RuntimePolicyOptions): PolicyDocument {
  const selectors: Record<string, unknown>[] = [];
  if (t.secretPaths.length > 0) {
    const selector: Record<string, unknown> = {
      matchArgs: [
        { index: 0, operator: 'Prefix', values: t.secretPaths.map((p) => (p.kind === 'dir' ? `${p.path}/` : p.path)) },
        { index: 1, operator: 'Mask', values: [MAY_READ] },
      ],
    };
    const expected = [...new Set(t.expected.map((p) => binaryPostfix(p.binary)))].sort();
    if (expected.length > 0) selector['matchBinaries'] = [{ operator: 'NotPostfix', values: expected }];
    selector['matchActions'] = actions(options);
    selectors.push(selector);
  }
  selectors.push({
    matchArgs: [
      { index: 0, operator: 'Postfix', values: ['/environ'] },
      { index: 1, operator: 'Mask', values: [MAY_READ] },
    ],
    matchActions: actions(options),
  });
  const kprobes: Record<string, unknown>[] = [
    {
      call: 'security_file_permission',
      syscall: false,
      args: [
        { index: 0, type: 'file' },
        { index: 1, type: 'int' },
      ],
      selectors,
      tags: ['secret-surface', 'credential-access'],
    },
  ];
  const tools = execTools(t, options);
  if (tools.length > 0) {
    kprobes.push({
      call: 'security_bprm_check',
      syscall: false,
      args: [{ index: 0, type: 'linux_binprm' }],
      selectors: [
        {
          matchArgs: [{ index: 0, operator: 'Postfix', values: [...new Set(tools.flatMap((x) => (x.guessed ? [`/${x.tool}`] : x.paths)))].sort() }],
          matchActions: options.mode === 'block' ? [{ action: 'Override', argError: -1 }] : [{ action: 'Post' }],
        },
      ],
      tags: ['secret-surface', 'execution'],
    });
  }
  return {
    comment: targetComment(t),
    value: {
      apiVersion: TETRAGON_API_VERSION,
      kind: TETRAGON_KIND,
      metadata: {
        name: slug(['secret-surface', t.workload.kind, t.workload.name, t.container]),
        namespace: t.workload.namespace,
        labels: { 'app.kubernetes.io/managed-by': 'secret-surface' },
        annotations: { 'secret-surface.io/workload': `${t.workload.kind}/${t.workload.name}`, 'secret-surface.io/source': t.file },
      },
      spec: {
        podSelector: { matchLabels: { ...t.podLabels } },
        containerSelector: { matchLabels: { name: t.container } },
        kprobes,
      },
    },
  };
}

export const tetragon: RuntimeEngine = {
  id: 'tetragon',
  title: 'Tetragon',
  canBlock: true,
  documents(targets, options) {
    return targets.targets.map((t) => policy(t, options));
  },
};
