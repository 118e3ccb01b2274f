import type { InjectOptions } from 'fastify';
import { describeEachDatabase } from '../../../support/databases.js';
import { SignJWT } from 'jose';
import { issueSession } from '../../../../src/server/auth/session.js';
import { appSessionHeaders } from '../../../support/app-session.js';
import { tamperedToken, unsignedToken } from '../../../support/zaf-token.js';
import { openApi, type Api } from './api-harness.js';

/** Every route of the API, with a request that would succeed given a valid token. */
const ROUTES: InjectOptions[] = [
  { method: 'GET', url: '/api/v1/tickets/1' },
  {
    method: 'POST',
    url: '/api/v1/tickets/1/survey',
    payload: { requesterId: 2, requesterLocale: 'en', assigneeId: 3, groupId: null, brandId: null },
  },
  { method: 'GET', url: '/api/v1/requesters/2' },
  {
    method: 'POST',
    url: '/api/v1/requesters/2/erase',
    payload: { confirmRequesterId: 2 },
  },
  { method: 'GET', url: '/api/v1/agents/3/summary' },
  { method: 'GET', url: '/api/v1/agents/3/report' },
  { method: 'GET', url: '/api/v1/agents/3/answers' },
  { method: 'GET', url: '/api/v1/report' },
  { method: 'GET', url: '/api/v1/report.csv' },
  { method: 'GET', url: '/api/v1/report/answers' },
  { method: 'GET', url: '/api/v1/report/answers.csv' },
  { method: 'GET', url: '/api/v1/digest' },
  { method: 'PUT', url: '/api/v1/digest', payload: { enabled: true, locale: 'en' } },
  { method: 'GET', url: '/api/v1/settings' },
  { method: 'PUT', url: '/api/v1/settings', payload: { companyName: 'Acme' } },
  { method: 'GET', url: '/api/v1/settings/zendesk' },
  { method: 'GET', url: '/api/v1/setup' },
  { method: 'POST', url: '/api/v1/setup', payload: {} },
  { method: 'GET', url: '/api/v1/outbox' },
  { method: 'POST', url: '/api/v1/outbox/1/retry' },
  { method: 'GET', url: '/api/v1/me' },
  { method: 'GET', url: '/api/v1/access' },
  {
    method: 'PUT',
    url: '/api/v1/access',
    payload: { teamLeadRoles: [], teamLeadUserIds: [], teamLeadsSeeAllGroups: false },
  },
  { method: 'GET', url: '/api/v1/access/roles' },
  { method: 'GET', url: '/api/v1/access/users?name=Ma' },
  { method: 'GET', url: '/api/v1/audit' },
];

/** Sessions the service must refuse, made against the service's own configuration. */
const BAD_TOKENS: Array<[string, (api: Api) => Promise<string | null>]> = [
  ['missing', async () => null],
  [
    'expired',
    async (api) =>
      (
        await issueSession(
          api.app.config,
          { zendeskUserId: 1 },
          { now: new Date(Date.now() - 20 * 60_000) },
        )
      ).token,
  ],
  [
    'signed with another key (a rotated key)',
    async (api) =>
      (
        await issueSession(
          { ...api.app.config, sessionKey: 'the-key-before-rotation-0123456789abcdef' },
          { zendeskUserId: 1 },
        )
      ).token,
  ],
  [
    'tampered (another user)',
    async (api) =>
      tamperedToken((await issueSession(api.app.config, { zendeskUserId: 1 })).token, { sub: '2' }),
  ],
  ['unsigned (alg none)', async () => unsignedToken({ typ: 'ces-session' })],
  [
    'for another installation',
    async (api) =>
      (
        await appSessionHeaders(api.app, { zendeskUserId: 1, installationId: '999' })
      ).authorization!.slice(7),
  ],
  [
    "of the old HS256 app-token kind (Zendesk's proxy JWT)",
    async () =>
      new SignJWT({ sub: '1' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode('demo-app-secret-not-for-production')),
  ],
];

describeEachDatabase('API authentication', (getDb) => {
  let api: Api;
  beforeAll(async () => {
    // Every route is refused for every bad token from one address: more than the failed sign-in
    // limit allows a real client (spec/server/security/shared-rate-limits.test.ts tests that).
    api = await openApi(getDb(), { CES_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '100000' });
  });
  afterAll(async () => {
    await api.close();
  });

  describe.each(BAD_TOKENS)('a %s token', (_name, makeToken) => {
    it.each(ROUTES.map((r) => [`${r.method} ${r.url}`, r] as const))(
      'gets 401 with a JSON reason on %s',
      async (_label, route) => {
        const token = await makeToken(api);
        const res = await api.app.inject({
          ...route,
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
        expect(res.statusCode).toBe(401);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
        const body = res.json<{ error: string; message: string }>();
        expect(body.error).toBe('unauthorized');
        expect(body.message.length).toBeGreaterThan(20);
      },
    );
  });

  it('refuses before reading anything: no settings are saved without a token', async () => {
    const res = await api.app.inject({
      method: 'PUT',
      url: '/api/v1/settings',
      payload: { companyName: 'Mallory' },
    });
    expect(res.statusCode).toBe(401);
    const { rows } = await getDb().query('SELECT 1 FROM settings');
    expect(rows).toHaveLength(0);
  });

  it('says 401, not 400, to a caller without a token and with bad parameters', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/api/v1/tickets/not-a-number' });
    expect(res.statusCode).toBe(401);
  });

  it('accepts the session in a Bearer header only', async () => {
    const token = (await issueSession(api.app.config, { zendeskUserId: 1 })).token;
    const basic = await api.app.inject({
      method: 'GET',
      url: '/api/v1/settings',
      headers: { authorization: `Basic ${token}` },
    });
    expect(basic.statusCode).toBe(401);
    const query = await api.app.inject({ method: 'GET', url: `/api/v1/settings?token=${token}` });
    expect(query.statusCode).toBe(401);
    const ok = await api.get('/api/v1/settings');
    expect(ok.statusCode).toBe(200);
  });

  it('serves its OpenAPI description without a token, listing every route', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    }>();
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const expected = ROUTES.map(
      (r) =>
        `${r.method} ${String(r.url)
          .split('?')[0]!
          .replace(/\/(\d+)(?=\/|$)/, '/{id}')}`,
    );
    expect(documented.sort()).toEqual([...new Set(expected)].sort());
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Metrics', 'SurveyView', 'ReportAnswer', 'Settings', 'ApiError']),
    );
    expect(doc.components.securitySchemes).toHaveProperty('appSession');
    expect(JSON.stringify(doc.paths['/api/v1/report.csv'])).toContain('text/csv');
  });
});
