import type { Database, Queryable } from '../db/database.js';
import type { SkipReason } from '../../shared/api-types.js';
import type { Settings } from '../../shared/settings.js';
import { enqueueJob } from '../outbox/outbox-repository.js';
import { getSettings } from '../settings/settings-repository.js';
import { readEmailScale } from '../setup/zendesk-state.js';
import { checkEventRules, checkSampling, type SkipDecision } from './rules.js';
import type { SolveEvent } from './solve-event.js';
import { lockTicket } from './survey-repository.js';
import { hashToken, newSurveyToken } from './tokens.js';

export type { SolveEvent } from './solve-event.js';
export { parseSolveEvent, SolveEventError } from './solve-event.js';

export type IntakeResult =
  | { outcome: 'created'; surveyId: number }
  | { outcome: 'skipped'; reason: SkipReason; detail: string | null }
  | { outcome: 'duplicate'; surveyId: number | null };

export interface IntakeOptions {
  /** 'solve': the webhook (sampled, idempotent per solve). 'manual': the sidebar's send now. */
  origin: 'solve' | 'manual';
  now?: Date;
  /** Returns [0, 1); tests pass their own to pin sampling. */
  random?: () => number;
  /**
   * The webhook's `x-zendesk-webhook-invocation-id`: the same across Zendesk's retries of one
   * invocation ("Anatomy of a webhook request"). Null for replays without it and manual sends.
   */
  invocationId?: string | null;
}

const DAY_MS = 86_400_000;

/** The idempotency key of a delivery: the same solve delivered twice has the same key. */
export function solveKeyOf(event: SolveEvent): string {
  if (!event.solvedAt) throw new Error('A solve needs its solved_at time.');
  return `${event.ticketId}:${event.solvedAt.toISOString()}`;
}

/**
 * Decides whether a solved ticket gets a survey and records the decision: a survey row with its
 * "publish survey link" job, or a skip with its reason, in one transaction. A solve seen before
 * returns 'duplicate' and changes nothing: seen is an invocation id seen before (Zendesk's retry),
 * or the body's ticket id and solve time seen before (a replay without the header, or Zendesk
 * invoking the webhook again for the same solve; two solves of one ticket in one minute count as
 * one, so a customer never gets two emails for one solve).
 *
 * A solve's requester and assignee are confirmed from Zendesk when the link is published
 * (confirm.ts): the webhook's documented placeholders do not carry them, so their rules wait.
 *
 * One live survey per ticket (docs/survey-lifecycle.md): a new survey closes the link of every
 * earlier survey of its ticket. A solve makes none while a survey sent by hand is still open
 * ('survey_open': "send now, then solve" emails once), nor after an answer unless
 * rules.resurveyAnswered is 'always' ('already_answered'). A manual send always may.
 */
export async function intakeSolve(
  db: Database,
  event: SolveEvent,
  options: IntakeOptions,
): Promise<IntakeResult> {
  const now = options.now ?? new Date();
  const random = options.random ?? Math.random;
  const manual = options.origin === 'manual';
  const solveKey = manual ? `manual:${event.ticketId}:${now.toISOString()}` : solveKeyOf(event);
  const settings = await getSettings(db);
  // The scale the email in Zendesk renders now: a settings change not yet in Zendesk waits.
  const scaleId = (await readEmailScale(db)) ?? settings.scaleId;

  return db.transaction(async (tx) => {
    // Everything that decides about one ticket (deliveries of one solve, a manual send, an answer
    // closing older ones) queues here, so each sees the others' outcome.
    await lockTicket(tx, event.ticketId);
    const invocationId = manual ? null : (options.invocationId ?? null);
    if (invocationId !== null) {
      const retried = await findInvocation(tx, invocationId);
      if (retried) return retried;
    }
    const seen = await findDecision(tx, solveKey);
    if (invocationId !== null) await recordInvocation(tx, invocationId, solveKey);
    if (seen) return seen;

    const skip =
      checkEventRules(event, settings.rules, { unconfirmed: !manual }) ??
      (manual ? null : await checkTicketSurveys(tx, event.ticketId, settings, now)) ??
      (await checkThrottle(tx, event, settings, now)) ??
      (manual ? null : checkSampling(settings.rules.samplingRate, random));
    if (skip) {
      await tx.query(
        `INSERT INTO skips (ticket_id, solve_key, requester_id, assignee_id, group_id, reason, detail, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (solve_key) DO NOTHING`,
        [
          event.ticketId,
          solveKey,
          event.requesterId,
          event.assigneeId,
          event.groupId,
          skip.reason,
          skip.detail,
          now.toISOString(),
        ],
      );
      return { outcome: 'skipped', reason: skip.reason, detail: skip.detail };
    }

    // Random, from no key: rotating a key never closes the link. The plain token waits here for the
    // publish job (committed with the survey and its job, so a crash or a retry publishes this same
    // link) and is erased once the link is on the ticket; the hash alone then opens it.
    const token = newSurveyToken();
    const { rows } = await tx.query<{ id: number }>(
      `INSERT INTO surveys (ticket_id, solve_key, origin, requester_id, requester_locale,
         assignee_id, group_id, brand_id, channel, satisfaction, solved_at, scale_id,
         unpublished_token, token_hash, created_at, closes_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (solve_key) DO NOTHING RETURNING id`,
      [
        event.ticketId,
        solveKey,
        options.origin,
        event.requesterId,
        event.requesterLocale,
        event.assigneeId,
        event.groupId,
        event.brandId,
        event.channel,
        event.satisfaction,
        event.solvedAt?.toISOString() ?? null,
        scaleId,
        token,
        hashToken(token),
        now.toISOString(),
        new Date(now.getTime() + settings.answerWindowDays * DAY_MS).toISOString(),
      ],
    );
    const surveyId = rows[0]?.id;
    if (surveyId === undefined) return { outcome: 'duplicate', surveyId: null };

    // The new link is the ticket's only live one: unanswered earlier surveys are superseded;
    // answered ones keep their answer (counted until this one is answered) but take no more.
    await tx.query(
      `UPDATE surveys
          SET superseded_at = $3, unpublished_token = NULL,
              status = CASE WHEN status IN ('pending', 'sent') THEN 'superseded' ELSE status END
        WHERE ticket_id = $1 AND id <> $2 AND superseded_at IS NULL`,
      [event.ticketId, surveyId, now.toISOString()],
    );
    await enqueueJob(tx, {
      kind: 'publish_survey_link',
      dedupeKey: `publish:${surveyId}`,
      payload: { surveyId },
    });
    return { outcome: 'created', surveyId };
  });
}

/** The decision an earlier delivery of this invocation led to (under its solve key). */
async function findInvocation(tx: Queryable, invocationId: string): Promise<IntakeResult | null> {
  const { rows } = await tx.query<{ solve_key: string }>(
    'SELECT solve_key FROM webhook_invocations WHERE invocation_id = $1',
    [invocationId],
  );
  const row = rows[0];
  if (!row) return null;
  return (await findDecision(tx, row.solve_key)) ?? { outcome: 'duplicate', surveyId: null };
}

async function recordInvocation(tx: Queryable, invocationId: string, solveKey: string) {
  await tx.query(
    `INSERT INTO webhook_invocations (invocation_id, solve_key) VALUES ($1, $2)
     ON CONFLICT (invocation_id) DO NOTHING`,
    [invocationId, solveKey],
  );
}

async function findDecision(tx: Queryable, solveKey: string): Promise<IntakeResult | null> {
  const { rows } = await tx.query<{ id: number | null }>(
    `SELECT id FROM surveys WHERE solve_key = $1
     UNION ALL SELECT NULL FROM skips WHERE solve_key = $1 LIMIT 1`,
    [solveKey],
  );
  const row = rows[0];
  return row ? { outcome: 'duplicate', surveyId: row.id } : null;
}

/** What the ticket's own surveys say about a new solve: see intakeSolve. */
async function checkTicketSurveys(
  tx: Queryable,
  ticketId: number,
  settings: Settings,
  now: Date,
): Promise<SkipDecision | null> {
  const { rows } = await tx.query<{ open_manual: boolean | null; answered: boolean | null }>(
    `SELECT bool_or(origin = 'manual' AND status IN ('pending', 'sent')
                    AND superseded_at IS NULL AND closes_at > $2) AS open_manual,
            bool_or(status = 'answered') AS answered
       FROM surveys WHERE ticket_id = $1`,
    [ticketId, now.toISOString()],
  );
  const found = rows[0];
  if (found?.open_manual) {
    return { reason: 'survey_open', detail: null };
  }
  if (found?.answered && settings.rules.resurveyAnswered === 'never') {
    return { reason: 'already_answered', detail: null };
  }
  return null;
}

/**
 * Per-requester throttle: no second survey within `throttleDays`. Only other tickets count: a
 * ticket's own earlier surveys are settled by checkTicketSurveys (and never hold back a resend).
 */
export async function checkThrottle(
  tx: Queryable,
  event: SolveEvent,
  settings: Settings,
  now: Date,
): Promise<SkipDecision | null> {
  const days = settings.rules.throttleDays;
  if (days <= 0 || event.requesterId === null) return null;
  // Two solves of one requester at once must not both pass the throttle.
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`requester:${event.requesterId}`]);
  const since = new Date(now.getTime() - days * DAY_MS).toISOString();
  const { rows } = await tx.query<{ ticket_id: number; created_at: Date | string }>(
    `SELECT ticket_id, created_at FROM surveys
      WHERE requester_id = $1 AND created_at > $2 AND ticket_id <> $3
      ORDER BY created_at DESC LIMIT 1`,
    [event.requesterId, since, event.ticketId],
  );
  const recent = rows[0];
  if (!recent) return null;
  const at = (recent.created_at instanceof Date ? recent.created_at : new Date(recent.created_at))
    .toISOString()
    .slice(0, 10);
  return {
    reason: 'throttled',
    detail: `surveyed on ticket ${recent.ticket_id} on ${at} (throttle ${days} days)`,
  };
}

/**
 * Turns a survey that was never sent into a skip, for a rule only Zendesk can settle after intake
 * (the solve webhook cannot say who the requester is). Unanswered surveys only.
 */
export async function skipUnsentSurvey(
  db: Database,
  surveyId: number,
  reason: SkipReason,
  detail: string | null,
): Promise<boolean> {
  return db.transaction((tx) => skipUnsentSurveyIn(tx, surveyId, reason, detail));
}

/** skipUnsentSurvey inside the caller's transaction. */
export async function skipUnsentSurveyIn(
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
  await tx.query(
    `INSERT INTO skips (ticket_id, solve_key, requester_id, assignee_id, group_id, reason, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      survey.ticket_id,
      survey.solve_key,
      survey.requester_id,
      survey.assignee_id,
      survey.group_id,
      reason,
      detail,
    ],
  );
  return true;
}
