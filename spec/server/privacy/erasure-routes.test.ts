/**
 * The two ways in: Zendesk's signed user-deleted event (POST /webhooks/zendesk/users) and an
 * admin's request (POST /api/v1/requesters/:id/erase). Both erase, both are audited; a wrong
 * signature or an unconfirmed request erases nothing.
 */
import type { FastifyInstance } from 'fastify';
import { zendeskSignature } from '../../../src/server/security/webhook-signature.js';
import type { AuditResponse } from '../../../src/shared/access.js';
import { appSessionHeaders } from '../../support/app-session.js';
import { describeEachDatabase } from '../../support/databases.js';
import { TEST_USERS } from '../../support/roles.js';
import { clearSurveys, insertSurvey } from '../../support/survey-fixtures.js';
import { openApi, type Api } from '../routes/api/api-harness.js';

const SECRET = 'user-events-secret-0123456789';
const REQUESTER = 424_242;

function userDeleted(userId: number, overrides: Record<string, unknown> = {}) {
  return {
    type: 'zen:event-type:user.deleted',
    account_id: 10001,
    id: 'b7c5d1e0-0000-4000-8000-000000000001',
    time: new Date().toISOString(),
    zendesk_event_version: '2022-06-20',
    subject: `zen:user:${userId}`,
    detail: { id: String(userId), role: 'end-user', email: 'klaas@example.nl' },
    event: {},
    ...overrides,
  };
}

async function deliver(
  app: FastifyInstance,
  body: unknown,
  options: { secret?: string; timestamp?: string } = {},
) {
  const raw = JSON.stringify(body);
  const timestamp = options.timestamp ?? new Date().toISOString();
  return app.inject({
    method: 'POST',
    url: '/webhooks/zendesk/users',
    headers: {
      'content-type': 'application/json',
      'x-zendesk-webhook-signature': zendeskSignature(options.secret ?? SECRET, timestamp, raw),
      'x-zendesk-webhook-signature-timestamp': timestamp,
    },
    payload: raw,
  });
}

describeEachDatabase('erasing a requester', (getDb) => {
  let api: Api;
  beforeAll(async () => {
    api = await openApi(getDb(), { ZENDESK_API_URL: 'http://127.0.0.1:9' });
    await getDb().query(
      `INSERT INTO zendesk_state (key, value) VALUES ('user_events_webhook', $1::jsonb)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [JSON.stringify({ id: '01USR', signingSecret: SECRET })],
    );
  });
  afterAll(async () => {
    await api.close();
  });
  beforeEach(async () => {
    await clearSurveys(getDb());
    await insertSurvey(getDb(), {
      requesterId: REQUESTER,
      answer: { score: 2, driver: 'transferred', comment: 'Call me on 0612345678' },
    });
    await insertSurvey(getDb(), { requesterId: 1, answer: { score: 6, comment: 'Fine' } });
  });

  const comments = async () =>
    (
      await getDb().query<{ requester_id: number | null; comment: string | null }>(
        `SELECT s.requester_id, a.comment FROM surveys s JOIN answers a ON a.survey_id = s.id
          ORDER BY s.id`,
      )
    ).rows.map((r) => [r.requester_id === null ? null : Number(r.requester_id), r.comment]);

  it('erases on a signed user-deleted event, and only that user', async () => {
    const res = await deliver(api.app, userDeleted(REQUESTER));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ outcome: 'erased', surveys: 1 });
    expect(await comments()).toEqual([
      [null, null],
      [1, 'Fine'],
    ]);
    // A retry of the same event finds nothing more to erase.
    expect((await deliver(api.app, userDeleted(REQUESTER))).json()).toEqual({
      outcome: 'erased',
      surveys: 0,
    });
  });

  it.each([
    ['another secret', { secret: 'not-the-secret-0123456789' }],
    [
      'a replayed (stale) timestamp',
      { timestamp: new Date(Date.now() - 10 * 60_000).toISOString() },
    ],
  ])('refuses %s with 401 and erases nothing', async (_what, options) => {
    const res = await deliver(api.app, userDeleted(REQUESTER), options);
    expect(res.statusCode).toBe(401);
    expect(await comments()).toEqual([
      [REQUESTER, 'Call me on 0612345678'],
      [1, 'Fine'],
    ]);
  });

  it('refuses an unsigned delivery with 401', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/webhooks/zendesk/users',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(userDeleted(REQUESTER)),
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'missing_signature' });
  });

  it('acknowledges other event types without erasing, and refuses an event naming no user', async () => {
    const other = await deliver(
      api.app,
      userDeleted(REQUESTER, { type: 'zen:event-type:user.created' }),
    );
    expect(other.statusCode).toBe(200);
    expect(other.json()).toEqual({ outcome: 'ignored' });
    const noUser = await deliver(
      api.app,
      userDeleted(REQUESTER, { detail: { id: '<script>' }, subject: 'zen:user:x' }),
    );
    expect(noUser.statusCode).toBe(400);
    expect(noUser.body).not.toContain('<script>');
    const mismatch = await deliver(api.app, userDeleted(REQUESTER, { subject: 'zen:user:1' }));
    expect(mismatch.statusCode).toBe(400);
    expect(await comments()).toEqual([
      [REQUESTER, 'Call me on 0612345678'],
      [1, 'Fine'],
    ]);
  });

  it('erases on an admin request that repeats the requester id, and audits who asked', async () => {
    const unconfirmed = await api.call({
      method: 'POST',
      url: `/api/v1/requesters/${REQUESTER}/erase`,
      payload: { confirmRequesterId: 1 },
    });
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.json()).toMatchObject({ error: 'not_confirmed' });
    expect((await comments())[0]).toEqual([REQUESTER, 'Call me on 0612345678']);

    const res = await api.call({
      method: 'POST',
      url: `/api/v1/requesters/${REQUESTER}/erase`,
      payload: { confirmRequesterId: REQUESTER },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      requesterId: REQUESTER,
      surveys: 1,
      answers: 1,
      comments: 1,
      skips: 0,
    });
    expect(await comments()).toEqual([
      [null, null],
      [1, 'Fine'],
    ]);
    const audit = (await api.get('/api/v1/audit')).json<AuditResponse>();
    expect(audit.items[0]).toMatchObject({
      action: 'privacy.erase_requester',
      user: { id: TEST_USERS.admin.userId },
      changes: [
        { path: 'requesterId', to: REQUESTER },
        { path: 'surveysErased', to: 1 },
        { path: 'answersErased', to: 1 },
        { path: 'commentsErased', to: 1 },
      ],
    });
    expect(JSON.stringify(audit)).not.toContain('0612345678');
  });

  it('refuses team leads and agents with a readable 403, erasing nothing', async () => {
    for (const who of ['leadX', 'agentX'] as const) {
      const res = await api.app.inject({
        method: 'POST',
        url: `/api/v1/requesters/${REQUESTER}/erase`,
        payload: { confirmRequesterId: REQUESTER },
        headers: await appSessionHeaders(api.app, { zendeskUserId: TEST_USERS[who].userId }),
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toMatch(/Only Zendesk admins can erase/);
    }
    expect((await comments())[0]).toEqual([REQUESTER, 'Call me on 0612345678']);
  });
});
