import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import { ConfigError, loadConfig, type Config } from '../../../src/server/config.js';
import type { Database, Queryable } from '../../../src/server/db/database.js';
import {
  clientKeyOf,
  countHit,
  createMemoryFailureLimiter,
  pruneWindows,
} from '../../../src/server/security/shared-rate-limit.js';
import { zendeskSignature } from '../../../src/server/security/webhook-signature.js';
import { appSessionHeaders } from '../../support/app-session.js';
import { describeEachDatabase } from '../../support/databases.js';
import { signZafToken, zafTestKeys } from '../../support/zaf-token.js';

const SECRET = 'limits-test-webhook-secret-0123';
const keys = zafTestKeys();
const config: Config = loadConfig({
  NODE_ENV: 'test',
  ZENDESK_WEBHOOK_SECRET: SECRET,
  ZENDESK_APP_PUBLIC_KEY: keys.publicPem,
  CES_RATE_LIMIT_SURVEY_PER_MINUTE: '4',
  CES_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '3',
  CES_RATE_LIMIT_WEBHOOK_FAILURES_PER_MINUTE: '2',
});

describe('rate limit configuration', () => {
  it('reads the limits per minute, with defaults', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).rateLimits).toEqual({
      surveyPerMinute: 120,
      authFailuresPerMinute: 30,
      webhookFailuresPerMinute: 30,
    });
    expect(config.rateLimits).toEqual({
      surveyPerMinute: 4,
      authFailuresPerMinute: 3,
      webhookFailuresPerMinute: 2,
    });
  });

  it.each([
    'CES_RATE_LIMIT_SURVEY_PER_MINUTE',
    'CES_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE',
    'CES_RATE_LIMIT_WEBHOOK_FAILURES_PER_MINUTE',
  ])('stops the start on a bad %s, naming it', (name) => {
    for (const raw of ['0', '1.5', 'many', '100001']) {
      expect(() => loadConfig({ NODE_ENV: 'test', [name]: raw })).toThrow(ConfigError);
      expect(() => loadConfig({ NODE_ENV: 'test', [name]: raw })).toThrow(
        new RegExp(`^${name} is ".*": set it to a whole number of requests per minute`),
      );
    }
  });

  it('stops the start on a short CES_METRICS_TOKEN', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', CES_METRICS_TOKEN: 'short' })).toThrow(
      /^CES_METRICS_TOKEN is too short/,
    );
  });
});

describe('the per-process webhook failure limiter', () => {
  it('allows max failures per window, then refuses until the window ends', () => {
    let now = 60_000 * 10 + 5_000;
    const limiter = createMemoryFailureLimiter({ max: 2, windowMs: 60_000 }, () => now);
    expect(limiter.blocked('a')).toBeNull();
    expect(limiter.fail('a').allowed).toBe(true);
    expect(limiter.fail('a').allowed).toBe(true);
    expect(limiter.blocked('a')).toEqual({ allowed: false, hits: 2, retryAfterSeconds: 55 });
    expect(limiter.blocked('b')).toBeNull();
    now += 55_000;
    expect(limiter.blocked('a')).toBeNull();
  });
});

/** A database that counts the statements sent through it. */
function counting(db: Database): { db: Database; statements: () => number } {
  let n = 0;
  const wrapped: Database = Object.create(db) as Database;
  wrapped.query = ((sql: string, params?: unknown[]) => {
    n++;
    return db.query(sql, params);
  }) as Queryable['query'];
  return { db: wrapped, statements: () => n };
}

describeEachDatabase('rate limits shared by two replicas', (getDb) => {
  let a: FastifyInstance;
  let b: FastifyInstance;
  /** Statements replica a sent to the database. */
  let statementsOfA: () => number;
  beforeAll(async () => {
    // Two service instances, as two replicas behind a load balancer, on one database.
    const watched = counting(getDb());
    statementsOfA = watched.statements;
    a = await buildApp({ config, db: watched.db });
    b = await buildApp({ config, db: getDb() });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  beforeEach(async () => {
    await getDb().query('DELETE FROM rate_limit_windows');
    // Windows are whole minutes: a case must not straddle two, or its count starts over midway.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 100));
  });

  const address = (n: number) => `203.0.113.${n}`;

  it('holds one survey page limit across both, with a readable localized 429 page', async () => {
    const statuses: number[] = [];
    let last = null as Awaited<ReturnType<FastifyInstance['inject']>> | null;
    for (const app of [a, b, a, b, a, b]) {
      last = await app.inject({
        method: 'GET',
        url: '/s/unknown-token',
        remoteAddress: address(1),
        headers: { 'accept-language': 'nl' },
      });
      statuses.push(last.statusCode);
    }
    // Four in all, not four per replica.
    expect(statuses).toEqual([404, 404, 404, 404, 429, 429]);
    expect(last!.headers['content-type']).toMatch(/^text\/html/);
    expect(last!.body).toContain('<html lang="nl">');
    const retryAfter = Number(last!.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another customer is not slowed down.
    const other = await b.inject({
      method: 'GET',
      url: '/s/unknown-token',
      remoteAddress: address(2),
    });
    expect(other.statusCode).toBe(404);
  });

  it('stores an HMAC of the address, never the address', async () => {
    await a.inject({ method: 'GET', url: '/s/unknown-token', remoteAddress: address(3) });
    const { rows } = await getDb().query<{ bucket: string; client_key: string; hits: number }>(
      'SELECT bucket, client_key, hits FROM rate_limit_windows',
    );
    expect(rows).toEqual([
      { bucket: 'survey', client_key: clientKeyOf(config.sessionKey, address(3)), hits: 1 },
    ]);
    expect(rows[0]!.client_key).not.toContain('203.0.113');
    // Keyed by the service's secret: another deployment's key for the address differs.
    expect(clientKeyOf('another-secret-entirely', address(3))).not.toBe(rows[0]!.client_key);
  });

  it('holds one limit on failed API sign-ins across both: 401 three times, then 429 JSON', async () => {
    const bad = { authorization: 'Bearer not-a-session' };
    const seen: number[] = [];
    let last = null as Awaited<ReturnType<FastifyInstance['inject']>> | null;
    for (const app of [a, b, a, b, a]) {
      last = await app.inject({
        method: 'GET',
        url: '/api/v1/settings',
        remoteAddress: address(4),
        headers: bad,
      });
      seen.push(last.statusCode);
    }
    expect(seen).toEqual([401, 401, 401, 429, 429]);
    expect(last!.json()).toEqual({
      error: 'too_many_requests',
      message: expect.stringMatching(
        /^Too many failed sign-ins from your address: wait \d+ seconds \(Retry-After\), then reload the app in Zendesk\.$/,
      ),
    });
    expect(Number(last!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // The replica that refused it answers from memory, before checking even a good session.
    const good = await appSessionHeaders(a, { zendeskUserId: 1 });
    const before = statementsOfA();
    const refused = await a.inject({
      method: 'GET',
      url: '/api/v1/settings',
      remoteAddress: address(4),
      headers: good,
    });
    expect(refused.statusCode).toBe(429);
    expect(statementsOfA()).toBe(before);
    // Another address signs in as usual.
    const other = await b.inject({
      method: 'GET',
      url: '/api/v1/settings',
      remoteAddress: address(5),
      headers: bad,
    });
    expect(other.statusCode).toBe(401);
  });

  it('counts refused Zendesk page loads and session renewals in the same limit', async () => {
    const load = (app: FastifyInstance, token: string) =>
      app.inject({
        method: 'POST',
        url: '/app/sidebar.html',
        remoteAddress: address(6),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'de' },
        payload: `token=${encodeURIComponent(token)}`,
      });
    const expired = await signZafToken(keys, { expiresIn: -300 });
    expect((await load(a, expired)).statusCode).toBe(401);
    const renew = await b.inject({
      method: 'POST',
      url: '/app/session',
      remoteAddress: address(6),
      headers: { authorization: 'Bearer not-a-session' },
    });
    expect(renew.statusCode).toBe(401);
    expect((await load(b, expired)).statusCode).toBe(401);
    const page = await load(a, expired);
    expect(page.statusCode).toBe(429);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<html lang="de">');
    expect(page.body).toContain('role="alert"');
    expect(Number(page.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['/webhooks/zendesk', 0],
    ['/webhooks/zendesk/users', 20],
  ])('%s refuses unsigned deliveries without any database work, then with 429', async (url, n) => {
    const watched = counting(getDb());
    const app = await buildApp({ config, db: watched.db });
    try {
      const unsigned = () =>
        app.inject({
          method: 'POST',
          url,
          remoteAddress: address(7 + n),
          headers: { 'content-type': 'application/json' },
          payload: '{}',
        });
      const start = watched.statements();
      const seen = [(await unsigned()).statusCode, (await unsigned()).statusCode];
      const refused = await unsigned();
      seen.push(refused.statusCode);
      expect(seen).toEqual([401, 401, 429]);
      expect(watched.statements() - start).toBe(0);
      expect(refused.json()).toEqual({
        error: 'too_many_requests',
        message: expect.stringMatching(
          /^Too many unsigned or badly signed webhook deliveries from your address: wait \d+ seconds/,
        ),
      });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);

      // A wrong signature needs the secret (one read each) until the address is over the limit.
      const body = '{"type":"ticket_solved"}';
      const timestamp = new Date().toISOString();
      const forged = () =>
        app.inject({
          method: 'POST',
          url,
          remoteAddress: address(8 + n),
          headers: {
            'content-type': 'application/json',
            'x-zendesk-webhook-signature': zendeskSignature('not-the-secret', timestamp, body),
            'x-zendesk-webhook-signature-timestamp': timestamp,
          },
          payload: body,
        });
      expect((await forged()).statusCode).toBe(401);
      expect((await forged()).statusCode).toBe(401);
      const reads = watched.statements();
      expect((await forged()).statusCode).toBe(429);
      expect(watched.statements()).toBe(reads);

      // Zendesk sends every account's webhooks from shared addresses: a correctly signed delivery
      // from the blocked address is still taken (and a forged one still refused).
      const signed = await app.inject({
        method: 'POST',
        url,
        remoteAddress: address(8 + n),
        headers: {
          'content-type': 'application/json',
          'x-zendesk-webhook-signature': zendeskSignature(SECRET, timestamp, body),
          'x-zendesk-webhook-signature-timestamp': timestamp,
        },
        payload: body,
      });
      expect(signed.statusCode).not.toBe(429);
      expect(signed.statusCode).not.toBe(401);
      expect((await forged()).statusCode).toBe(429);
    } finally {
      await app.close();
    }
  });

  it('counts one row per address and window, and prunes ended windows', async () => {
    const key = clientKeyOf(config.sessionKey, address(9));
    const first = await countHit(getDb(), 'survey', key, 60_000);
    const second = await countHit(getDb(), 'survey', key, 60_000);
    expect(second.hits).toBe(first.hits + 1);
    expect(second.resetAt.getTime() % 60_000).toBe(0);
    await getDb().query(
      `INSERT INTO rate_limit_windows (bucket, client_key, window_start, hits)
       VALUES ('survey', $1, now() - interval '10 minutes', 7)`,
      [key],
    );
    expect(await pruneWindows(getDb(), 60_000)).toBe(1);
    const { rows } = await getDb().query<{ hits: number }>(
      'SELECT hits FROM rate_limit_windows WHERE client_key = $1',
      [key],
    );
    expect(rows.map((r) => Number(r.hits))).toEqual([second.hits]);
  });
});
