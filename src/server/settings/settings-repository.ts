import type { Queryable } from '../db/database.js';
import { withDefaults, type Settings } from '../../shared/settings.js';

/** The account's settings: the stored document merged over the defaults (defaults when none is stored). */
export async function getSettings(db: Queryable): Promise<Settings> {
  const { rows } = await db.query<{ data: Partial<Settings> }>(
    'SELECT data FROM settings WHERE id = 1',
  );
  return withDefaults(rows[0]?.data ?? null);
}

/** Replaces the stored settings document; callers validate it first (validateSettings). */
export async function saveSettings(db: Queryable, settings: Settings): Promise<void> {
  await db.query(
    `INSERT INTO settings (id, data, updated_at) VALUES (1, $1::jsonb, now())
     ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`,
    [JSON.stringify(settings)],
  );
}
