// Entry point the extension host loads through `extensionTestsPath` for the quick-fix scenarios
// (code-server's ?payload= hook): runs the fixes suite with mocha.
import Mocha from 'mocha';
import { defineFixesSuite } from './fixes-suite.js';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 90_000 });
  mocha.suite.emit('pre-require', globalThis, 'fixes-suite', mocha);
  defineFixesSuite();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
