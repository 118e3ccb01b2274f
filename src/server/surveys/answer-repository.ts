import { retryingDeadlocks, type Database } from '../db/database.js';
import { cancelQueuedJob, enqueueJob } from '../outbox/outbox-repository.js';
import { reminderKey } from '../outbox/jobs/send-reminder.js';
import { lockTicket } from './survey-repository.js';
import { getScale, isValidScore, type ScaleId } from '../../shared/scales.js';
import { driverKindOf, driversFor, type Settings } from '../../shared/settings.js';

export interface AnswerInput {
  score: number;
  /** The scale the customer saw the score on; by default the answer's, else the survey's. */
  scaleId?: ScaleId;
  /** The follow-up: undefined keeps what is stored, null clears it. */
  driver?: string | null;
  comment?: string | null;
  /** The language the page was shown in. */
  locale: string;
}

export type SaveAnswerResult =
  | { outcome: 'saved'; changed: boolean; version: number }
  | { outcome: 'closed'; reason: 'expired' | 'superseded' }
  | { outcome: 'not_found' };

/** The survey row, locked, with its answer's columns (null when unanswered). */
interface LockedSurvey {
  ticket_id: number;
  status: string;
  superseded_at: Date | string | null;
  closes_at: Date | string;
  scale_id: ScaleId;
  answer_scale_id: ScaleId | null;
  score: number | null;
  driver: string | null;
  comment: string | null;
  version: number | null;
}

/**
 * Records or changes the customer's answer while the survey is open, and schedules its write-back
 * after the quiet period, in one transaction. A post that changes nothing changes nothing.
 * A link a newer survey closed records nothing. The first answer of a survey replaces the ticket's
 * older answers: they leave every count (one answer per ticket) and are never written back.
 */
export async function saveAnswer(
  db: Database,
  surveyId: number,
  input: AnswerInput,
  options: {
    quietPeriodSeconds: number;
    now?: Date;
    /** The reasons offered per kind of answer; a recorded one that no longer fits is cleared. */
    drivers?: Pick<Settings, 'drivers' | 'easyDrivers'>;
  },
): Promise<SaveAnswerResult> {
  const now = options.now ?? new Date();
  return retryingDeadlocks(() => saveAnswerOnce(db, surveyId, input, options, now));
}

async function saveAnswerOnce(
  db: Database,
  surveyId: number,
  input: AnswerInput,
  options: Parameters<typeof saveAnswer>[3],
  now: Date,
): Promise<SaveAnswerResult> {
  return db.transaction(async (tx) => {
    // A new survey of the same ticket and this answer must not pass each other (see intake).
    const ticket = await tx.query<{ ticket_id: number }>(
      'SELECT ticket_id FROM surveys WHERE id = $1',
      [surveyId],
    );
    if (!ticket.rows[0]) return { outcome: 'not_found' };
    await lockTicket(tx, Number(ticket.rows[0].ticket_id));
    // The row lock orders two posts for one survey, so versions count every change once.
    const { rows } = await tx.query<LockedSurvey>(
      `SELECT s.ticket_id, s.status, s.superseded_at, s.closes_at, s.scale_id,
              a.scale_id AS answer_scale_id, a.score, a.driver, a.comment, a.version
         FROM surveys s LEFT JOIN answers a ON a.survey_id = s.id
        WHERE s.id = $1 FOR UPDATE OF s`,
      [surveyId],
    );
    const survey = rows[0];
    if (!survey) return { outcome: 'not_found' };
    if (survey.superseded_at !== null || survey.status === 'superseded') {
      return { outcome: 'closed', reason: 'superseded' };
    }
    if (now.getTime() > new Date(survey.closes_at).getTime()) {
      return { outcome: 'closed', reason: 'expired' };
    }
    const scaleId = input.scaleId ?? survey.answer_scale_id ?? survey.scale_id;
    const scale = getScale(scaleId);
    if (!isValidScore(scale, input.score)) {
      throw new RangeError(`Score ${input.score} is not on scale ${scaleId}`);
    }

    let driver = input.driver === undefined ? survey.driver : input.driver;
    if (input.driver === undefined && driver !== null && survey.score !== null) {
      // A reason given for a difficult answer does not explain an easy one (and the other way).
      const before = driverKindOf(
        getScale(survey.answer_scale_id ?? survey.scale_id),
        survey.score,
      );
      const after = driverKindOf(scale, input.score);
      const offered = options.drivers ? driversFor(options.drivers, after) : [];
      if (before !== after && !offered.includes(driver)) driver = null;
    }
    const next = {
      score: input.score,
      driver,
      comment: input.comment === undefined ? survey.comment : input.comment,
    };
    if (
      survey.version !== null &&
      survey.score === next.score &&
      (survey.answer_scale_id ?? survey.scale_id) === scaleId &&
      survey.driver === next.driver &&
      survey.comment === next.comment
    ) {
      return { outcome: 'saved', changed: false, version: survey.version };
    }

    const at = now.toISOString();
    const saved = await tx.query<{ version: number }>(
      `INSERT INTO answers (survey_id, score, scale_id, driver, comment, locale, answered_at, updated_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1)
       ON CONFLICT (survey_id) DO UPDATE SET score = EXCLUDED.score, scale_id = EXCLUDED.scale_id,
         driver = EXCLUDED.driver,
         comment = EXCLUDED.comment, locale = EXCLUDED.locale, updated_at = EXCLUDED.updated_at,
         version = answers.version + 1,
         score_changed_at = CASE WHEN (answers.score, answers.scale_id)
                                      <> (EXCLUDED.score, EXCLUDED.scale_id)
                                 THEN EXCLUDED.updated_at ELSE answers.score_changed_at END
       RETURNING version`,
      [surveyId, next.score, scaleId, next.driver, next.comment, input.locale, at],
    );
    await tx.query(
      `UPDATE surveys SET status = 'answered', writeback_status = 'pending' WHERE id = $1`,
      [surveyId],
    );
    if (survey.version === null) {
      // Answered: its reminder will never be needed (the job would skip it anyway).
      await cancelQueuedJob(tx, reminderKey(surveyId));
      // A pending write-back of a replaced answer is dropped: the ticket shows this one.
      await tx.query(
        `UPDATE surveys
            SET status = 'replaced', superseded_at = COALESCE(superseded_at, $3),
                writeback_status = CASE WHEN writeback_status = 'pending' THEN 'none'
                                        ELSE writeback_status END
          WHERE ticket_id = $1 AND id <> $2 AND status = 'answered'`,
        [survey.ticket_id, surveyId, at],
      );
    }
    // Each change restarts the quiet period, so a score and its follow-up go to Zendesk together.
    await enqueueJob(tx, {
      kind: 'write_back_answer',
      dedupeKey: `writeback:${surveyId}`,
      payload: { surveyId },
      runAt: new Date(now.getTime() + options.quietPeriodSeconds * 1000),
    });
    return { outcome: 'saved', changed: true, version: saved.rows[0]?.version ?? 1 };
  });
}
