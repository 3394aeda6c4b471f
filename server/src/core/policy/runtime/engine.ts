// What every runtime policy engine module provides, and the YAML writing they share. An engine is a pure
// function of the runtime targets: objects in, YAML text out, with what was left out said in comments.
import { writeYamlDocument, writeYamlList } from '../../yaml/index.js';
import type { RuntimeTargets, RuntimeTarget, ToolTarget } from './targets.js';

export type RuntimeEngineId = 'falco' | 'tetragon' | 'kubearmor';
export type RuntimeMode = 'audit' | 'block';

export interface RuntimePolicyOptions {
  /** `block` denies where the engine can (Tetragon, KubeArmor); Falco only ever alerts. */
  mode: RuntimeMode;
}

/** One YAML document of the output, with the comment written above it. */
export interface PolicyDocument {
  comment: string[];
  value: unknown;
}

export interface RuntimeEngine {
  id: RuntimeEngineId;
  title: string;
  /** True when the engine can deny the operation, not only report it. */
  canBlock: boolean;
  documents(targets: RuntimeTargets, options: RuntimePolicyOptions): PolicyDocument[];
}

/** The header every output starts with: what was covered, what was skipped and why. */
export function headerComment(engine: RuntimeEngine, t: RuntimeTargets, options: RuntimePolicyOptions): string[] {
  const lines = [
    `${engine.title} runtime baseline written by secret-surface policy runtime (mode: ${options.mode}${options.mode === 'block' && !engine.canBlock ? ', alerts only: the engine cannot block' : ''}).`,
    `Covers ${t.targets.length} container${t.targets.length === 1 ? '' : 's'} that receive Secrets or the service-account token.`,
  ];
  if (t.targets.length === 0) lines.push('Nothing to write: no container in the workspace receives a Secret or the token.');
  for (const s of t.skipped) lines.push(`Not covered: ${s.workload.namespace}/${s.workload.kind}/${s.workload.name} container ${s.container} (${s.file}): ${s.reason}.`);
  for (const u of t.unusedObserved) lines.push(`Baseline entry not used (no covered container, or no Secret file among its files): ${u}.`);
  return lines;
}

export function targetComment(t: RuntimeTarget): string[] {
  const lines = [`${t.workload.namespace}/${t.workload.kind}/${t.workload.name} container ${t.container} (${t.file}), image ${t.image}`];
  lines.push(`  expected readers: ${t.expected.length ? t.expected.map((p) => `${p.binary} (${p.reason})`).join(', ') : 'none known'}`);
  if (t.secretPaths.length) lines.push(`  Secret files: ${t.secretPaths.map((p) => `${p.path}${p.kind === 'dir' ? '/' : ''} (${p.what})`).join(', ')}`);
  if (t.envNames.length) lines.push(`  Secret variables: ${t.envNames.join(', ')}`);
  if (t.tools.length) lines.push(`  tools in the image: ${t.tools.map((x) => `${x.tool} (${x.category}, ${x.origin})`).join(', ')}`);
  for (const n of t.notes) lines.push(`  note: ${n}`);
  return lines;
}

/** Writes the documents as one YAML stream (or, `single`, one list). Stable: the same targets give the same bytes. */
export function writeYaml(header: string[], docs: readonly PolicyDocument[], single = false): string {
  if (single) return writeYamlList(docs.map((d) => d.value), header, docs.map((d) => d.comment));
  if (docs.length === 0) return `${header.map((l) => `# ${l}`).join('\n')}\n`;
  return docs.map((d, i) => writeYamlDocument(d.value, i === 0 ? [...header, '', ...d.comment] : d.comment)).join('---\n');
}

/** The tools an exec rule covers: in block mode a container that starts through a shell keeps its shells. */
export function execTools(t: RuntimeTarget, options: RuntimePolicyOptions): ToolTarget[] {
  return options.mode === 'block' && t.startsThroughShell ? t.tools.filter((x) => x.category !== 'shell') : t.tools;
}
