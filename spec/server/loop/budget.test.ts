import type { AccountLimitState } from '../../../src/sandbox/zendesk/account-limit.js';
import { countDueJobs, countJobs } from '../../../src/server/outbox/outbox-repository.js';
import { getSettings, saveSettings } from '../../../src/server/settings/settings-repository.js';
import { saveAnswer } from '../../../src/server/surveys/answer-repository.js';
import { intakeSolve } from '../../../src/server/surveys/intake.js';
import { createZendeskBudget } from '../../../src/server/zendesk/index.js';
import { describeEachDatabase } from '../../support/databases.js';
import { LoopWorld } from './loop-world.js';
import { waitFor } from './sandbox-harness.js';

const ANSWERS = 300;
/** The budget per window; the window is one second here (a minute in production). */
const BUDGET = 50;
const WINDOW_MS = 1000;
const BURST = Math.max(1, Math.ceil(BUDGET / 60));
/** Requests a busy machine's late timers may push into the next window (see the zendesk budget test). */
const LATE_TIMERS = 3;

/**
 * Two service processes (each its own worker, client and budget; only the database shared) drain
 * a backlog of several hundred answers, and Zendesk, counting every request per window, never
 * sees more than the budget.
 */
describeEachDatabase('two service processes drain a backlog within one shared budget', (getDb) => {
  const world = LoopWorld.forSuite(getDb);

  /** Surveys created and published as the solves came in; their answers' write-backs wait. */
  async function answeredBacklog(): Promise<number[]> {
    const seeded = await world.control<{ tickets: Array<{ id: number }> }>(
      'POST',
      '/__sandbox/seed',
      {
        tickets: Array.from({ length: ANSWERS }, (_, i) => ({
          subject: `Backlog ${i}`,
          comment: { body: 'My order never arrived.' },
          status: 'solved',
          requester_id: world.requesterId,
          assignee_id: world.agentId,
          group_id: world.groupId,
        })),
      },
    );
    const surveyIds: number[] = [];
    for (const [i, ticket] of seeded.tickets.entries()) {
      const result = await intakeSolve(
        getDb(),
        {
          ticketId: ticket.id,
          requesterId: world.requesterId,
          requesterLocale: 'nl',
          requesterRole: null,
          assigneeId: world.agentId,
          groupId: world.groupId,
          brandId: null,
          channel: 'mail',
          solvedAt: new Date(Date.UTC(2026, 10, 3, 9, 0, i)),
          satisfaction: null,
          tags: [],
        },
        { origin: 'solve' },
      );
      if (result.outcome !== 'created') throw new Error(`no survey: ${JSON.stringify(result)}`);
      surveyIds.push(result.surveyId);
    }
    // Published at full speed (no budget): the backlog under test is the answers'.
    const publisher = world.worker({ workerId: 'publisher' });
    publisher.start();
    await waitFor(
      'every link published',
      async () => {
        // Due jobs only: each published survey's reminder waits for its day (the answers cancel them).
        const due = await countDueJobs(getDb());
        return Object.values(due).every((n) => !n);
      },
      120_000,
    );
    await publisher.stop();
    for (const [i, surveyId] of surveyIds.entries()) {
      const saved = await saveAnswer(
        getDb(),
        surveyId,
        { score: (i % 7) + 1, locale: 'nl' },
        { quietPeriodSeconds: 0 },
      );
      if (saved.outcome !== 'saved') throw new Error(`answer not saved: ${saved.outcome}`);
    }
    return seeded.tickets.map((t) => t.id);
  }

  it('never exceeds the budget together, counted at Zendesk, and writes every answer once', async () => {
    await answeredBacklog();
    await saveSettings(getDb(), {
      ...(await getSettings(getDb())),
      zendeskRequestsPerMinute: BUDGET,
    });
    // Zendesk's own limit just above the budget: a process that ignored it would earn 429s.
    await world.control('POST', '/__sandbox/rate-limit', {
      requestsPerWindow: BUDGET + BURST + LATE_TIMERS,
      windowMs: WINDOW_MS,
    });
    world.timed.length = 0;
    const started = Date.now();
    const workers = [1, 2].map((n) =>
      world.worker({
        workerId: `process-${n}`,
        client: {
          gate: createZendeskBudget(getDb(), { windowMs: WINDOW_MS }),
          maxRetryAfterSeconds: 0,
        },
      }),
    );
    workers.forEach((w) => w.start());
    await waitFor(
      'every answer written back',
      async () => {
        const { rows } = await getDb().query<{ n: number }>(
          `SELECT count(*)::int AS n FROM surveys WHERE writeback_status = 'done'`,
        );
        return rows[0]!.n === ANSWERS;
      },
      120_000,
    );
    const elapsed = Date.now() - started;
    await Promise.all(workers.map((w) => w.stop()));

    const { rateLimit } = await world.control<{ rateLimit: AccountLimitState }>(
      'GET',
      '/__sandbox/rate-limit',
    );
    await world.control('DELETE', '/__sandbox/rate-limit');
    expect(rateLimit.windows.reduce((n, w) => n + w.refused, 0)).toBe(0);
    for (const w of rateLimit.windows) {
      expect(w.admitted).toBeLessThanOrEqual(BUDGET + BURST + LATE_TIMERS);
    }
    // One update per answer, no read: the publish's answer stood in for it.
    const calls = world.timed.filter((r) => r.path.startsWith('/api/v2/tickets/'));
    expect(calls.filter((r) => r.method === 'PUT')).toHaveLength(ANSWERS);
    expect(calls.filter((r) => r.method === 'GET')).toHaveLength(0);
    // The budget was used, not idled: 300 requests at 50 a second take 6 s, and not much more.
    expect(elapsed).toBeGreaterThanOrEqual(((ANSWERS - BURST) / BUDGET) * WINDOW_MS - 100);
    expect((await countJobs(getDb())).failed).toBe(0);
    // Several hundred answers at the budget's pace, on a machine other suites share.
  }, 180_000);
});
