// What the policy-generating commands share: the check that the language server is running, and opening a
// generated policy's YAML in an untitled editor (or showing why none was generated).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';

/** The client when its server is running; otherwise says so and returns undefined. */
export function runningClient(client: LanguageClient | undefined): LanguageClient | undefined {
  if (client?.isRunning()) return client;
  void vscode.window.showErrorMessage('Secret Surface: the language server is not running.');
  return undefined;
}

/** Opens a generated policy's YAML, or shows the server's reason when there is none. */
export async function openPolicyYaml(reply: { ok: true; yaml: string } | { ok: false; message: string }): Promise<vscode.TextEditor | undefined> {
  if (!reply.ok) {
    void vscode.window.showErrorMessage(`Secret Surface: ${reply.message}`);
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: reply.yaml });
  return vscode.window.showTextDocument(doc);
}
