import type { Queryable } from '../db/database.js';
import type { SkipReason } from '../../shared/api-types.js';
import type { ScaleId } from '../../shared/scales.js';
import type { SolveEvent } from './solve-event.js';

/**
 * The intake's tables: skips and webhook_invocations, and the surveys rows the intake writes (a new
 * survey, the links it supersedes, the snapshot the publish job confirms). Every function runs in
 * the caller's transaction, after lockTicket: the decisions about one ticket queue there.
 */

/** A recorded decision not to survey a solve, under the solve's key (one decision per solve). */
export interface NewSkip {
  ticketId: number;
  solveKey: string;
  requesterId: number | null;
  assigneeId: number | null;
  groupId: number | null;
  reason: SkipReason;
  detail: string | null;
  /** Defaults to the database's now. */
  createdAt?: Date;
}

export async function recordSkip(tx: Queryable, skip: NewSkip): Promise<void> {
  await tx.query(
    `INSERT INTO skips (ticket_id, solve_key, requester_id, assignee_id, group_id, reason, detail, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8::timestamptz, now()))
     ON CONFLICT (solve_key) DO NOTHING`,
    [
      skip.ticketId,
      skip.solveKey,
      skip.requesterId,
      skip.assigneeId,
      skip.groupId,
      skip.reason,
      skip.detail,
      skip.createdAt?.toISOString() ?? null,
    ],
  );
}

/** The solve key an earlier delivery of this webhook invocation was recorded under, or null. */
export async function findInvocationSolveKey(
  tx: Queryable,
  invocationId: string,
): Promise<string | null> {
  const { rows } = await tx.query<{ solve_key: string }>(
    'SELECT solve_key FROM webhook_invocations WHERE invocation_id = $1',
    [invocationId],
  );
  return rows[0]?.solve_key ?? null;
}

export async function recordInvocation(
  tx: Queryable,
  invocationId: string,
  solveKey: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO webhook_invocations (invocation_id, solve_key) VALUES ($1, $2)
     ON CONFLICT (invocation_id) DO NOTHING`,
    [invocationId, solveKey],
  );
}

/**
 * The decision recorded under a solve key: the survey's id, `{ surveyId: null }` for a skip, or null
 * when the solve was never decided.
 */
export async function findDecision(
  tx: Queryable,
  solveKey: string,
): Promise<{ surveyId: number | null } | null> {
  const { rows } = await tx.query<{ id: number | null }>(
    `SELECT id FROM surveys WHERE solve_key = $1
     UNION ALL SELECT NULL FROM skips WHERE solve_key = $1 LIMIT 1`,
    [solveKey],
  );
  const row = rows[0];
  return row ? { surveyId: row.id } : null;
}

export interface NewSurvey {
  event: SolveEvent;
  solveKey: string;
  origin: 'solve' | 'manual';
  scaleId: ScaleId;
  /** The plain token, kept for the publish job only (see intakeSolve). */
  unpublishedToken: string;
  tokenHash: string;
  createdAt: Date;
  closesAt: Date;
}

/** Inserts the survey; its id, or null when its solve key was taken meanwhile. */
export async function insertSurvey(tx: Queryable, survey: NewSurvey): Promise<number | null> {
  const { event } = survey;
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO surveys (ticket_id, solve_key, origin, requester_id, requester_locale,
       assignee_id, group_id, brand_id, channel, satisfaction, solved_at, scale_id,
       unpublished_token, token_hash, created_at, closes_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (solve_key) DO NOTHING RETURNING id`,
    [
      event.ticketId,
      survey.solveKey,
      survey.origin,
      event.requesterId,
      event.requesterLocale,
      event.assigneeId,
      event.groupId,
      event.brandId,
      event.channel,
      event.satisfaction,
      event.solvedAt?.toISOString() ?? null,
      survey.scaleId,
      survey.unpublishedToken,
      survey.tokenHash,
      survey.createdAt.toISOString(),
      survey.closesAt.toISOString(),
    ],
  );
  return rows[0]?.id ?? null;
}

/**
 * Makes `surveyId` the ticket's only live link: unanswered earlier surveys are superseded; answered
 * ones keep their answer (counted until this one is answered) but take no more.
 */
export async function supersedeOtherSurveys(
  tx: Queryable,
  ticketId: number,
  surveyId: number,
  now: Date,
): Promise<void> {
  await tx.query(
    `UPDATE surveys
        SET superseded_at = $3, unpublished_token = NULL,
            status = CASE WHEN status IN ('pending', 'sent') THEN 'superseded' ELSE status END
      WHERE ticket_id = $1 AND id <> $2 AND superseded_at IS NULL`,
    [ticketId, surveyId, now.toISOString()],
  );
}

/** What the ticket's own surveys say about a new solve. */
export interface TicketSurveyFacts {
  /** A survey sent by hand is still open. */
  openManual: boolean;
  answered: boolean;
}

export async function ticketSurveyFacts(
  tx: Queryable,
  ticketId: number,
  now: Date,
): Promise<TicketSurveyFacts> {
  const { rows } = await tx.query<{ open_manual: boolean | null; answered: boolean | null }>(
    `SELECT bool_or(origin = 'manual' AND status IN ('pending', 'sent')
                    AND superseded_at IS NULL AND closes_at > $2) AS open_manual,
            bool_or(status = 'answered') AS answered
       FROM surveys WHERE ticket_id = $1`,
    [ticketId, now.toISOString()],
  );
  return { openManual: rows[0]?.open_manual === true, answered: rows[0]?.answered === true };
}

/** Serializes the throttle check of one requester: two solves at once must not both pass it. */
export async function lockRequester(tx: Queryable, requesterId: number): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`requester:${requesterId}`]);
}

/** The requester's newest survey since `since` on another ticket than `exceptTicketId`, or null. */
export async function findRecentRequesterSurvey(
  tx: Queryable,
  requesterId: number,
  since: Date,
  exceptTicketId: number,
): Promise<{ ticketId: number; createdAt: Date } | null> {
  const { rows } = await tx.query<{ ticket_id: number; created_at: Date | string }>(
    `SELECT ticket_id, created_at FROM surveys
      WHERE requester_id = $1 AND created_at > $2 AND ticket_id <> $3
      ORDER BY created_at DESC LIMIT 1`,
    [requesterId, since.toISOString(), exceptTicketId],
  );
  const recent = rows[0];
  if (!recent) return null;
  const createdAt =
    recent.created_at instanceof Date ? recent.created_at : new Date(recent.created_at);
  return { ticketId: recent.ticket_id, createdAt };
}

/**
 * Deletes a survey that was never sent nor answered and records a skip under its solve key
 * instead; false when the survey is not (or no longer) such a one.
 */
export async function replaceUnsentSurveyWithSkip(
  tx: Queryable,
  surveyId: number,
  reason: SkipReason,
  detail: string | null,
): Promise<boolean> {
  const { rows } = await tx.query<{
    ticket_id: number;
    solve_key: string;
    requester_id: number | null;
    assignee_id: number | null;
    group_id: number | null;
  }>(
    `SELECT ticket_id, solve_key, requester_id, assignee_id, group_id FROM surveys s
      WHERE id = $1 AND status = 'pending'
        AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.survey_id = s.id)
      FOR UPDATE`,
    [surveyId],
  );
  const survey = rows[0];
  if (!survey) return false;
  await tx.query(`DELETE FROM surveys WHERE id = $1`, [surveyId]);
  await recordSkip(tx, {
    ticketId: survey.ticket_id,
    solveKey: survey.solve_key,
    requesterId: survey.requester_id,
    assigneeId: survey.assignee_id,
    groupId: survey.group_id,
    reason,
    detail,
  });
  return true;
}

/** The ticket a survey belongs to, or null when there is no such survey. */
export async function findSurveyTicketId(tx: Queryable, surveyId: number): Promise<number | null> {
  const { rows } = await tx.query<{ ticket_id: number | string }>(
    'SELECT ticket_id FROM surveys WHERE id = $1',
    [surveyId],
  );
  return rows[0] ? Number(rows[0].ticket_id) : null;
}

/** What the solve webhook said about a survey still pending (not yet sent). */
export interface PendingSurvey {
  channel: string | null;
  satisfaction: string | null;
  solvedAt: Date | null;
}

/** Locks a pending survey's row for its confirmation; null when it is no longer pending. */
export async function lockPendingSurvey(
  tx: Queryable,
  surveyId: number,
): Promise<PendingSurvey | null> {
  const { rows } = await tx.query<{
    channel: string | null;
    satisfaction: string | null;
    solved_at: Date | string | null;
  }>(
    `SELECT channel, satisfaction, solved_at FROM surveys
      WHERE id = $1 AND status = 'pending' FOR UPDATE`,
    [surveyId],
  );
  const survey = rows[0];
  if (!survey) return null;
  return {
    channel: survey.channel,
    satisfaction: survey.satisfaction,
    solvedAt: survey.solved_at === null ? null : new Date(survey.solved_at),
  };
}

/** Who and what Zendesk says the ticket is: the survey's snapshot (see confirm.ts). */
export interface ConfirmedSnapshot {
  requesterId: number | null;
  requesterLocale: string | null;
  assigneeId: number | null;
  groupId: number | null;
  brandId: number | null;
}

/** Writes the confirmed snapshot; a locale Zendesk does not give keeps the webhook's. */
export async function saveConfirmedSnapshot(
  tx: Queryable,
  surveyId: number,
  confirmed: ConfirmedSnapshot,
): Promise<void> {
  await tx.query(
    `UPDATE surveys SET requester_id = $2, requester_locale = COALESCE($3, requester_locale),
            assignee_id = $4, group_id = $5, brand_id = $6
      WHERE id = $1`,
    [
      surveyId,
      confirmed.requesterId,
      confirmed.requesterLocale,
      confirmed.assigneeId,
      confirmed.groupId,
      confirmed.brandId,
    ],
  );
}
