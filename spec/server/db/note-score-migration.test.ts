import type { Database } from '../../../src/server/db/database.js';
import { migrate } from '../../../src/server/db/migrate.js';
import { openPgliteBefore } from '../../support/databases.js';
import { insertSurvey } from '../../support/survey-fixtures.js';

/** Migration 006 on answers written back before it: which score their note states. */
describe('migration 006: the score the last note stated', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPgliteBefore(6);
  });
  afterAll(async () => {
    await db.close();
  });

  it('takes the answer score where it has not changed since the write-back, else leaves it unknown', async () => {
    const written = '2026-11-02T10:05:00Z';
    const upToDate = await insertSurvey(db, { ticketId: 1, answer: { score: 2 } });
    const followUpOnly = await insertSurvey(db, { ticketId: 2, answer: { score: 3 } });
    const scoreChanged = await insertSurvey(db, { ticketId: 3, answer: { score: 7 } });
    const neverWritten = await insertSurvey(db, { ticketId: 4, answer: { score: 5 } });
    // Written at version 1; then a reason (version 2), or a changed score (version 2).
    await db.query(
      `UPDATE surveys SET writeback_status = 'done', writeback_version = 1, writeback_at = $2
        WHERE id = ANY($1::bigint[])`,
      [[upToDate, followUpOnly, scoreChanged], written],
    );
    await db.query(`UPDATE answers SET version = 2 WHERE survey_id = ANY($1::bigint[])`, [
      [followUpOnly, scoreChanged],
    ]);
    await db.query(
      `UPDATE answers SET score_changed_at = '2026-11-02T10:07:00Z' WHERE survey_id = $1`,
      [scoreChanged],
    );
    await migrate(db);

    const { rows } = await db.query<{ id: number; note_score: number | null }>(
      'SELECT id, note_score FROM surveys ORDER BY id',
    );
    expect(rows.map((r) => [Number(r.id), r.note_score])).toEqual([
      [upToDate, 2],
      [followUpOnly, 3],
      // The note said the old score, now unknown: the next write-back notes the current one.
      [scoreChanged, null],
      [neverWritten, null],
    ]);
  });
});
