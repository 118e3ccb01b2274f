import { retryingDeadlocks, type Database, type Queryable } from '../db/database.js';
import type { SkipReason } from '../../shared/api-types.js';
import type { Settings } from '../../shared/settings.js';
import { enqueueJob } from '../outbox/outbox-repository.js';
import { getSettings } from '../settings/settings-repository.js';
import { readEmailScale } from '../setup/zendesk-state.js';
import {
  findDecision,
  findInvocationSolveKey,
  findRecentRequesterSurvey,
  insertSurvey,
  lockRequester,
  recordInvocation,
  recordSkip,
  supersedeOtherSurveys,
  ticketSurveyFacts,
} from './intake-repository.js';
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

  // The survey and the one it supersedes move team rollup rows other tickets' writers share: two
  // such pairs can lock them in opposite orders, and the loser runs again (it did nothing else).
  return retryingDeadlocks(() =>
    db.transaction(async (tx) => {
      // Everything that decides about one ticket (deliveries of one solve, a manual send, an answer
      // closing older ones) queues here, so each sees the others' outcome.
      await lockTicket(tx, event.ticketId);
      const invocationId = manual ? null : (options.invocationId ?? null);
      if (invocationId !== null) {
        const retried = await findInvocation(tx, invocationId);
        if (retried) return retried;
      }
      const seen = await findSeen(tx, solveKey);
      if (invocationId !== null) await recordInvocation(tx, invocationId, solveKey);
      if (seen) return seen;

      const skip =
        checkEventRules(event, settings.rules, { unconfirmed: !manual }) ??
        (manual ? null : await checkTicketSurveys(tx, event.ticketId, settings, now)) ??
        (await checkThrottle(tx, event, settings, now)) ??
        (manual ? null : checkSampling(settings.rules.samplingRate, random));
      if (skip) {
        await recordSkip(tx, {
          ticketId: event.ticketId,
          solveKey,
          requesterId: event.requesterId,
          assigneeId: event.assigneeId,
          groupId: event.groupId,
          reason: skip.reason,
          detail: skip.detail,
          createdAt: now,
        });
        return { outcome: 'skipped', reason: skip.reason, detail: skip.detail };
      }

      // Random, from no key: rotating a key never closes the link. The plain token waits here for the
      // publish job (committed with the survey and its job, so a crash or a retry publishes this same
      // link) and is erased once the link is on the ticket; the hash alone then opens it.
      const token = newSurveyToken();
      const surveyId = await insertSurvey(tx, {
        event,
        solveKey,
        origin: options.origin,
        scaleId,
        unpublishedToken: token,
        tokenHash: hashToken(token),
        createdAt: now,
        closesAt: new Date(now.getTime() + settings.answerWindowDays * DAY_MS),
      });
      if (surveyId === null) return { outcome: 'duplicate', surveyId: null };

      await supersedeOtherSurveys(tx, event.ticketId, surveyId, now);
      await enqueueJob(tx, {
        kind: 'publish_survey_link',
        dedupeKey: `publish:${surveyId}`,
        payload: { surveyId },
      });
      return { outcome: 'created', surveyId };
    }),
  );
}

/** The decision an earlier delivery of this invocation led to (under its solve key). */
async function findInvocation(tx: Queryable, invocationId: string): Promise<IntakeResult | null> {
  const solveKey = await findInvocationSolveKey(tx, invocationId);
  if (solveKey === null) return null;
  return (await findSeen(tx, solveKey)) ?? { outcome: 'duplicate', surveyId: null };
}

async function findSeen(tx: Queryable, solveKey: string): Promise<IntakeResult | null> {
  const decision = await findDecision(tx, solveKey);
  return decision ? { outcome: 'duplicate', surveyId: decision.surveyId } : null;
}

/** What the ticket's own surveys say about a new solve: see intakeSolve. */
async function checkTicketSurveys(
  tx: Queryable,
  ticketId: number,
  settings: Settings,
  now: Date,
): Promise<SkipDecision | null> {
  const found = await ticketSurveyFacts(tx, ticketId, now);
  if (found.openManual) {
    return { reason: 'survey_open', detail: null };
  }
  if (found.answered && settings.rules.resurveyAnswered === 'never') {
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
  await lockRequester(tx, event.requesterId);
  const since = new Date(now.getTime() - days * DAY_MS);
  const recent = await findRecentRequesterSurvey(tx, event.requesterId, since, event.ticketId);
  if (!recent) return null;
  const at = recent.createdAt.toISOString().slice(0, 10);
  return {
    reason: 'throttled',
    detail: `surveyed on ticket ${recent.ticketId} on ${at} (throttle ${days} days)`,
  };
}
