import { enqueueJob } from '../../../src/server/outbox/outbox-repository.js';
import { describeEachDatabase } from '../../support/databases.js';

describeEachDatabase('enqueueJob', (getDb) => {
  it('keeps one waiting job per key and moves it to the latest run time', async () => {
    const db = getDb();
    const first = await enqueueJob(db, {
      kind: 'write_back_answer',
      dedupeKey: 'writeback:1',
      payload: { surveyId: 1 },
      runAt: new Date('2030-01-01T00:00:00Z'),
    });
    const second = await enqueueJob(db, {
      kind: 'write_back_answer',
      dedupeKey: 'writeback:1',
      payload: { surveyId: 1, v: 2 },
      runAt: new Date('2030-01-01T00:05:00Z'),
    });
    expect(second).toBe(first);
    const { rows } = await db.query<{ run_at: Date; payload: unknown }>(
      `SELECT run_at, payload FROM outbox_jobs WHERE dedupe_key = 'writeback:1'`,
    );
    expect(rows).toHaveLength(1);
    expect(new Date(rows[0]!.run_at).toISOString()).toBe('2030-01-01T00:05:00.000Z');
    expect(rows[0]!.payload).toEqual({ surveyId: 1, v: 2 });
  });

  it('adds a new job once the earlier one is no longer waiting', async () => {
    const db = getDb();
    const first = await enqueueJob(db, {
      kind: 'publish_survey_link',
      dedupeKey: 'publish:7',
      payload: { surveyId: 7 },
    });
    await db.query(`UPDATE outbox_jobs SET status = 'running' WHERE id = $1`, [first]);
    const second = await enqueueJob(db, {
      kind: 'publish_survey_link',
      dedupeKey: 'publish:7',
      payload: { surveyId: 7 },
    });
    expect(second).not.toBe(first);
  });

  it('is rolled back with the transaction that wrote it', async () => {
    const db = getDb();
    await expect(
      db.transaction(async (tx) => {
        await enqueueJob(tx, {
          kind: 'publish_survey_link',
          dedupeKey: 'publish:rollback',
          payload: {},
        });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const { rows } = await db.query(
      `SELECT 1 FROM outbox_jobs WHERE dedupe_key = 'publish:rollback'`,
    );
    expect(rows).toHaveLength(0);
  });
});
