'use strict';

// ESLint 9 flat config. Pragmatic: the recommended rules without type information (fast), plus the
// local rule that enforces the direction of imports (core -> never plugins; plugins -> core and other
// plugins only through their index.ts). See eslint/import-boundaries.js.

const { defineConfig } = require('eslint/config');
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const local = require('./eslint');
const prettierOff = require('eslint-config-prettier');

const nodeGlobals = {
  require: 'readonly',
  module: 'writable',
  exports: 'writable',
  __dirname: 'readonly',
  __filename: 'readonly',
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
};

const unusedVars = [
  'error',
  {
    args: 'after-used',
    argsIgnorePattern: '^_',
    varsIgnorePattern: '^_',
    caughtErrorsIgnorePattern: '^_',
    destructuredArrayIgnorePattern: '^_',
    ignoreRestSiblings: true,
  },
];

module.exports = defineConfig(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.test-build/**',
      'coverage/**',
      '.data/**',
      'schema/**',
      'test/graphql/generated.ts',
      '**/*.d.ts',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'warn' },
  },

  // Plain JavaScript (this file, jest.config.js, the local rules): CommonJS on Node.
  {
    files: ['**/*.js', '**/*.cjs'],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: 'commonjs', globals: nodeGlobals },
    rules: {
      ...js.configs.recommended.rules,
      'no-unused-vars': unusedVars,
    },
  },

  // TypeScript: core, plugins, tests, scripts, benchmarks.
  {
    files: ['{src,plugins,test,scripts,bench}/**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    plugins: { local },
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': unusedVars,
      '@typescript-eslint/no-explicit-any': 'warn',
      // Decorator-heavy classes (type-graphql, MikroORM) declare empty classes and namespaces on purpose.
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      'local/import-boundaries': ['error', { root: __dirname }],
      'local/staff-boundary': ['error', { root: __dirname }],
    },
  },

  // A plugin runs SQL on its unit of work's connection: `ctx.em.execute` (or `preparedRows(ctx.em, …)`)
  // uses the transaction's when there is one. `em.getConnection()` takes a second pooled connection
  // while a transaction holds one (docs/architecture.md, "One connection per transaction").
  {
    files: ['plugins/**/*.ts'],
    ignores: ['**/test/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='getConnection']",
          message:
            "Run SQL with ctx.em.execute or preparedRows(ctx.em, …): em.getConnection() leaves the request's transaction for a second pooled connection (docs/architecture.md).",
        },
      ],
    },
  },

  // A client of an outside system checks that no transaction is open (eslint/outside-call-check.js).
  {
    files: ['src/**/*.ts', 'plugins/**/*.ts'],
    ignores: ['**/test/**', '**/*.test.ts'],
    rules: { 'local/outside-calls': 'error' },
  },

  // Tests may use `any` freely and import anything (the boundary rule skips them by path).
  {
    files: ['test/**/*.ts', '**/test/**/*.ts', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },

  // Formatting belongs to Prettier (`npm run format:check` in CI); no lint rule argues with it.
  prettierOff,
);
