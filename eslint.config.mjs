import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_SANDBOX = {
  group: ['**/sandbox/**'],
  message: 'The sandbox must never leak into app or service code.',
};
const NO_SERVER_IN_APP = {
  group: ['**/server/**'],
  message:
    "The app runs in Zendesk's iframe and reaches the service over HTTP only: share code through src/shared.",
};
const NO_NODE_IN_SHARED =
  'src/shared also runs in the browser (the app): no Node built-ins; keep I/O in src/server.';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'coverage', '.data', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  // The one-way doors between the layers (spec/architecture/ proves each fails a wrong import;
  // import cycles are checked by spec/architecture/import-cycles.test.ts). A later block replaces
  // the rule's options, so each layer lists all of its doors.
  {
    files: ['src/server/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_SANDBOX] }] },
  },
  {
    files: ['src/app/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_SANDBOX, NO_SERVER_IN_APP] }] },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({ name, message: NO_NODE_IN_SHARED })),
          patterns: [
            NO_SANDBOX,
            { group: ['node:*'], message: NO_NODE_IN_SHARED },
            {
              group: ['**/server/**', '**/app/**'],
              message: 'src/shared is what app and service share: it imports neither.',
            },
          ],
        },
      ],
    },
  },
);
