import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import {
  openPostgres,
  pgliteDatabase,
  quoteIdent,
  type Database,
} from '../../src/server/db/database.js';
import { loadMigrations, migrate, type Migration } from '../../src/server/db/migrate.js';

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
  if (driver === 'pglite') return openMigratedPglite(migrations);
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
  return openMigratedPglite((await loadMigrations()).filter((m) => m.version < version));
}

/**
 * A fresh in-memory PGlite holding `migrations`, cloned from a snapshot. Creating a PGlite runs
 * initdb (5–10 s on a busy machine) and the migrations add more; loading a migrated data directory
 * takes under 2 s. Each caller still gets its own database (its own LISTEN channels, its own
 * connection), exactly as before.
 *
 * The snapshot is a file named by the PGlite version and the migrations' text, so every jest
 * worker and every later run reuses it, and a changed migration can never load a stale one.
 */
async function openMigratedPglite(migrations: Migration[]): Promise<Database> {
  const snapshot = await migratedSnapshot(migrations);
  return pgliteDatabase(await PGlite.create({ loadDataDir: snapshot }));
}

const SNAPSHOT_DIR = path.join(os.tmpdir(), 'zendesk-ces-test-pglite');
const PGLITE_VERSION = (
  JSON.parse(
    readFileSync(
      path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json'),
      'utf8',
    ),
  ) as { version: string }
).version;
const snapshots = new Map<string, Promise<Blob>>();

function migratedSnapshot(migrations: Migration[]): Promise<Blob> {
  const key = crypto
    .createHash('sha256')
    .update(JSON.stringify([PGLITE_VERSION, migrations.map((m) => [m.version, m.sql])]))
    .digest('hex')
    .slice(0, 24);
  let snapshot = snapshots.get(key);
  if (!snapshot) {
    snapshot = readOrMakeSnapshot(path.join(SNAPSHOT_DIR, `${key}.tar.gz`), migrations);
    snapshots.set(key, snapshot);
    snapshot.catch(() => snapshots.delete(key));
  }
  return snapshot;
}

async function readOrMakeSnapshot(file: string, migrations: Migration[]): Promise<Blob> {
  try {
    return new Blob([await fs.readFile(file)]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const pglite = await PGlite.create();
  try {
    await migrate(pgliteDatabase(pglite), migrations);
    const bytes = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
    // Written aside and renamed: a worker racing this one reads a whole snapshot or none.
    await fs.mkdir(SNAPSHOT_DIR, { recursive: true });
    const partial = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    await fs.writeFile(partial, bytes);
    await fs.rename(partial, file);
    return new Blob([bytes]);
  } finally {
    await pglite.close();
  }
}
