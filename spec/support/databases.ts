import crypto from 'node:crypto';
import pg from 'pg';
import {
  openPglite,
  openPostgres,
  quoteIdent,
  type Database,
} from '../../src/server/db/database.js';
import { loadMigrations, migrate } from '../../src/server/db/migrate.js';

export type Driver = 'pglite' | 'postgres';

/**
 * The databases every storage test runs on. PostgreSQL needs TEST_DATABASE_URL; in CI its absence
 * is an error, so neither database can be skipped there silently.
 */
export function testDrivers(): Driver[] {
  if (process.env.TEST_DATABASE_URL) return ['pglite', 'postgres'];
  if (process.env.CI) {
    throw new Error(
      'TEST_DATABASE_URL is missing: CI must run every storage test on PostgreSQL too.',
    );
  }
  return ['pglite'];
}

/** A fresh, migrated database: PGlite in memory, or a new schema on the test PostgreSQL server. */
export async function openTestDatabase(driver: Driver): Promise<Database> {
  return openTestDatabaseBefore(driver, Infinity);
}

/**
 * Like openTestDatabase, migrated up to, not including, `version`: for testing a migration on data
 * written before it, on both databases.
 */
export async function openTestDatabaseBefore(driver: Driver, version: number): Promise<Database> {
  const migrations = (await loadMigrations()).filter((m) => m.version < version);
  if (driver === 'pglite') {
    const db = await openPglite(null);
    await migrate(db, migrations);
    return db;
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
  const db = await openPostgres({ connectionString: url, schema, max: 5 });
  await migrate(db, migrations);
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await close();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
      await admin.end();
    },
  });
}

/**
 * Declares `body` once per database: `describeEachDatabase('surveys', (getDb) => { ... })`.
 * Each database block gets a fresh migrated database, closed after its tests.
 */
export function describeEachDatabase(
  name: string,
  body: (getDb: () => Database, driver: Driver) => void,
): void {
  describe.each(testDrivers())(`${name} [%s]`, (driver) => {
    let db: Database | null = null;
    beforeAll(async () => {
      db = await openTestDatabase(driver);
    });
    afterAll(async () => {
      await db?.close();
    });
    body(() => {
      if (!db) throw new Error('database not open yet');
      return db;
    }, driver);
  });
}

/** PGlite migrated up to, not including, `version`: for testing a migration on data written before it. */
export async function openPgliteBefore(version: number): Promise<Database> {
  const db = await openPglite(null);
  await migrate(
    db,
    (await loadMigrations()).filter((m) => m.version < version),
  );
  return db;
}
