import type { AnswerView } from '../../../src/shared/api-types.js';
import { getScale } from '../../../src/shared/scales.js';
import { DEFAULT_SETTINGS, MAX_COMMENT_LENGTH } from '../../../src/shared/settings.js';
import {
  checkPostedForm,
  closedReason,
  surveyFormSchema,
  visitPage,
  type SurveyForm,
} from '../../../src/server/surveys/visit.js';

const ces2 = getScale('ces2_7');
const ces1 = getScale('ces1_5');
/** Names the message key, so a test sees which problem was found. */
const t = (key: string) => `<${key}>`;
const survey = { scale: ces2, settings: DEFAULT_SETTINGS };
const hardReason = DEFAULT_SETTINGS.drivers[0]!;
const easyReason = DEFAULT_SETTINGS.easyDrivers[0]!;

function answered(score: number, more: Partial<AnswerView> = {}): AnswerView {
  return {
    score,
    scaleId: 'ces2_7',
    band: score >= 5 ? 'easy' : score <= 3 ? 'difficult' : 'neutral',
    driver: null,
    comment: null,
    locale: 'en',
    answeredAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    edited: false,
    ...more,
  };
}

describe('closedReason', () => {
  const open = { status: 'sent' as const, superseded_at: null, closes_at: '2026-12-01T00:00:00Z' };

  it('is open until the window ends, then expired', () => {
    expect(closedReason(open, new Date('2026-11-30T23:59:59Z'))).toBeNull();
    expect(closedReason(open, new Date('2026-12-01T00:00:01Z'))).toBe('expired');
  });

  it('is superseded once a newer link closed it, even inside the window', () => {
    const now = new Date('2026-11-20T00:00:00Z');
    expect(closedReason({ ...open, superseded_at: '2026-11-19T00:00:00Z' }, now)).toBe(
      'superseded',
    );
    expect(closedReason({ ...open, status: 'superseded' }, now)).toBe('superseded');
  });
});

describe('visitPage (GET never records)', () => {
  it("shows the question with the email's score chosen, on the scale the link names", () => {
    expect(visitPage(ces2, null, { score: '6' })).toEqual({
      page: 'question',
      scale: ces2,
      checked: 6,
    });
    expect(visitPage(ces2, null, { score: '4', scale: 'ces1_5' })).toEqual({
      page: 'question',
      scale: ces1,
      checked: 4,
    });
  });

  it('chooses nothing for a score the scale does not have', () => {
    for (const score of ['0', '8', '7.5', 'seven', '']) {
      expect(visitPage(ces2, null, { score })).toEqual({
        page: 'question',
        scale: ces2,
        checked: null,
      });
    }
  });

  it('asks the follow-up after an answer, until it has one; then shows the summary', () => {
    const values = { score: 6, driver: null, comment: null };
    expect(visitPage(ces2, answered(6), {})).toEqual({ page: 'followup', values });
    // Saved without a reason or comment: the summary, not the same question again.
    expect(visitPage(ces2, answered(6), { saved: '1' })).toEqual({ page: 'summary', values });
    const withReason = answered(6, { driver: easyReason });
    expect(visitPage(ces2, withReason, {}).page).toBe('summary');
    expect(visitPage(ces2, withReason, { edit: '1' }).page).toBe('followup');
  });

  it("asks again when the email's link names another score than the answer", () => {
    expect(visitPage(ces2, answered(6), { score: '2' })).toEqual({
      page: 'question',
      scale: ces2,
      checked: 2,
    });
    // The same score as answered: no new question.
    expect(visitPage(ces2, answered(6), { score: '6' }).page).toBe('followup');
  });
});

describe('surveyFormSchema', () => {
  it('takes the two steps of the page and nothing else', () => {
    expect(surveyFormSchema.safeParse({ step: 'score', score: '3' }).success).toBe(true);
    expect(surveyFormSchema.safeParse({ step: 'followup', score: '3', driver: '' }).success).toBe(
      true,
    );
    for (const body of [undefined, null, {}, { step: 'other' }, { step: ['score', 'score'] }]) {
      expect(surveyFormSchema.safeParse(body).success).toBe(false);
    }
    // A field repeated (form-encoded arrays) is no form the page sends.
    expect(surveyFormSchema.safeParse({ step: 'score', score: ['3', '4'] }).success).toBe(false);
  });
});

describe('checkPostedForm', () => {
  const post = (form: SurveyForm, answer: AnswerView | null = null) =>
    checkPostedForm(form, survey, answer, t);

  it('saves a score from the question, then goes to the follow-up', () => {
    expect(post({ step: 'score', score: ' 5 ' })).toEqual({
      outcome: 'save',
      answer: { score: 5, scaleId: 'ces2_7', followup: null },
      next: 'followup',
    });
  });

  it('reads the score on the scale the form names', () => {
    const saved = post({ step: 'score', score: '5', scale: 'ces1_5' });
    expect(saved).toMatchObject({ outcome: 'save', answer: { score: 5, scaleId: 'ces1_5' } });
    expect(post({ step: 'score', score: '8', scale: 'ces1_5' })).toMatchObject({
      outcome: 'invalid',
      page: 'question',
      scale: ces1,
      error: { field: 'score', message: '<errors.badScore>' },
    });
  });

  it('saves the follow-up with a reason offered for the kind of answer, and a clean comment', () => {
    expect(
      post({ step: 'followup', score: '2', driver: hardReason, comment: ' slow\r\nreply\u0007 ' }),
    ).toEqual({
      outcome: 'save',
      answer: {
        score: 2,
        scaleId: 'ces2_7',
        followup: { driver: hardReason, comment: 'slow\nreply' },
      },
      next: 'summary',
    });
    expect(post({ step: 'followup', score: '2', driver: '', comment: '  ' })).toMatchObject({
      answer: { followup: { driver: null, comment: null } },
    });
  });

  it('refuses a reason nobody offered, keeping the rest of the form', () => {
    expect(post({ step: 'followup', score: '2', driver: 'made_up', comment: 'hi' })).toEqual({
      outcome: 'invalid',
      page: 'followup',
      scale: ces2,
      values: { score: 2, driver: null, comment: 'hi' },
      error: { field: 'driver', message: '<errors.badDriver>' },
    });
  });

  it('refuses a comment over the limit', () => {
    const comment = 'x'.repeat(MAX_COMMENT_LENGTH + 1);
    expect(post({ step: 'followup', score: '2', driver: hardReason, comment })).toMatchObject({
      outcome: 'invalid',
      page: 'followup',
      values: { score: 2, driver: hardReason, comment },
      error: { field: 'comment', message: '<errors.commentTooLong>' },
    });
    expect(
      post({ step: 'followup', score: '2', comment: 'x'.repeat(MAX_COMMENT_LENGTH) }).outcome,
    ).toBe('save');
  });

  it('drops a reason for the other kind of answer and asks again (the score moved across)', () => {
    // The customer changed 2 (difficult) to 6 (easy) with the difficult reason still chosen.
    const before = answered(2, { driver: hardReason });
    expect(post({ step: 'followup', score: '6', driver: hardReason }, before)).toEqual({
      outcome: 'save',
      answer: { score: 6, scaleId: 'ces2_7', followup: { driver: null, comment: null } },
      next: 'ask_again',
    });
  });

  it('keeps the recorded reason while the kind of answer is the same, even if no longer offered', () => {
    const before = answered(2, { driver: 'retired_reason' });
    expect(post({ step: 'followup', score: '1', driver: 'retired_reason' }, before)).toMatchObject({
      outcome: 'save',
      answer: { followup: { driver: 'retired_reason' } },
      next: 'summary',
    });
  });

  it('checks the score first: a follow-up without a valid score is a score problem', () => {
    expect(post({ step: 'followup', driver: 'made_up' })).toMatchObject({
      outcome: 'invalid',
      page: 'followup',
      error: { field: 'score' },
    });
  });
});
