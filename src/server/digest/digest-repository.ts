import type { Queryable } from '../db/database.js';
import { matchLocale, type Locale } from '../../shared/locales.js';

/** A lead's weekly digest choice: on or off, in their language. */
export interface DigestSubscription {
  userId: number;
  enabled: boolean;
  locale: Locale;
}

/** The groups a digest covers; 'all' for those who see every group. */
export type DigestGroups = readonly number[] | 'all';

interface Row {
  zendesk_user_id: number | string;
  enabled: boolean;
  locale: string;
}

function toSubscription(r: Row): DigestSubscription {
  return {
    userId: Number(r.zendesk_user_id),
    enabled: r.enabled,
    locale: matchLocale(r.locale) ?? 'en',
  };
}

export async function findDigestSubscription(
  db: Queryable,
  userId: number,
): Promise<DigestSubscription | null> {
  const { rows } = await db.query<Row>(
    `SELECT zendesk_user_id, enabled, locale FROM digest_subscriptions
      WHERE zendesk_user_id = $1`,
    [userId],
  );
  return rows[0] ? toSubscription(rows[0]) : null;
}

/** Stores the lead's own choice. */
export async function saveDigestSubscription(db: Queryable, s: DigestSubscription): Promise<void> {
  await db.query(
    `INSERT INTO digest_subscriptions (zendesk_user_id, enabled, locale)
     VALUES ($1, $2, $3)
     ON CONFLICT (zendesk_user_id) DO UPDATE
       SET enabled = EXCLUDED.enabled, locale = EXCLUDED.locale, updated_at = now()`,
    [s.userId, s.enabled, s.locale],
  );
}

/** Opted-in leads who have not had the digest of the week starting `weekFrom` yet. */
export async function listDigestsDue(
  db: Queryable,
  weekFrom: string,
): Promise<DigestSubscription[]> {
  const { rows } = await db.query<Row>(
    `SELECT s.zendesk_user_id, s.enabled, s.locale
       FROM digest_subscriptions s
      WHERE s.enabled
        AND NOT EXISTS (SELECT 1 FROM digest_sends d
                         WHERE d.zendesk_user_id = s.zendesk_user_id AND d.week_from = $1::date)
      ORDER BY s.zendesk_user_id`,
    [weekFrom],
  );
  return rows.map(toSubscription);
}

/** Records a sent digest; false when this week's was recorded already (sent by another run). */
export async function recordDigestSent(
  db: Queryable,
  userId: number,
  weekFrom: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO digest_sends (zendesk_user_id, week_from) VALUES ($1, $2::date)
     ON CONFLICT DO NOTHING`,
    [userId, weekFrom],
  );
  return rowCount > 0;
}
