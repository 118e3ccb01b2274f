import type { Database } from '../../../src/server/db/database.js';
import { COUNT_ROLLUPS, PATH_ROLLUPS } from '../../support/rollup-tables.js';

const ROLLUPS = [...COUNT_ROLLUPS, ...PATH_ROLLUPS];

/** Every rollup row, in a stable order: the report's whole input. */
export async function rollupRows(db: Database): Promise<string[]> {
  const out: string[] = [];
  for (const table of ROLLUPS) {
    const { rows } = await db.query(`SELECT * FROM ${table}`);
    for (const row of rows) out.push(`${table} ${JSON.stringify(row)}`);
  }
  return out.sort();
}

/** The report with every comment blanked: the comment lists are the one thing erasure changes. */
export function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === 'comment' ? null : withoutComments(v)]),
  );
}
