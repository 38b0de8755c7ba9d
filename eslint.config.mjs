// Strict TypeScript linting for every half; formatting is Prettier's job (eslint-config-prettier).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.tmp/**', '.vscode-test/**', 'test/vscode/fixtures/**', 'test/corpus/data/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  prettier,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // Engines are pure: neither the lint engine nor the probe may reach for VS Code or an LSP connection.
    files: ['server/src/lint/**/*.ts', 'server/src/probe/**/*.ts', 'server/src/tls/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['vscode', 'vscode-*', '**/lsp/**', '**/cli/**'] }],
    },
  },
  {
    // The pure half of "Diagnose target TLS" (tested with node:test, outside VS Code).
    files: ['client/src/diagnose/targets.ts', 'client/src/diagnose/settings.ts', 'client/src/diagnose/present.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['vscode', 'vscode-*'] }],
    },
  },
  {
    files: ['**/*.mjs', 'bin/*', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', __dirname: 'readonly' } },
  },
);
