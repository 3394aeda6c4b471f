// The language server's `secretSurface/admissionPolicy` request: analyses a workspace folder's files on
// disk (as the CLI does) and returns the generated admission policy YAML with its messages. Reading
// files is static analysis, so it runs in an untrusted workspace too; nothing executes or connects.
import type { Connection } from 'vscode-languageserver';
import { fileURLToPath } from 'node:url';
import { AdmissionPolicyRequest, type AdmissionPolicyParams, type AdmissionPolicyResult } from '../protocol.js';
import { buildAdmission } from '../cli/policy-admission.js';
import { UsageError } from '../cli/args.js';

export interface AdmissionRequestContext {
  folders(): { uri: string; fsPath: string }[];
}

export function admissionPolicy(params: AdmissionPolicyParams, folders: { uri: string; fsPath: string }[]): AdmissionPolicyResult {
  if (params.engine !== 'vap' && params.engine !== 'kyverno') return { ok: false, kind: 'usage', message: `unknown policy engine "${String(params.engine)}"` };
  const folder = params.folderUri ? folders.find((f) => f.uri === params.folderUri || safePath(params.folderUri!) === f.fsPath) : folders[0];
  if (!folder) return { ok: false, kind: 'no-folder', message: 'Open a workspace folder to generate an admission policy from its manifests and Dockerfiles.' };
  try {
    const out = buildAdmission({ dir: folder.fsPath, engine: params.engine, ...(params.mode ? { mode: params.mode } : {}), paramsOnly: false });
    const error = out.messages.find((m) => m.severity === 'error');
    if (error) return { ok: false, kind: 'config', message: error.message };
    return { ok: true, yaml: out.yaml, mode: out.mode, messages: out.messages };
  } catch (err) {
    if (err instanceof UsageError) return { ok: false, kind: 'config', message: err.message };
    return { ok: false, kind: 'internal', message: `Generating the admission policy failed: ${err instanceof Error ? err.message.split('\n', 1)[0] : String(err)}` };
  }
}

function safePath(uri: string): string | undefined {
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function registerAdmissionPolicyRequest(connection: Connection, ctx: AdmissionRequestContext): void {
  connection.onRequest(AdmissionPolicyRequest, (params) => admissionPolicy(params, ctx.folders()));
}
