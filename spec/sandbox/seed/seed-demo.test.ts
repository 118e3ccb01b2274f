import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appSessionToken } from '../../support/app-session';
import type { ReportResponse } from '../../../src/shared/api-types';
import { freePort, startDemo, type Demo } from '../../../src/sandbox/main';
import { DEMO_TEAM_LEADER } from '../../../src/sandbox/seed/demo-content';
import { planDemo } from '../../../src/sandbox/seed/demo-plan';
import { DEFAULT_DRIVERS } from '../../../src/shared/settings';
import { freshPostgres } from '../../e2e/support/environment';
import { waitFor } from '../../support/wait-for';

const DAY_MS = 24 * 60 * 60 * 1000;
const TICKETS = 60;

describe('demo plan', () => {
  const now = new Date('2026-11-23T12:00:00Z');

  it('is the same story for the same seed, and spans the period', () => {
    const a = planDemo({ tickets: 300, days: 90, now, seed: 1 });
    const b = planDemo({ tickets: 300, days: 90, now, seed: 1 });
    expect(b).toEqual(a);
    const times = a.tickets.map((t) => t.solvedAt.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(now.getTime() - 90 * DAY_MS);
    expect(Math.max(...times)).toBeLessThan(now.getTime());
    expect(new Set(a.requesters.map((r) => r.locale)).size).toBe(7);
    expect(new Set(a.agents.map((r) => r.group)).size).toBe(3);
    for (const t of a.tickets) expect(t.createdAt.getTime()).toBeLessThan(t.solvedAt.getTime());
  });

  it('plans no answer after now, even for a ticket solved minutes ago', () => {
    const plan = planDemo({ tickets: 2000, days: 90, now, seed: 7 });
    const answered = plan.tickets.flatMap((t) =>
      t.outcome.kind === 'answer' ? [t.solvedAt.getTime() + t.outcome.delayMinutes * 60_000] : [],
    );
    // Some answers are planned within a day and a half of now: the rule is exercised, not vacuous.
    expect(answered.filter((at) => at > now.getTime() - 1.5 * DAY_MS).length).toBeGreaterThan(5);
    for (const at of answered) expect(at).toBeLessThan(now.getTime());
  });

  it('gives every answer a score on 1..7 and drivers only from the shipped list', () => {
    const plan = planDemo({ tickets: 500, days: 90, now });
    const answers = plan.tickets.flatMap((t) => (t.outcome.kind === 'answer' ? [t.outcome] : []));
    expect(answers.length).toBeGreaterThan(150);
    for (const a of answers) {
      expect(a.score).toBeGreaterThanOrEqual(1);
      expect(a.score).toBeLessThanOrEqual(7);
    }
    expect(answers.filter((a) => a.closeBeforeWriteBack)).toHaveLength(6);
    const drivers = new Set(answers.map((a) => a.driver).filter((d) => d !== null));
    expect(drivers.size).toBeGreaterThan(3);
    for (const d of drivers) expect(DEFAULT_DRIVERS).toContain(d);
  });

  it('makes multi-touch and reopened tickets harder for the customer, as the demo should show', () => {
    const plan = planDemo({ tickets: 3000, days: 90, now });
    const mean = (keep: (t: (typeof plan.tickets)[number]) => boolean) => {
      const scores = plan.tickets.flatMap((t) =>
        t.outcome.kind === 'answer' && keep(t) ? [t.outcome.score] : [],
      );
      expect(scores.length).toBeGreaterThan(30);
      return scores.reduce((a, b) => a + b, 0) / scores.length;
    };
    const oneTouch = mean((t) => t.extraReplies === 0 && !t.reopened);
    expect(mean((t) => t.extraReplies >= 1)).toBeLessThan(oneTouch - 0.3);
    expect(mean((t) => t.reopened)).toBeLessThan(oneTouch - 0.8);
  });
});

/** Seeding runs the real product: this checks what it leaves behind, in both systems. */
describe('demo seed through the real flow', () => {
  let demo: Demo;
  let dataDir: string;
  let postgres: Awaited<ReturnType<typeof freshPostgres>> | null = null;
  let ports: { sandbox: number; service: number };

  const start = async () =>
    startDemo({
      dataDir,
      sandboxPort: ports.sandbox,
      servicePort: ports.service,
      seed: { tickets: TICKETS, days: 90, concurrency: 12 },
      settings: { companyName: 'Acme', quietPeriodSeconds: 10 },
      env: { LOG_LEVEL: 'silent', DATABASE_URL: postgres?.url },
      workerPollMs: 50,
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ces-seed-'));
    const url = process.env.TEST_DATABASE_URL;
    postgres = url ? await freshPostgres(url) : null;
    ports = { sandbox: await freePort(), service: await freePort() };
    demo = await start();
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
    await postgres?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('accounts for every ticket as a survey or a skip, in both systems', async () => {
    const seeded = demo.seeded;
    expect(seeded).not.toBeNull();
    expect(seeded?.tickets).toBe(TICKETS);
    expect((seeded?.surveys ?? 0) + (seeded?.skips ?? 0)).toBe(TICKETS);
    const count = async (sql: string) => (await demo.db.query<{ n: number }>(sql)).rows[0]?.n ?? -1;
    expect(await count('SELECT count(*)::int AS n FROM surveys')).toBe(seeded?.surveys);
    expect(await count('SELECT count(*)::int AS n FROM skips')).toBe(seeded?.skips);
    expect(await count('SELECT count(*)::int AS n FROM answers')).toBe(seeded?.answers);
    // Nothing left to do but the comment and digest sweeps, which always queue their next run.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM outbox_jobs WHERE status <> 'done' AND kind NOT IN ('erase_old_comments', 'send_weekly_digests')`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM outbox_jobs WHERE status = 'queued' AND kind = 'erase_old_comments'`,
      ),
    ).toBe(1);
    const { store } = demo.sandbox;
    const tickets = store.tickets.list();
    const solved = tickets.filter((t) => t.solved_at !== null);
    expect(solved).toHaveLength(TICKETS);
    expect(store.emails.list()).toHaveLength(seeded?.surveys ?? -1);
    // Open work for a visitor to solve: one per agent, in several languages, no survey yet.
    const open = tickets.filter((t) => t.status === 'open');
    expect(open).toHaveLength(tickets.length - TICKETS);
    expect(new Set(open.map((t) => t.assignee_id)).size).toBe(open.length);
    const locales = new Set(open.map((t) => store.users.get(t.requester_id).locale));
    expect(locales.size).toBeGreaterThanOrEqual(5);
  });

  it('wrote each answer back once, except where the ticket closed first', async () => {
    const { rows } = await demo.db.query<{ ticket_id: number; writeback_status: string }>(
      `SELECT s.ticket_id, s.writeback_status FROM surveys s JOIN answers a ON a.survey_id = s.id`,
    );
    const closed = rows.filter((r) => r.writeback_status === 'ticket_closed');
    expect(closed.length).toBe(demo.seeded?.closedBeforeWriteBack);
    const { store } = demo.sandbox;
    for (const row of rows) {
      const notes = store.tickets.get(row.ticket_id).comments.filter((c) => !c.public);
      if (row.writeback_status === 'done') expect(notes).toHaveLength(1);
      else expect(row.writeback_status).toBe('ticket_closed');
      if (row.writeback_status === 'ticket_closed') expect(notes).toHaveLength(0);
    }
  });

  it('moved every story to its planned time: spread over 90 days, answers after solves', async () => {
    const now = Date.now();
    const { rows } = await demo.db.query<{
      created_at: Date;
      solved_at: Date;
      answered_at: Date | null;
    }>(
      `SELECT s.created_at, s.solved_at, a.answered_at
         FROM surveys s LEFT JOIN answers a ON a.survey_id = s.id`,
    );
    const weeks = new Set(rows.map((r) => Math.floor(r.created_at.getTime() / (7 * DAY_MS))));
    expect(weeks.size).toBeGreaterThanOrEqual(8);
    // Nothing the demo shows is dated after the moment it was seeded.
    const stamps = await demo.db.query<{ at: Date | null }>(
      `SELECT max(x) AS at FROM (
         SELECT greatest(created_at, solved_at, published_at, writeback_at) AS x FROM surveys
         UNION ALL SELECT greatest(answered_at, updated_at, score_changed_at) FROM answers
         UNION ALL SELECT created_at FROM skips) t`,
    );
    expect(stamps.rows[0]?.at?.getTime()).toBeLessThanOrEqual(now);
    const { store } = demo.sandbox;
    for (const t of store.tickets.list()) {
      for (const at of [
        t.created_at,
        t.updated_at,
        t.solved_at,
        ...t.comments.map((c) => c.created_at),
      ])
        if (at) expect(Date.parse(at)).toBeLessThanOrEqual(now);
    }
    for (const e of store.emails.list()) expect(Date.parse(e.created_at)).toBeLessThanOrEqual(now);
    for (const r of rows) {
      expect(r.created_at.getTime()).toBeGreaterThan(now - 91 * DAY_MS);
      expect(r.created_at.getTime()).toBeLessThan(now);
      if (r.answered_at) expect(r.answered_at.getTime()).toBeGreaterThan(r.solved_at.getTime());
    }
    // In the sandbox too: solved long ago means closed by the 4-day automation.
    for (const t of demo.sandbox.store.tickets.list().filter((x) => x.solved_at !== null)) {
      const solved = Date.parse(t.solved_at ?? '');
      expect(solved).toBeGreaterThan(now - 91 * DAY_MS);
      if (now - solved > 5 * DAY_MS) expect(t.status).toBe('closed');
    }
  });

  it('the team report over 90 days counts every answer (rollups follow the backdating)', async () => {
    // As the sandbox's admin: the service reads that role from the sandbox's users API.
    const as = (userId: number) => appSessionToken(demo.config, userId);
    const token = await as(demo.sandbox.store.admin.id);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const response = await demo.service.inject({
      url: `/api/v1/report?from=${day(Date.now() - 90 * DAY_MS)}&to=${day(Date.now())}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
    const report = response.json() as ReportResponse;
    expect(report.team.n).toBe(demo.seeded?.answers);
    // The demo's team leader sees the billing group's page; an agent no team page at all.
    const users = demo.sandbox.store.users.list();
    const lead = users.find((u) => u.name === DEMO_TEAM_LEADER)!;
    const agent = users.find((u) => u.role === 'agent' && u.custom_role_id === null)!;
    const leadReport = await demo.service.inject({
      url: '/api/v1/report',
      headers: { authorization: `Bearer ${await as(lead.id)}` },
    });
    expect(leadReport.json<ReportResponse>().filters.groupId).toBe(lead.default_group_id);
    const agentReport = await demo.service.inject({
      url: '/api/v1/report',
      headers: { authorization: `Bearer ${await as(agent.id)}` },
    });
    expect(agentReport.statusCode).toBe(403);
    expect(report.trend.filter((w) => w.n > 0).length).toBeGreaterThanOrEqual(6);
    // Every seeded survey went through the publish job: all have Zendesk's ticket metrics.
    expect(report.paths.withMetrics).toBe(report.team.n);
    const touch = new Map(report.paths.touch.map((p) => [p.path, p.metrics.n]));
    expect(touch.get('one')).toBeGreaterThan(0);
    expect(touch.get('multi')).toBeGreaterThan(0);
  });

  it('restores the settings it used while seeding', async () => {
    const { rows } = await demo.db.query<{
      data: { quietPeriodSeconds: number; rules: { samplingRate: number } };
    }>('SELECT data FROM settings');
    expect(rows[0]?.data.quietPeriodSeconds).toBe(10);
    expect(rows[0]?.data.rules.samplingRate).toBe(1);
  });

  it('keeps the data over a restart and does not seed again', async () => {
    const tickets = demo.sandbox.store.tickets.list().length;
    await demo.close();
    demo = await start();
    expect(demo.seeded).toBeNull();
    expect(demo.sandbox.store.tickets.list()).toHaveLength(tickets);
    const { rows } = await demo.db.query<{ n: number }>('SELECT count(*)::int AS n FROM answers');
    expect(rows[0]?.n).toBeGreaterThan(0);
  }, 60_000);
});

/** `npm start`: the recent weeks before "Ready", the older ones in the background. */
describe('demo seed in two stages', () => {
  const FOREGROUND_DAYS = 20;
  let dataDir: string;
  let ports: { sandbox: number; service: number };
  const lines: string[] = [];

  const start = async () =>
    startDemo({
      dataDir,
      sandboxPort: ports.sandbox,
      servicePort: ports.service,
      seed: { tickets: TICKETS, days: 90, concurrency: 12, foregroundDays: FOREGROUND_DAYS },
      // Ten seconds of quiet period: no answered ticket of the background can be done at once.
      settings: { companyName: 'Acme', quietPeriodSeconds: 10 },
      env: { LOG_LEVEL: 'silent' },
      workerPollMs: 50,
      log: (line) => lines.push(line),
    });
  const note = async () =>
    ((await (await fetch(`${demo.sandboxUrl}/workspace/demo-note`)).json()) as { note: unknown })
      .note;
  let demo: Demo;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ces-seed-stages-'));
    ports = { sandbox: await freePort(), service: await freePort() };
  });

  afterAll(async () => {
    await demo?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('returns with the recent days seeded, says so on every page, and finishes the rest', async () => {
    demo = await start();
    const now = Date.now();
    const solvedDaysAgo = demo.sandbox.store.tickets
      .list()
      .filter((t) => t.solved_at !== null)
      .map((t) => (now - Date.parse(t.solved_at as string)) / DAY_MS);
    expect(demo.seeded?.tickets).toBeGreaterThan(0);
    expect(demo.seeded?.tickets).toBeLessThan(TICKETS);
    // What was finished before returning is recent (backdated within the foreground days).
    const recent = solvedDaysAgo.filter((days) => days > 0.01 && days <= FOREGROUND_DAYS);
    expect(recent.length).toBeGreaterThanOrEqual(demo.seeded?.tickets ?? Infinity);
    expect(demo.seeding).not.toBeNull();
    expect(await note()).toMatch(/of 60 tickets seeded/);
    // The visitor's settings are back while the background goes on under them.
    const settings = async () =>
      (
        await demo.db.query<{
          data: {
            quietPeriodSeconds: number;
            rules: { samplingRate: number };
            alerts: { chatWebhookUrl: string };
          };
        }>('SELECT data FROM settings')
      ).rows[0]?.data;
    expect((await settings())?.quietPeriodSeconds).toBe(10);
    expect((await settings())?.rules.samplingRate).toBe(1);
    // The history's difficult answers post no chat alert: the receiver waits for the visitor's.
    expect((await settings())?.alerts.chatWebhookUrl).toBe('');
    const page = await (await fetch(`${demo.sandboxUrl}/workspace/tickets`)).text();
    expect(page).toContain('id="demo-note"');

    const total = await demo.seeding?.done;
    expect(total?.tickets).toBe(TICKETS);
    expect((total?.surveys ?? 0) + (total?.skips ?? 0)).toBe(TICKETS);
    const olderThanForeground = demo.sandbox.store.tickets
      .list()
      .filter((t) => t.solved_at !== null)
      .filter((t) => Date.now() - Date.parse(t.solved_at as string) > FOREGROUND_DAYS * DAY_MS);
    expect(olderThanForeground.length).toBeGreaterThan(0);
    expect(await note()).toBeNull();
    await waitFor('chat alerts routed to the receiver page', async () =>
      (await settings())?.alerts.chatWebhookUrl.endsWith('/workspace/chat-receiver'),
    );
    const received = (await (await fetch(`${demo.sandboxUrl}/workspace/chat-receiver`)).json()) as {
      deliveries: unknown[];
    };
    expect(received.deliveries).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'seeded.json'), 'utf8'))).toMatchObject({
      tickets: TICKETS,
      planned: TICKETS,
      partial: false,
    });
  }, 180_000);

  it('stops cleanly in the middle of the background, and says so at the next start', async () => {
    await demo.close();
    rmSync(dataDir, { recursive: true, force: true });
    demo = await start();
    const seeding = demo.seeding;
    expect(seeding).not.toBeNull();
    await demo.close();
    // The stopped seed never counts as whole, even with the tickets in flight finishing.
    await expect(seeding?.done).rejects.toThrow();
    const marker = JSON.parse(readFileSync(path.join(dataDir, 'seeded.json'), 'utf8')) as {
      tickets: number;
      partial: boolean;
    };
    expect(marker).toMatchObject({ partial: true, planned: TICKETS });
    lines.length = 0;
    demo = await start();
    expect(demo.seeded).toBeNull();
    expect(demo.seeding).toBeNull();
    expect(lines.join('\n')).toContain(`holds ${marker.tickets} of ${TICKETS} planned tickets`);
    expect(await note()).toBeNull();
  }, 180_000);
});
