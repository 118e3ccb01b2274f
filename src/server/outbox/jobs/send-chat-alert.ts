import type { Queryable } from '../../db/database.js';
import { alertLines, chatPayload } from '../../../shared/alert-texts.js';
import { chatAlertedScore, recordChatAlert } from '../../alerts/alert-repository.js';
import { getSettings } from '../../settings/settings-repository.js';
import { driverLabel } from '../../surveys/survey-page.js';
import { findSurveyRowById } from '../../surveys/survey-repository.js';
import { createTranslator } from '../../../shared/i18n.js';
import { getScale, isDifficult } from '../../../shared/scales.js';
import type { Settings } from '../../../shared/settings.js';
import { InvalidJobPayloadError, surveyIdOf } from '../job-errors.js';
import { enqueueJob } from '../outbox-repository.js';
import type { JobHandler } from '../worker.js';
import type { JobDeps } from './job-deps.js';

export const SEND_CHAT_ALERT_KIND = 'send_chat_alert';
/** A chat endpoint that has not answered by then is retried later with backoff. */
export const CHAT_TIMEOUT_MS = 5000;

export type ChatAlertOutcome = 'posted' | 'updated' | 'up_to_date' | 'not_difficult' | 'off';

/**
 * Queues the answer's chat alert, in the caller's transaction, once its write-back is done: the
 * message is a separate job, so a slow or failing chat endpoint never holds the write-back.
 */
export async function enqueueChatAlert(tx: Queryable, surveyId: number): Promise<void> {
  await enqueueJob(tx, {
    kind: SEND_CHAT_ALERT_KIND,
    dedupeKey: `chat-alert:${surveyId}`,
    payload: { surveyId },
  });
}

/**
 * Posts one message per difficult answer to the incoming webhook in settings (Slack or Teams
 * format), and one update when the customer later changes the score; a run with nothing new to
 * say posts nothing. A failed or timed-out post throws, and the outbox retries it with backoff.
 */
export async function sendChatAlert(deps: JobDeps, payload: unknown): Promise<ChatAlertOutcome> {
  const surveyId = surveyIdOf(SEND_CHAT_ALERT_KIND, payload);
  const settings = await getSettings(deps.db);
  const url = settings.alerts.chatWebhookUrl;
  if (url === '') return 'off';
  const row = await findSurveyRowById(deps.db, surveyId);
  if (!row)
    throw new InvalidJobPayloadError(SEND_CHAT_ALERT_KIND, `survey ${surveyId} does not exist`);
  if (row.answer_score === null || row.status === 'replaced') return 'not_difficult';
  const scale = getScale(row.answer_scale_id ?? row.scale_id);
  const score = row.answer_score;
  const alerted = await chatAlertedScore(deps.db, surveyId);
  if (alerted === score) return 'up_to_date';
  // An easy answer is no alert; an easy change of an alerted one is news to those alerted.
  if (alerted === null && !isDifficult(scale, score)) return 'not_difficult';
  const t = createTranslator(deps.catalogs, settings.defaultLocale);
  const lines = alertLines(settings, deps.catalogs, {
    ticketId: row.ticket_id,
    score,
    scaleMax: scale.max,
    reason: row.answer_driver
      ? driverLabel(t, settings.defaultLocale, settings, row.answer_driver)
      : null,
    comment: row.answer_comment,
    ticketUrl: `${deps.config.zendesk.apiUrl}/agent/tickets/${row.ticket_id}`,
    changedFrom: alerted,
  });
  await postChatMessage(url, settings.alerts.chatFormat, lines, deps.chatTimeoutMs);
  await recordChatAlert(deps.db, surveyId, score);
  return alerted === null ? 'posted' : 'updated';
}

/**
 * Posts one message to a chat incoming webhook (Slack or Teams format), within `timeoutMs`. A
 * failed or timed-out post throws, naming what happened but never the address (a credential).
 */
export async function postChatMessage(
  url: string,
  format: Settings['alerts']['chatFormat'],
  lines: readonly string[],
  timeoutMs: number = CHAT_TIMEOUT_MS,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chatPayload(format, lines)),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    // fetch's own messages may carry the address (a credential): only what happened is kept.
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw new Error(
      timedOut ? 'The chat webhook timed out' : 'The chat webhook could not be reached',
      { cause: error },
    );
  }
  // The address is a credential: errors name the status, never the address.
  if (!response.ok) throw new Error(`The chat webhook answered ${response.status}`);
}

export function sendChatAlertJob(deps: JobDeps): JobHandler {
  return async (payload) => {
    await sendChatAlert(deps, payload);
  };
}
