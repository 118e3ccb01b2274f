import type { Database } from '../../../src/server/db/database.js';
import { backoffDelay } from '../../../src/server/outbox/backoff.js';
import { InvalidJobPayloadError } from '../../../src/server/outbox/job-errors.js';
import {
  claimDueJobs,
  countJobs,
  enqueueJob,
  listJobs,
  retryFailedJob,
} from '../../../src/server/outbox/outbox-repository.js';
import { pausedUntil } from '../../../src/server/setup/zendesk-state.js';
import { createOutboxWorker, type JobHandler } from '../../../src/server/outbox/worker.js';
import {
  ZendeskRateLimitError,
  ZendeskUnavailableError,
} from '../../../src/server/zendesk/errors.js';
import { describeEachDatabase } from '../../support/databases.js';
import { job, sleep, waitFor } from '../../support/outbox.js';

let keySeq = 0;
async function addJob(db: Database, runAt?: Date, key = `test:${++keySeq}`): Promise<number> {
  return enqueueJob(db, {
    kind: 'publish_survey_link',
    dedupeKey: key,
    payload: { surveyId: keySeq },
    ...(runAt ? { runAt } : {}),
  });
}

/** Every test starts from an empty outbox so counts and claims only see its own jobs. */
async function emptyOutbox(db: Database): Promise<void> {
  await db.query('DELETE FROM outbox_jobs');
  await db.query('DELETE FROM zendesk_state');
}

describe('backoffDelay', () => {
  it('doubles per attempt, stays in the upper half of the step and never passes the cap', () => {
    const options = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(1, options, () => 0)).toBe(50);
    expect(backoffDelay(1, options, () => 1)).toBe(100);
    expect(backoffDelay(3, options, () => 0)).toBe(200);
    expect(backoffDelay(3, options, () => 1)).toBe(400);
    expect(backoffDelay(20, options, () => 1)).toBe(1000);
    expect(backoffDelay(20, options, () => 0)).toBe(500);
  });
});

describeEachDatabase('outbox worker', (getDb) => {
  beforeEach(async () => emptyOutbox(getDb()));

  it('runs due jobs once, marks them done and leaves future jobs waiting', async () => {
    const db = getDb();
    const due = await addJob(db);
    const later = await addJob(db, new Date(Date.now() + 60_000));
    const seen: unknown[] = [];
    const worker = createOutboxWorker({
      db,
      handlers: {
        publish_survey_link: async (payload) => {
          seen.push(payload);
        },
      },
    });
    expect(await worker.runOnce()).toBe(1);
    expect(await worker.runOnce()).toBe(0);
    expect(seen).toHaveLength(1);
    expect((await job(db, due)).status).toBe('done');
    expect((await job(db, due)).doneAt).not.toBeNull();
    expect((await job(db, later)).status).toBe('queued');
  });

  it('retries a failing job with growing backoff, parks it after max attempts, and retries it on request', async () => {
    const db = getDb();
    const id = await addJob(db);
    await db.query('UPDATE outbox_jobs SET max_attempts = 3 WHERE id = $1', [id]);
    let fail = true;
    let calls = 0;
    let failedAt = 0;
    const worker = createOutboxWorker({
      db,
      backoff: { baseMs: 30_000, maxMs: 600_000 },
      random: () => 1,
      handlers: {
        publish_survey_link: async () => {
          calls++;
          failedAt = Date.now();
          if (fail) throw new ZendeskUnavailableError('PUT', '/x', 503, false, 'Zendesk is down');
        },
      },
    });
    // The waits are checked against when the attempt failed, and passed by moving the job's time
    // into the past: exact on a machine of any speed.
    const due = () =>
      db.query(`UPDATE outbox_jobs SET run_at = now() - interval '1 ms' WHERE id = $1`, [id]);

    expect(await worker.runOnce()).toBe(1);
    let settled = Date.now();
    let j = await job(db, id);
    expect(j).toMatchObject({ status: 'queued', attempts: 1, lastError: 'Zendesk is down' });
    // First retry waits the base step (random 1 → full step); the next one doubles it.
    expect(j.runAt.getTime()).toBeGreaterThanOrEqual(failedAt + 30_000 - 5);
    expect(j.runAt.getTime()).toBeLessThanOrEqual(settled + 30_000 + 5);
    expect(await worker.runOnce()).toBe(0);

    await due();
    expect(await worker.runOnce()).toBe(1);
    settled = Date.now();
    j = await job(db, id);
    expect(j).toMatchObject({ status: 'queued', attempts: 2 });
    expect(j.runAt.getTime()).toBeGreaterThanOrEqual(failedAt + 60_000 - 5);
    expect(j.runAt.getTime()).toBeLessThanOrEqual(settled + 60_000 + 5);

    await due();
    expect(await worker.runOnce()).toBe(1);
    j = await job(db, id);
    expect(j.status).toBe('failed');
    expect(j.lastError).toBe('Gave up after 3 attempts. Last error: Zendesk is down');
    expect(await listJobs(db, { status: 'failed' })).toEqual([
      expect.objectContaining({ id, lastError: j.lastError }),
    ]);
    expect(calls).toBe(3);

    fail = false;
    expect(await retryFailedJob(db, id)).toBe(id);
    expect(await job(db, id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await worker.runOnce()).toBe(1);
    expect(await job(db, id)).toMatchObject({ status: 'done', attempts: 1 });
    expect(await retryFailedJob(db, id)).toBeNull();
  });

  it('waits exactly Retry-After on a rate limit, without using up an attempt, and pauses every worker', async () => {
    const db = getDb();
    const limited = await addJob(db);
    let calls = 0;
    let thrownAt = 0;
    const handlers: Record<string, JobHandler> = {
      publish_survey_link: async () => {
        calls++;
        if (calls === 1) {
          thrownAt = Date.now();
          throw new ZendeskRateLimitError('PUT', '/api/v2/tickets/1', 30);
        }
      },
    };
    const first = createOutboxWorker({ db, handlers });
    const other = createOutboxWorker({ db, handlers });

    expect(await first.runOnce()).toBe(1);
    const settled = Date.now();
    // Exactly Retry-After from the moment Zendesk answered, however slow the machine is.
    const j = await job(db, limited);
    expect(j).toMatchObject({ status: 'queued', attempts: 0 });
    expect(j.runAt.getTime()).toBeGreaterThanOrEqual(thrownAt + 30_000 - 5);
    expect(j.runAt.getTime()).toBeLessThanOrEqual(settled + 30_000 + 5);
    const pause = (await pausedUntil(db))?.getTime() ?? 0;
    expect(pause).toBeGreaterThanOrEqual(thrownAt + 30_000 - 5);
    expect(pause).toBeLessThanOrEqual(settled + 30_000 + 5);

    // A job that is due now still waits: the rate limit is the account's, not the job's.
    const other1 = await addJob(db);
    expect(await other.runOnce()).toBe(0);
    expect((await job(db, other1)).status).toBe('queued');

    // Thirty seconds pass (the pause and the job's time move into the past): both jobs run.
    await db.query(
      `UPDATE zendesk_state SET value = jsonb_build_object('until', (now() - interval '1 ms')::text)
        WHERE key = 'rate_limit_pause'`,
    );
    await db.query(`UPDATE outbox_jobs SET run_at = now() - interval '1 ms' WHERE id = $1`, [
      limited,
    ]);
    expect(await other.runOnce()).toBe(2);
    expect((await countJobs(db)).done).toBe(2);
  });

  it('parks a job with an invalid payload or an unknown kind at once', async () => {
    const db = getDb();
    const bad = await addJob(db);
    const worker = createOutboxWorker({
      db,
      handlers: {
        publish_survey_link: async () => {
          throw new InvalidJobPayloadError('publish_survey_link', 'surveyId must be a number');
        },
      },
    });
    expect(await worker.runOnce()).toBe(1);
    expect(await job(db, bad)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: "The publish_survey_link job's payload is invalid: surveyId must be a number.",
    });

    const unknown = await enqueueJob(db, {
      kind: 'write_back_answer',
      dedupeKey: 'writeback:unknown',
      payload: {},
    });
    expect(await worker.runOnce()).toBe(1);
    expect((await job(db, unknown)).lastError).toMatch(/no handler knows this job kind/);
  });

  it("runs a crashed worker's job again once its lease expires", async () => {
    const db = getDb();
    const id = await addJob(db);
    // A worker that claims and then dies: no heartbeat, no completion.
    const claimed = await claimDueJobs(db, { workerId: 'crashed', limit: 10, leaseMs: 60_000 });
    expect(claimed.map((c) => c.id)).toEqual([id]);
    let calls = 0;
    const worker = createOutboxWorker({
      db,
      handlers: {
        publish_survey_link: async () => {
          calls++;
        },
      },
    });
    // Leased: nobody else takes it, however long the machine takes to get here.
    expect(await worker.runOnce()).toBe(0);
    // The lease runs out (moved into the past rather than waited for): the job is taken again.
    await db.query(`UPDATE outbox_jobs SET locked_until = now() - interval '1 ms' WHERE id = $1`, [
      id,
    ]);
    expect(await worker.runOnce()).toBe(1);
    expect(calls).toBe(1);
    expect(await job(db, id)).toMatchObject({ status: 'done', attempts: 2, lockedBy: null });
  });

  it('keeps the lease of a slow job alive with a heartbeat', async () => {
    const db = getDb();
    const id = await addJob(db);
    let calls = 0;
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const slow = createOutboxWorker({
      db,
      leaseMs: 300,
      handlers: {
        publish_survey_link: async () => {
          calls++;
          await finished;
        },
      },
    });
    const other = createOutboxWorker({ db, handlers: { publish_survey_link: async () => {} } });
    const running = slow.runOnce();
    const claimed = await waitFor('the claim', async () => {
      const j = await job(db, id);
      return j.status === 'running' && j.lockedUntil;
    });
    // Renewal after renewal, until the lease first taken has run out: the job stays the slow
    // worker's, and the other worker finds nothing to claim.
    let lease = claimed;
    while (lease.getTime() <= claimed.getTime() + 300) {
      const previous = lease;
      lease = await waitFor('a renewed lease', async () => {
        const j = await job(db, id);
        return j.lockedUntil && j.lockedUntil > previous && j.lockedUntil;
      });
      expect(await other.runOnce()).toBe(0);
    }
    await waitFor('the first lease to run out', () => Date.now() > claimed.getTime());
    expect(await other.runOnce()).toBe(0);
    expect(await job(db, id)).toMatchObject({ status: 'running', lockedBy: slow.workerId });
    finish();
    await running;
    expect(calls).toBe(1);
    expect((await job(db, id)).status).toBe('done');
  });

  it('never runs two jobs with the same key side by side', async () => {
    const db = getDb();
    const first = await addJob(db, undefined, 'writeback:same');
    await claimDueJobs(db, { workerId: 'busy', limit: 10, leaseMs: 60_000 });
    const second = await addJob(db, undefined, 'writeback:same');
    expect(second).not.toBe(first);
    const worker = createOutboxWorker({ db, handlers: { publish_survey_link: async () => {} } });
    expect(await worker.runOnce()).toBe(0);
    // Once the first is finished, the second may run.
    await db.query(`UPDATE outbox_jobs SET status = 'done' WHERE id = $1`, [first]);
    expect(await worker.runOnce()).toBe(1);
    expect((await job(db, second)).status).toBe('done');
  });

  it('lets a newer waiting job with the same key take over a failed run', async () => {
    const db = getDb();
    const first = await addJob(db, undefined, 'writeback:takeover');
    let second = 0;
    const worker = createOutboxWorker({
      db,
      backoff: { baseMs: 500, maxMs: 500 },
      random: () => 1,
      handlers: {
        publish_survey_link: async () => {
          // The customer changes the answer while the first write is failing.
          second = await addJob(db, undefined, 'writeback:takeover');
          throw new Error('boom');
        },
      },
    });
    const before = Date.now();
    expect(await worker.runOnce()).toBe(1);
    expect(await job(db, first)).toMatchObject({
      status: 'done',
      lastError: `Superseded by job ${second} with the same key after: boom`,
    });
    const next = await job(db, second);
    expect(next.status).toBe('queued');
    // Not sooner than the failed run's backoff.
    expect(next.runAt.getTime() - before).toBeGreaterThanOrEqual(490);
  });

  it('sends every job exactly once when two workers race for them', async () => {
    const db = getDb();
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) ids.push(await addJob(db));
    const runs = new Map<number, number>();
    const handler: JobHandler = async (_payload, j) => {
      runs.set(j.id, (runs.get(j.id) ?? 0) + 1);
      await sleep(5);
    };
    const workers = [1, 2].map((n) =>
      createOutboxWorker({
        db,
        workerId: `racer-${n}`,
        batchSize: 3,
        pollIntervalMs: 10,
        handlers: { publish_survey_link: handler },
      }),
    );
    workers.forEach((w) => w.start());
    await waitFor('all jobs done', async () => (await countJobs(db)).done === 30);
    await Promise.all(workers.map((w) => w.stop()));
    expect([...runs.keys()].sort((a, b) => a - b)).toEqual(ids);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
  });

  it('hands each due job to one claimer when many claims start at the same moment', async () => {
    const db = getDb();
    const ids: number[] = [];
    for (let i = 0; i < 24; i++) ids.push(await addJob(db));
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        claimDueJobs(db, { workerId: `claimer-${n}`, limit: 3, leaseMs: 60_000 }),
      ),
    );
    const claimed = claims.flat().map((j) => j.id);
    expect(claimed.sort((a, b) => a - b)).toEqual(ids);
    for (const [n, jobs] of claims.entries()) {
      for (const j of jobs) expect((await job(db, j.id)).lockedBy).toBe(`claimer-${n}`);
    }
  });

  it('stops cleanly: the running job finishes and claimed but unstarted jobs go back to the queue', async () => {
    const db = getDb();
    const ids = [await addJob(db), await addJob(db), await addJob(db)];
    let release: () => void = () => {};
    const started: number[] = [];
    const worker = createOutboxWorker({
      db,
      pollIntervalMs: 10,
      handlers: {
        publish_survey_link: async (_p, j) => {
          started.push(j.id);
          await new Promise<void>((r) => (release = r));
        },
      },
    });
    worker.start();
    await waitFor('the first job to start', async () => started.length === 1);
    const stopped = worker.stop();
    release();
    await stopped;
    expect(started).toEqual([ids[0]]);
    expect((await job(db, ids[0]!)).status).toBe('done');
    for (const id of ids.slice(1)) {
      expect(await job(db, id)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null });
    }
  });
});
