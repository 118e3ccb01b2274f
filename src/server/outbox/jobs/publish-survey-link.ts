import { skipUnsentSurvey } from '../../surveys/intake.js';
import { findSurveyRowById } from '../../surveys/survey-repository.js';
import { surveyToken, surveyUrl } from '../../surveys/tokens.js';
import { SURVEY_READY_TAG, SURVEY_SENT_TAG } from '../../setup/definitions.js';
import { readFieldIds, SetupMissingError } from '../../setup/zendesk-state.js';
import {
  TicketClosedError,
  nextTags,
  rememberTicket,
  retryOnConflict,
  safely,
  type ZendeskUser,
} from '../../zendesk/index.js';
import { InvalidJobPayloadError, surveyIdOf } from '../job-errors.js';
import type { JobHandler } from '../worker.js';
import { isTicketGone, type JobDeps } from './job-deps.js';

const KIND = 'publish_survey_link';

export type PublishOutcome =
  | 'published'
  | 'already_published'
  | 'superseded'
  | 'ticket_unavailable'
  | 'skipped_agent_requester';

/**
 * Puts the survey link on the ticket and tags it `ces_survey_ready`, which makes the email trigger
 * send it. Idempotent: a ticket that already shows this link is left alone, so a repeated run
 * never re-arms the email trigger.
 */
export async function publishSurveyLink(deps: JobDeps, payload: unknown): Promise<PublishOutcome> {
  const surveyId = surveyIdOf(KIND, payload);
  const survey = await findSurveyRowById(deps.db, surveyId);
  if (!survey) throw new InvalidJobPayloadError(KIND, `survey ${surveyId} does not exist`);
  if (survey.status === 'superseded') return 'superseded';
  const fields = await readFieldIds(deps.db);
  if (!fields) throw new SetupMissingError('The "CES survey link" ticket field');

  const url = surveyUrl(deps.config, surveyToken(deps.config.appSecret, survey.token_salt));
  let outcome: PublishOutcome;
  try {
    // Tags are written as a full list against the ticket as read; a concurrent edit re-reads.
    outcome = await retryOnConflict(async () => {
      // One read: the ticket with its users (the requester's role) side-loaded.
      const { ticket, users } = await deps.zendesk.getTicketWithUsers(survey.ticket_id);
      if (survey.origin === 'solve' && (await requesterIsAgent(deps, survey.requester_id, users))) {
        return 'skipped_agent_requester';
      }
      const shown = ticket.custom_fields.find((f) => f.id === fields.link)?.value ?? null;
      if (shown === url && ticket.tags.includes(SURVEY_READY_TAG)) return 'already_published';
      if (ticket.status === 'closed') return 'ticket_unavailable';
      // A new survey on a ticket that was surveyed before must be emailed again.
      const tags = nextTags(ticket.tags, [SURVEY_READY_TAG], [SURVEY_SENT_TAG]);
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
  if (outcome === 'skipped_agent_requester') {
    await skipUnsentSurvey(deps.db, surveyId, 'agent_requester', null);
    return outcome;
  }
  if (outcome === 'published' || outcome === 'already_published') {
    await deps.db.query(
      `UPDATE surveys SET status = 'sent', published_at = COALESCE(published_at, now())
        WHERE id = $1 AND status = 'pending'`,
      [surveyId],
    );
  }
  return outcome;
}

/**
 * The solve webhook cannot tell an agent requester from a customer; Zendesk's user record can.
 * It comes side-loaded with the ticket, unless the requester changed since the solve.
 */
async function requesterIsAgent(
  deps: JobDeps,
  requesterId: number | null,
  sideLoaded: readonly ZendeskUser[],
): Promise<boolean> {
  if (requesterId === null) return false;
  try {
    const user =
      sideLoaded.find((u) => u.id === requesterId) ?? (await deps.zendesk.getUser(requesterId));
    return user.role === 'agent' || user.role === 'admin';
  } catch (error) {
    // A requester Zendesk no longer has cannot be an agent; anything else is retried.
    if (isTicketGone(error)) return false;
    throw error;
  }
}

export function publishSurveyLinkJob(deps: JobDeps): JobHandler {
  return async (payload) => {
    await publishSurveyLink(deps, payload);
  };
}
