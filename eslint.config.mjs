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
    // Engines are pure: no engine (lint, probe, tls, diagnosis, workspace, capture) may reach for VS Code or an LSP connection.
    files: [
      'server/src/lint/**/*.ts',
      'server/src/documents/**/*.ts',
      'server/src/fs/**/*.ts',
      'server/src/probe/**/*.ts',
      'server/src/tls/**/*.ts',
      'server/src/diagnosis/**/*.ts',
      'server/src/workspace/**/*.ts',
      'server/src/capture/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['vscode', 'vscode-*', '**/lsp/**', '**/cli/**'] }],
    },
  },
  {
    // Rooms import downwards only: the TLS names and wire code know nothing of judgement, probe or lint; the
    // judgement knows nothing of sockets (probe) or rules (lint), so a capture reader can share it.
    files: ['server/src/tls/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['vscode', 'vscode-*', '**/lsp/**', '**/cli/**', '**/lint/**', '**/probe/**', '**/diagnosis/**', '**/workspace/**'] },
      ],
    },
  },
  {
    files: ['server/src/diagnosis/**/*.ts', 'server/src/capture/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['vscode', 'vscode-*', '**/lsp/**', '**/cli/**', '**/lint/**', '**/probe/**'] }],
    },
  },
  {
    // The documents (XML and JSON with exact spans, the connections and SSLInfo values read from them) are what every
    // engine reads: they know TLS names and the shared file globs, nothing of rules, the model, the probe or a host.
    files: ['server/src/documents/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'vscode',
            'vscode-*',
            '**/lsp/**',
            '**/cli/**',
            '**/lint/**',
            '**/workspace/**',
            '**/probe/**',
            '**/capture/**',
            '**/diagnosis/**',
            '**/settings/**',
          ],
        },
      ],
    },
  },
  {
    // The file-system boundary's primitive sits under every room: it imports nothing of the project.
    files: ['server/src/fs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['vscode', 'vscode-*', '../*'] }] },
  },
  {
    // Lint is the lowest engine of the workspace's: the workspace model, the probe and the settings build on it,
    // never the other way round (lint takes its options as values).
    files: ['server/src/lint/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['vscode', 'vscode-*', '**/lsp/**', '**/cli/**', '**/workspace/**', '**/probe/**', '**/settings/**'] },
      ],
    },
  },
  {
    // Settings definitions and their loaders are shared by every host: they know names, tables, the rule registries
    // (to check rule ids) and trust, not sockets.
    files: ['server/src/settings/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['vscode', 'vscode-*', '**/lsp/**', '**/cli/**', '**/probe/**'] }],
    },
  },
  {
    // The client is thin: it talks to the language server (the probe, the capture view) and imports no engine,
    // only the shared protocol types and constants.
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/server/src/*/**', '!**/server/src/shared/**'] }],
    },
  },
  {
    // The capture view's webview script: plain browser JavaScript.
    files: ['media/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { window: 'readonly', document: 'readonly', acquireVsCodeApi: 'readonly', HTMLElement: 'readonly' },
    },
  },
  {
    // The language server is a host beside the CLI, not above it: what both need lives in an engine.
    files: ['server/src/lsp/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['vscode', '**/cli/**'] }] },
  },
  {
    files: ['**/*.mjs', 'bin/*', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', __dirname: 'readonly' } },
  },
);
