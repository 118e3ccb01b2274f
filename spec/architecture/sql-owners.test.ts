/**
 * Every table has one owner: SQL runs only in repositories (files named *-repository.ts), and each
 * table is written from one folder of the service. Jobs, routes and the intake call repositories.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SERVER = path.join(ROOT, 'src/server');

/** Files that query the database without the name, each with its reason. */
const NOT_NAMED_REPOSITORY: Record<string, string> = {
  'src/server/setup/zendesk-state.ts': 'the owner of zendesk_state (setup state, rate-limit pause)',
  'src/server/security/shared-rate-limit.ts':
    'the owner of rate_limit_windows: the store behind the rate limits',
  'src/server/setup/account-zone.ts': 'asks PostgreSQL whether it knows a time zone; no table',
  'src/server/routes/health.ts': "SELECT 1 is the health check's question",
  'src/server/reports/report-queries.ts': "the reports' repository",
  'src/server/reports/answer-export.ts': 'report queries (the reports area)',
  'src/server/reports/resolution-paths.ts': 'report queries (the reports area)',
};

/** Erasure reaches every table that holds a person's data, by design (docs/data-protection.md). */
const WRITES_EVERY_TABLE = new Set(['src/server/privacy/erasure-repository.ts']);

function serverFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'db' && dir === SERVER ? [] : serverFiles(file);
    return entry.name.endsWith('.ts') ? [path.relative(ROOT, file)] : [];
  });
}

const files = serverFiles(SERVER).map((file) => ({
  file,
  text: fs.readFileSync(path.join(ROOT, file), 'utf8'),
}));

describe('SQL owners', () => {
  it('finds the service code (the scan is not empty)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.file === 'src/server/surveys/intake-repository.ts')).toBe(true);
  });

  it('runs SQL only in repositories', () => {
    const querying = files
      .filter(({ text }) => /\.query\s*[(<]/.test(text))
      .map(({ file }) => file)
      .filter((file) => !file.endsWith('-repository.ts') && !(file in NOT_NAMED_REPOSITORY));
    expect(querying).toEqual([]);
  });

  it('writes each table from one folder', () => {
    const writers = new Map<string, Set<string>>();
    for (const { file, text } of files) {
      if (WRITES_EVERY_TABLE.has(file)) continue;
      for (const match of text.matchAll(/\b(?:INSERT INTO|UPDATE|DELETE FROM)\s+([a-z_]+)\b/g)) {
        const table = match[1]!;
        const folders = writers.get(table) ?? new Set<string>();
        folders.add(path.dirname(file));
        writers.set(table, folders);
      }
    }
    expect(writers.get('surveys')).toEqual(new Set(['src/server/surveys']));
    const shared = [...writers].filter(([, folders]) => folders.size > 1);
    expect(shared.map(([table, folders]) => `${table}: ${[...folders].join(', ')}`)).toEqual([]);
  });
});
