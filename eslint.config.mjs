// Lint: type-aware checks that catch what tsc does not — above all promises nobody awaits.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['build/**', '**/out/**', 'node_modules/**', 'test/fixtures/**', 'examples/**', '.tools/**', 'bench/.work/**', 'test/e2e/exthost/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test registers tests through returned promises the runner awaits itself.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // The pure core (test/unit/core-boundary.test.ts checks the same, and what the core may import).
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(node:)?(fs|fs/promises|http|https|http2|net|tls|dgram|child_process|worker_threads|os|process)$', message: 'The core does no I/O: read files in an adapter and pass text in.' },
            { regex: '^(vscode|vscode-languageserver|vscode-languageclient|vscode-languageserver-protocol|node-fetch|@kubernetes/client-node)(/.*)?$', message: 'The core knows no editor, LSP connection, network or cluster.' },
            { regex: '^(\\.\\./)+(lsp|cli|cluster)(/|$)|^(\\.\\./)+(protocol|server)(\\.js)?$', message: 'The core imports no adapter: adapters import the core.' },
          ],
        },
      ],
    },
  },
);
