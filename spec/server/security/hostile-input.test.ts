import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import { loadConfig } from '../../../src/server/config.js';
import { encodeCursor } from '../../../src/server/reports/team-report.js';
import { zendeskSignature } from '../../../src/server/security/webhook-signature.js';
import { saveSettings } from '../../../src/server/settings/settings-repository.js';
import { surveyWithLink } from '../../support/survey-links.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { appSessionToken } from '../../support/app-session.js';
import { fixedRoles } from '../../support/roles.js';
import { describeEachDatabase } from '../../support/databases.js';

const config = loadConfig({ NODE_ENV: 'test' });
const NUL = '\u0000';

/** A cursor in the shape the answers listing hands out, with any contents. */
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describeEachDatabase('hostile input gets a 4xx or is cleaned, never a 500', (getDb) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ config, db: getDb(), roles: fixedRoles() });
    await saveSettings(getDb(), DEFAULT_SETTINGS);
  });
  afterAll(async () => {
    await app.close();
  });

  async function api(method: 'GET' | 'PUT' | 'POST', url: string, body?: unknown) {
    return app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${await appSessionToken(app.config)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  }

  it('keeps a customer comment with control characters, without them', async () => {
    const { surveyId, path } = await surveyWithLink(getDb(), config, { ticketId: 64_001 });
    const post = (fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
    expect((await post({ step: 'score', score: '3' })).statusCode).toBe(303);
    const res = await post({
      step: 'followup',
      score: '3',
      driver: 'other',
      comment: `Line${NUL} one\u0007\r\n\tLine two\u001b`,
    });
    expect(res.statusCode).toBe(303);
    const { rows } = await getDb().query('SELECT comment FROM answers WHERE survey_id = $1', [
      surveyId,
    ]);
    expect(rows).toEqual([{ comment: 'Line one\n\tLine two' }]);
  });

  it('takes a signed solve whose text carries a NUL', async () => {
    const body = JSON.stringify({
      type: 'ticket_solved',
      ticket_id: '64002',
      requester_id: '5',
      assignee_id: '6',
      channel: `email${NUL}`,
      satisfaction: `good${NUL}`,
      tags: `vip${NUL} billing`,
      solved_at: '2026-11-23T10:00:00Z',
    });
    const timestamp = new Date().toISOString();
    const res = await app.inject({
      method: 'POST',
      url: '/webhooks/zendesk',
      headers: {
        'content-type': 'application/json',
        'x-zendesk-webhook-signature': zendeskSignature(config.webhookSecret!, timestamp, body),
        'x-zendesk-webhook-signature-timestamp': timestamp,
      },
      payload: body,
    });
    expect(res.statusCode).toBe(202);
    const { rows } = await getDb().query(
      'SELECT channel, satisfaction FROM surveys WHERE ticket_id = 64002',
    );
    expect(rows).toEqual([{ channel: 'email', satisfaction: 'good' }]);
  });

  it.each([
    [
      'GET',
      `/api/v1/report?channel=mail${encodeURIComponent(NUL)}`,
      undefined,
      'querystring/channel',
    ],
    [
      'GET',
      `/api/v1/report/answers?driver=${encodeURIComponent(NUL)}`,
      undefined,
      'querystring/driver',
    ],
    ['PUT', '/api/v1/settings', { companyName: `Acme${NUL}` }, 'body/companyName'],
    [
      'POST',
      '/api/v1/tickets/64003/survey',
      {
        requesterId: 1,
        requesterLocale: `en${NUL}`,
        assigneeId: 2,
        groupId: null,
        brandId: null,
      },
      'body/requesterLocale',
    ],
  ] as const)(
    'answers %s %s with a NUL with 400 naming the field',
    async (method, url, body, field) => {
      const res = await api(method, url, body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({
        error: 'invalid_request',
        message: `${field} contains a NUL character: send it without one.`,
      });
    },
  );

  it.each([
    ['a bare number for a time', ['1', 5]],
    ['a day February lacks', ['2026-02-30T00:00:00.000Z', 5]],
    ['a year PostgreSQL cannot hold', ['+275760-09-13T00:00:00.000Z', 5]],
    ['a time with a zone', ['2026-01-01T00:00:00+02:00', 5]],
  ])('refuses an answers cursor with %s as not ours', async (_name, value) => {
    const res = await api('GET', `/api/v1/report/answers?cursor=${cursorOf(value)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_cursor' });
  });

  it('still follows an answers cursor it handed out', async () => {
    const cursor = encodeCursor({ solvedAt: new Date().toISOString(), surveyId: 5 });
    const res = await api('GET', `/api/v1/report/answers?cursor=${cursor}`);
    expect(res.statusCode).toBe(200);
  });
});
