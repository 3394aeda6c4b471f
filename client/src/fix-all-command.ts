// "Secret Surface: Fix All Safe Problems in Workspace": asks the language server to apply every safe fix of
// each workspace folder (one workspace edit per folder, through the editor's own applyEdit, so a multi-file
// edit opens the refactor preview for confirmation), then says what was applied — or that nothing was.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { ExecuteCommandRequest } from 'vscode-languageclient/node.js';
import { FIX_ALL_WORKSPACE_COMMAND } from '../../server/src/protocol.js';
import { runningClient } from './policy-document.js';

export const FIX_ALL_IN_WORKSPACE_COMMAND = 'secretSurface.fixAllInWorkspace';

export function registerFixAllCommand(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  context.subscriptions.push(vscode.commands.registerCommand(FIX_ALL_IN_WORKSPACE_COMMAND, () => fixAllInWorkspace(client())));
}

async function fixAllInWorkspace(clientOrNone: LanguageClient | undefined): Promise<string[]> {
  const server = runningClient(clientOrNone);
  if (!server) return [];
  const reply = (await server.sendRequest(ExecuteCommandRequest.type, { command: FIX_ALL_WORKSPACE_COMMAND, arguments: [] })) as { applied?: unknown } | null;
  const applied = Array.isArray(reply?.applied) ? reply.applied.filter((t): t is string => typeof t === 'string') : [];
  void vscode.window.showInformationMessage(
    applied.length ? `Secret Surface: applied ${applied.join('; ')}.` : 'Secret Surface: no safe fix to apply in the workspace (or the edit was not confirmed).',
  );
  return applied;
}
