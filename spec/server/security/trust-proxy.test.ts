import { buildApp } from '../../../src/server/app.js';
import { ConfigError, loadConfig } from '../../../src/server/config.js';
import { describeEachDatabase } from '../../support/databases.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  PUBLIC_URL: 'https://ces.example.com',
  ZENDESK_SUBDOMAIN: 'acme',
  ZENDESK_OAUTH_TOKEN: 'oauth-token-0123456789',
  ZENDESK_WEBHOOK_SECRET: 'whsec-0123456789abcdef',
  CES_APP_SECRET: 'app-secret-0123456789abcdef',
  CES_SESSION_KEY: 'session-key-0123456789abcdef0123456789',
  ZENDESK_APP_ID: '42',
  ZENDESK_APP_INSTALLATION_ID: '4242',
};

describe('CES_TRUST_PROXY_HOPS', () => {
  it('trusts one load balancer in production and no proxy elsewhere, unless told', () => {
    expect(loadConfig(PRODUCTION).trustProxyHops).toBe(1);
    expect(loadConfig({ NODE_ENV: 'test' }).trustProxyHops).toBe(0);
    expect(loadConfig({ ...PRODUCTION, CES_TRUST_PROXY_HOPS: '2' }).trustProxyHops).toBe(2);
    expect(loadConfig({ ...PRODUCTION, CES_TRUST_PROXY_HOPS: '0' }).trustProxyHops).toBe(0);
  });

  it.each(['true', '-1', '1.5', '99'])('stops the start on "%s", naming the variable', (raw) => {
    expect(() => loadConfig({ ...PRODUCTION, CES_TRUST_PROXY_HOPS: raw })).toThrow(ConfigError);
    expect(() => loadConfig({ ...PRODUCTION, CES_TRUST_PROXY_HOPS: raw })).toThrow(
      /^CES_TRUST_PROXY_HOPS is ".*": set it to the number of proxies/,
    );
  });
});

describeEachDatabase('client address behind a load balancer', (getDb) => {
  /** Requests as a load balancer at 10.0.0.1 forwards them: it appends the address it saw. */
  // The counters live in the shared database: each case starts with none.
  beforeEach(async () => {
    await getDb().query('DELETE FROM rate_limit_windows');
  });

  async function statuses(env: Record<string, string>, forwardedFor: string[]) {
    const app = await buildApp({
      config: loadConfig({ ...PRODUCTION, ...env }),
      db: getDb(),
      surveyRateLimit: { max: 2, timeWindowMs: 60_000 },
    });
    try {
      const seen: number[] = [];
      for (const header of forwardedFor) {
        const res = await app.inject({
          method: 'GET',
          url: '/s/unknown-token',
          remoteAddress: '10.0.0.1',
          headers: { 'x-forwarded-for': header },
        });
        seen.push(res.statusCode);
      }
      return seen;
    } finally {
      await app.close();
    }
  }

  it('cannot be chosen by the client with X-Forwarded-For to dodge the rate limit', async () => {
    const spoofed = ['1.1.1.1', '2.2.2.2', '3.3.3.3'].map((fake) => `${fake}, 203.0.113.7`);
    expect(await statuses({}, spoofed)).toEqual([404, 404, 429]);
  });

  it('is still each customer’s own, not the load balancer’s', async () => {
    expect(await statuses({}, ['203.0.113.7', '203.0.113.8', '203.0.113.9'])).toEqual([
      404, 404, 404,
    ]);
  });

  it('is the socket’s when no proxy is trusted', async () => {
    expect(
      await statuses({ CES_TRUST_PROXY_HOPS: '0' }, ['203.0.113.7', '203.0.113.8', '203.0.113.9']),
    ).toEqual([404, 404, 429]);
  });
});
