import { getSettings } from '../../settings/settings-repository.js';
import {
  findSurveyRowById,
  readNoteState,
  recordWritebackOutcome,
  saveNoteState,
  type SurveyRow,
} from '../../surveys/survey-repository.js';
import {
  driverOptionValue,
  HIGH_EFFORT_TAG,
  SCORE_TAG_PATTERN,
  scoreTag,
} from '../../setup/definitions.js';
import { readFieldIds, SetupMissingError, type FieldIds } from '../../setup/zendesk-state.js';
import {
  TicketClosedError,
  TicketUpdateConflictError,
  ZendeskRateLimitError,
  ZendeskRequestError,
  forgetTicket,
  nextTags,
  recallTicket,
  rememberTicket,
  retryOnConflict,
  safely,
  type CustomFieldValue,
  type TicketSnapshot,
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
import { enqueueChatAlert } from './send-chat-alert.js';

const KIND = 'write_back_answer';

export type WriteBackOutcome =
  | 'written'
  | 'fields_updated'
  | 'up_to_date'
  | 'not_answered'
  | 'ticket_closed'
  | 'ticket_missing'
  | 'replaced';

/** The answer as it appears on a ticket. */
interface Answer {
  score: number;
  driver: string | null;
  comment: string | null;
  version: number;
  /** When the customer last changed any part of it. */
  updatedAt: Date | null;
}

function answerOf(row: SurveyRow): Answer | null {
  if (row.answer_score === null) return null;
  return {
    score: row.answer_score,
    driver: row.answer_driver,
    comment: row.answer_comment,
    version: row.answer_version ?? 1,
    updatedAt: row.answer_updated_at === null ? null : new Date(row.answer_updated_at),
  };
}

function driverLabel(settings: Settings, locale: Locale, t: Translate, driver: string): string {
  const custom = settings.customDriverLabels[driver];
  if (custom) return custom[locale] ?? custom.en ?? driver;
  const label = t(`drivers.${driver}`);
  return label === `drivers.${driver}` ? driver : label;
}

/**
 * The internal note, in plain text (Zendesk's `body`, not `html_body`, so nothing the customer
 * typed can become markup): score with its label and scale, effort, and the reason and comment
 * when given. A later reason or comment goes to the fields, not to a new note, so the note says
 * only what stays true: what was given, never "not given". `previousScore` is the score the last
 * note stated, when this note tells of a change.
 */
function noteTime(at: Date, locale: Locale): string {
  const text = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(at);
  return `${text} UTC`;
}

/**
 * Where the note's link lands: the agent's page in the nav bar app, with this ticket's answer
 * shown first and marked. Zendesk documents nav bar app URLs with extra segments, handed to the
 * app as `appRoute` (https://developer.zendesk.com/apps/docs/support-api/nav_bar).
 * Null without an assignee: no agent page to open (the ticket's sidebar shows the answer).
 */
export function answerLink(
  zendesk: Pick<JobDeps['config']['zendesk'], 'apiUrl' | 'appRouteName'>,
  row: Pick<SurveyRow, 'assignee_id' | 'ticket_id'>,
): string | null {
  if (row.assignee_id === null) return null;
  return `${zendesk.apiUrl}/agent/apps/${zendesk.appRouteName}/agents/${row.assignee_id}/tickets/${row.ticket_id}`;
}

export function renderNote(
  deps: Pick<JobDeps, 'catalogs'> & { config?: Pick<JobDeps['config'], 'zendesk'> },
  settings: Settings,
  row: SurveyRow,
  answer: Answer,
  previousScore: number | null,
): string {
  const locale = resolveLocale(settings.defaultLocale);
  const t = createTranslator(deps.catalogs, locale);
  const scale = getScale(row.answer_scale_id ?? row.scale_id);
  const band = isEasy(scale, answer.score)
    ? 'easy'
    : isDifficult(scale, answer.score)
      ? 'difficult'
      : 'neutral';
  const lines = [t(previousScore === null ? 'note.heading' : 'note.headingChanged'), ''];
  if (previousScore !== null) {
    lines.push(t('note.changedFrom', { from: previousScore, to: answer.score }));
  }
  lines.push(
    t('note.score', { score: answer.score, label: t(`${scale.labelKey}.${answer.score}`) }),
    t('note.scale', { scale: t(`note.scales.${scale.id}`) }),
    t('note.effort', { band: t(`note.band.${band}`) }),
  );
  const comment = answer.comment?.trim();
  // A reason or comment may still change without a new note: say when this one was given.
  if ((answer.driver || comment) && answer.updatedAt) {
    lines.push('', t('note.asOf', { time: noteTime(answer.updatedAt, locale) }));
  }
  if (answer.driver) {
    lines.push(t('note.driver', { driver: driverLabel(settings, locale, t, answer.driver) }));
  }
  if (comment) lines.push(t('note.comment'), comment);
  lines.push('', t('note.fields'));
  const link = deps.config ? answerLink(deps.config.zendesk, row) : null;
  if (link) lines.push(t('note.link', { url: link }));
  lines.push(t('note.reference', { reference: noteReference(row.id) }));
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

/** True when the ticket's CES fields already hold this answer. */
function fieldsMatch(ticket: TicketSnapshot, desired: CustomFieldValue[]): boolean {
  return desired.every(
    (d) => asText(ticket.custom_fields.find((f) => f.id === d.id)?.value) === asText(d.value),
  );
}

/** The ticket's full new tag list (Update Ticket replaces tags), or null when it is right. */
function tagChanges(ticket: TicketSnapshot, score: number, difficult: boolean): string[] | null {
  const add = [scoreTag(score), ...(difficult ? [HIGH_EFFORT_TAG] : [])];
  const remove = ticket.tags.filter(
    (tag) =>
      (SCORE_TAG_PATTERN.test(tag) && tag !== scoreTag(score)) ||
      (tag === HIGH_EFFORT_TAG && !difficult),
  );
  return nextTags(ticket.tags, add, remove);
}

/** The reference every note of a survey carries: language-independent, so it can be found again. */
export function noteReference(surveyId: number): string {
  return `CES-${surveyId}`;
}

/** How many internal notes of the ticket carry the survey's reference. */
async function notesOnTicket(deps: JobDeps, ticketId: number, surveyId: number): Promise<number> {
  const reference = new RegExp(`(^|\\W)${noteReference(surveyId)}(\\W|$)`);
  const comments = await deps.zendesk.listTicketComments(ticketId);
  return comments.filter((c) => !c.public && reference.test(c.plain_body ?? c.body)).length;
}

/**
 * Writes the answer to its ticket: fields, tags and, when the ticket has no note stating this
 * score, an internal note, in one update. One note per answer, and one more per change of score;
 * a reason or comment that comes later only updates the fields. The score a note is about to
 * state is stored before the update is sent, and every note carries the survey's reference: if
 * the answer is lost, the ticket holding more referenced notes than counted means the update
 * (fields and note together) landed, so no second note goes out on retries, restarts or a
 * replica taking over, and none goes missing. A closed ticket is recorded as such and never
 * retried; the answer stays in the service.
 */
export async function writeBackAnswer(deps: JobDeps, payload: unknown): Promise<WriteBackOutcome> {
  return retryOnConflict(() => writeBackOnce(deps, payload));
}

async function writeBackOnce(deps: JobDeps, payload: unknown): Promise<WriteBackOutcome> {
  const surveyId = surveyIdOf(KIND, payload);
  const row = await findSurveyRowById(deps.db, surveyId);
  if (!row) throw new InvalidJobPayloadError(KIND, `survey ${surveyId} does not exist`);
  // A newer answer of the ticket replaced this one: the ticket shows the newer one.
  if (row.status === 'replaced') return 'replaced';
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
    const notes = await readNoteState(deps.db, surveyId);
    // The ticket as our last update left it, when no answer of ours is in doubt: no read needed.
    const remembered = notes.pending === null ? await recallTicket(deps.db, row.ticket_id) : null;
    const ticket = remembered ?? (await deps.zendesk.getTicket(row.ticket_id));
    if (ticket.status === 'closed') {
      await recordWritebackOutcome(deps.db, surveyId, 'ticket_closed', answer.version);
      return 'ticket_closed';
    }
    if (notes.pending !== null) {
      // A note went out and its answer never came back: the ticket's own notes say whether it
      // landed (its score field cannot: a ticket surveyed before may show that score already).
      const found = await notesOnTicket(deps, row.ticket_id, surveyId);
      if (found > notes.count) notes.noted = notes.pending;
      notes.count = Math.max(notes.count, found);
    }
    notes.pending = null;
    const needsNote = notes.noted !== answer.score;
    const desired = desiredFields(fields, answer);
    const tags = tagChanges(ticket, answer.score, isDifficult(scale, answer.score));
    const fieldsChange = !fieldsMatch(ticket, desired) || tags !== null;
    if (needsNote || fieldsChange) {
      // Against the ticket as read: a concurrent edit answers 409 and the whole job re-reads.
      const update: TicketUpdate = safely(ticket, {
        custom_fields: desired,
        ...(tags ? { tags } : {}),
      });
      if (needsNote) {
        update.comment = {
          body: renderNote(deps, settings, row, answer, notes.noted),
          public: false,
        };
        await saveNoteState(deps.db, surveyId, { ...notes, pending: answer.score });
      }
      try {
        await rememberTicket(
          deps.db,
          await updateWithDriverFallback(deps, row.ticket_id, update, fields),
        );
      } catch (error) {
        // Zendesk said no (409, 4xx): nothing landed, so the next try must not take the note as sent.
        if (needsNote && appliedNothing(error)) await saveNoteState(deps.db, surveyId, notes);
        // Changed since we saw it: the next try reads it.
        if (error instanceof TicketUpdateConflictError) await forgetTicket(deps.db, row.ticket_id);
        throw error;
      }
    }
    await saveNoteState(deps.db, surveyId, {
      noted: needsNote ? answer.score : notes.noted,
      pending: null,
      count: needsNote ? notes.count + 1 : notes.count,
    });
    await recordWritebackOutcome(deps.db, surveyId, 'done', answer.version);
    // After the quiet period, with reason and comment: the chat alert (its own job) says it.
    if (settings.alerts.chatWebhookUrl !== '') await enqueueChatAlert(deps.db, surveyId);
    return needsNote ? 'written' : fieldsChange ? 'fields_updated' : 'up_to_date';
  } catch (error) {
    if (error instanceof TicketClosedError) {
      await recordWritebackOutcome(deps.db, surveyId, 'ticket_closed', answer.version);
      return 'ticket_closed';
    }
    if (isTicketGone(error)) {
      await recordWritebackOutcome(deps.db, surveyId, 'failed', 0);
      return 'ticket_missing';
    }
    throw error;
  }
}

/** Errors with which Zendesk answered that it did not apply the update. */
function appliedNothing(error: unknown): boolean {
  if (error instanceof TicketUpdateConflictError || error instanceof ZendeskRateLimitError)
    return true;
  return error instanceof ZendeskRequestError && error.status >= 400 && error.status < 500;
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
): Promise<ZendeskTicket> {
  try {
    return await deps.zendesk.updateTicket(ticketId, update);
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
    return deps.zendesk.updateTicket(ticketId, {
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
