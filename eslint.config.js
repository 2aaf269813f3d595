// @ts-check
// Lint guards the module boundaries of docs/architecture.md (DESIGN.md §2):
//   shared/                 platform-neutral: imports only zod and itself
//   companion/              never imports extension/
//   extension/              never imports companion/
//   extension/features/     site-agnostic: never imports a particular site adapter
//   extension/sites/        site knowledge only: never imports features, entrypoints or the background
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const restrict = (patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'test/fixtures/**', '.tmp/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='innerHTML']",
          message: 'Captured text is hostile: use textContent or Preact, never innerHTML.',
        },
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Captured text is hostile: never dangerouslySetInnerHTML.',
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|\\.{1,2}/)',
              message: 'shared/ is platform-neutral: it may import only zod and other shared/ modules.',
            },
            {
              group: ['**/companion/**', '**/extension/**'],
              message: 'shared/ must not import companion/ or extension/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['companion/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['**/extension/**', 'wxt', 'wxt/*', 'webextension-polyfill', 'preact', 'preact/*'],
          message: 'The companion never imports extension code.',
        },
      ]),
    },
  },
  {
    files: ['extension/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['**/companion/**', 'better-sqlite3', 'kysely', 'ws', 'node:*'],
          message: 'The extension never imports companion or Node code.',
        },
      ]),
    },
  },
  {
    files: ['extension/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['**/companion/**', 'better-sqlite3', 'kysely', 'ws', 'node:*'],
          message: 'The extension never imports companion or Node code.',
        },
        {
          group: ['**/sites/*', '!**/sites/types', '!**/sites/types.js', '!**/sites/registry', '!**/sites/registry.js'],
          message: 'Features are site-agnostic: take selectors from the adapter passed in, never import a site.',
        },
      ]),
    },
  },
  {
    files: ['extension/sites/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['**/companion/**', 'better-sqlite3', 'kysely', 'ws', 'node:*'],
          message: 'The extension never imports companion or Node code.',
        },
        {
          group: ['**/features/**', '**/entrypoints/**', '**/background/**', '**/ui/**'],
          message: 'Site adapters hold site knowledge only.',
        },
      ]),
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
