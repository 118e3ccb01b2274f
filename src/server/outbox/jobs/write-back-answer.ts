import type { Config } from '../../config.js';
import { getSettings } from '../../settings/settings-repository.js';
import { findSurveyRowById, type SurveyRow } from '../../surveys/survey-repository.js';
import {
  driverOptionValue,
  HIGH_EFFORT_TAG,
  SCORE_TAG_PATTERN,
  scoreTag,
} from '../../setup/definitions.js';
import { readFieldIds, SetupMissingError, type FieldIds } from '../../setup/zendesk-state.js';
import {
  TicketClosedError,
  ZendeskRequestError,
  nextTags,
  retryOnConflict,
  safely,
  type CustomFieldValue,
  type TicketUpdate,
  type ZendeskTicket,
} from '../../zendesk/index.js';
import { createTranslator, type Translate } from '../../../shared/i18n.js';
import { resolveLocale, type Locale } from '../../../shared/locales.js';
import { getScale, isDifficult, isEasy } from '../../../shared/scales.js';
import type { Settings } from '../../../shared/settings.js';
import { InvalidJobPayloadError, surveyIdOf } from '../job-errors.js';
import type { JobHandler } from '../worker.js';
import { isTicketGone, type JobDeps } from './job-deps.js';

const KIND = 'write_back_answer';

export type WriteBackOutcome =
  'written' | 'up_to_date' | 'not_answered' | 'ticket_closed' | 'ticket_missing';

/** The answer as it appears on a ticket. */
interface Answer {
  score: number;
  driver: string | null;
  comment: string | null;
  version: number;
}

function answerOf(row: SurveyRow): Answer | null {
  if (row.answer_score === null) return null;
  return {
    score: row.answer_score,
    driver: row.answer_driver,
    comment: row.answer_comment,
    version: row.answer_version ?? 1,
  };
}

/** Where an agent opens the survey record: the CES team page of the app in Zendesk. */
export function surveyRecordUrl(config: Pick<Config, 'zendesk'>, row: SurveyRow): string {
  return `${config.zendesk.apiUrl}/agent/apps/customer-effort-score?survey=${row.id}&ticket=${row.ticket_id}`;
}

function driverLabel(settings: Settings, locale: Locale, t: Translate, driver: string): string {
  const custom = settings.customDriverLabels[driver];
  if (custom) return custom[locale] ?? custom.en ?? driver;
  const label = t(`drivers.${driver}`);
  return label === `drivers.${driver}` ? driver : label;
}

/**
 * The internal note, in plain text (Zendesk's `body`, not `html_body`, so nothing the customer
 * typed can become markup): score with its label and scale, effort, driver, comment, record link.
 */
export function renderNote(
  deps: Pick<JobDeps, 'catalogs' | 'config'>,
  settings: Settings,
  row: SurveyRow,
  answer: Answer,
  changed: boolean,
): string {
  const locale = resolveLocale(settings.defaultLocale);
  const t = createTranslator(deps.catalogs, locale);
  const scale = getScale(row.answer_scale_id ?? row.scale_id);
  const band = isEasy(scale, answer.score)
    ? 'easy'
    : isDifficult(scale, answer.score)
      ? 'difficult'
      : 'neutral';
  const lines = [
    t(changed ? 'note.headingChanged' : 'note.heading'),
    '',
    t('note.score', { score: answer.score, label: t(`${scale.labelKey}.${answer.score}`) }),
    t('note.scale', { scale: t(`note.scales.${scale.id}`) }),
    t('note.effort', { band: t(`note.band.${band}`) }),
    answer.driver
      ? t('note.driver', { driver: driverLabel(settings, locale, t, answer.driver) })
      : t('note.noDriver'),
    '',
  ];
  const comment = answer.comment?.trim();
  if (comment) lines.push(t('note.comment'), comment);
  else lines.push(t('note.noComment'));
  lines.push('', t('note.record', { url: surveyRecordUrl(deps.config, row) }));
  return lines.join('\n');
}

const asText = (v: CustomFieldValue['value'] | undefined): string =>
  v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v);

function desiredFields(fields: FieldIds, answer: Answer): CustomFieldValue[] {
  return [
    { id: fields.score, value: answer.score },
    { id: fields.driver, value: answer.driver ? driverOptionValue(answer.driver) : null },
    { id: fields.comment, value: answer.comment?.trim() ? answer.comment : null },
  ];
}

/** True when the ticket's CES fields already hold this answer: its note was written with them. */
function fieldsMatch(ticket: ZendeskTicket, desired: CustomFieldValue[]): boolean {
  return desired.every(
    (d) => asText(ticket.custom_fields.find((f) => f.id === d.id)?.value) === asText(d.value),
  );
}

/** The ticket's full new tag list (Update Ticket replaces tags), or null when it is right. */
function tagChanges(ticket: ZendeskTicket, score: number, difficult: boolean): string[] | null {
  const add = [scoreTag(score), ...(difficult ? [HIGH_EFFORT_TAG] : [])];
  const remove = ticket.tags.filter(
    (tag) =>
      (SCORE_TAG_PATTERN.test(tag) && tag !== scoreTag(score)) ||
      (tag === HIGH_EFFORT_TAG && !difficult),
  );
  return nextTags(ticket.tags, add, remove);
}

async function recordOutcome(
  deps: JobDeps,
  surveyId: number,
  status: 'done' | 'ticket_closed' | 'failed',
  version: number,
): Promise<void> {
  await deps.db.query(
    `UPDATE surveys
        SET writeback_status = $2, writeback_at = now(),
            writeback_version = GREATEST(writeback_version, $3)
      WHERE id = $1`,
    [surveyId, status, version],
  );
}

/**
 * Writes the answer to its ticket: fields, tags and one internal note. The note goes in the same
 * update as the fields, so a ticket whose fields already show the answer has its note: repeats
 * (retries, restarts, racing replicas, unchanged edits) add nothing. A closed ticket is recorded
 * as such and never retried; the answer stays in the service.
 */
export async function writeBackAnswer(deps: JobDeps, payload: unknown): Promise<WriteBackOutcome> {
  return retryOnConflict(() => writeBackOnce(deps, payload));
}

async function writeBackOnce(deps: JobDeps, payload: unknown): Promise<WriteBackOutcome> {
  const surveyId = surveyIdOf(KIND, payload);
  const row = await findSurveyRowById(deps.db, surveyId);
  if (!row) throw new InvalidJobPayloadError(KIND, `survey ${surveyId} does not exist`);
  const answer = answerOf(row);
  if (!answer) return 'not_answered';
  if (row.writeback_status === 'ticket_closed') return 'ticket_closed';
  if (row.writeback_status === 'done' && row.writeback_version >= answer.version) {
    return 'up_to_date';
  }
  const fields = await readFieldIds(deps.db);
  if (!fields) throw new SetupMissingError('The CES ticket fields');

  const settings = await getSettings(deps.db);
  const scale = getScale(row.answer_scale_id ?? row.scale_id);
  try {
    const ticket = await deps.zendesk.getTicket(row.ticket_id);
    if (ticket.status === 'closed') {
      await recordOutcome(deps, surveyId, 'ticket_closed', answer.version);
      return 'ticket_closed';
    }
    const desired = desiredFields(fields, answer);
    const needsNote = !fieldsMatch(ticket, desired);
    const tags = tagChanges(ticket, answer.score, isDifficult(scale, answer.score));
    if (needsNote || tags) {
      // Against the ticket as read: a concurrent edit answers 409 and the whole job re-reads.
      const update: TicketUpdate = safely(ticket, {
        custom_fields: desired,
        ...(tags ? { tags } : {}),
      });
      if (needsNote) {
        const changed = row.writeback_version > 0;
        update.comment = {
          body: renderNote(deps, settings, row, answer, changed),
          public: false,
        };
      }
      await updateWithDriverFallback(deps, row.ticket_id, update, fields);
    }
    await recordOutcome(deps, surveyId, 'done', answer.version);
    return needsNote ? 'written' : 'up_to_date';
  } catch (error) {
    if (error instanceof TicketClosedError) {
      await recordOutcome(deps, surveyId, 'ticket_closed', answer.version);
      return 'ticket_closed';
    }
    if (isTicketGone(error)) {
      await recordOutcome(deps, surveyId, 'failed', 0);
      return 'ticket_missing';
    }
    throw error;
  }
}

/**
 * A driver added in settings after setup has no option in the drop-down yet, and Zendesk rejects
 * the whole update for it; the note still names the driver, so the update is sent again without it.
 */
async function updateWithDriverFallback(
  deps: JobDeps,
  ticketId: number,
  update: TicketUpdate,
  fields: FieldIds,
): Promise<void> {
  try {
    await deps.zendesk.updateTicket(ticketId, update);
  } catch (error) {
    const driverSet = update.custom_fields?.some((f) => f.id === fields.driver && f.value !== null);
    if (
      !(error instanceof ZendeskRequestError) ||
      error instanceof TicketClosedError ||
      error.status !== 422 ||
      !driverSet
    ) {
      throw error;
    }
    await deps.zendesk.updateTicket(ticketId, {
      ...update,
      custom_fields: update.custom_fields?.filter((f) => f.id !== fields.driver),
    });
  }
}

export function writeBackAnswerJob(deps: JobDeps): JobHandler {
  return async (payload) => {
    await writeBackAnswer(deps, payload);
  };
}
