/**
 * Jest runs TypeScript through SWC (no type-check here; `npm run typecheck` does that).
 *
 * Three projects, so each kind of test can run alone (`npm run test:unit -- --selectProjects unit`):
 * - unit: everything in memory (app, shared, sandbox, and service code without a database);
 * - storage: files that open a database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set),
 *   found by what they import, so a new storage test lands in this project by itself;
 * - e2e: spec/e2e, the product in Chromium.
 */
const fs = require('node:fs');
const path = require('node:path');

const SPEC = path.join(__dirname, 'spec');
const E2E = path.join(SPEC, 'e2e');
/** What a test file that opens a database imports or calls. */
const OPENS_A_DATABASE = /support\/databases|openPglite|openPostgres|startDemo|freshPostgres/;

function testFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return file === E2E ? [] : testFiles(file);
    return /\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

const storageFiles = testFiles(SPEC).filter((file) =>
  OPENS_A_DATABASE.test(fs.readFileSync(file, 'utf8')),
);
const escape = (file) => file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const common = {
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
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/spec/**/*.test.ts', '<rootDir>/spec/**/*.test.tsx'],
      testPathIgnorePatterns: [
        '/node_modules/',
        '<rootDir>/spec/e2e/',
        ...storageFiles.map(escape),
      ],
    },
    {
      ...common,
      displayName: 'storage',
      // Literal paths: a file outside this list cannot match.
      testMatch: storageFiles.length > 0 ? storageFiles : ['<rootDir>/spec/no-storage-tests'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/spec/e2e/**/*.test.ts'],
    },
  ],
  testTimeout: 30000,
  maxWorkers: 2,
};
