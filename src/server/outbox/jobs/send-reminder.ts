import type { Queryable } from '../../db/database.js';
import { getSettings } from '../../settings/settings-repository.js';
import { REMINDER_DUE_TAG } from '../../setup/definitions.js';
import { markReminded, reminderState } from '../../surveys/reminder-repository.js';
import {
  TicketClosedError,
  nextTags,
  rememberTicket,
  retryOnConflict,
  safely,
} from '../../zendesk/index.js';
import { InvalidJobPayloadError, surveyIdOf } from '../job-errors.js';
import { enqueueJob } from '../outbox-repository.js';
import type { JobHandler } from '../worker.js';
import { isTicketGone, type JobDeps } from './job-deps.js';

export const SEND_REMINDER_KIND = 'send_reminder';

export type ReminderOutcome =
  | 'reminded'
  | 'already_reminded'
  /** Reminders are switched off in settings. */
  | 'off'
  | 'answered'
  | 'superseded'
  /** The answer window ended, or the survey never went out. */
  | 'closed'
  /** The requester's data was erased: no more email to them from us. */
  | 'erased'
  /** Not yet (the admin set more days since it was scheduled): scheduled again. */
  | 'not_due'
  | 'ticket_unavailable';

export const reminderKey = (surveyId: number) => `reminder:${surveyId}`;

/**
 * Schedules a survey's one reminder, in the caller's transaction, `afterDays` after its email went
 * out (published_at). The outbox keeps the due moment to the second; Zendesk's automations would
 * only check hourly. Nothing when reminders are off or the survey was reminded already.
 */
export async function scheduleReminder(tx: Queryable, surveyId: number): Promise<boolean> {
  const settings = await getSettings(tx);
  if (!settings.reminder.enabled) return false;
  const state = await reminderState(tx, surveyId, settings.reminder.afterDays);
  if (!state || state.remindedAt !== null || state.status !== 'sent' || !state.dueAt) return false;
  await enqueueJob(tx, {
    kind: SEND_REMINDER_KIND,
    dedupeKey: reminderKey(surveyId),
    payload: { surveyId },
    runAt: state.dueAt,
  });
  return true;
}

/** Why this survey gets no reminder now; null when it is due one. */
async function reasonToSkip(
  deps: JobDeps,
  surveyId: number,
): Promise<{ skip: ReminderOutcome | null; ticketId: number }> {
  const settings = await getSettings(deps.db);
  const state = await reminderState(deps.db, surveyId, settings.reminder.afterDays);
  if (!state)
    throw new InvalidJobPayloadError(SEND_REMINDER_KIND, `survey ${surveyId} does not exist`);
  const skip: ReminderOutcome | null =
    state.remindedAt !== null
      ? 'already_reminded'
      : !settings.reminder.enabled
        ? 'off'
        : state.superseded || state.status === 'superseded'
          ? 'superseded'
          : state.status === 'answered' || state.status === 'replaced'
            ? 'answered'
            : state.erased
              ? 'erased'
              : state.status !== 'sent' || !state.open
                ? 'closed'
                : !state.due
                  ? 'not_due'
                  : null;
  return { skip, ticketId: state.ticketId };
}

/**
 * Tags the ticket `ces_reminder_due`, which makes the setup-managed reminder trigger email the
 * requester once (it adds `ces_reminder_sent`), with the same links as the first email. Checked
 * again right before the write, so an answer or a newer survey that came meanwhile wins. A crash
 * after the write finds the tag on the ticket and only records the reminder; the trigger's
 * `ces_reminder_sent` condition keeps Zendesk from emailing twice either way.
 */
export async function sendReminder(deps: JobDeps, payload: unknown): Promise<ReminderOutcome> {
  const surveyId = surveyIdOf(SEND_REMINDER_KIND, payload);
  const first = await reasonToSkip(deps, surveyId);
  if (first.skip === 'not_due') {
    await scheduleReminder(deps.db, surveyId);
    return 'not_due';
  }
  if (first.skip) return first.skip;
  let outcome: ReminderOutcome;
  try {
    outcome = await retryOnConflict(async () => {
      const now = await reasonToSkip(deps, surveyId);
      if (now.skip) return now.skip;
      const ticket = await deps.zendesk.getTicket(first.ticketId);
      if (ticket.status === 'closed') return 'ticket_unavailable';
      const tags = nextTags(ticket.tags, [REMINDER_DUE_TAG]);
      if (tags) {
        const updated = await deps.zendesk.updateTicket(first.ticketId, safely(ticket, { tags }));
        await rememberTicket(deps.db, updated);
      }
      return 'reminded';
    });
  } catch (error) {
    if (!(error instanceof TicketClosedError) && !isTicketGone(error)) throw error;
    outcome = 'ticket_unavailable';
  }
  if (outcome === 'reminded') await markReminded(deps.db, surveyId);
  return outcome;
}

export function sendReminderJob(deps: JobDeps): JobHandler {
  return async (payload) => {
    await sendReminder(deps, payload);
  };
}
