import { openPostgres, type Database } from '../../../src/server/db/database.js';
import { enqueueJob, getJob } from '../../../src/server/outbox/outbox-repository.js';
import { createOutboxWorker, type JobHandler } from '../../../src/server/outbox/worker.js';
import { describeEachDatabase } from '../../support/databases.js';
import { waitFor } from '../loop/sandbox-harness.js';

/**
 * Enqueueing wakes the workers: a solved ticket's link goes out at once, not at the next poll.
 * The poll here is an hour, so only a wake-up can run the job.
 */
describeEachDatabase('outbox workers wake when a job is enqueued', (getDb, driver) => {
  const ran: number[] = [];
  const handlers: Record<string, JobHandler> = {
    publish_survey_link: async (payload) => {
      ran.push((payload as { surveyId: number }).surveyId);
    },
  };
  let n = 0;
  const enqueue = (db: Database, runAt?: Date) =>
    db.transaction(async (tx) => {
      n += 1;
      await enqueueJob(tx, {
        kind: 'publish_survey_link',
        dedupeKey: `wake:${n}`,
        payload: { surveyId: n },
        runAt,
      });
      return n;
    });

  /**
   * Runs one job through the worker's first poll, then gives it time to fall asleep on its long
   * poll. The pause is no wait for a state: the worker shows no "asleep", and a wake-up that
   * arrives before the sleep is kept (wakePending), so a late worker still passes; the pause only
   * makes the usual case the one where a sleeping worker is woken. The waits get the default 20 s:
   * with an hour's poll, any bound proves the wake-up.
   */
  async function asleep(): Promise<void> {
    const warmUp = await enqueue(getDb());
    await waitFor(`warm-up job ${warmUp}`, async () => ran.includes(warmUp));
    await new Promise((r) => setTimeout(r, 300));
  }

  it('runs a job enqueued in this process at once, and a job due later not before its time', async () => {
    const worker = createOutboxWorker({ db: getDb(), handlers, pollIntervalMs: 3_600_000 });
    worker.start();
    try {
      await asleep();
      const id = await enqueue(getDb());
      await waitFor(`job for survey ${id}`, async () => ran.includes(id));
      // A job due later wakes nobody; it waits for its time.
      const later = await enqueue(getDb(), new Date(Date.now() + 3_600_000));
      const now = await enqueue(getDb());
      await waitFor(`job for survey ${now}`, async () => ran.includes(now));
      expect(ran).not.toContain(later);
    } finally {
      await worker.stop();
    }
  });

  if (driver === 'postgres') {
    it('wakes a worker of another replica that shares the database', async () => {
      const { rows } = await getDb().query<{ schema: string }>('SELECT current_schema() AS schema');
      const other = await openPostgres({
        connectionString: process.env.TEST_DATABASE_URL!,
        schema: rows[0]!.schema,
        max: 2,
      });
      const worker = createOutboxWorker({ db: other, handlers, pollIntervalMs: 3_600_000 });
      worker.start();
      // Its LISTEN is set up beside the first poll: wait for it, not for a time.
      expect(await worker.ready()).toBe(true);
      try {
        await asleep();
        const id = await enqueue(getDb());
        await waitFor(`job for survey ${id} in the other replica`, async () => ran.includes(id));
        expect((await getJob(getDb(), id))?.status).toBe('done');
      } finally {
        await worker.stop();
        await other.close();
      }
    });
  }
});
