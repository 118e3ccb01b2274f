import type { Queryable } from '../db/database.js';
import { isScaleId, type ScaleId } from '../../shared/scales.js';

/** The ids of the four ticket fields setup created. */
export interface FieldIds {
  link: number;
  score: number;
  driver: number;
  comment: number;
}

/** The webhook setup created and the secret Zendesk signs its requests with. */
export interface WebhookState {
  id: string;
  signingSecret: string;
}

async function read(db: Queryable, key: string): Promise<unknown> {
  const { rows } = await db.query<{ value: unknown }>(
    'SELECT value FROM zendesk_state WHERE key = $1',
    [key],
  );
  return rows[0]?.value ?? null;
}

async function write(db: Queryable, key: string, value: unknown): Promise<void> {
  await db.query(
    `INSERT INTO zendesk_state (key, value, updated_at) VALUES ($1, $2::jsonb, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/** The field ids from the last setup, or null when setup has not created all four. */
export async function readFieldIds(db: Queryable): Promise<FieldIds | null> {
  const v = (await read(db, 'fields')) as Partial<Record<keyof FieldIds, unknown>> | null;
  if (!v || !isId(v.link) || !isId(v.score) || !isId(v.driver) || !isId(v.comment)) return null;
  return { link: v.link, score: v.score, driver: v.driver, comment: v.comment };
}

export async function saveFieldIds(db: Queryable, ids: FieldIds): Promise<void> {
  await write(db, 'fields', ids);
}

/**
 * The webhooks setup creates, by the zendesk_state key that holds each one's id and secret: the
 * solve webhook (triggers call it) and the user-events webhook (Zendesk's user-deleted event).
 */
export type WebhookKey = 'webhook' | 'user_events_webhook';

/** The stored webhook id and signing secret, or null before setup created the webhook. */
export async function readWebhookState(
  db: Queryable,
  key: WebhookKey = 'webhook',
): Promise<WebhookState | null> {
  const v = (await read(db, key)) as Partial<Record<keyof WebhookState, unknown>> | null;
  if (!v || typeof v.id !== 'string' || typeof v.signingSecret !== 'string') return null;
  return { id: v.id, signingSecret: v.signingSecret };
}

/**
 * The signing secret stored for a webhook setup created, or null. Only the secret is needed: a
 * webhook whose id was not stored still signs with it.
 */
export async function readWebhookSigningSecret(
  db: Queryable,
  key: WebhookKey = 'webhook',
): Promise<string | null> {
  const v = (await read(db, key)) as { signingSecret?: unknown } | null;
  return typeof v?.signingSecret === 'string' && v.signingSecret !== '' ? v.signingSecret : null;
}

export async function saveWebhookState(
  db: Queryable,
  state: WebhookState,
  key: WebhookKey = 'webhook',
): Promise<void> {
  await write(db, key, state);
}

/** The ids of the triggers setup created, so a renamed trigger is still recognised. */
export interface TriggerIds {
  solve?: number;
  email?: number;
  reminder?: number;
  alert?: number;
  followUp?: number;
}

/** Every trigger setup keeps, by key. */
export const TRIGGER_KEYS = ['solve', 'email', 'reminder', 'alert', 'followUp'] as const;

export async function readTriggerIds(db: Queryable): Promise<TriggerIds> {
  const v = (await read(db, 'triggers')) as Record<string, unknown> | null;
  const ids: TriggerIds = {};
  for (const key of TRIGGER_KEYS) {
    if (isId(v?.[key])) ids[key] = v[key];
  }
  return ids;
}

export async function saveTriggerIds(db: Queryable, ids: TriggerIds): Promise<void> {
  await write(db, 'triggers', ids);
}

/**
 * Per setup piece (`field.driver`, `trigger.email`, ...), the digest of the copy the service last
 * wrote to Zendesk or found matching what it wanted (setup/fingerprints.ts).
 */
export type WrittenPrints = Record<string, string>;

export async function readWrittenPrints(db: Queryable): Promise<WrittenPrints> {
  const v = await read(db, 'written');
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );
}

/** Merges `prints` into the stored ones (pieces not named keep theirs); writes only on a change. */
export async function rememberWrittenPrints(db: Queryable, prints: WrittenPrints): Promise<void> {
  const stored = await readWrittenPrints(db);
  if (Object.entries(prints).every(([k, v]) => stored[k] === v)) return;
  await write(db, 'written', { ...stored, ...prints });
}

/** How the last run that brought Zendesk in line with the settings ended. */
export interface SyncRecord {
  outcome: 'synced' | 'drifted' | 'setup_needed';
  /** ISO time of the run. */
  at: string;
  /** Titles of the pieces someone changed in Zendesk, which only a repair puts back. */
  drifted: string[];
}

export async function readSyncRecord(db: Queryable): Promise<SyncRecord | null> {
  const v = (await read(db, 'sync')) as Partial<SyncRecord> | null;
  if (!v || typeof v.at !== 'string') return null;
  if (v.outcome !== 'synced' && v.outcome !== 'drifted' && v.outcome !== 'setup_needed') {
    return null;
  }
  const drifted = Array.isArray(v.drifted)
    ? v.drifted.filter((t): t is string => typeof t === 'string')
    : [];
  return { outcome: v.outcome, at: v.at, drifted };
}

export async function saveSyncRecord(db: Queryable, record: SyncRecord): Promise<void> {
  await write(db, 'sync', record);
}

/** Thrown by jobs that need the ticket fields before setup has created them. */
export class SetupMissingError extends Error {
  constructor(what: string) {
    super(`${what} is not set up in Zendesk yet: run \`npm run setup\` (or Setup in the app).`);
    this.name = 'SetupMissingError';
  }
}

/**
 * The scale the email trigger in Zendesk renders, as setup last saw it: new surveys are created on
 * it, so while a settings change has not reached Zendesk yet the survey, its email and its answer
 * stay on one scale (the reports count sent and answered on the scale the customer saw).
 */
export async function readEmailScale(db: Queryable): Promise<ScaleId | null> {
  const v = await read(db, 'email_scale');
  return isScaleId(v) ? v : null;
}

export async function saveEmailScale(db: Queryable, scaleId: ScaleId | null): Promise<void> {
  if ((await readEmailScale(db)) === scaleId) return;
  await write(db, 'email_scale', scaleId);
}

/** What setup read from Zendesk's account settings: the account's IANA time zone. */
export interface AccountState {
  timeZone: string;
}

/**
 * The account's time zone (report days are solve days there); UTC until setup has read it.
 * Migration 007's report_time_zone() reads the same key.
 */
export async function readAccountTimeZone(db: Queryable): Promise<string> {
  const v = (await read(db, 'account')) as Partial<AccountState> | null;
  return typeof v?.timeZone === 'string' && v.timeZone ? v.timeZone : 'UTC';
}

/** Keeps the zone; a different one recounts the report rollups (in the same transaction). */
export async function saveAccountTimeZone(db: Queryable, timeZone: string): Promise<void> {
  if ((await readAccountTimeZone(db)) === timeZone) return;
  await write(db, 'account', { timeZone } satisfies AccountState);
}

/** The account-wide rate-limit pause the outbox workers share. */
const PAUSE_KEY = 'rate_limit_pause';

/**
 * Zendesk's rate limit is per account: when it answers 429, every worker in every replica waits
 * until Retry-After has passed. Only ever moves the pause later.
 */
export async function pauseUntil(db: Queryable, until: Date): Promise<void> {
  await db.query(
    `INSERT INTO zendesk_state (key, value, updated_at)
     VALUES ($1, jsonb_build_object('until', $2::text), now())
     ON CONFLICT (key) DO UPDATE
       SET value = EXCLUDED.value, updated_at = now()
     WHERE (zendesk_state.value->>'until')::timestamptz < (EXCLUDED.value->>'until')::timestamptz`,
    [PAUSE_KEY, until.toISOString()],
  );
}

/** The end of the current rate-limit pause, or null when there is none. */
export async function pausedUntil(db: Queryable): Promise<Date | null> {
  const { rows } = await db.query<{ until: string | null; active: boolean }>(
    `SELECT value->>'until' AS until, (value->>'until')::timestamptz > now() AS active
       FROM zendesk_state WHERE key = $1`,
    [PAUSE_KEY],
  );
  const row = rows[0];
  return row && row.active && row.until ? new Date(row.until) : null;
}
