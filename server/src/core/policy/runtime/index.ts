// Runtime policies from the analysis: the engines in one ordered list, and the one call adapters make.
// Pure: exposures (and an optional observed-process baseline) in, YAML text out.
import type { Exposure } from '../../exposure.js';
import type { RuntimeEngine, RuntimeEngineId, RuntimePolicyOptions } from './engine.js';
import { headerComment, writeYaml } from './engine.js';
import { falco } from './falco.js';
import { tetragon } from './tetragon.js';
import { kubearmor } from './kubearmor.js';
import type { ObservedBaseline } from './observed.js';
import { runtimeTargets, type RuntimeTargets } from './targets.js';

export const runtimeEngines: readonly RuntimeEngine[] = [falco, tetragon, kubearmor];
export const runtimeEngineIds: readonly RuntimeEngineId[] = runtimeEngines.map((e) => e.id);

export interface RuntimePolicyResult {
  engine: RuntimeEngineId;
  yaml: string;
  targets: RuntimeTargets;
}

export function runtimeEngine(id: string): RuntimeEngine | undefined {
  return runtimeEngines.find((e) => e.id === id);
}

export function generateRuntimePolicy(
  exposures: readonly Exposure[],
  engineId: RuntimeEngineId,
  options: RuntimePolicyOptions & { baseline?: ObservedBaseline },
): RuntimePolicyResult {
  const engine = runtimeEngine(engineId);
  if (!engine) throw new Error(`unknown runtime engine ${engineId}`);
  const targets = runtimeTargets(exposures, options.baseline);
  const docs = engine.documents(targets, options);
  const yaml = writeYaml(headerComment(engine, targets, options), docs, engine.id === 'falco');
  return { engine: engine.id, yaml, targets };
}

export type { RuntimeEngine, RuntimeEngineId, RuntimeMode, RuntimePolicyOptions } from './engine.js';
export type { RuntimeTarget, RuntimeTargets, SecretPath, ToolTarget, ExpectedProcess, SkippedTarget } from './targets.js';
export { parseObservedBaseline, type ObservedBaseline, type ObservedEntry, type ObservedResult } from './observed.js';
export { TOKEN_DIRS } from './targets.js';
