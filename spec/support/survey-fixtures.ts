import crypto from 'node:crypto';
import type { Queryable } from '../../src/server/db/database.js';
import type { ScaleId } from '../../src/shared/scales.js';

export interface AnswerFixture {
  score: number;
  /** Defaults to the survey's scale. */
  scaleId?: ScaleId;
  driver?: string | null;
  comment?: string | null;
  locale?: string | null;
  answeredAt?: string;
  updatedAt?: string;
  version?: number;
  /** When the customer changed the score (an edited answer); null when never. */
  scoreChangedAt?: string;
}

export interface SurveyFixture {
  ticketId?: number;
  origin?: 'solve' | 'manual';
  requesterId?: number | null;
  requesterLocale?: string | null;
  assigneeId?: number | null;
  groupId?: number | null;
  brandId?: number | null;
  channel?: string | null;
  satisfaction?: string | null;
  scaleId?: ScaleId;
  status?: 'pending' | 'sent' | 'answered' | 'superseded';
  createdAt?: string;
  /** When the ticket was solved; defaults to createdAt, null for a manual send without one. */
  solvedAt?: string | null;
  /** Defaults to createdAt; null for a survey whose link was never published. */
  publishedAt?: string | null;
  closesAt?: string;
  writebackStatus?: 'none' | 'pending' | 'done' | 'ticket_closed' | 'failed';
  /** The SHA-256 (hex) of the survey's link token; random when not given. */
  tokenHash?: string;
  answer?: AnswerFixture;
}

let nextTicket = 10_000;

/**
 * Inserts a survey (and its answer) straight into the tables, for report and API tests that need
 * exact data without going through the webhook. Returns the survey id.
 */
export async function insertSurvey(db: Queryable, f: SurveyFixture = {}): Promise<number> {
  const createdAt =
    f.createdAt ?? f.publishedAt ?? f.answer?.answeredAt ?? new Date().toISOString();
  const scaleId = f.scaleId ?? 'ces2_7';
  const status = f.status ?? (f.answer ? 'answered' : f.publishedAt === null ? 'pending' : 'sent');
  const ticketId = f.ticketId ?? nextTicket++;
  // Databases migrated only up to before 013 (migration tests) still need a token salt.
  const legacy = (await hasTokenSalt(db)) ? ['token_salt'] : [];
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO surveys (ticket_id, solve_key, origin, requester_id, requester_locale, assignee_id,
       group_id, brand_id, channel, satisfaction, solved_at, scale_id, token_hash,
       status, created_at, published_at, closes_at, writeback_status${legacy.map((c) => `, ${c}`).join('')})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18${legacy.map((_, i) => `, $${19 + i}`).join('')})
     RETURNING id`,
    [
      ticketId,
      `fixture:${ticketId}:${crypto.randomUUID()}`,
      f.origin ?? 'solve',
      f.requesterId === undefined ? 500 : f.requesterId,
      f.requesterLocale ?? 'en',
      f.assigneeId === undefined ? 1 : f.assigneeId,
      f.groupId === undefined ? null : f.groupId,
      f.brandId === undefined ? null : f.brandId,
      f.channel === undefined ? 'email' : f.channel,
      f.satisfaction ?? null,
      f.solvedAt === undefined ? createdAt : f.solvedAt,
      scaleId,
      f.tokenHash ?? crypto.randomBytes(32).toString('hex'),
      status,
      createdAt,
      f.publishedAt === undefined ? createdAt : f.publishedAt,
      f.closesAt ?? new Date(Date.parse(createdAt) + 7 * 86_400_000).toISOString(),
      f.writebackStatus ?? 'none',
      ...legacy.map(() => crypto.randomBytes(16).toString('hex')),
    ],
  );
  const id = rows[0]!.id;
  if (f.answer) {
    const a = f.answer;
    const answeredAt = a.answeredAt ?? createdAt;
    await db.query(
      `INSERT INTO answers (survey_id, score, scale_id, driver, comment, locale, answered_at, updated_at, version, score_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        id,
        a.score,
        a.scaleId ?? scaleId,
        a.driver ?? null,
        a.comment ?? null,
        a.locale ?? 'en',
        answeredAt,
        a.updatedAt ?? answeredAt,
        a.version ?? 1,
        a.scoreChangedAt ?? null,
      ],
    );
  }
  return id;
}

/** Databases known to be past migration 013 (which they never go back from). */
const pastTokenSalt = new WeakSet<Queryable>();

/** Whether the surveys table still has the token salt that migration 013 dropped. */
async function hasTokenSalt(db: Queryable): Promise<boolean> {
  if (pastTokenSalt.has(db)) return false;
  const { rows } = await db.query(
    `SELECT 1 FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'surveys' AND column_name = 'token_salt'`,
  );
  if (rows.length === 0) pastTokenSalt.add(db);
  return rows.length > 0;
}

/** `count` surveys, the i-th as `fixture(i)` says: many rows for one agent and day, for races. */
export async function insertSurveys(
  db: Queryable,
  count: number,
  fixture: (i: number) => SurveyFixture,
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) ids.push(await insertSurvey(db, fixture(i)));
  return ids;
}

/** Empties the survey tables between tests that share one database. */
export async function clearSurveys(db: Queryable): Promise<void> {
  await db.query('DELETE FROM answers');
  await db.query('DELETE FROM surveys');
  await db.query('DELETE FROM skips');
  await db.query('DELETE FROM settings');
}
