import type { FaultInput } from '../../../src/sandbox/zendesk/faults.js';
import { claimDueJobs, countJobs, listJobs } from '../../../src/server/outbox/outbox-repository.js';
import { getSettings, saveSettings } from '../../../src/server/settings/settings-repository.js';
import { DRIVERS_FOR_TEST, expectAnswerOnTicket } from './loop-expectations.js';
import { describeEachDatabase } from '../../support/databases.js';
import { LoopWorld } from './loop-world.js';
import { waitFor } from './sandbox-harness.js';

/**
 * The loop under a bad day at Zendesk and at the service. Every scenario ends the same way: each
 * answer on its ticket exactly once (fields, tags, one note), no job failed, nothing lost.
 */
describeEachDatabase('the loop with faults injected', (getDb) => {
  const world = LoopWorld.forSuite(getDb);
  afterEach(async () => {
    await world.control('DELETE', '/__sandbox/faults');
  });

  const fault = (input: FaultInput) => world.control('POST', '/__sandbox/faults', input);

  /**
   * Tickets solved, surveys emailed and answered; their write-backs wait in the outbox, due now,
   * for the scenario's own workers. A long quiet period holds them back while the answers come
   * in, however slow the machine: otherwise this publishing worker writes back the first answers
   * before the scenario starts counting requests.
   */
  async function answeredTickets(count: number, label: string): Promise<Map<number, number>> {
    const settings = await getSettings(getDb());
    await saveSettings(getDb(), { ...settings, quietPeriodSeconds: 3600 });
    const worker = world.worker();
    worker.start();
    const scores = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      const ticketId = await world.openTicket(`${label} ${i}`);
      const links = await world.solveAndAwaitEmail(ticketId);
      // 1–4: difficult or neutral, so the "what made it hard" reasons below fit the answer.
      const score = (i % 4) + 1;
      await world.answer(links[score - 1]!, {
        driver: DRIVERS_FOR_TEST[i % DRIVERS_FOR_TEST.length],
        comment: `Answer ${i} for ${label}`,
      });
      scores.set(ticketId, score);
    }
    await worker.stop();
    await saveSettings(getDb(), settings);
    const { rows: released } = await getDb().query(
      `UPDATE outbox_jobs SET run_at = now()
        WHERE kind = 'write_back_answer' AND status = 'queued' RETURNING id`,
    );
    expect(released).toHaveLength(count);
    return scores;
  }

  async function expectAllWritten(scores: Map<number, number>, label: string): Promise<void> {
    let i = 0;
    for (const [ticketId, score] of scores) {
      await expectAnswerOnTicket(world, ticketId, {
        score,
        driver: DRIVERS_FOR_TEST[i % DRIVERS_FOR_TEST.length]!,
        comment: `Answer ${i} for ${label}`,
      });
      i++;
    }
    expect((await countJobs(getDb())).failed).toBe(0);
  }

  async function awaitAllDone(scores: Map<number, number>, timeoutMs = 30_000): Promise<void> {
    for (const ticketId of scores.keys()) await world.awaitWriteback(ticketId, 'done', timeoutMs);
  }

  it('rides out a 429 storm: Retry-After honoured to the millisecond, never a tighter retry', async () => {
    const scores = await answeredTickets(3, 'storm');
    world.timed.length = 0;
    await fault({ kind: 'rate_limit', retryAfterSeconds: 1, times: 3, pathPrefix: '/api/v2' });
    // The client hands every 429 to the worker, which waits out Retry-After for the whole account.
    const worker = world.worker({ client: { maxRetryAfterSeconds: 0 } });
    worker.start();
    await awaitAllDone(scores);
    await worker.stop();

    const limited = world.timed.filter((r) => r.status === 429);
    expect(limited).toHaveLength(3);
    for (const hit of limited) {
      const tooSoon = world.timed.filter(
        (r) => r.arrivedAt > hit.arrivedAt && r.arrivedAt < hit.arrivedAt + 1000,
      );
      expect(tooSoon).toEqual([]);
    }
    await expectAllWritten(scores, 'storm');
  });

  it('outlasts a Zendesk outage longer than its backoff, and a dropped connection', async () => {
    const scores = await answeredTickets(3, 'outage');
    world.timed.length = 0;
    await fault({ kind: 'drop', times: 1, method: 'PUT', pathPrefix: '/api/v2/tickets' });
    await fault({ kind: 'outage', status: 503, durationMs: 1500, pathPrefix: '/api/v2/tickets' });
    const started = Date.now();
    const worker = world.worker();
    worker.start();
    await awaitAllDone(scores);
    await worker.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(world.timed.filter((r) => r.status === 503).length).toBeGreaterThan(3);
    const jobs = await listJobs(getDb(), { kind: 'write_back_answer', status: 'done', limit: 3 });
    expect(jobs.some((j) => j.attempts > 1)).toBe(true);
    await expectAllWritten(scores, 'outage');
  });

  it('adds no second note when an update reached Zendesk but its answer was lost', async () => {
    const scores = await answeredTickets(1, 'lost reply');
    const [ticketId] = [...scores.keys()];
    world.loseResponse = { method: 'PUT', pathPrefix: `/api/v2/tickets/${ticketId}` };
    const worker = world.worker();
    worker.start();
    await awaitAllDone(scores);
    await worker.stop();
    // The first update was carried out and its answer lost; the job ran again and found it there.
    expect(world.loseResponse).toBeNull();
    const job = (await listJobs(getDb(), { kind: 'write_back_answer', limit: 1 }))[0];
    expect(job).toMatchObject({ status: 'done', attempts: 2 });
    expect(job?.lastError).toMatch(/could not be reached/);
    await expectAllWritten(scores, 'lost reply');
  });

  it('finishes the queue after the service is stopped and restarted, including a crashed replica', async () => {
    const scores = await answeredTickets(4, 'restart');
    await fault({ kind: 'slow', delayMs: 200, pathPrefix: '/api/v2/tickets' });
    const first = world.worker({ workerId: 'before-restart', batchSize: 1 });
    first.start();
    const ids = [...scores.keys()];
    await world.awaitWriteback(ids[0]!);
    // A graceful stop mid-queue: the running job finishes, the rest stay queued.
    await first.stop();
    await world.stopApp();
    const doneBefore = (await countJobs(getDb())).done;
    // Meanwhile another replica took a job and died with it.
    const { rows } = await getDb().query<{ id: number }>(
      `UPDATE outbox_jobs SET run_at = now() WHERE status = 'queued' RETURNING id`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const hostage = await claimDueJobs(getDb(), { workerId: 'crashed', limit: 1, leaseMs: 800 });
    expect(hostage).toHaveLength(1);
    await world.control('DELETE', '/__sandbox/faults');

    await world.startApp();
    const second = world.worker({ workerId: 'after-restart' });
    second.start();
    await awaitAllDone(scores);
    await second.stop();
    expect((await countJobs(getDb())).done).toBeGreaterThan(doneBefore);
    const reclaimed = (await listJobs(getDb(), { limit: 50 })).find((j) => j.id === hostage[0]!.id);
    expect(reclaimed).toMatchObject({ status: 'done', attempts: 2 });
    await expectAllWritten(scores, 'restart');
  });

  it('two workers racing over the same queue write every answer exactly once', async () => {
    const scores = await answeredTickets(6, 'race');
    world.timed.length = 0;
    const workers = [1, 2].map((n) => world.worker({ workerId: `racer-${n}`, batchSize: 1 }));
    workers.forEach((w) => w.start());
    await awaitAllDone(scores);
    await Promise.all(workers.map((w) => w.stop()));
    for (const ticketId of scores.keys()) {
      const puts = world.timed.filter(
        (r) => r.method === 'PUT' && r.path === `/api/v2/tickets/${ticketId}`,
      );
      expect(puts).toHaveLength(1);
    }
    await expectAllWritten(scores, 'race');
  });

  it('every survey of the run ended answered and written back: nothing lost', async () => {
    const { rows } = await getDb().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM surveys s JOIN answers a ON a.survey_id = s.id
        WHERE s.writeback_status <> 'done'`,
    );
    expect(rows[0]?.n).toBe(0);
    await waitFor('an idle outbox', async () => (await countJobs(getDb())).queued === 0);
  });
});
