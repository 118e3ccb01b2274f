/**
 * The customer's visit to a survey link, as data: which page a GET shows, and what a posted form
 * says (an answer to save, or the problem to show). No I/O: the route reads the survey, saves the
 * answer and renders the page this module names (docs/survey-lifecycle.md, "Answer").
 */
import { z } from 'zod';
import type { AnswerView, SurveyStatus } from '../../shared/api-types.js';
import type { Translate } from '../../shared/i18n.js';
import {
  getScale,
  isScaleId,
  isValidScore,
  type Scale,
  type ScaleId,
} from '../../shared/scales.js';
import {
  driverKindOf,
  driversFor,
  MAX_COMMENT_LENGTH,
  type DriverKind,
  type Settings,
} from '../../shared/settings.js';
import { withoutControlChars } from '../security/text-input.js';

/** What a form on the page shows filled in. */
export interface FormValues {
  score: number | null;
  driver: string | null;
  comment: string | null;
}

/** A problem with a posted form, shown above it. */
export interface FormError {
  field: 'score' | 'driver' | 'comment';
  message: string;
}

export type ClosedReason = 'expired' | 'superseded';

/** Why the link takes no more answers, or null while it is open. */
export function closedReason(
  survey: {
    status: SurveyStatus;
    superseded_at: Date | string | null;
    closes_at: Date | string;
  },
  now: Date,
): ClosedReason | null {
  if (survey.status === 'superseded' || survey.superseded_at !== null) return 'superseded';
  return now.getTime() > new Date(survey.closes_at).getTime() ? 'expired' : null;
}

/** The score a form or link gives on `scale`, or null for anything else. */
export function parseScore(raw: unknown, scale: Scale): number | null {
  if (typeof raw !== 'string' || !/^\d{1,2}$/.test(raw.trim())) return null;
  const score = Number(raw.trim());
  return isValidScore(scale, score) ? score : null;
}

/** The scale a link or form names, else `fallback` (the answer's, or the survey's). */
function namedScale(raw: unknown, fallback: Scale): Scale {
  return isScaleId(raw) ? getScale(raw) : fallback;
}

/** The query of a survey link: `?score=N&scale=…` from the email, `?edit=1`, `?saved=1` from us. */
export interface VisitQuery {
  score?: string | undefined;
  scale?: string | undefined;
  edit?: string | undefined;
  saved?: string | undefined;
}

/** The page an open survey's link shows. */
export type VisitPage =
  | { page: 'question'; scale: Scale; checked: number | null }
  | { page: 'followup'; values: FormValues }
  | { page: 'summary'; values: FormValues };

/**
 * A GET never records anything: a score from the email is only shown chosen on the question (the
 * person's press of the button posts it). An answered survey shows its follow-up until it has one
 * (or was just saved without one), then the summary; `?edit=1` opens the follow-up again.
 */
export function visitPage(scale: Scale, answer: AnswerView | null, query: VisitQuery): VisitPage {
  // The link names the scale the email showed; the score is read on that scale, never another.
  const linkScale = namedScale(query.scale, scale);
  const fromLink = parseScore(query.score, linkScale);
  const sameAsAnswer = answer?.score === fromLink && answer?.scaleId === linkScale.id;
  if (!answer || (fromLink !== null && !sameAsAnswer)) {
    return { page: 'question', scale: linkScale, checked: fromLink };
  }
  const values: FormValues = {
    score: answer.score,
    driver: answer.driver,
    comment: answer.comment,
  };
  const followedUp = answer.driver !== null || answer.comment !== null;
  if (query.edit === '1' || (!followedUp && query.saved !== '1')) {
    return { page: 'followup', values };
  }
  return { page: 'summary', values };
}

/**
 * The survey page's form (POST /s/:token, form-encoded): the question posts step "score", the
 * follow-up step "followup". A body that is not this form gets the page's "bad request" page.
 */
export const surveyFormSchema = z.object({
  step: z.enum(['score', 'followup']),
  score: z.string().optional(),
  scale: z.string().optional(),
  driver: z.string().optional(),
  comment: z.string().optional(),
});

export type SurveyForm = z.infer<typeof surveyFormSchema>;

/** What to save from a valid form: the score on the scale it was posted on, and the follow-up. */
export interface AnswerToSave {
  score: number;
  scaleId: ScaleId;
  /** Only the follow-up step changes these; the question leaves what is stored. */
  followup: { driver: string | null; comment: string | null } | null;
}

export type PostedForm =
  | {
      outcome: 'invalid';
      /** The form to show again, with the problem above it. */
      page: 'question' | 'followup';
      scale: Scale;
      values: FormValues;
      error: FormError;
    }
  | {
      outcome: 'save';
      answer: AnswerToSave;
      /**
       * Where the visit goes once saved: the follow-up after the question ('followup'); the
       * follow-up again when a reason for the other kind of answer was dropped ('ask_again');
       * else the summary ('summary').
       */
      next: 'followup' | 'ask_again' | 'summary';
    };

/**
 * Checks a posted form against the survey: the score on the scale the form names (else `scale`),
 * the reason among those offered for that kind of answer, the comment's length. `t` words the
 * problem in the page's language.
 */
export function checkPostedForm(
  form: SurveyForm,
  survey: { scale: Scale; settings: Pick<Settings, 'drivers' | 'easyDrivers'> },
  answer: AnswerView | null,
  t: Translate,
): PostedForm {
  const scale = namedScale(form.scale, survey.scale);
  const score = parseScore(form.score, scale);
  const driver =
    score === null ? 'fits' : postedDriver(form.driver, scale, survey.settings, score, answer);
  const values: FormValues = {
    score,
    // A reason for the other kind of answer (the score moved across) no longer fits: dropped.
    driver:
      driver === 'fits' && form.driver !== undefined && form.driver !== '' ? form.driver : null,
    comment: normalizeComment(form.comment),
  };
  const followup = form.step === 'followup';
  const error: FormError | null =
    score === null
      ? { field: 'score', message: t('errors.badScore') }
      : followup && driver === 'unknown'
        ? { field: 'driver', message: t('errors.badDriver') }
        : followup && (values.comment?.length ?? 0) > MAX_COMMENT_LENGTH
          ? { field: 'comment', message: t('errors.commentTooLong', { max: MAX_COMMENT_LENGTH }) }
          : null;
  if (error || score === null) {
    return {
      outcome: 'invalid',
      page: followup ? 'followup' : 'question',
      scale,
      // The question shows nothing chosen; the follow-up keeps what was posted, but an unknown reason.
      values: followup
        ? { ...values, driver: error?.field === 'driver' ? null : values.driver }
        : { score: null, driver: null, comment: null },
      error: error ?? { field: 'score', message: t('errors.badScore') },
    };
  }
  return {
    outcome: 'save',
    answer: {
      score,
      scaleId: scale.id,
      followup: followup ? { driver: values.driver, comment: values.comment } : null,
    },
    next: !followup ? 'followup' : driver === 'stale' ? 'ask_again' : 'summary',
  };
}

function normalizeComment(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const text = withoutControlChars(raw.replace(/\r\n?/g, '\n')).trim();
  return text === '' ? null : text;
}

/**
 * How a posted reason fits the posted score: none or one offered for this kind of answer ('fits'),
 * the recorded one while the kind is unchanged (the list may have changed since: 'fits'), one for
 * the other kind of answer ('stale': the score moved across), or none we know ('unknown').
 */
function postedDriver(
  raw: string | undefined,
  scale: Scale,
  settings: Pick<Settings, 'drivers' | 'easyDrivers'>,
  score: number,
  answer: AnswerView | null,
): 'fits' | 'stale' | 'unknown' {
  if (raw === undefined || raw === '') return 'fits';
  const kind = driverKindOf(scale, score);
  if (driversFor(settings, kind).includes(raw)) return 'fits';
  const recordedKind: DriverKind | null = answer
    ? driverKindOf(getScale(answer.scaleId), answer.score)
    : null;
  if (raw === answer?.driver) return recordedKind === kind ? 'fits' : 'stale';
  const other: DriverKind = kind === 'easy' ? 'hard' : 'easy';
  return driversFor(settings, other).includes(raw) ? 'stale' : 'unknown';
}
