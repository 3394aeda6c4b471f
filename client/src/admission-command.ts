// "Secret Surface: Generate Admission Policy…": pick the engine and the mode, ask the language server to
// generate the policy from the workspace folder, and open the YAML in an untitled editor. What could not
// be allowed is shown as a message, never dropped.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { AdmissionPolicyRequest, type AdmissionPolicyEngine, type AdmissionPolicyMode } from '../../server/src/protocol.js';
import { openPolicyYaml, runningClient } from './policy-document.js';

export const GENERATE_ADMISSION_POLICY_COMMAND = 'secretSurface.generateAdmissionPolicy';

/** `engine` and `mode` may be passed by a caller (tests, keybindings) to skip the pickers. */
export function registerAdmissionPolicyCommand(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(GENERATE_ADMISSION_POLICY_COMMAND, (args?: { engine?: AdmissionPolicyEngine; mode?: AdmissionPolicyMode }) =>
      generateAdmissionPolicy(client(), args ?? {}),
    ),
  );
}

async function generateAdmissionPolicy(clientOrNone: LanguageClient | undefined, args: { engine?: AdmissionPolicyEngine; mode?: AdmissionPolicyMode }): Promise<vscode.TextEditor | undefined> {
  const server = runningClient(clientOrNone);
  if (!server) return undefined;
  const engine =
    args.engine ??
    (
      await vscode.window.showQuickPick(
        [
          { label: 'ValidatingAdmissionPolicy', description: 'native, CEL — no extra component', engine: 'vap' as const },
          { label: 'Kyverno ClusterPolicy', description: 'also verifies cosign signatures and vulnerability attestations', engine: 'kyverno' as const },
        ],
        { placeHolder: 'Admission policy engine' },
      )
    )?.engine;
  if (!engine) return undefined;
  let mode = args.mode;
  if (!args.engine) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'From .secret-surface.yaml', description: 'policy.mode, else deny (warn when nothing is hardened)', mode: undefined },
        { label: 'warn', description: 'admit, with a warning', mode: 'warn' as const },
        { label: 'audit', description: 'admit, with an audit annotation', mode: 'audit' as const },
        { label: 'deny', description: 'refuse', mode: 'deny' as const },
      ],
      { placeHolder: 'Enforcement mode' },
    );
    if (!pick) return undefined;
    mode = pick.mode;
  }
  const folderUri = vscode.workspace.workspaceFolders?.[0]?.uri.toString();
  const reply = await server.sendRequest(AdmissionPolicyRequest, { engine, ...(mode ? { mode } : {}), ...(folderUri ? { folderUri } : {}) });
  const editor = await openPolicyYaml(reply);
  if (!editor || !reply.ok) return editor;
  const warnings = reply.messages.filter((m) => m.severity !== 'info');
  if (warnings.length) {
    void vscode.window.showWarningMessage(`Secret Surface: admission policy (mode ${reply.mode}): ${warnings.map((m) => m.message).join(' · ')}`);
  }
  return editor;
}
