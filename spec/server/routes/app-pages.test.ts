/**
 * The app pages over HTTP: Zendesk's signed page load (ZAF JWT, RS256) is verified before the
 * page and its session are served; every refusal is a readable 401 page, never a 5xx, never an
 * echo of what was sent; sessions expire, renew, and die with a rotated key.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { buildApp } from '../../../src/server/app.js';
import { issueSession, MAX_SESSION_AGE_SECONDS } from '../../../src/server/auth/session.js';
import { loadConfig, type Config } from '../../../src/server/config.js';
import type { Database } from '../../../src/server/db/database.js';
import { openTestDatabase } from '../../support/databases.js';
import { fixedRoles, TEST_USERS } from '../../support/roles.js';
import {
  signZafToken,
  tamperedToken,
  unsignedToken,
  zafTestKeys,
} from '../../support/zaf-token.js';

const keys = zafTestKeys();
const otherKeys = zafTestKeys();
const appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ces-app-pages-'));
const PAGE =
  '<!doctype html><html><head><title>CES</title></head><body><div id="root"></div></body></html>';
fs.writeFileSync(path.join(appDir, 'sidebar.html'), PAGE);
fs.writeFileSync(path.join(appDir, 'team.html'), PAGE);
fs.writeFileSync(path.join(appDir, 'sidebar-abc123.js'), 'console.log(1)');

const SESSION_KEY = 'session-key-for-app-page-tests-0123456789';

function configWith(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    ZENDESK_APP_PUBLIC_KEY: keys.publicPem,
    CES_APP_DIR: appDir,
    CES_SESSION_KEY: SESSION_KEY,
    ...env,
  });
}

let db: Database;
let app: FastifyInstance;
let log = '';

beforeAll(async () => {
  db = await openTestDatabase('pglite');
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => (log += chunk.toString()));
  // The pages' user (7) is an admin of the account: the settings route answers them.
  app = await buildApp({
    config: configWith(),
    db,
    logStream,
    roles: fixedRoles([{ ...TEST_USERS.admin, userId: 7 }]),
  });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  fs.rmSync(appDir, { recursive: true, force: true });
});

const load = (token: string | null, page = 'sidebar.html', headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: `/app/${page}?origin=https%3A%2F%2Fsandbox.zendesk.com&app_guid=abc`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: token === null ? '' : new URLSearchParams({ token }).toString(),
  });

/** The session the page carries. */
function sessionIn(html: string): { token: string; expiresAt: string; renewUrl: string } {
  const json = /<script type="application\/json" id="ces-session">([^<]*)<\/script>/.exec(html);
  if (!json) throw new Error('the page carries no session');
  return JSON.parse(json[1]!) as { token: string; expiresAt: string; renewUrl: string };
}

describe("the app pages, loaded by Zendesk's signed request", () => {
  it.each(['sidebar.html', 'team.html'])(
    'serve %s with a session for the user Zendesk vouched for',
    async (page) => {
      const res = await load(await signZafToken(keys, { userId: 7 }), page);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-security-policy']).toContain(
        'frame-ancestors https://sandbox.zendesk.com',
      );
      const session = sessionIn(res.body);
      expect(session.renewUrl).toBe('/app/session');
      const lifetime = Date.parse(session.expiresAt) - Date.now();
      expect(lifetime).toBeGreaterThan(14 * 60_000);
      expect(lifetime).toBeLessThanOrEqual(15 * 60_000);
      const api = await app.inject({
        method: 'GET',
        url: '/api/v1/settings',
        headers: { authorization: `Bearer ${session.token}` },
      });
      expect(api.statusCode).toBe(200);
    },
  );

  it('reads the user from a sub written as the user API address too', async () => {
    const res = await load(
      await signZafToken(keys, {
        userId: 'https://sandbox.zendesk.com/api/v2/users/9.json',
      }),
    );
    expect(res.statusCode).toBe(200);
    const payload = JSON.parse(
      Buffer.from(sessionIn(res.body).token.split('.')[1]!, 'base64url').toString(),
    ) as { sub: string };
    expect(payload.sub).toBe('9');
  });

  it("accepts the installation's address without .json as the audience, and nothing looser", async () => {
    const signed = (audience: string) => signZafToken(keys, { audience });
    const bare = 'https://sandbox.zendesk.com/api/v2/apps/installations/1';
    expect((await load(await signed(bare))).statusCode).toBe(200);
    for (const aud of [
      `${bare}9`,
      `${bare}.json/x`,
      'https://sandbox.zendesk.com',
      `${bare}.jsonp`,
    ]) {
      expect((await load(await signed(aud))).statusCode).toBe(401);
    }
  });

  const BAD: Array<[string, () => Promise<string | null>]> = [
    ['missing', async () => null],
    ['signed with another key (forged)', () => signZafToken(otherKeys)],
    [
      'signed HS256 with the public key as secret (algorithm confusion)',
      () =>
        new SignJWT({ sub: '1' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('sandbox.zendesk.com')
          .setAudience('https://sandbox.zendesk.com/api/v2/apps/installations/1.json')
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(keys.publicPem)),
    ],
    ['unsigned (alg none)', async () => unsignedToken()],
    ['expired', () => signZafToken(keys, { expiresIn: -300 })],
    ['for another installation', () => signZafToken(keys, { installationId: '2' })],
    ['from another subdomain', () => signZafToken(keys, { subdomain: 'evil' })],
    ['tampered (another user)', async () => tamperedToken(await signZafToken(keys), { sub: '2' })],
    ['without a user', () => signZafToken(keys, { userId: 'nobody' })],
    ['not a JWT at all', async () => '<script>alert(1)</script>'],
  ];

  it.each(BAD)('refuse a %s token with a readable 401 page', async (_name, make) => {
    const token = await make();
    const res = await load(token);
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('role="alert"');
    expect(res.body).not.toContain('ces-session');
    if (token) expect(res.body).not.toContain(token);
    expect(res.body).not.toContain('<script>alert');
  });

  it('speaks the browser language on the refusal page', async () => {
    const res = await load(await signZafToken(keys, { expiresIn: -300 }), 'team.html', {
      'accept-language': 'nl-NL,nl;q=0.9',
    });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('lang="nl"');
    expect(res.body).toContain('Laad de pagina opnieuw in Zendesk');
  });

  it('explains, and serves nothing, when the page is opened without the POST', async () => {
    const res = await app.inject({ method: 'GET', url: '/app/sidebar.html' });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('role="alert"');
    expect(res.body).not.toContain('ces-session');
  });

  it('serves the pages’ scripts, and nothing outside the build', async () => {
    expect((await app.inject({ method: 'GET', url: '/app/sidebar-abc123.js' })).statusCode).toBe(
      200,
    );
    for (const url of ['/app/..%2Fpackage.json', '/app/.vite', '/app/missing.js']) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(404);
    }
  });
});

describe('app sessions', () => {
  const config = () => app.config;
  const api = (token: string) =>
    app.inject({
      method: 'GET',
      url: '/api/v1/settings',
      headers: { authorization: `Bearer ${token}` },
    });
  const renew = (token: string) =>
    app.inject({
      method: 'POST',
      url: '/app/session',
      headers: { authorization: `Bearer ${token}` },
    });

  it('work until they expire, and are renewed before that without a reload', async () => {
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
    const old = await issueSession(config(), { zendeskUserId: 7 }, { now: minutesAgo(14) });
    expect((await api(old.token)).statusCode).toBe(200);
    const renewed = await renew(old.token);
    expect(renewed.statusCode).toBe(200);
    const next = renewed.json<{ token: string; expiresAt: string }>();
    expect(Date.parse(next.expiresAt)).toBeGreaterThan(Date.parse(old.expiresAt));
    expect((await api(next.token)).statusCode).toBe(200);

    const expired = await issueSession(config(), { zendeskUserId: 7 }, { now: minutesAgo(16) });
    expect((await api(expired.token)).statusCode).toBe(401);
    const refused = await renew(expired.token);
    expect(refused.statusCode).toBe(401);
    expect(refused.body).not.toContain(expired.token);
  });

  it('stop renewing 12 hours after Zendesk signed the page load', async () => {
    const now = Math.floor(Date.now() / 1000);
    const started = await issueSession(
      config(),
      { zendeskUserId: 7 },
      { startedAt: now - MAX_SESSION_AGE_SECONDS - 60 },
    );
    expect((await renew(started.token)).statusCode).toBe(401);
    expect((await api(started.token)).statusCode).toBe(401);
  });

  it('keep the user and the start of the page load when renewed', async () => {
    const startedAt = Math.floor(Date.now() / 1000) - 3600;
    const first = await issueSession(config(), { zendeskUserId: 7 }, { startedAt });
    const next = (await renew(first.token)).json<{ token: string }>();
    const claims = JSON.parse(Buffer.from(next.token.split('.')[1]!, 'base64url').toString()) as {
      sub: string;
      auth_time: number;
    };
    expect(claims).toMatchObject({ sub: '7', auth_time: startedAt });
  });

  it('all stop working when the session key is rotated', async () => {
    const before = sessionIn((await load(await signZafToken(keys))).body).token;
    const rotatedDb = await openTestDatabase('pglite');
    const rotated = await buildApp({
      config: configWith({ CES_SESSION_KEY: 'the-new-session-key-after-rotation-0123' }),
      db: rotatedDb,
    });
    try {
      const res = await rotated.inject({
        method: 'GET',
        url: '/api/v1/settings',
        headers: { authorization: `Bearer ${before}` },
      });
      expect(res.statusCode).toBe(401);
      expect(
        (
          await rotated.inject({
            method: 'POST',
            url: '/app/session',
            headers: { authorization: `Bearer ${before}` },
          })
        ).statusCode,
      ).toBe(401);
      // A new page load from Zendesk gets a session under the new key.
      const fresh = await rotated.inject({
        method: 'POST',
        url: '/app/team.html',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ token: await signZafToken(keys) }).toString(),
      });
      expect(fresh.statusCode).toBe(200);
    } finally {
      await rotated.close();
      await rotatedDb.close();
    }
  }, 120_000);
});

describe('what leaves the service', () => {
  it('holds no key and no other user’s session: pages, answers and the log', async () => {
    const theirs = sessionIn((await load(await signZafToken(keys, { userId: 2 }))).body).token;
    const zaf = await signZafToken(keys, { userId: 1 });
    const page = await load(zaf);
    const mine = sessionIn(page.body).token;
    const answers = [
      page.body,
      (await load(await signZafToken(otherKeys))).body,
      (await app.inject({ method: 'GET', url: '/app/team.html' })).body,
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/settings',
          headers: { authorization: `Bearer ${mine}x` },
        })
      ).body,
    ];
    const secrets = [SESSION_KEY, keys.privatePem, theirs];
    for (const body of answers) for (const secret of secrets) expect(body).not.toContain(secret);
    expect(log.length).toBeGreaterThan(0);
    for (const secret of [...secrets, mine, zaf]) expect(log).not.toContain(secret);
  });
});
