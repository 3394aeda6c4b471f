// "Secret Surface: Generate Runtime Policy…": pick the engine, the mode and optionally an observed-process
// baseline, ask the language server for the runtime baseline of the workspace folder, and open the YAML in an
// untitled editor. The summary (what is not covered) is shown, never dropped.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { RuntimePolicyRequest, type RuntimePolicyEngine } from '../../server/src/protocol.js';
import { openPolicyYaml, runningClient } from './policy-document.js';

export const GENERATE_RUNTIME_POLICY_COMMAND = 'secretSurface.generateRuntimePolicy';

interface Args {
  engine?: RuntimePolicyEngine;
  mode?: 'audit' | 'block';
  baselineUri?: string;
}

/** `engine`, `mode` and `baselineUri` may be passed by a caller (tests, keybindings) to skip the pickers. */
export function registerRuntimePolicyCommand(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  context.subscriptions.push(vscode.commands.registerCommand(GENERATE_RUNTIME_POLICY_COMMAND, (args?: Args) => generateRuntimePolicy(client(), args ?? {})));
}

async function generateRuntimePolicy(clientOrNone: LanguageClient | undefined, args: Args): Promise<vscode.TextEditor | undefined> {
  const server = runningClient(clientOrNone);
  if (!server) return undefined;
  const engine =
    args.engine ??
    (
      await vscode.window.showQuickPick(
        [
          { label: 'Falco', description: 'rules file: alerts on Secret reads, environ reads and tool execs', engine: 'falco' as const },
          { label: 'Tetragon', description: 'TracingPolicyNamespaced: kprobes, can block', engine: 'tetragon' as const },
          { label: 'KubeArmor', description: 'KubeArmorPolicy: file and process rules, can block', engine: 'kubearmor' as const },
        ],
        { placeHolder: 'Runtime security engine' },
      )
    )?.engine;
  if (!engine) return undefined;
  let mode = args.mode;
  let baselineUri = args.baselineUri;
  if (!args.engine) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'audit', description: 'alert only', mode: 'audit' as const, baseline: false },
        { label: 'block', description: 'deny where the engine can (Falco still only alerts)', mode: 'block' as const, baseline: false },
        { label: 'audit, with a baseline file…', description: 'widen the expected readers with a profiling run', mode: 'audit' as const, baseline: true },
      ],
      { placeHolder: 'Mode' },
    );
    if (!pick) return undefined;
    mode = pick.mode;
    if (pick.baseline) {
      const files = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Use baseline', filters: { 'Baseline (YAML or JSON)': ['yaml', 'yml', 'json'] } });
      if (!files?.[0]) return undefined;
      baselineUri = files[0].toString();
    }
  }
  const folderUri = vscode.workspace.workspaceFolders?.[0]?.uri.toString();
  const reply = await server.sendRequest(RuntimePolicyRequest, { engine, ...(mode ? { mode } : {}), ...(baselineUri ? { baselineUri } : {}), ...(folderUri ? { folderUri } : {}) });
  const editor = await openPolicyYaml(reply);
  if (!editor || !reply.ok) return editor;
  void vscode.window.showInformationMessage(`Secret Surface: runtime policy — ${reply.summary}`);
  return editor;
}
