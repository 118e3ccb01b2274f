import { saveAnswer } from '../../../src/server/surveys/answer-repository.js';
import { findSurveyById } from '../../../src/server/surveys/survey-repository.js';
import type { Database } from '../../../src/server/db/database.js';
import { describeEachDatabase } from '../../support/databases.js';
import { solvedSurvey } from '../../support/survey-links.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';

let nextTicket = 60_000;
const quiet = { quietPeriodSeconds: 60 };

/** A survey solved at `now` (a past `now` makes one already expired). */
const newSurvey = (db: Database, now = new Date()): Promise<number> =>
  solvedSurvey(db, { ticketId: nextTicket++, channel: null }, now);

describeEachDatabase('saveAnswer', (getDb) => {
  it('keeps the first answer time and moves the change time and version', async () => {
    const db = getDb();
    const id = await newSurvey(db);
    const t1 = new Date(Date.now() + 1000);
    const t2 = new Date(Date.now() + 2000);
    expect(await saveAnswer(db, id, { score: 4, locale: 'en' }, { ...quiet, now: t1 })).toEqual({
      outcome: 'saved',
      changed: true,
      version: 1,
    });
    expect(
      await saveAnswer(
        db,
        id,
        { score: 4, driver: 'other', comment: null, locale: 'en' },
        {
          ...quiet,
          now: t2,
        },
      ),
    ).toEqual({ outcome: 'saved', changed: true, version: 2 });
    const { rows } = await db.query<{ answered_at: Date; updated_at: Date; driver: string }>(
      'SELECT answered_at, updated_at, driver FROM answers WHERE survey_id = $1',
      [id],
    );
    expect(new Date(rows[0]!.answered_at).toISOString()).toBe(t1.toISOString());
    expect(new Date(rows[0]!.updated_at).toISOString()).toBe(t2.toISOString());
    // A score-only change on the same side (neutral → difficult) keeps the follow-up.
    await saveAnswer(db, id, { score: 3, locale: 'en' }, quiet);
    expect((await db.query('SELECT driver FROM answers WHERE survey_id = $1', [id])).rows).toEqual([
      { driver: 'other' },
    ]);
  });

  it('calls the answer edited only when the score changed, not when the follow-up came', async () => {
    const db = getDb();
    const id = await newSurvey(db);
    const edited = async () => (await findSurveyById(db, id))?.answer?.edited ?? 'no answer';
    await saveAnswer(db, id, { score: 3, locale: 'en' }, quiet);
    expect(await edited()).toBe(false);
    await saveAnswer(
      db,
      id,
      { score: 3, driver: 'transferred', comment: 'Slow', locale: 'en' },
      quiet,
    );
    expect(await edited()).toBe(false);
    await saveAnswer(db, id, { score: 6, locale: 'en' }, quiet);
    expect(await edited()).toBe(true);
  });

  it('counts every change once when posts for one survey race', async () => {
    const db = getDb();
    const id = await newSurvey(db);
    const results = await Promise.all(
      [1, 2, 3, 4, 5, 6, 7].map((score) => saveAnswer(db, id, { score, locale: 'en' }, quiet)),
    );
    const versions = results.map((r) => (r.outcome === 'saved' ? r.version : 0)).sort();
    expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const jobs = await db.query(`SELECT 1 FROM outbox_jobs WHERE dedupe_key = $1`, [
      `writeback:${id}`,
    ]);
    expect(jobs.rows).toHaveLength(1);
  });

  it('refuses changes once the survey has closed or was replaced, and an unknown survey', async () => {
    const db = getDb();
    const past = new Date(Date.now() - 30 * 86_400_000);
    const expired = await newSurvey(db, past);
    expect(await saveAnswer(db, expired, { score: 3, locale: 'en' }, quiet)).toEqual({
      outcome: 'closed',
      reason: 'expired',
    });
    const replaced = await newSurvey(db);
    await db.query(`UPDATE surveys SET status = 'superseded' WHERE id = $1`, [replaced]);
    expect(await saveAnswer(db, replaced, { score: 3, locale: 'en' }, quiet)).toEqual({
      outcome: 'closed',
      reason: 'superseded',
    });
    expect(await saveAnswer(db, 987_654, { score: 3, locale: 'en' }, quiet)).toEqual({
      outcome: 'not_found',
    });
    const { rows } = await db.query('SELECT 1 FROM answers WHERE survey_id IN ($1, $2)', [
      expired,
      replaced,
    ]);
    expect(rows).toHaveLength(0);
  });

  it('clears a reason that does not fit the changed score, unless the new side offers it too', async () => {
    const db = getDb();
    const id = await newSurvey(db);
    const driverOf = async () =>
      (
        await db.query<{ driver: string | null }>(
          'SELECT driver FROM answers WHERE survey_id = $1',
          [id],
        )
      ).rows[0]?.driver;
    await saveAnswer(db, id, { score: 2, driver: 'took_too_long', locale: 'en' }, quiet);
    await saveAnswer(db, id, { score: 7, locale: 'en' }, { ...quiet, drivers: DEFAULT_SETTINGS });
    expect(await driverOf()).toBeNull();

    const shared = { drivers: ['other'], easyDrivers: ['other'] };
    await saveAnswer(db, id, { score: 2, driver: 'other', locale: 'en' }, quiet);
    await saveAnswer(db, id, { score: 6, locale: 'en' }, { ...quiet, drivers: shared });
    expect(await driverOf()).toBe('other');
  });

  it('stores the answer on the scale the customer saw, and a change of scale is a changed score', async () => {
    const db = getDb();
    const id = await newSurvey(db);
    await saveAnswer(db, id, { score: 7, scaleId: 'ces2_7', locale: 'en' }, quiet);
    expect(
      await saveAnswer(db, id, { score: 5, scaleId: 'ces1_5', locale: 'en' }, quiet),
    ).toMatchObject({ outcome: 'saved', changed: true });
    const { rows } = await db.query(
      'SELECT score, scale_id, score_changed_at IS NOT NULL AS edited FROM answers WHERE survey_id = $1',
      [id],
    );
    expect(rows).toEqual([{ score: 5, scale_id: 'ces1_5', edited: true }]);
    // Without a scale the answer's own scale is kept: 5 is still read on CES 1.0.
    await saveAnswer(db, id, { score: 4, locale: 'en' }, quiet);
    expect(
      (await db.query('SELECT scale_id FROM answers WHERE survey_id = $1', [id])).rows,
    ).toEqual([{ scale_id: 'ces1_5' }]);
    await expect(
      saveAnswer(db, id, { score: 7, scaleId: 'ces1_5', locale: 'en' }, quiet),
    ).rejects.toThrow('Score 7 is not on scale ces1_5');
  });

  it('refuses a score that is not on the survey’s scale', async () => {
    const db = getDb();
    const id = await newSurvey(db);
    await expect(saveAnswer(db, id, { score: 8, locale: 'en' }, quiet)).rejects.toThrow(
      'Score 8 is not on scale ces2_7',
    );
  });
});
