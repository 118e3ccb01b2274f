/**
 * The weekly digest for team leads: opt-in per lead (PUT /digest), a preview (GET /digest) whose
 * figures are the team report's for the same group and week, and a weekly sweep (a fake clock:
 * `now` is given) that posts it once a week to opted-in leads only, in each lead's language.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../../src/server/config.js';
import { lastCompleteWeek } from '../../../src/server/digest/weekly-digest.js';
import { loadCatalogs } from '../../../src/server/outbox/catalogs.js';
import {
  DIGEST_SWEEP_INTERVAL_MS,
  SEND_WEEKLY_DIGESTS_KEY,
  sendWeeklyDigests,
  sendWeeklyDigestsJob,
} from '../../../src/server/outbox/jobs/send-weekly-digests.js';
import type { JobDeps } from '../../../src/server/outbox/jobs/job-deps.js';
import type { DigestResponse } from '../../../src/shared/digest.js';
import { getSettings, saveSettings } from '../../../src/server/settings/settings-repository.js';
import type { ZendeskClient } from '../../../src/server/zendesk/index.js';
import type { ReportResponse } from '../../../src/shared/api-types.js';
import type { ClaimedJob } from '../../../src/server/outbox/outbox-repository.js';
import en from '../../../translations/en.json';
import nl from '../../../translations/nl.json';
import { appSessionHeaders } from '../../support/app-session.js';
import { describeEachDatabase } from '../../support/databases.js';
import { fixedRoles, GROUP_X, GROUP_Y, TEST_USERS } from '../../support/roles.js';
import { insertSurvey } from '../../support/survey-fixtures.js';
import { openApi, type Api } from '../routes/api/api-harness.js';

const DAY = 86_400_000;
const config = loadConfig({ NODE_ENV: 'test' });
const catalogs = loadCatalogs();
const X_COMMENT = 'Sent <b>around</b> three desks';
const Y_COMMENT = 'Only group Y knows this';

/** A chat incoming webhook that records what it accepted, or fails while `failing`. */
class ChatEndpoint {
  received: string[] = [];
  failing = false;
  url = '';
  private server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (this.failing) {
        res.writeHead(500).end('boom');
        return;
      }
      this.received.push((JSON.parse(raw) as { text: string }).text);
      res.writeHead(200).end('ok');
    });
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Zendesk as the name lookup sees it: the groups' names, nothing else. */
const zendesk = new Proxy({} as ZendeskClient, {
  get: (_target, method) =>
    method === 'listGroups'
      ? async () => [{ id: GROUP_X, name: 'Billing', deleted: false }]
      : () => Promise.reject(new Error(`the digest must not call Zendesk's ${String(method)}`)),
});

describeEachDatabase('weekly digest for team leads', (getDb) => {
  let api: Api;
  let chat: ChatEndpoint;
  const now = new Date();
  // The week the digest covers now, and the one before it (UTC: the tests' account time zone).
  const week = lastCompleteWeek(now, 'UTC');
  const at = (day: string, hour: number) =>
    new Date(Date.parse(`${day}T00:00:00Z`) + hour * 3600_000).toISOString();
  const dayAfter = (day: string, n: number) =>
    new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
  const deps = (roles = fixedRoles()): JobDeps => ({
    db: getDb(),
    config,
    zendesk,
    catalogs,
    roles,
  });

  const as = async (
    user: keyof typeof TEST_USERS,
    request: { method?: 'GET' | 'PUT'; url: string; payload?: object },
  ) =>
    api.app.inject({
      method: request.method ?? 'GET',
      url: request.url,
      ...(request.payload ? { payload: request.payload } : {}),
      headers: await appSessionHeaders(api.app as FastifyInstance, {
        zendeskUserId: TEST_USERS[user].userId,
      }),
    });

  beforeAll(async () => {
    api = await openApi(getDb());
    chat = new ChatEndpoint();
    await chat.start();
    const settings = await getSettings(getDb());
    await saveSettings(getDb(), {
      ...settings,
      alerts: { ...settings.alerts, chatWebhookUrl: chat.url, chatFormat: 'slack' },
    });
    const answer = (groupId: number, day: string, score: number, extra: object = {}) =>
      insertSurvey(getDb(), {
        groupId,
        assigneeId: TEST_USERS.agentX.userId,
        solvedAt: at(day, 9),
        publishedAt: at(day, 9),
        createdAt: at(day, 9),
        answer: { score, answeredAt: at(day, 10), ...extra },
      });
    // Group X, the week: a difficult answer with a reason and a comment, two easy, one unanswered.
    await answer(GROUP_X, dayAfter(week.from, 1), 2, { driver: 'transferred', comment: X_COMMENT });
    await answer(GROUP_X, dayAfter(week.from, 2), 6);
    await answer(GROUP_X, dayAfter(week.from, 3), 7);
    await insertSurvey(getDb(), {
      groupId: GROUP_X,
      solvedAt: at(dayAfter(week.from, 3), 9),
      createdAt: at(dayAfter(week.from, 3), 9),
      publishedAt: at(dayAfter(week.from, 3), 9),
    });
    // Group X, the week before: one neutral, one difficult.
    await answer(GROUP_X, dayAfter(week.from, -5), 4);
    await answer(GROUP_X, dayAfter(week.from, -4), 1, { driver: 'took_too_long' });
    // Group Y, the week: its own difficult answer, never in group X's digest.
    await answer(GROUP_Y, dayAfter(week.from, 2), 1, {
      driver: 'took_too_long',
      comment: Y_COMMENT,
    });
  });
  afterAll(async () => {
    await api.close();
    await chat.close();
  });

  it("previews the lead's digest: the team report's figures for their group, the week before beside them", async () => {
    const saved = await as('leadX', {
      method: 'PUT',
      url: '/api/v1/digest',
      payload: { enabled: true, locale: 'nl' },
    });
    expect(saved.statusCode).toBe(200);
    const preview = (await as('leadX', { url: '/api/v1/digest' })).json<DigestResponse>();
    expect(preview).toMatchObject({ enabled: true, locale: 'nl', delivery: 'chat', week });

    const report = (
      await as('leadX', {
        url: `/api/v1/report?groupId=${GROUP_X}&from=${week.from}&to=${week.to}`,
      })
    ).json<ReportResponse>();
    expect(preview.previousWeek).toEqual({ from: report.previous.from, to: report.previous.to });
    const pct = (s: { value: number } | null) => (s ? `${Math.round(s.value * 100)}%` : '–');
    const line = (label: string, value: string, previous: string) =>
      nl.digest.figure
        .replace('{label}', label)
        .replace('{value}', value)
        .replace('{previous}', previous);
    expect(report.team.n).toBe(3);
    expect(report.previous.team.n).toBe(2);
    expect(preview.lines).toEqual(
      expect.arrayContaining([
        nl.digest.title.replace('{from}', week.from).replace('{to}', week.to),
        line(nl.digest.answers, String(report.team.n), String(report.previous.team.n)),
        line(nl.digest.easy, pct(report.team.easy), pct(report.previous.team.easy)),
        line(nl.digest.difficult, pct(report.team.difficult), pct(report.previous.team.difficult)),
        line(
          nl.digest.responseRate,
          pct(report.team.responseRate === null ? null : { value: report.team.responseRate }),
          pct(
            report.previous.team.responseRate === null
              ? null
              : { value: report.previous.team.responseRate },
          ),
        ),
        `${nl.drivers.transferred}: 1`,
      ]),
    );
    const text = preview.lines.join('\n');
    expect(text).toContain(`2/7 · ${nl.drivers.transferred} · ${X_COMMENT}`);
    expect(text).not.toContain(Y_COMMENT);
    // Last week's difficult answer is last week's news.
    expect(text).not.toContain(`${nl.drivers.took_too_long}`);
    // Another language on request; the stored choice stays.
    const english = (await as('leadX', { url: '/api/v1/digest?locale=en' })).json<DigestResponse>();
    expect(english.lines[0]).toBe(
      en.digest.title.replace('{from}', week.from).replace('{to}', week.to),
    );
    // An admin's digest covers every group.
    const admin = (await as('admin', { url: '/api/v1/digest' })).json<DigestResponse>();
    expect(admin.enabled).toBe(false);
    expect(admin.lines.join('\n')).toContain(Y_COMMENT);
    // Agents have no digest: a readable refusal.
    const agent = await as('agentX', { url: '/api/v1/digest' });
    expect(agent.statusCode).toBe(403);
    expect(agent.json<{ message: string }>().message).toMatch(/team leads/);
  });

  it("goes once a week, to opted-in leads only, in their language, with the preview's text", async () => {
    await as('leadX', {
      method: 'PUT',
      url: '/api/v1/digest',
      payload: { enabled: true, locale: 'nl' },
    });
    await as('leadY', {
      method: 'PUT',
      url: '/api/v1/digest',
      payload: { enabled: false, locale: 'en' },
    });
    const preview = (await as('leadX', { url: '/api/v1/digest' })).json<DigestResponse>();
    chat.received = [];

    const first = await sendWeeklyDigests(deps(), now);
    expect(first.sent).toEqual([TEST_USERS.leadX.userId]);
    expect(chat.received).toHaveLength(1);
    // Slack's text: the preview's lines, < and > escaped; the group named from Zendesk.
    const escaped = (s: string) =>
      s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    expect(chat.received[0]).toBe(
      preview.lines.map(escaped).join('\n').replace(`#${GROUP_X}`, 'Billing'),
    );
    expect(chat.received[0]).toContain('Sent &lt;b&gt;around&lt;/b&gt;');
    expect(chat.received[0]).toContain(nl.digest.group.replace('{name}', 'Billing'));

    // Later the same week (hourly sweeps, a restart): nothing more.
    expect((await sendWeeklyDigests(deps(), new Date(now.getTime() + 3600_000))).sent).toEqual([]);
    expect(chat.received).toHaveLength(1);

    // A week later: the next week's digest, once.
    const nextWeek = new Date(now.getTime() + 7 * DAY);
    const second = await sendWeeklyDigests(deps(), nextWeek);
    expect(second.week).toBe(dayAfter(week.from, 7));
    expect(second.sent).toEqual([TEST_USERS.leadX.userId]);
    expect(chat.received).toHaveLength(2);
    expect((await sendWeeklyDigests(deps(), nextWeek)).sent).toEqual([]);

    // No team lead any more (the custom role taken away in Zendesk): no figures, no comments.
    const demoted = fixedRoles(
      Object.values(TEST_USERS).map((u) =>
        u.userId === TEST_USERS.leadX.userId ? { ...u, customRole: null } : u,
      ),
    );
    const later = await sendWeeklyDigests(deps(demoted), new Date(now.getTime() + 14 * DAY));
    expect(later).toMatchObject({ sent: [], notLeads: [TEST_USERS.leadX.userId] });
    expect(chat.received).toHaveLength(2);

    // Switched off: no more digests.
    await as('leadX', {
      method: 'PUT',
      url: '/api/v1/digest',
      payload: { enabled: false, locale: 'nl' },
    });
    expect((await sendWeeklyDigests(deps(), new Date(now.getTime() + 14 * DAY))).sent).toEqual([]);
    expect(chat.received).toHaveLength(2);
  });

  it('is retried after a failed post without sending twice, and schedules its next sweep', async () => {
    await as('leadY', {
      method: 'PUT',
      url: '/api/v1/digest',
      payload: { enabled: true, locale: 'en' },
    });
    chat.received = [];
    const later = new Date(now.getTime() + 21 * DAY);
    chat.failing = true;
    const sweep = sendWeeklyDigestsJob(deps(), { now: () => later });
    await expect(sweep({}, {} as ClaimedJob)).rejects.toThrow('The chat webhook answered 500');
    expect(chat.received).toEqual([]);
    // A failed sweep has already queued the next one: the series never ends with a failure.
    const queued = await getDb().query(
      `SELECT 1 FROM outbox_jobs WHERE dedupe_key = $1 AND status = 'queued'`,
      [SEND_WEEKLY_DIGESTS_KEY],
    );
    expect(queued.rows).toHaveLength(1);
    chat.failing = false;

    await sendWeeklyDigestsJob(deps(), { now: () => later })({}, {} as ClaimedJob);
    expect(chat.received).toHaveLength(1);
    expect(chat.received[0]).toContain(en.digest.title.split(':')[0]!);
    expect(chat.received[0]).toContain(en.digest.group.replace('{name}', `#${GROUP_Y}`));
    expect(chat.received[0]).not.toContain(`#${GROUP_X}`);
    expect((await sendWeeklyDigests(deps(), later)).sent).toEqual([]);
    const { rows } = await getDb().query<{ run_at: Date | string }>(
      `SELECT run_at FROM outbox_jobs WHERE dedupe_key = $1 AND status = 'queued'`,
      [SEND_WEEKLY_DIGESTS_KEY],
    );
    expect(rows.map((r) => new Date(r.run_at).getTime())).toEqual([
      later.getTime() + DIGEST_SWEEP_INTERVAL_MS,
    ]);

    // No webhook in Settings: nothing is sent, nothing recorded.
    const settings = await getSettings(getDb());
    await saveSettings(getDb(), {
      ...settings,
      alerts: { ...settings.alerts, chatWebhookUrl: '' },
    });
    const off = await sendWeeklyDigests(deps(), new Date(now.getTime() + 28 * DAY));
    expect(off).toMatchObject({ off: true, sent: [] });
    expect((await as('leadY', { url: '/api/v1/digest' })).json<DigestResponse>().delivery).toBe(
      'off',
    );
  });
});
