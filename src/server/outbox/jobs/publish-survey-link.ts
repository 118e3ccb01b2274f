import { confirmedTicket, confirmSurvey, type ConfirmedTicket } from '../../surveys/confirm.js';
import {
  findSurveyLink,
  findSurveyRowById,
  forgetSurveyToken,
  markSurveyPublished,
  saveTicketMetrics,
} from '../../surveys/survey-repository.js';
import {
  ALERT_SENT_TAG,
  REMINDER_DUE_TAG,
  REMINDER_SENT_TAG,
  SURVEY_READY_TAG,
  SURVEY_SENT_TAG,
} from '../../setup/definitions.js';
import { scheduleReminder } from './send-reminder.js';
import { readFieldIds, SetupMissingError } from '../../setup/zendesk-state.js';
import {
  TicketClosedError,
  nextTags,
  rememberTicket,
  retryOnConflict,
  safely,
  type ZendeskTicket,
  type ZendeskUser,
} from '../../zendesk/index.js';
import { surveyDecisions } from '../../monitoring/metrics.js';
import { InvalidJobPayloadError, surveyIdOf } from '../job-errors.js';
import type { JobHandler } from '../worker.js';
import { isTicketGone, type JobDeps } from './job-deps.js';

const KIND = 'publish_survey_link';

export type PublishOutcome =
  | 'published'
  | 'already_published'
  | 'superseded'
  | 'ticket_unavailable'
  /** Zendesk's answer turned it into a recorded skip (e.g. an agent requester, an excluded group). */
  | 'skipped';

/**
 * Puts the survey link on the ticket and tags it `ces_survey_ready`, which makes the email trigger
 * send it. Idempotent: a ticket that already shows this link is left alone, so a repeated run
 * never re-arms the email trigger.
 *
 * A solve's survey is first confirmed from Zendesk (surveys/confirm.ts): one read of the ticket
 * with its people side-loaded gives the requester, assignee, group, brand, locale and role; the
 * rules that depend on them run again before any link is published.
 *
 * The link's plain token is read from the survey, where intake left it, and erased in the same
 * statement that records the link as published: a retry after a crash before that finds it and
 * publishes the same link; a run after it finds the survey sent and has nothing to do.
 */
export async function publishSurveyLink(deps: JobDeps, payload: unknown): Promise<PublishOutcome> {
  const surveyId = surveyIdOf(KIND, payload);
  const survey = await findSurveyRowById(deps.db, surveyId);
  if (!survey) throw new InvalidJobPayloadError(KIND, `survey ${surveyId} does not exist`);
  if (survey.status === 'superseded' || survey.superseded_at !== null) {
    await forgetSurveyToken(deps.db, surveyId);
    return 'superseded';
  }
  const url = await findSurveyLink(deps.db, deps.config, surveyId);
  // Erased only with the survey recorded as sent, or its ticket as closed or gone.
  if (url === null) return survey.status === 'pending' ? 'ticket_unavailable' : 'already_published';
  const fields = await readFieldIds(deps.db);
  if (!fields) throw new SetupMissingError('The "CES survey link" ticket field');

  let outcome: PublishOutcome;
  try {
    const first = await deps.zendesk.getTicketWithUsers(survey.ticket_id);
    // The read after the solve carries the ticket's metrics (agent replies, reopens): kept once, as
    // of this first read; a retried job or a racing replica changes nothing.
    if (first.metrics) await saveTicketMetrics(deps.db, surveyId, first.metrics);
    if (survey.origin === 'solve' && survey.status === 'pending') {
      const confirmed = await confirmFromZendesk(deps, first.ticket, first.users);
      const skip = await confirmSurvey(deps.db, surveyId, confirmed);
      if (skip) {
        surveyDecisions.inc({
          origin: 'solve',
          outcome: 'skipped_on_confirm',
          reason: skip.reason,
        });
        return 'skipped';
      }
    }
    // Tags are written as a full list against the ticket as read; a concurrent edit re-reads.
    let unused: ZendeskTicket | null = first.ticket;
    outcome = await retryOnConflict(async () => {
      // Before every write: a newer survey of the ticket (sent by another replica meanwhile)
      // closes this one, and its link must not be put back over the newer one's.
      const current = await findSurveyRowById(deps.db, surveyId);
      if (!current || current.status === 'superseded' || current.superseded_at !== null) {
        return 'superseded';
      }
      const ticket = unused ?? (await deps.zendesk.getTicket(survey.ticket_id));
      unused = null;
      const shown = ticket.custom_fields.find((f) => f.id === fields.link)?.value ?? null;
      if (shown === url && ticket.tags.includes(SURVEY_READY_TAG)) return 'already_published';
      if (ticket.status === 'closed') return 'ticket_unavailable';
      // A new survey on a ticket that was surveyed before is emailed, reminded and alerted on anew.
      const tags = nextTags(
        ticket.tags,
        [SURVEY_READY_TAG],
        [SURVEY_SENT_TAG, REMINDER_DUE_TAG, REMINDER_SENT_TAG, ALERT_SENT_TAG],
      );
      const updated = await deps.zendesk.updateTicket(
        survey.ticket_id,
        safely(ticket, {
          custom_fields: [{ id: fields.link, value: url }],
          ...(tags ? { tags } : {}),
        }),
      );
      // The write-back starts from this answer instead of reading the ticket again.
      await rememberTicket(deps.db, updated);
      return 'published';
    });
  } catch (error) {
    if (!(error instanceof TicketClosedError) && !isTicketGone(error)) throw error;
    outcome = 'ticket_unavailable';
  }
  if (outcome === 'published' || outcome === 'already_published') {
    await deps.db.transaction(async (tx) => {
      await markSurveyPublished(tx, surveyId);
      // The reminder's due moment is kept here, by the outbox, with the survey it belongs to.
      await scheduleReminder(tx, surveyId);
    });
  } else {
    // Superseded meanwhile, or a ticket that will never show it: the link is never needed again.
    await forgetSurveyToken(deps.db, surveyId);
  }
  return outcome;
}

/**
 * The ticket's people as Zendesk says. A side-loaded user may be partial ("Side-loading related
 * records"); without a role or locale the requester is read on its own (Show User).
 */
async function confirmFromZendesk(
  deps: JobDeps,
  ticket: ZendeskTicket,
  users: Partial<ZendeskUser>[],
): Promise<ConfirmedTicket> {
  let requester = users.find((u) => u.id === ticket.requester_id) ?? null;
  if (ticket.requester_id && (requester?.role === undefined || requester.locale === undefined)) {
    try {
      requester = await deps.zendesk.getUser(ticket.requester_id);
    } catch (error) {
      // A requester Zendesk no longer has: no role, no locale; anything else is retried.
      if (!isTicketGone(error)) throw error;
      requester = null;
    }
  }
  return confirmedTicket(ticket, requester);
}

export function publishSurveyLinkJob(deps: JobDeps): JobHandler {
  return async (payload) => {
    await publishSurveyLink(deps, payload);
  };
}
