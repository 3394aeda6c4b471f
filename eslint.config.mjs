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
);
