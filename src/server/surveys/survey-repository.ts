import { bandOf } from '../../shared/scoring.js';
import type { Config } from '../config.js';
import type { Queryable } from '../db/database.js';
import type {
  AnswerView,
  SkipReason,
  SkipView,
  SurveyStatus,
  SurveyView,
  WritebackStatus,
} from '../../shared/api-types.js';
import { getScale, type ScaleId } from '../../shared/scales.js';
import { hashToken, looksLikeToken, surveyUrl } from './tokens.js';

/** A surveys row joined with its answer (answer_* columns are null when unanswered). */
export interface SurveyRow {
  id: number;
  ticket_id: number;
  solve_key: string;
  origin: 'solve' | 'manual';
  requester_id: number | null;
  requester_locale: string | null;
  assignee_id: number | null;
  group_id: number | null;
  brand_id: number | null;
  channel: string | null;
  satisfaction: string | null;
  solved_at: Date | string | null;
  scale_id: ScaleId;
  status: SurveyStatus;
  created_at: Date | string;
  published_at: Date | string | null;
  closes_at: Date | string;
  /** When a newer survey of the ticket closed this link (null while it is the ticket's newest). */
  superseded_at: Date | string | null;
  writeback_status: WritebackStatus;
  writeback_at: Date | string | null;
  writeback_version: number;
  answer_score: number | null;
  answer_scale_id: ScaleId | null;
  answer_driver: string | null;
  answer_comment: string | null;
  answer_locale: string | null;
  answer_answered_at: Date | string | null;
  answer_updated_at: Date | string | null;
  answer_version: number | null;
  answer_score_changed_at: Date | string | null;
}

const SURVEY_SELECT = `
  SELECT s.id, s.ticket_id, s.solve_key, s.origin, s.requester_id, s.requester_locale,
         s.assignee_id, s.group_id, s.brand_id, s.channel, s.satisfaction, s.solved_at,
         s.scale_id, s.status, s.created_at, s.published_at, s.closes_at,
         s.superseded_at, s.writeback_status, s.writeback_at, s.writeback_version,
         a.score AS answer_score, a.scale_id AS answer_scale_id, a.driver AS answer_driver,
         a.comment AS answer_comment, a.locale AS answer_locale,
         a.answered_at AS answer_answered_at, a.updated_at AS answer_updated_at,
         a.version AS answer_version, a.score_changed_at AS answer_score_changed_at
    FROM surveys s
    LEFT JOIN answers a ON a.survey_id = s.id`;

/**
 * Serializes every change to one ticket's surveys inside a transaction: intake (a new survey
 * closes the older links) and an answer (the first one replaces older answers).
 */
export async function lockTicket(tx: Queryable, ticketId: number): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ticket:${ticketId}`]);
}

export function toIso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
function toIsoOrNull(value: Date | string | null): string | null {
  return value === null ? null : toIso(value);
}

function toAnswerView(row: SurveyRow): AnswerView | null {
  if (row.answer_score === null || row.answer_answered_at === null) return null;
  const scaleId = row.answer_scale_id ?? row.scale_id;
  return {
    score: row.answer_score,
    scaleId,
    band: bandOf(getScale(scaleId), row.answer_score),
    driver: row.answer_driver,
    comment: row.answer_comment,
    locale: row.answer_locale,
    answeredAt: toIso(row.answer_answered_at),
    updatedAt: toIso(row.answer_updated_at ?? row.answer_answered_at),
    // Only a changed score is an edited answer; adding the reason or a comment is not.
    edited: row.answer_score_changed_at !== null,
  };
}

/** The API's view of a survey row (never anything of its link token). */
export function toSurveyView(row: SurveyRow): SurveyView {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    origin: row.origin,
    status: row.status,
    scaleId: row.scale_id,
    requesterId: row.requester_id,
    requesterLocale: row.requester_locale,
    assigneeId: row.assignee_id,
    groupId: row.group_id,
    brandId: row.brand_id,
    channel: row.channel,
    satisfaction: row.satisfaction,
    createdAt: toIso(row.created_at),
    publishedAt: toIsoOrNull(row.published_at),
    closesAt: toIso(row.closes_at),
    writeback: { status: row.writeback_status, at: toIsoOrNull(row.writeback_at) },
    answer: toAnswerView(row),
  };
}

export async function findSurveyRowById(db: Queryable, id: number): Promise<SurveyRow | null> {
  const { rows } = await db.query<SurveyRow>(`${SURVEY_SELECT} WHERE s.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function findSurveyById(db: Queryable, id: number): Promise<SurveyView | null> {
  const row = await findSurveyRowById(db, id);
  return row ? toSurveyView(row) : null;
}

/**
 * The survey a link token opens, or null for an unknown or malformed token. The lookup is by the
 * token's SHA-256 alone: a random 256-bit token needs no key, so no key rotation closes a link.
 */
export async function findSurveyRowByToken(
  db: Queryable,
  token: string,
): Promise<SurveyRow | null> {
  if (!looksLikeToken(token)) return null;
  const { rows } = await db.query<SurveyRow>(`${SURVEY_SELECT} WHERE s.token_hash = $1`, [
    hashToken(token),
  ]);
  return rows[0] ?? null;
}

/**
 * The link a survey's publish job is to put on the ticket, or null once it is published (or the
 * survey closed, or does not exist): the plain token is kept only until then (docs/survey-links.md).
 */
export async function findSurveyLink(
  db: Queryable,
  config: Pick<Config, 'publicUrl'>,
  surveyId: number,
): Promise<string | null> {
  const { rows } = await db.query<{ unpublished_token: string | null }>(
    'SELECT unpublished_token FROM surveys WHERE id = $1',
    [surveyId],
  );
  const token = rows[0]?.unpublished_token ?? null;
  return token === null ? null : surveyUrl(config, token);
}

/**
 * Forgets a survey's plain token: its link is on the ticket, or can never be (superseded, ticket
 * closed). Only the hash stays, which opens the link and rebuilds nothing.
 */
export async function forgetSurveyToken(db: Queryable, surveyId: number): Promise<void> {
  await db.query(
    'UPDATE surveys SET unpublished_token = NULL WHERE id = $1 AND unpublished_token IS NOT NULL',
    [surveyId],
  );
}

/** The ticket's newest survey (manual resends included), or null. */
export async function findLatestSurveyForTicket(
  db: Queryable,
  ticketId: number,
): Promise<SurveyView | null> {
  const { rows } = await db.query<SurveyRow>(
    `${SURVEY_SELECT} WHERE s.ticket_id = $1 ORDER BY s.created_at DESC, s.id DESC LIMIT 1`,
    [ticketId],
  );
  return rows[0] ? toSurveyView(rows[0]) : null;
}

/** A ticket has at most this many surveys worth showing as history; more is a runaway loop. */
const MAX_EARLIER_ANSWERS = 20;

/** The ticket's answered surveys older than `surveyId`, newest first (the sidebar's history). */
export async function listEarlierAnsweredSurveys(
  db: Queryable,
  ticketId: number,
  surveyId: number,
): Promise<SurveyView[]> {
  const { rows } = await db.query<SurveyRow>(
    `${SURVEY_SELECT} WHERE s.ticket_id = $1 AND s.id <> $2 AND a.survey_id IS NOT NULL
      ORDER BY s.created_at DESC, s.id DESC LIMIT ${MAX_EARLIER_ANSWERS}`,
    [ticketId, surveyId],
  );
  return rows.map(toSurveyView);
}

interface SkipRow {
  ticket_id: number;
  reason: SkipReason;
  detail: string | null;
  created_at: Date | string;
}

export function toSkipView(row: SkipRow): SkipView {
  return {
    ticketId: row.ticket_id,
    reason: row.reason,
    detail: row.detail,
    createdAt: toIso(row.created_at),
  };
}

/** The ticket's newest recorded skip, or null. */
export async function findLatestSkipForTicket(
  db: Queryable,
  ticketId: number,
): Promise<SkipView | null> {
  const { rows } = await db.query<SkipRow>(
    `SELECT ticket_id, reason, detail, created_at FROM skips
      WHERE ticket_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
    [ticketId],
  );
  return rows[0] ? toSkipView(rows[0]) : null;
}

export interface RequesterAnswerItem {
  id: number;
  ticketId: number;
  createdAt: string;
  scaleId: ScaleId;
  answer: AnswerView;
}

export interface RequesterAnswerPage {
  items: RequesterAnswerItem[];
  /** Pass as `before` to get the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export class InvalidCursorError extends Error {
  readonly statusCode = 400;
  constructor() {
    super(
      'The "before" cursor is not one this service gave out: use the nextCursor of a response.',
    );
    this.name = 'InvalidCursorError';
  }
}

// The cursor names the last survey shown; comparing against its stored row keeps full timestamp precision.
function encodeCursor(id: number): string {
  return Buffer.from(`s${id}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^s(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1]) throw new InvalidCursorError();
  return Number(match[1]);
}

/**
 * The requester's answered surveys, newest first, a page at a time: one per ticket, as a replaced
 * answer is history of its ticket, not another answer. `before` is the nextCursor of the previous
 * page; an unreadable cursor throws InvalidCursorError (statusCode 400).
 */
export async function listRequesterAnswers(
  db: Queryable,
  requesterId: number,
  options: { limit: number; before?: string },
): Promise<RequesterAnswerPage> {
  const limit = Math.max(1, Math.min(100, Math.floor(options.limit)));
  const cursor = options.before ? decodeCursor(options.before) : null;
  const params: unknown[] = [requesterId, limit + 1];
  let where = `s.requester_id = $1 AND a.survey_id IS NOT NULL AND s.status <> 'replaced'`;
  if (cursor) {
    params.push(cursor);
    where += ` AND (s.created_at, s.id) < (SELECT c.created_at, c.id FROM surveys c WHERE c.id = $3)`;
  }
  const { rows } = await db.query<SurveyRow>(
    `${SURVEY_SELECT} WHERE ${where} ORDER BY s.created_at DESC, s.id DESC LIMIT $2`,
    params,
  );
  const page = rows.slice(0, limit);
  const items = page.flatMap((row) => {
    const answer = toAnswerView(row);
    return answer
      ? [
          {
            id: row.id,
            ticketId: row.ticket_id,
            createdAt: toIso(row.created_at),
            scaleId: row.scale_id,
            answer,
          },
        ]
      : [];
  });
  const last = page[page.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
  };
}

/**
 * Marks a survey's link as on the ticket: a pending survey becomes sent (its publish time kept
 * from a first try), and its plain token is forgotten.
 */
export async function markSurveyPublished(db: Queryable, surveyId: number): Promise<void> {
  await db.query(
    `UPDATE surveys
        SET status = CASE WHEN status = 'pending' THEN 'sent' ELSE status END,
            published_at = CASE WHEN status = 'pending' THEN COALESCE(published_at, now())
                                ELSE published_at END,
            unpublished_token = NULL
      WHERE id = $1`,
    [surveyId],
  );
}

/** Stores the ticket's agent replies and reopens, once: a later capture changes nothing. */
export async function saveTicketMetrics(
  db: Queryable,
  surveyId: number,
  metrics: { replies: number; reopens: number },
): Promise<void> {
  await db.query(
    `UPDATE surveys SET agent_replies = $2, reopens = $3, metrics_captured_at = now()
      WHERE id = $1 AND metrics_captured_at IS NULL`,
    [surveyId, metrics.replies, metrics.reopens],
  );
}

/** Records how the write-back of an answer version ended; the version only grows. */
export async function recordWritebackOutcome(
  db: Queryable,
  surveyId: number,
  status: Exclude<WritebackStatus, 'pending'>,
  version: number,
): Promise<void> {
  await db.query(
    `UPDATE surveys
        SET writeback_status = $2, writeback_at = now(),
            writeback_version = GREATEST(writeback_version, $3)
      WHERE id = $1`,
    [surveyId, status, version],
  );
}

/** What the ticket's internal notes have said about a survey: see migration 006. */
export interface NoteState {
  noted: number | null;
  /** The score of a note sent but not yet known to have landed. */
  pending: number | null;
  /** Notes written that carry this survey's reference. */
  count: number;
}

export async function readNoteState(db: Queryable, surveyId: number): Promise<NoteState> {
  const { rows } = await db.query<{
    note_score: number | null;
    note_pending_score: number | null;
    note_count: number;
  }>('SELECT note_score, note_pending_score, note_count FROM surveys WHERE id = $1', [surveyId]);
  const row = rows[0];
  return {
    noted: row?.note_score ?? null,
    pending: row?.note_pending_score ?? null,
    count: Number(row?.note_count ?? 0),
  };
}

export async function saveNoteState(
  db: Queryable,
  surveyId: number,
  state: NoteState,
): Promise<void> {
  await db.query(
    'UPDATE surveys SET note_score = $2, note_pending_score = $3, note_count = $4 WHERE id = $1',
    [surveyId, state.noted, state.pending, state.count],
  );
}
