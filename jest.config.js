/** Jest runs TypeScript through SWC (no type-check here; `npm run typecheck` does that). */
module.exports = {
  testMatch: ['<rootDir>/spec/**/*.test.ts', '<rootDir>/spec/**/*.test.tsx'],
  transform: {
    '^.+\\.(t|m?j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // jose and react-merge-refs (used by Garden tabs) ship only ES modules: compile them to CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(jose|react-merge-refs)/)'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  // Every request the service sends the sandbox Zendesk is checked against Zendesk's OpenAPI.
  setupFilesAfterEnv: ['<rootDir>/spec/support/zendesk-contract.ts'],
  testTimeout: 30000,
  maxWorkers: 2,
};
