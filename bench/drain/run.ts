/**
 * bench/drain: a backlog of answers written back to the sandbox Zendesk under a budget.
 * In-process: PGlite in memory, the sandbox on a real port, the service (webhooks) and one outbox
 * worker whose every call passes the shared budget. Prints requests per budget window against the
 * budget (the ratio it is judged by: ≤ 1 within one burst, ≥ 0.9 while a backlog exists), Zendesk
 * calls per answered survey (publish + write-back), the drain time, and solve → link latency with
 * and without the wake-up on enqueue.
 *   npm run bench:drain      BENCH_ANSWERS=300 BENCH_BUDGET=300 BENCH_WINDOW_MS=10000 npm run bench:drain
 * BENCH_WINDOW_MS is the budget's "minute" (60000 in production), shortened so the bench is quick.
 */
import net from 'node:net';
import { listenSandbox } from '../../src/sandbox/zendesk/listen.js';
import type { AccountLimitState } from '../../src/sandbox/zendesk/account-limit.js';
import { SANDBOX_ADMIN_EMAIL, SANDBOX_API_TOKEN } from '../../src/sandbox/zendesk/store.js';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { openPglite, type Database } from '../../src/server/db/database.js';
import { migrate } from '../../src/server/db/migrate.js';
import { createOutboxService } from '../../src/server/outbox/outbox-service.js';
import { saveSettings } from '../../src/server/settings/settings-repository.js';
import { applySetup } from '../../src/server/setup/setup.js';
import { readFieldIds } from '../../src/server/setup/zendesk-state.js';
import { saveAnswer } from '../../src/server/surveys/answer-repository.js';
import { intakeSolve } from '../../src/server/surveys/intake.js';
import { createZendeskBudget, createZendeskClient } from '../../src/server/zendesk/index.js';
import { DEFAULT_SETTINGS } from '../../src/shared/settings.js';

const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 300);
const BUDGET = Number(process.env.BENCH_BUDGET ?? 300);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 10_000);
const SOLVES = Number(process.env.BENCH_SOLVES ?? 15);
const BURST = Math.max(1, Math.ceil(BUDGET / 60));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  const db = await openPglite(null);
  await migrate(db);
  const zd = await listenSandbox({});
  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${zd.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ZENDESK_API_URL: zd.url,
    ZENDESK_REQUESTS_PER_MINUTE: String(BUDGET),
  });
  const auth = { email: SANDBOX_ADMIN_EMAIL, apiToken: SANDBOX_API_TOKEN };
  const free = createZendeskClient({ baseUrl: zd.url, auth });
  await saveSettings(db, { ...DEFAULT_SETTINGS, quietPeriodSeconds: 0 });
  await applySetup({ db, config, zendesk: free }, { dryRun: false, repair: false });
  const linkField = (await readFieldIds(db))!.link;
  const seeded = await control<{ users: Array<{ id: number }>; groups: Array<{ id: number }> }>(
    'POST',
    '/__sandbox/seed',
    {
      groups: [{ name: 'Support' }],
      users: [
        { name: 'Ada Agent', email: 'ada@sandbox.local', role: 'agent' },
        { name: 'Klaas Klant', email: 'klaas@example.nl', role: 'end-user', locale: 'nl' },
      ],
    },
  );
  const [agentId, requesterId] = seeded.users.map((u) => u.id) as [number, number];
  const groupId = seeded.groups[0]!.id;
  const app = await buildApp({ config, db, zendesk: () => free });
  await app.listen({ host: '127.0.0.1', port });

  /** One service worker; without wake-ups it finds work only when it polls (every second). */
  function worker(wake: boolean) {
    const workerDb: Database = wake ? db : { ...db, listen: undefined };
    const gate = createZendeskBudget(db, { defaultPerMinute: BUDGET, windowMs: WINDOW_MS });
    return createOutboxService(config, workerDb, {
      zendesk: createZendeskClient({ baseUrl: zd.url, auth, gate }),
    });
  }

  async function solveToLink(wake: boolean): Promise<number> {
    const w = worker(wake);
    w.start();
    const latencies: number[] = [];
    for (let i = 0; i < SOLVES; i++) {
      const ticket = await free.createTicket({
        subject: `Latency ${i}`,
        comment: { body: 'My order never arrived.' },
        requester_id: requesterId,
        assignee_id: agentId,
        group_id: groupId,
      });
      // Stagger against the poll so the median does not depend on when the loop started.
      await sleep(Math.random() * 1000);
      const started = performance.now();
      await control('POST', `/__sandbox/tickets/${ticket.id}`, {
        ticket: { status: 'solved' },
        actor_id: agentId,
      });
      for (;;) {
        const shown = zd.store.tickets.get(ticket.id).custom_fields.find((f) => f.id === linkField);
        if (shown?.value) break;
        await sleep(2);
      }
      latencies.push(performance.now() - started);
    }
    await w.stop();
    return median(latencies);
  }

  const polled = await solveToLink(false);
  const woken = await solveToLink(true);

  // The drain: N solved tickets, their links published and their answers written back.
  const { tickets } = await control<{ tickets: Array<{ id: number }> }>('POST', '/__sandbox/seed', {
    tickets: Array.from({ length: ANSWERS }, (_, i) => ({
      subject: `Backlog ${i}`,
      comment: { body: 'My order never arrived.' },
      status: 'solved',
      requester_id: requesterId,
      assignee_id: agentId,
      group_id: groupId,
    })),
  });
  // Counts only: Zendesk's own limit far above the budget.
  await control('POST', '/__sandbox/rate-limit', {
    requestsPerWindow: 1_000_000,
    windowMs: WINDOW_MS,
  });
  const before = zd.requests.length;
  const started = performance.now();
  const w = worker(true);
  w.start();
  const surveyIds: number[] = [];
  for (const [i, ticket] of tickets.entries()) {
    const result = await intakeSolve(
      db,
      {
        ticketId: ticket.id,
        requesterId,
        requesterLocale: 'nl',
        requesterRole: null,
        assigneeId: agentId,
        groupId,
        brandId: null,
        channel: 'mail',
        solvedAt: new Date(Date.UTC(2026, 10, 3, 9, 0, i)),
        satisfaction: null,
        tags: [],
      },
      { origin: 'solve' },
    );
    if (result.outcome === 'created') surveyIds.push(result.surveyId);
  }
  for (const [i, surveyId] of surveyIds.entries()) {
    await saveAnswer(db, surveyId, { score: (i % 7) + 1, locale: 'nl' }, { quietPeriodSeconds: 0 });
  }
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM surveys WHERE writeback_status = 'done'`,
    );
    if (rows[0]!.n >= surveyIds.length) break;
    await sleep(50);
  }
  const drainMs = performance.now() - started;
  await w.stop();
  const calls = zd.requests.length - before;
  const { rateLimit } = await control<{ rateLimit: AccountLimitState }>(
    'GET',
    '/__sandbox/rate-limit',
  );
  const windows = rateLimit.windows.map((x) => x.admitted);
  // Whole windows only: the first and the last are cut short by the start and the end.
  const whole = windows.slice(1, -1);
  const busiest = Math.max(...windows);
  const used = whole.length > 0 ? whole.reduce((a, b) => a + b, 0) / whole.length : Number.NaN;
  const perMinute = (n: number) => Math.round((n * 60_000) / WINDOW_MS);

  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(
    `bench/drain: ${surveyIds.length} answered surveys, budget ${BUDGET} per ${WINDOW_MS / 1000} s window (= ${perMinute(BUDGET)}/min), burst ${BURST}`,
  );
  console.log(
    `  requests per window: busiest ${busiest} (${perMinute(busiest)}/min), mean of ${whole.length} whole windows ${used.toFixed(1)}`,
  );
  console.log(
    `  busiest / (budget + burst):      ${(busiest / (BUDGET + BURST)).toFixed(3)}   (≤ 1)`,
  );
  console.log(`  used / budget while backlogged:  ${pct(used / BUDGET)}   (≥ 90%)`);
  console.log(`  windows: ${windows.join(' ')}`);
  console.log(
    `  Zendesk calls: ${calls}, per answered survey ${(calls / surveyIds.length).toFixed(2)}   (was 5; target ≤ 3)`,
  );
  console.log(
    `  drain time: ${(drainMs / 1000).toFixed(1)} s (at the budget: ${(((calls / BUDGET) * WINDOW_MS) / 1000).toFixed(1)} s)`,
  );
  console.log(
    `  solve → link median over ${SOLVES}: polling only ${polled.toFixed(0)} ms, woken on enqueue ${woken.toFixed(0)} ms   (ratio ${(polled / woken).toFixed(1)})`,
  );

  await app.close();
  await zd.close();
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
