// The editor scenarios inside a real extension host, through the VS Code API: the installed (or
// development) extension activates on the workspace, publishes our diagnostics with rule ids, docs
// links and related locations, answers hovers and the report request, and a Dockerfile edit to a
// distroless base clears the manifest's finding.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, until } from './support.js';

interface Scenario {
  manifest: string;
  dockerfile: string;
  imageText: string;
  fromLine: string;
  hardenedFromLine: string;
  rule: string;
}



export function defineEditorSuite(): void {
  suite('Secret Surface in the extension host', () => {
    let root: vscode.Uri;
    let sc: Scenario;
    const uri = (rel: string) => vscode.Uri.joinPath(root, ...rel.split('/'));
    const ours = (rel: string) => vscode.languages.getDiagnostics(uri(rel)).filter((d) => d.source === 'secret-surface');

    suiteSetup(async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder, 'the workbench opened no folder');
      root = folder.uri;
      // The runner writes the scenario beside the workspace copy.
      sc = JSON.parse(fs.readFileSync(path.join(root.fsPath, '..', 'scenario.json'), 'utf8')) as Scenario;
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `${EXTENSION_ID} is not installed`);
      await ext.activate();
    });

    test('the manifest gets the rule, its docs link and a related location in the Dockerfile', async () => {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri(sc.manifest)));
      const d = await until(() => ours(sc.manifest).find((x) => codeOf(x) === sc.rule), `${sc.rule} on ${sc.manifest}`);
      const doc = await vscode.workspace.openTextDocument(uri(sc.manifest));
      assert.ok(doc.getText(d.range).includes(sc.imageText.split(':')[0]!), `finding sits on "${doc.getText(d.range)}"`);
      assert.equal(typeof d.code, 'object');
      assert.match(String((d.code as { target: vscode.Uri }).target), new RegExp(`${sc.rule}\\.md$`));
      assert.ok(
        (d.relatedInformation ?? []).some((r) => r.location.uri.path.endsWith(sc.dockerfile)),
        `related: ${(d.relatedInformation ?? []).map((r) => r.location.uri.path).join(', ')}`,
      );
    });

    test('hovering the image explains where its tools come from', async () => {
      const doc = await vscode.workspace.openTextDocument(uri(sc.manifest));
      const pos = doc.positionAt(doc.getText().indexOf(sc.imageText) + 3);
      let text = '';
      const deadline = Date.now() + 30_000;
      while (!text && Date.now() < deadline) {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
        text = hovers
          .flatMap((h) => h.contents)
          .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
          .join('\n');
        if (!text) await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(text.includes(path.posix.basename(path.posix.dirname(sc.dockerfile))) || text.includes('Dockerfile'), `hover: ${text}`);
    });

    test('the exposure report lists the container with its Secrets and hardening', async () => {
      await vscode.commands.executeCommand('secretSurface.showExposureReport');
      const api = vscode.extensions.getExtension(EXTENSION_ID)!.exports as {
        client(): { sendRequest(method: string, params: unknown): Promise<{ rows: { manifest: { uri: string }; secrets: unknown[]; hardening: string }[] }> };
      };
      const report = await api.client().sendRequest('secretSurface/exposureReport', {});
      const row = report.rows.find((r) => r.manifest.uri.endsWith(sc.manifest));
      assert.ok(row, `no row for ${sc.manifest}`);
      assert.ok(row.secrets.length > 0);
      assert.equal(row.hardening, 'exposed');
    });

    test('turning the rule off in settings applies without a restart, and back on', async () => {
      const config = vscode.workspace.getConfiguration('secretSurface', root);
      await config.update('rules', { [sc.rule]: 'off' }, vscode.ConfigurationTarget.Workspace);
      await until(() => !ours(sc.manifest).some((x) => codeOf(x) === sc.rule) && ours(sc.manifest).length > 0, `${sc.rule} off via settings`);
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
      await until(() => ours(sc.manifest).some((x) => codeOf(x) === sc.rule), `${sc.rule} back after the setting is removed`);
    });

    test('Restart Server brings the diagnostics back', async () => {
      await vscode.commands.executeCommand('secretSurface.restartServer');
      await until(() => ours(sc.manifest).some((x) => codeOf(x) === sc.rule), `${sc.rule} after a restart`);
      const rules = await (vscode.extensions.getExtension(EXTENSION_ID)!.exports as {
        client(): { sendRequest(method: string): Promise<{ id: string }[]> };
      })
        .client()
        .sendRequest('secretSurface/rules');
      assert.ok(rules.some((r) => r.id === sc.rule));
    });

    test('Open Rule Docs shows the rule page shipped in the extension', async () => {
      await vscode.commands.executeCommand('secretSurface.openRuleDocs', sc.rule);
      const tab = await until(
        () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label.includes(`${sc.rule}.md`)),
        `a tab showing ${sc.rule}.md`,
      );
      assert.ok(tab);
    });

    test('a distroless FROM in the Dockerfile clears the manifest finding', async () => {
      const doc = await vscode.workspace.openTextDocument(uri(sc.dockerfile));
      const at = doc.getText().indexOf(sc.fromLine);
      assert.ok(at >= 0, `${sc.fromLine} not in ${sc.dockerfile}`);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + sc.fromLine.length)), sc.hardenedFromLine);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await until(() => !ours(sc.manifest).some((x) => codeOf(x) === sc.rule), `${sc.rule} to leave ${sc.manifest}`);
      // Undo in the buffer: the finding comes back, so the refresh works both ways.
      const undo = new vscode.WorkspaceEdit();
      const now = doc.getText().indexOf(sc.hardenedFromLine);
      undo.replace(doc.uri, new vscode.Range(doc.positionAt(now), doc.positionAt(now + sc.hardenedFromLine.length)), sc.fromLine);
      assert.ok(await vscode.workspace.applyEdit(undo));
      await until(() => ours(sc.manifest).some((x) => codeOf(x) === sc.rule), `${sc.rule} to return on ${sc.manifest}`);
    });
  });
}
