import { fixedRoles, TEST_USERS } from '../../support/roles.js';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { cesRequestOptions } from '../../../src/app/api/ces';
import type { ZafClient } from '../../../src/app/api/zaf-client';
import { installApp } from '../../../src/sandbox/workspace/zaf/app-installation';
import type { AppRequest, ProxyResponse } from '../../../src/sandbox/workspace/zaf/request-proxy';
import { REQUEST_PROXY_PATH, zafRoutes } from '../../../src/sandbox/workspace/zaf/zaf-routes';
import { buildApp } from '../../../src/server/app';
import { loadConfig } from '../../../src/server/config';
import { describeEachDatabase } from '../../support/databases';
import { surveyWithLink } from '../../support/survey-links';

const config = loadConfig({ NODE_ENV: 'test' });
const SECRET = config.appSecret;
const REPO = path.join(__dirname, '..', '..', '..');

/** True when `text` holds the secret: in any case (a page capitalises), URL-encoded, or in a JWT. */
function reveals(text: string): boolean {
  const holds = (t: string) => t.toLowerCase().includes(SECRET.toLowerCase());
  const decoded = text.replace(/%([0-9a-f]{2})/gi, (_m, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
  if (holds(text) || holds(decoded)) return true;
  for (const [, payload] of text.matchAll(/eyJ[\w-]*\.([\w-]+)\.[\w-]*/g)) {
    if (holds(Buffer.from(payload ?? '', 'base64url').toString('utf8'))) return true;
  }
  return false;
}

/** What the app's JWT options look like, signed with the secure setting as its key. */
const jwt = {
  algorithm: 'HS256',
  secret_key: '{{setting.shared_secret}}',
  expiry: 60,
  // As the app signs it: the current Zendesk user (the tests' admin).
  claims: { sub: String(TEST_USERS.admin.userId) },
};

/**
 * The real manifest and the real service behind the sandbox's proxy: an app user may send any
 * `client.request` options (the browser is theirs), and no answer may hold the app secret.
 */
describeEachDatabase('the app secret, asked for by an app user through the proxy', (getDb) => {
  let service: FastifyInstance;
  let sandbox: FastifyInstance;
  let serviceUrl: string;

  beforeAll(async () => {
    service = await buildApp({ config, db: getDb(), roles: fixedRoles() });
    await service.listen({ host: '127.0.0.1', port: 0 });
    serviceUrl = `http://127.0.0.1:${(service.server.address() as { port: number }).port}`;
    sandbox = Fastify();
    await sandbox.register(zafRoutes, {
      installations: [
        installApp({
          manifestPath: path.join(REPO, 'manifest.json'),
          assetsDir: path.join(REPO, 'assets'),
          settings: { service_url: serviceUrl, shared_secret: SECRET },
        }),
      ],
      zendesk: { apiUrl: 'http://127.0.0.1:9', authorization: 'Basic none' },
    });
  });
  afterAll(async () => {
    await sandbox?.close();
    await service?.close();
  });

  async function request(options: AppRequest): Promise<ProxyResponse> {
    const res = await sandbox.inject({
      method: 'POST',
      url: REQUEST_PROXY_PATH,
      payload: { installationId: 1, options },
    });
    expect(res.statusCode).toBeLessThan(500);
    return res.json<ProxyResponse>();
  }

  it('serves the app its own calls: the secret signs the JWT, as the manifest scopes it', async () => {
    const options = cesRequestOptions(
      { client: null as unknown as ZafClient, serviceUrl, userId: TEST_USERS.admin.userId },
      '/settings',
    );
    const res = await request(options as AppRequest);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toHaveProperty('settings.companyName');
    expect(reveals(res.body)).toBe(false);
  });

  it.each<[string, AppRequest]>([
    ['in a 404 path', { url: '{{setting.service_url}}/{{setting.shared_secret}}', secure: true }],
    [
      'in a 404 query',
      { url: '{{setting.service_url}}/nothing?x={{setting.shared_secret}}', secure: true },
    ],
    [
      'in a JWT claim, the JWT in a 404 path',
      {
        url: '{{setting.service_url}}/api/v1/x/{{jwt.token}}',
        secure: true,
        jwt: { ...jwt, claims: { leak: '{{setting.shared_secret}}' } },
      },
    ],
    [
      'in a header',
      {
        url: '{{setting.service_url}}/nothing',
        secure: true,
        headers: { 'X-Echo': '{{setting.shared_secret}}' },
      },
    ],
  ])('is not filled in %s, and nothing answers with it', async (_where, options) => {
    const res = await request(options);
    expect(reveals(JSON.stringify(res))).toBe(false);
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({
      error: 'proxy_refused',
      message: expect.stringContaining('scoped to jwt_secret_key'),
    });
  });

  it('cannot become the company name every survey page shows', async () => {
    const { path: surveyPath } = await surveyWithLink(getDb(), config, { ticketId: 71_001 });
    const put = (companyName: string) =>
      request({
        url: '{{setting.service_url}}/api/v1/settings',
        type: 'PUT',
        contentType: 'application/json',
        headers: { Authorization: 'Bearer {{jwt.token}}' },
        data: JSON.stringify({ companyName }),
        secure: true,
        jwt,
      });

    // Filled in by the proxy: refused there, so no survey page can show it.
    const filled = await put('{{setting.shared_secret}}');
    const page = async () => (await service.inject({ method: 'GET', url: surveyPath })).body;
    expect(reveals(await page())).toBe(false);
    expect(filled.status).toBe(403);
    // A placeholder stored for Zendesk to fill in later (emails, triggers): refused by the service.
    const literal = await put('Acme {{ticket.requester.email}}');
    expect(literal.status).toBe(422);
    expect(JSON.parse(literal.body)).toEqual({
      error: 'invalid_settings',
      problems: [{ path: 'companyName', messageKey: 'settings.errors.placeholder' }],
    });
    expect(await page()).not.toContain('{{');
    const settings = await request(
      cesRequestOptions(
        { client: null as unknown as ZafClient, serviceUrl, userId: TEST_USERS.admin.userId },
        '/settings',
      ) as AppRequest,
    );
    expect(JSON.parse(settings.body)).toMatchObject({ settings: { companyName: 'We' } });
  });
});
