// The language server's `secretSurface/runtimePolicy` request: analyses a workspace folder's files on disk (as
// `secret-surface policy runtime` does) and returns the Falco, Tetragon or KubeArmor YAML with its summary.
// Reading files is static analysis, so it runs in an untrusted workspace too; nothing executes or connects.
import type { Connection } from 'vscode-languageserver';
import { fileURLToPath } from 'node:url';
import { RuntimePolicyRequest, type RuntimePolicyParams, type RuntimePolicyResult } from '../protocol.js';
import { runPolicyRuntime } from '../cli/policy-runtime.js';
import { UsageError } from '../cli/args.js';

export interface RuntimeRequestContext {
  folders(): { uri: string; fsPath: string }[];
}

export function runtimePolicy(params: RuntimePolicyParams, folders: { uri: string; fsPath: string }[]): RuntimePolicyResult {
  if (!['falco', 'tetragon', 'kubearmor'].includes(params.engine)) return { ok: false, kind: 'usage', message: `unknown runtime engine "${String(params.engine)}"` };
  if (params.mode !== undefined && params.mode !== 'audit' && params.mode !== 'block') return { ok: false, kind: 'usage', message: `unknown mode "${String(params.mode)}"` };
  const folder = params.folderUri ? folders.find((f) => f.uri === params.folderUri || safePath(params.folderUri!) === f.fsPath) : folders[0];
  if (!folder) return { ok: false, kind: 'no-folder', message: 'Open a workspace folder to generate a runtime policy from its manifests and Dockerfiles.' };
  const baseline = params.baselineUri ? safePath(params.baselineUri) : undefined;
  if (params.baselineUri && !baseline) return { ok: false, kind: 'usage', message: `the baseline must be a local file, not ${params.baselineUri}` };
  try {
    const out = runPolicyRuntime({ dir: folder.fsPath, engine: params.engine, mode: params.mode ?? 'audit', ...(baseline ? { baseline } : {}) });
    return { ok: true, yaml: out.yaml, summary: out.summary };
  } catch (err) {
    if (err instanceof UsageError) return { ok: false, kind: 'usage', message: err.message };
    return { ok: false, kind: 'internal', message: `Generating the runtime policy failed: ${err instanceof Error ? err.message.split('\n', 1)[0] : String(err)}` };
  }
}

function safePath(uri: string): string | undefined {
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function registerRuntimePolicyRequest(connection: Connection, ctx: RuntimeRequestContext): void {
  connection.onRequest(RuntimePolicyRequest, (params) => runtimePolicy(params, ctx.folders()));
}
