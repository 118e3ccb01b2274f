/**
 * The shared Zendesk API budget in the database (migration 009): one row that every worker and
 * replica updates atomically, so together they never go faster than the budget. The rate is read
 * from the stored settings in the same statement: a new budget applies to the next request.
 */
import type { Queryable } from '../db/database.js';

export interface BudgetRate {
  /** The service default (ZENDESK_REQUESTS_PER_MINUTE), used when settings name none. */
  defaultPerMinute: number;
  /** The length of the budget's "minute": 60,000 ms, shortened only by tests and benches. */
  windowMs: number;
}

/** The budget per window, seconds between requests, and the burst (one second's worth). */
const RATE_SQL = `
  WITH cfg AS (
    SELECT GREATEST(1, COALESCE(
             (SELECT (data->>'zendeskRequestsPerMinute')::float8 FROM settings WHERE id = 1),
             $1::float8)) AS per_window
  ), p AS (
    SELECT per_window,
           $2::float8 / 1000 / per_window AS spacing,
           GREATEST(1, ceil(per_window / 60)) AS burst
      FROM cfg
  )`;

/** The minute counters after one more request. */
const COUNT_SQL = `
  used_last_minute = CASE
    WHEN b.minute_start = date_trunc('minute', clock_timestamp()) THEN b.used_last_minute
    WHEN b.minute_start = date_trunc('minute', clock_timestamp()) - interval '1 minute'
      THEN b.used_this_minute
    ELSE 0 END,
  used_this_minute = CASE
    WHEN b.minute_start = date_trunc('minute', clock_timestamp()) THEN b.used_this_minute + 1
    ELSE 1 END,
  minute_start = date_trunc('minute', clock_timestamp())`;

/**
 * Reserves the next slot, unless it is more than `maxWaitMs` away. Returns how long to wait
 * before sending (0: now), or, when refused, `{ refusedForMs }`: how long until a slot is free.
 */
export async function reserveSlot(
  db: Queryable,
  rate: BudgetRate,
  maxWaitMs: number,
): Promise<{ waitMs: number } | { refusedForMs: number }> {
  const { rows } = await db.query<{ wait_ms: number }>(
    `${RATE_SQL}
     UPDATE zendesk_budget b
        SET next_at = GREATEST(b.next_at, clock_timestamp()) + make_interval(secs => p.spacing),
            ${COUNT_SQL}
       FROM p
      WHERE b.id = 1
        AND GREATEST(b.next_at, clock_timestamp())
              <= clock_timestamp() + make_interval(secs => p.spacing * p.burst + $3::float8 / 1000)
  RETURNING (extract(epoch FROM b.next_at - clock_timestamp()) - p.spacing * p.burst) * 1000
            AS wait_ms`,
    [rate.defaultPerMinute, rate.windowMs, maxWaitMs],
  );
  const row = rows[0];
  if (row) return { waitMs: Math.max(0, Math.ceil(Number(row.wait_ms))) };
  const { rows: refused } = await db.query<{ wait_ms: number }>(
    `${RATE_SQL}
     SELECT (extract(epoch FROM b.next_at - clock_timestamp()) - p.spacing * p.burst) * 1000
            AS wait_ms
       FROM zendesk_budget b, p WHERE b.id = 1`,
    [rate.defaultPerMinute, rate.windowMs],
  );
  return { refusedForMs: Math.max(0, Math.ceil(Number(refused[0]?.wait_ms ?? 0))) };
}

/** Nobody gets a slot for `seconds` (Zendesk's Retry-After, or the rest of a spent minute). */
export async function pauseBudget(db: Queryable, rate: BudgetRate, seconds: number): Promise<void> {
  await db.query(
    `${RATE_SQL}
     UPDATE zendesk_budget b
        SET next_at = GREATEST(b.next_at,
              clock_timestamp() + make_interval(secs => $3::float8 + p.spacing * p.burst))
       FROM p WHERE b.id = 1`,
    [rate.defaultPerMinute, rate.windowMs, seconds],
  );
}

export interface BudgetState {
  /** The budget in force per minute (per window). */
  requestsPerMinute: number;
  /** Requests let through in the last whole minute, and in this one so far. */
  usedLastMinute: number;
  usedThisMinute: number;
  /** When the next request may go (now or in the past: at once). */
  nextSlotAt: Date;
}

export async function readBudget(db: Queryable, rate: BudgetRate): Promise<BudgetState> {
  const { rows } = await db.query<{
    per_window: number;
    used_last: number;
    used_this: number;
    next_slot: Date | string;
  }>(
    `${RATE_SQL}
     SELECT p.per_window,
            CASE WHEN b.minute_start = date_trunc('minute', clock_timestamp())
                   THEN b.used_last_minute
                 WHEN b.minute_start = date_trunc('minute', clock_timestamp()) - interval '1 minute'
                   THEN b.used_this_minute
                 ELSE 0 END AS used_last,
            CASE WHEN b.minute_start = date_trunc('minute', clock_timestamp())
                   THEN b.used_this_minute ELSE 0 END AS used_this,
            b.next_at - make_interval(secs => p.spacing * p.burst) AS next_slot
       FROM zendesk_budget b, p WHERE b.id = 1`,
    [rate.defaultPerMinute, rate.windowMs],
  );
  const row = rows[0];
  if (!row) throw new Error('The zendesk_budget row is missing: migration 009 did not run.');
  return {
    requestsPerMinute: Number(row.per_window),
    usedLastMinute: Number(row.used_last),
    usedThisMinute: Number(row.used_this),
    nextSlotAt: row.next_slot instanceof Date ? row.next_slot : new Date(row.next_slot),
  };
}
