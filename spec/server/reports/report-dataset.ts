import type { Queryable } from '../../../src/server/db/database.js';
import { insertSurvey } from '../../support/survey-fixtures.js';

/**
 * A small team over 2026-11-02 (Mon) .. 2026-11-15 (Sun), with answers just inside and just
 * outside the period, another scale, unassigned and superseded surveys. Figures are worked out by
 * hand in the tests that use it.
 *
 * agent 1 (group 10, brand 1, email): 7 7 6 5 | 5 4 2 1   (| = week of Nov 9)
 * agent 2 (group 20, brand 2, web):   6 6, plus one sent and unanswered, plus one on CES 1.0
 * agent 3 (group 10, brand 1, chat):  | 3 3 3 3 3 2
 * no agent (group 20, brand 2, web):  7
 * agent 4 (group 10, brand 1, email): one sent, unanswered
 */
export const PERIOD = { from: '2026-11-02', to: '2026-11-15' };

export async function insertReportDataset(db: Queryable): Promise<void> {
  const a1 = { assigneeId: 1, groupId: 10, brandId: 1, channel: 'email' };
  const a1Answers: Array<[number, string, string | null, string | null, string | null]> = [
    [7, '2026-11-02T00:00:00Z', null, 'good', null],
    [7, '2026-11-03T10:00:00Z', null, 'good', null],
    [6, '2026-11-04T10:00:00Z', null, 'Good', null],
    [5, '2026-11-08T23:59:59Z', 'other', 'bad', null],
    [5, '2026-11-09T00:00:00Z', null, 'offered', null],
    [4, '2026-11-10T10:00:00Z', null, null, null],
    [2, '2026-11-11T10:00:00Z', 'took_too_long', null, '=HYPERLINK("http://x")'],
    [1, '2026-11-15T23:59:59Z', 'transferred', null, 'Third time I wrote, <b>nobody</b> read it'],
  ];
  for (const [score, at, driver, satisfaction, comment] of a1Answers) {
    await insertSurvey(db, {
      ...a1,
      satisfaction,
      answer: { score, answeredAt: at, driver, comment },
    });
  }
  // Just outside the period on both sides.
  await insertSurvey(db, { ...a1, answer: { score: 1, answeredAt: '2026-11-16T00:00:00Z' } });
  await insertSurvey(db, { ...a1, answer: { score: 1, answeredAt: '2026-11-01T23:59:59Z' } });
  // Replaced by a resend: never counts as sent.
  await insertSurvey(db, { ...a1, status: 'superseded', publishedAt: '2026-11-10T09:00:00Z' });

  const a2 = { assigneeId: 2, groupId: 20, brandId: 2, channel: 'web' };
  await insertSurvey(db, { ...a2, answer: { score: 6, answeredAt: '2026-11-05T10:00:00Z' } });
  await insertSurvey(db, { ...a2, answer: { score: 6, answeredAt: '2026-11-06T10:00:00Z' } });
  await insertSurvey(db, { ...a2, publishedAt: '2026-11-07T10:00:00Z' });
  await insertSurvey(db, {
    ...a2,
    scaleId: 'ces1_5',
    answer: { score: 1, answeredAt: '2026-11-05T11:00:00Z' },
  });

  const a3 = { assigneeId: 3, groupId: 10, brandId: 1, channel: 'chat' };
  const a3Drivers = [
    'took_too_long',
    'took_too_long',
    'took_too_long',
    'answer_unclear',
    'answer_unclear',
  ];
  for (const [i, driver] of a3Drivers.entries()) {
    await insertSurvey(db, {
      ...a3,
      answer: { score: 3, answeredAt: `2026-11-12T0${i + 1}:00:00Z`, driver },
    });
  }
  await insertSurvey(db, { ...a3, answer: { score: 2, answeredAt: '2026-11-13T10:00:00Z' } });

  await insertSurvey(db, {
    assigneeId: null,
    groupId: 20,
    brandId: 2,
    channel: 'web',
    answer: { score: 7, answeredAt: '2026-11-05T12:00:00Z' },
  });
  await insertSurvey(db, {
    assigneeId: 4,
    groupId: 10,
    brandId: 1,
    publishedAt: '2026-11-10T10:00:00Z',
  });
}
