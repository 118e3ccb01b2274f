import type {
  RequesterHistoryResponse,
  SendSurveyResponse,
  TicketSurveyResponse,
} from '../../../../src/shared/api-types.js';
import { saveSettings } from '../../../../src/server/settings/settings-repository.js';
import { DEFAULT_SETTINGS } from '../../../../src/shared/settings.js';
import { describeEachDatabase } from '../../../support/databases.js';
import { clearSurveys, insertSurvey } from '../../../support/survey-fixtures.js';
import { openApi, type Api } from './api-harness.js';

const TICKET_BODY = {
  requesterId: 900,
  requesterLocale: 'nl',
  assigneeId: 31,
  groupId: 41,
  brandId: 51,
};

describeEachDatabase('ticket and requester API', (getDb) => {
  let api: Api;
  beforeAll(async () => {
    api = await openApi(getDb());
  });
  afterAll(async () => {
    await api.close();
  });
  beforeEach(async () => {
    await clearSurveys(getDb());
  });

  it("shows neither survey nor skip for a ticket CES hasn't seen", async () => {
    const res = await api.get('/api/v1/tickets/4242');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ticketId: 4242, survey: null, skip: null });
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

  it('sends a survey now: 201 with the survey, then GET shows it', async () => {
    const res = await api.call({
      method: 'POST',
      url: '/api/v1/tickets/88/survey',
      payload: TICKET_BODY,
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<SendSurveyResponse>();
    expect(body.outcome).toBe('created');
    if (body.outcome !== 'created') return;
    expect(body.survey).toMatchObject({
      ticketId: 88,
      origin: 'manual',
      status: 'pending',
      requesterId: 900,
      requesterLocale: 'nl',
      assigneeId: 31,
      groupId: 41,
      brandId: 51,
      answer: null,
    });
    const jobs = await getDb().query<{ kind: string }>(
      `SELECT kind FROM outbox_jobs WHERE dedupe_key = $1`,
      [`publish:${body.survey.id}`],
    );
    expect(jobs.rows.map((j) => j.kind)).toEqual(['publish_survey_link']);
    const after = (await api.get('/api/v1/tickets/88')).json<TicketSurveyResponse>();
    expect(after.survey?.id).toBe(body.survey.id);
  });

  it('answers 409 with the rule when a rule skips the survey', async () => {
    await saveSettings(getDb(), {
      ...DEFAULT_SETTINGS,
      rules: { ...DEFAULT_SETTINGS.rules, excludedGroupIds: [41] },
    });
    const res = await api.call({
      method: 'POST',
      url: '/api/v1/tickets/89/survey',
      payload: TICKET_BODY,
    });
    expect(res.statusCode).toBe(409);
    const body = res.json<SendSurveyResponse>();
    expect(body).toMatchObject({
      outcome: 'skipped',
      skip: { ticketId: 89, reason: 'excluded_group' },
    });
    const after = (await api.get('/api/v1/tickets/89')).json<TicketSurveyResponse>();
    expect(after.survey).toBeNull();
    expect(after.skip?.reason).toBe('excluded_group');
  });

  it('applies the tag and channel rules when the app sends them', async () => {
    const res = await api.call({
      method: 'POST',
      url: '/api/v1/tickets/90/survey',
      payload: { ...TICKET_BODY, tags: ['VIP', 'CES_SKIP'], channel: 'Email' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ skip: { reason: 'excluded_tag' } });
  });

  it.each([
    ['a missing body field', { requesterId: 1 }],
    ['a text id', { ...TICKET_BODY, assigneeId: 'x' }],
    ['a negative id', { ...TICKET_BODY, groupId: -4 }],
    ['a bad role', { ...TICKET_BODY, requesterRole: 'root' }],
  ])('answers 400 to %s', async (_name, payload) => {
    const res = await api.call({ method: 'POST', url: '/api/v1/tickets/91/survey', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_request' });
    const { rows } = await getDb().query('SELECT 1 FROM surveys WHERE ticket_id = 91');
    expect(rows).toHaveLength(0);
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

  it.each(['limit=0', 'limit=1000', 'cursor=not-ours', 'limit=two'])(
    'answers 400 to requesters?%s',
    async (query) => {
      const res = await api.get(`/api/v1/requesters/321?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json<{ message: string }>().message.length).toBeGreaterThan(10);
    },
  );
});
