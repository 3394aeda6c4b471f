// Entry point the extension host loads through `extensionTestsPath` (code-server's ?payload= hook, or
// @vscode/test-electron where VS Code can be downloaded): runs the editor suite with mocha.
import Mocha from 'mocha';
import { defineEditorSuite } from './editor-suite.js';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
  mocha.suite.emit('pre-require', globalThis, 'editor-suite', mocha);
  defineEditorSuite();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
