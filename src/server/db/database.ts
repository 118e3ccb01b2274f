import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** What repositories need from a database: PGlite and PostgreSQL look the same through it. */
export interface Queryable {
  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<{ rows: T[]; rowCount: number }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly driver: 'pglite' | 'postgres';
  /** Runs `work` in one transaction; it commits when `work` resolves and rolls back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify` for each NOTIFY on `channel` (sent at commit, from any process sharing the
   * database); resolves to a function that stops listening.
   */
  listen?(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// int8 (bigint) and numeric arrive as strings by default; our ids fit in a JS number.
pg.types.setTypeParser(20, (value) => Number(value));
pg.types.setTypeParser(1700, (value) => Number(value));

export interface PostgresOptions {
  connectionString: string;
  /** Schema to work in (tests use one per test file); created when missing. */
  schema?: string;
  max?: number;
}

export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    // The service's queries read small index ranges (the report reads rollups): starting parallel
    // workers costs more than it saves, and takes cores from the other sessions.
    options: [
      '-c max_parallel_workers_per_gather=0',
      ...(options.schema ? [`-c search_path=${options.schema}`] : []),
    ].join(' '),
  });
  if (options.schema) {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(options.schema)}`);
  }
  const toResult = <T>(r: pg.QueryResult) => ({ rows: r.rows as T[], rowCount: r.rowCount ?? 0 });
  return {
    driver: 'postgres',
    async query<T>(sql: string, params: unknown[] = []) {
      return toResult<T>(await pool.query(sql, params));
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          async query<R>(sql: string, params: unknown[] = []) {
            return toResult<R>(await client.query(sql, params));
          },
          async exec(sql: string) {
            await client.query(sql);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel: string, onNotify: () => void) {
      // A connection of its own: pooled ones are handed around and would drop the LISTEN.
      const client = new pg.Client({ connectionString: options.connectionString });
      client.on('notification', (message) => {
        if (message.channel === channel) onNotify();
      });
      // A lost listener only costs latency: the caller's poll still finds the work.
      client.on('error', () => undefined);
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(channel)}`);
      return async () => {
        await client.end().catch(() => undefined);
      };
    },
    async close() {
      await pool.end();
    },
  };
}

/** Opens the embedded database: in `dataDir` on disk, or in memory when `dataDir` is null. */
export async function openPglite(dataDir: string | null): Promise<Database> {
  if (dataDir) await fs.mkdir(path.dirname(dataDir), { recursive: true });
  return pgliteDatabase(dataDir ? await PGlite.create(dataDir) : await PGlite.create());
}

/** The Database over an open PGlite (tests open one from a migrated snapshot, spec/support/databases.ts). */
export function pgliteDatabase(db: PGlite): Database {
  // PGlite has one connection: a transaction must not interleave with other queries.
  let queue: Promise<unknown> = Promise.resolve();
  const serialize = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
  const toResult = <T>(r: { rows: unknown[]; affectedRows?: number }) => ({
    rows: r.rows as T[],
    rowCount: r.affectedRows ?? r.rows.length,
  });
  return {
    driver: 'pglite',
    query<T>(sql: string, params: unknown[] = []) {
      return serialize(async () => toResult<T>(await db.query(sql, params)));
    },
    exec(sql: string) {
      return serialize(async () => {
        await db.exec(sql);
      });
    },
    transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      return serialize(() =>
        db.transaction(async (tx) =>
          work({
            async query<R>(sql: string, params: unknown[] = []) {
              return toResult<R>(await tx.query(sql, params));
            },
            async exec(sql: string) {
              await tx.exec(sql);
            },
          }),
        ),
      );
    },
    async listen(channel: string, onNotify: () => void) {
      const stop = await serialize(() => db.listen(channel, () => onNotify()));
      return () => serialize(() => stop());
    },
    async close() {
      await queue;
      await db.close();
    },
  };
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new Error(`Unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}

/** PostgreSQL's codes for a transaction it rolled back to break a deadlock or a serialization clash. */
const RETRYABLE_CODES = new Set(['40P01', '40001']);

/**
 * Runs `work` (one whole transaction) again when PostgreSQL rolled it back to break a deadlock:
 * two writers that lock the same rollup rows in another order (a customer's answer that replaces
 * an older one beside a reminder or another answer of that agent's week) are legal, and one of
 * them loses. Its transaction left nothing behind, so running it again is safe; `work` must do
 * nothing outside the database. A few attempts, then the error goes to the caller.
 */
export async function retryingDeadlocks<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (attempt >= attempts || typeof code !== 'string' || !RETRYABLE_CODES.has(code))
        throw error;
      // A short, random pause so the two writers do not meet again at once.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
