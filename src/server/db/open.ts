import type { Config } from '../config.js';
import { openPglite, openPostgres, type Database } from './database.js';
import { migrate } from './migrate.js';

/** Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite) and migrates it. */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
): Promise<Database> {
  const db = config.databaseUrl
    ? await openPostgres({ connectionString: config.databaseUrl })
    : await openPglite(config.dataDir);
  await migrate(db);
  return db;
}
