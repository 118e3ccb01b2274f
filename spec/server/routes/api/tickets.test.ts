import type {
  RequesterHistoryResponse,
  SendSurveyResponse,
  TicketSurveyResponse,
} from '../../../../src/shared/api-types.js';
import { saveSettings } from '../../../../src/server/settings/settings-repository.js';
import { DEFAULT_SETTINGS } from '../../../../src/shared/settings.js';
import { describeEachDatabase } from '../../../support/databases.js';
import { clearSurveys, insertSurvey } from '../../../support/survey-fixtures.js';
import { sandboxClient, startSandbox, type RunningSandbox } from '../../loop/sandbox-harness.js';
import { openApi, type Api } from './api-harness.js';

/** The sandbox Zendesk the service reads tickets from, with the people and places of a ticket. */
interface Zd {
  running: RunningSandbox;
  customerId: number;
  agentId: number;
  groupId: number;
  brandId: number;
}

describeEachDatabase('ticket and requester API', (getDb) => {
  let api: Api;
  let zd: Zd;

  async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${zd.running.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  /** A ticket in Zendesk: the customer's, assigned to the agent in the group and brand. */
  async function zendeskTicket(fields: Record<string, unknown> = {}): Promise<number> {
    const seeded = await control<{ tickets: Array<{ id: number }> }>('POST', '/__sandbox/seed', {
      tickets: [
        {
          subject: 'Where is my order?',
          comment: { body: 'It never arrived.' },
          requester_id: zd.customerId,
          assignee_id: zd.agentId,
          group_id: zd.groupId,
          brand_id: zd.brandId,
          status: 'open',
          ...fields,
        },
      ],
    });
    return seeded.tickets[0]!.id;
  }

  beforeAll(async () => {
    const running = await startSandbox();
    zd = { running, customerId: 0, agentId: 0, groupId: 0, brandId: 0 };
    const seeded = await control<{
      users: Array<{ id: number }>;
      groups: Array<{ id: number }>;
      brands: Array<{ id: number }>;
    }>('POST', '/__sandbox/seed', {
      groups: [{ name: 'Support' }],
      brands: [{ name: 'Acme Outdoor', subdomain: 'acme-outdoor' }],
      users: [
        { name: 'Ada Agent', email: 'ada@sandbox.local', role: 'agent' },
        { name: 'Klaas Klant', email: 'klaas@example.nl', role: 'end-user', locale: 'nl' },
      ],
    });
    zd.agentId = seeded.users[0]!.id;
    zd.customerId = seeded.users[1]!.id;
    zd.groupId = seeded.groups[0]!.id;
    zd.brandId = seeded.brands[0]!.id;
    const client = sandboxClient(running.url);
    api = await openApi(getDb(), {}, () => client);
  });
  afterAll(async () => {
    await api.close();
    await zd.running.close();
  });
  beforeEach(async () => {
    await clearSurveys(getDb());
  });

  it("shows neither survey nor skip for a ticket CES hasn't seen", async () => {
    const res = await api.get('/api/v1/tickets/4242');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ticketId: 4242, survey: null, skip: null, earlier: [] });
  });

  it("shows the ticket's survey with its answer and write-back state", async () => {
    await insertSurvey(getDb(), {
      ticketId: 77,
      assigneeId: 31,
      writebackStatus: 'done',
      answer: {
        score: 2,
        driver: 'transferred',
        comment: '<script>alert(1)</script>',
        answeredAt: '2026-11-20T10:00:00Z',
        updatedAt: '2026-11-20T10:05:00Z',
        version: 2,
        scoreChangedAt: '2026-11-20T10:05:00Z',
      },
    });
    const res = await api.get('/api/v1/tickets/77');
    expect(res.statusCode).toBe(200);
    const body = res.json<TicketSurveyResponse>();
    expect(body.skip).toBeNull();
    expect(body.survey).toMatchObject({
      ticketId: 77,
      status: 'answered',
      assigneeId: 31,
      writeback: { status: 'done' },
      answer: {
        score: 2,
        scaleId: 'ces2_7',
        band: 'difficult',
        driver: 'transferred',
        comment: '<script>alert(1)</script>',
        edited: true,
        answeredAt: '2026-11-20T10:00:00.000Z',
      },
    });
    // Never the token salt or hash.
    expect(res.body).not.toMatch(/token|salt|hash/i);
  });

  it('sends a survey now with the ticket as Zendesk has it, whatever the body says', async () => {
    const ticketId = await zendeskTicket({ via: { channel: 'web' } });
    const res = await api.call({
      method: 'POST',
      url: `/api/v1/tickets/${ticketId}/survey`,
      // An app user naming someone else for the credit: ignored.
      payload: {
        requesterId: 900,
        assigneeId: 31,
        groupId: 41,
        brandId: 51,
        requesterLocale: 'de',
      },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<SendSurveyResponse>();
    if (body.outcome !== 'created') throw new Error(`expected created, got ${res.body}`);
    expect(body.survey).toMatchObject({
      ticketId,
      origin: 'manual',
      status: 'pending',
      requesterId: zd.customerId,
      requesterLocale: 'nl',
      assigneeId: zd.agentId,
      groupId: zd.groupId,
      brandId: zd.brandId,
      channel: 'web',
      answer: null,
    });
    const jobs = await getDb().query<{ kind: string }>(
      `SELECT kind FROM outbox_jobs WHERE dedupe_key = $1`,
      [`publish:${body.survey.id}`],
    );
    expect(jobs.rows.map((j) => j.kind)).toEqual(['publish_survey_link']);
    const after = (await api.get(`/api/v1/tickets/${ticketId}`)).json<TicketSurveyResponse>();
    expect(after.survey?.id).toBe(body.survey.id);
  });

  it.each([
    ['no body', {}],
    ['an empty body', { payload: {} }],
    ['a body of the wrong shape', { payload: { assigneeId: 'x', requesterRole: 'root' } }],
  ])('sends with %s: the body is not read', async (_name, request) => {
    const ticketId = await zendeskTicket();
    const res = await api.call({
      method: 'POST',
      url: `/api/v1/tickets/${ticketId}/survey`,
      ...request,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ survey: { assigneeId: zd.agentId } });
  });

  it('answers 409 with the rule when a rule skips the survey', async () => {
    await saveSettings(getDb(), {
      ...DEFAULT_SETTINGS,
      rules: { ...DEFAULT_SETTINGS.rules, excludedGroupIds: [zd.groupId] },
    });
    const ticketId = await zendeskTicket();
    const res = await api.call({ method: 'POST', url: `/api/v1/tickets/${ticketId}/survey` });
    expect(res.statusCode).toBe(409);
    expect(res.json<SendSurveyResponse>()).toMatchObject({
      outcome: 'skipped',
      skip: { ticketId, reason: 'excluded_group' },
    });
    const after = (await api.get(`/api/v1/tickets/${ticketId}`)).json<TicketSurveyResponse>();
    expect(after.survey).toBeNull();
    expect(after.skip?.reason).toBe('excluded_group');
  });

  it("applies the tag, channel and agent-requester rules to Zendesk's data", async () => {
    const tagged = await zendeskTicket({ tags: ['vip', 'ces_skip'] });
    const byAgent = await zendeskTicket({ requester_id: zd.agentId });
    await saveSettings(getDb(), {
      ...DEFAULT_SETTINGS,
      rules: { ...DEFAULT_SETTINGS.rules, excludedChannels: ['voice'] },
    });
    const called = await zendeskTicket({ via: { channel: 'voice' } });
    const reasons = [];
    for (const id of [tagged, byAgent, called]) {
      const res = await api.call({ method: 'POST', url: `/api/v1/tickets/${id}/survey` });
      expect(res.statusCode).toBe(409);
      reasons.push(res.json<{ skip: { reason: string } }>().skip.reason);
    }
    expect(reasons).toEqual(['excluded_tag', 'agent_requester', 'excluded_channel']);
  });

  it('refuses a closed ticket with 409 ticket_closed and creates nothing', async () => {
    const ticketId = await zendeskTicket({ status: 'closed' });
    const res = await api.call({ method: 'POST', url: `/api/v1/tickets/${ticketId}/survey` });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      outcome: 'skipped',
      skip: { ticketId, reason: 'ticket_closed' },
    });
    const { rows } = await getDb().query('SELECT 1 FROM surveys WHERE ticket_id = $1', [ticketId]);
    expect(rows).toHaveLength(0);
  });

  it("answers 404 for a ticket Zendesk doesn't have and 503 while Zendesk is down", async () => {
    const missing = await api.call({ method: 'POST', url: '/api/v1/tickets/987654/survey' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'ticket_not_found' });
    expect(missing.json<{ message: string }>().message).toContain('987654');

    const ticketId = await zendeskTicket();
    await control('POST', '/__sandbox/faults', {
      kind: 'outage',
      status: 503,
      pathPrefix: '/api/v2/tickets',
    });
    try {
      const down = await api.call({ method: 'POST', url: `/api/v1/tickets/${ticketId}/survey` });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ error: 'zendesk_unavailable' });
      expect(down.json<{ message: string }>().message).toMatch(/try again/i);
    } finally {
      await control('DELETE', '/__sandbox/faults');
    }
    const { rows } = await getDb().query(
      'SELECT 1 FROM surveys WHERE ticket_id = ANY($1::bigint[])',
      [[987654, ticketId]],
    );
    expect(rows).toHaveLength(0);
  });

  it('keeps the earlier answer visible after a resend', async () => {
    const ticketId = await zendeskTicket();
    const first = await insertSurvey(getDb(), {
      ticketId,
      createdAt: '2026-11-20T10:00:00Z',
      answer: { score: 2, driver: 'transferred', answeredAt: '2026-11-20T11:00:00Z' },
    });
    const res = await api.call({ method: 'POST', url: `/api/v1/tickets/${ticketId}/survey` });
    expect(res.statusCode).toBe(201);
    const after = (await api.get(`/api/v1/tickets/${ticketId}`)).json<TicketSurveyResponse>();
    expect(after.survey).toMatchObject({ origin: 'manual', status: 'pending', answer: null });
    expect(after.earlier).toHaveLength(1);
    expect(after.earlier[0]).toMatchObject({
      id: first,
      status: 'answered',
      answer: { score: 2, driver: 'transferred' },
    });
  });

  it('answers 400 to a ticket id that is not a positive whole number', async () => {
    for (const id of ['abc', '0', '-3', '1.5', '99999999999999999999']) {
      const res = await api.get(`/api/v1/tickets/${id}`);
      expect(res.statusCode).toBe(400);
    }
  });

  it("pages through a requester's answers, newest first", async () => {
    for (let i = 0; i < 7; i++) {
      await insertSurvey(getDb(), {
        ticketId: 500 + i,
        requesterId: 321,
        createdAt: `2026-11-0${i + 1}T10:00:00Z`,
        answer: { score: 1 + i, answeredAt: `2026-11-0${i + 1}T12:00:00Z` },
      });
    }
    await insertSurvey(getDb(), { ticketId: 600, requesterId: 321 }); // unanswered: not listed
    await insertSurvey(getDb(), { requesterId: 999, answer: { score: 7 } }); // someone else
    const first = await api.get('/api/v1/requesters/321?limit=3');
    expect(first.statusCode).toBe(200);
    const p1 = first.json<RequesterHistoryResponse>();
    expect(p1.requesterId).toBe(321);
    expect(p1.items.map((i) => i.ticketId)).toEqual([506, 505, 504]);
    expect(p1.items[0]?.answer).toMatchObject({ score: 7, band: 'easy' });
    const seen = [...p1.items.map((i) => i.ticketId)];
    let cursor = p1.nextCursor;
    while (cursor) {
      const page = (
        await api.get(`/api/v1/requesters/321?limit=3&cursor=${encodeURIComponent(cursor)}`)
      ).json<RequesterHistoryResponse>();
      seen.push(...page.items.map((i) => i.ticketId));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([506, 505, 504, 503, 502, 501, 500]);
    const defaults = (await api.get('/api/v1/requesters/321')).json<RequesterHistoryResponse>();
    expect(defaults.items).toHaveLength(5);
  });

  it("lists a ticket once in the requester's answers: a replaced answer is the ticket's history", async () => {
    const replaced = await insertSurvey(getDb(), {
      ticketId: 700,
      requesterId: 322,
      createdAt: '2026-11-01T10:00:00Z',
      answer: { score: 2, answeredAt: '2026-11-01T12:00:00Z' },
    });
    await getDb().query(`UPDATE surveys SET status = 'replaced' WHERE id = $1`, [replaced]);
    const latest = await insertSurvey(getDb(), {
      ticketId: 700,
      requesterId: 322,
      createdAt: '2026-11-05T10:00:00Z',
      answer: { score: 6, answeredAt: '2026-11-05T12:00:00Z' },
    });
    const page = (await api.get('/api/v1/requesters/322')).json<RequesterHistoryResponse>();
    expect(page.items.map((i) => [i.id, i.answer.score])).toEqual([[latest, 6]]);
    const ticket = (await api.get('/api/v1/tickets/700')).json<TicketSurveyResponse>();
    expect(ticket.survey?.id).toBe(latest);
    expect(ticket.earlier.map((e) => [e.id, e.status])).toEqual([[replaced, 'replaced']]);
  });

  it.each(['limit=0', 'limit=1000', 'cursor=not-ours', 'limit=two'])(
    'answers 400 to requesters?%s',
    async (query) => {
      const res = await api.get(`/api/v1/requesters/321?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json<{ message: string }>().message.length).toBeGreaterThan(10);
    },
  );
});
