// Quick fixes inside a real extension host, through the VS Code API the lightbulb uses: the extension
// activates on a copy of test/fixtures/editor-fixes/shop, vscode.executeCodeActionProvider returns our
// exec-form quick fix for the Dockerfile and the "Fix all safe problems" source action for the
// manifest, workspace.applyEdit applies them, and saving clears the findings with the files as expected.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, until as untilDefault } from './support.js';

/** Quick fixes wait on the server after each edit: a longer deadline than the editor scenarios. */
const until = <T>(check: () => T | undefined | false, what: string, ms = 60_000): Promise<T> => untilDefault(check, what, ms);

const RULE = 'shell-form-without-shell';
const FIX_ALL = 'source.fixAll.secretSurface';


export function defineFixesSuite(): void {
  suite('Secret Surface quick fixes in the extension host', () => {
    let root: vscode.Uri;
    const uri = (rel: string) => vscode.Uri.joinPath(root, ...rel.split('/'));
    const findings = (rel: string) => vscode.languages.getDiagnostics(uri(rel)).filter((d) => d.source === 'secret-surface' && codeOf(d) === RULE);

    suiteSetup(async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder, 'the workbench opened no folder');
      root = folder.uri;
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `${EXTENSION_ID} is not installed`);
      await ext.activate();
    });

    test('the exec-form quick fix on the Dockerfile: preferred, applied, saved, finding gone', async () => {
      const rel = 'web/Dockerfile';
      const original = fs.readFileSync(uri(rel).fsPath, 'utf8');
      const doc = await vscode.workspace.openTextDocument(uri(rel));
      await vscode.window.showTextDocument(doc);
      const [d] = await until(() => findings(rel).length > 0 && findings(rel), `${RULE} on ${rel}`);
      assert.equal(doc.getText(d!.range).trim(), 'CMD node server.js');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d!.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title.startsWith('Rewrite in exec form'));
      assert.ok(fix?.edit, `actions: ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(fix.isPreferred, true);
      // (vscode.executeCodeActionProvider drops the action's diagnostics, so they are checked over LSP instead.)
      assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      const expected = original.replace('CMD node server.js', 'CMD ["server.js"]');
      assert.equal(doc.getText(), expected);
      assert.ok(await doc.save());
      await until(() => findings(rel).length === 0, `${RULE} to leave ${rel}`);
      assert.equal(fs.readFileSync(uri(rel).fsPath, 'utf8'), expected);
    });

    test('"Fix all safe problems" on the manifest turns the sh -c probe into httpGet and clears the finding', async () => {
      const rel = 'k8s/web.yaml';
      const original = fs.readFileSync(uri(rel).fsPath, 'utf8');
      const doc = await vscode.workspace.openTextDocument(uri(rel));
      await vscode.window.showTextDocument(doc);
      await until(() => findings(rel).length > 0, `${RULE} on ${rel}`);
      const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, whole, FIX_ALL);
      const all = actions.find((a) => a.kind?.value === FIX_ALL);
      assert.ok(all?.edit, `actions: ${actions.map((a) => `${a.kind?.value}: ${a.title}`).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(all.edit));
      const expected = original.replace(
        'exec:\n              command: ["sh", "-c", "curl -fsS http://localhost:8080/healthz"]\n',
        'httpGet:\n              path: /healthz\n              port: 8080\n',
      );
      assert.notEqual(expected, original);
      assert.equal(doc.getText(), expected);
      assert.ok(await doc.save());
      await until(() => findings(rel).length === 0, `${RULE} to leave ${rel}`);
      assert.equal(fs.readFileSync(uri(rel).fsPath, 'utf8'), expected);
    });
  });
}
