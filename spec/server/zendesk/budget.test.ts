import type { AccountLimitState } from '../../../src/sandbox/zendesk/account-limit.js';
import { getSettings, saveSettings } from '../../../src/server/settings/settings-repository.js';
import {
  ZendeskRateLimitError,
  createZendeskBudget,
  type ZendeskClient,
} from '../../../src/server/zendesk/index.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { describeEachDatabase } from '../../support/databases.js';
import { sandboxClient, startSandbox, type RunningSandbox } from '../loop/sandbox-harness.js';

/**
 * The API budget two service processes share through the database, counted where it matters: at
 * the sandbox Zendesk. The budget's "minute" is shortened to a few seconds so it is measured quickly.
 */
describeEachDatabase('the Zendesk API budget shared by every process', (getDb) => {
  let zd: RunningSandbox;
  /** Request arrival times at the sandbox, ms. */
  const arrivals: number[] = [];
  beforeAll(async () => {
    zd = await startSandbox({}, (sandbox) => {
      sandbox.app.addHook('onResponse', async (request, reply) => {
        if (request.url.startsWith('/api/v2')) arrivals.push(Date.now() - reply.elapsedTime);
      });
    });
  });
  afterAll(async () => {
    await zd.close();
  });
  beforeEach(async () => {
    await zd.sandbox.reset();
    arrivals.length = 0;
    // Every test starts with a full bucket.
    await getDb().query(`UPDATE zendesk_budget SET next_at = now() - interval '1 hour'`);
  });

  const setBudget = async (perWindow: number | null) =>
    saveSettings(getDb(), { ...(await getSettings(getDb())), zendeskRequestsPerMinute: perWindow });

  /** A service process of its own: its own client and budget object, only the database shared. */
  function serviceProcess(
    options: { maxWaitMs?: number; maxRetries?: number; windowMs?: number } = {},
  ): ZendeskClient {
    const gate = createZendeskBudget(getDb(), {
      defaultPerMinute: DEFAULT_SETTINGS.zendeskRequestsPerMinute ?? 100,
      windowMs: options.windowMs ?? 1000,
      maxWaitMs: options.maxWaitMs ?? 60_000,
    });
    return sandboxClient(zd.url, { gate, maxRetries: options.maxRetries ?? 2 });
  }

  async function limitState(): Promise<AccountLimitState> {
    const res = await fetch(`${zd.url}/__sandbox/rate-limit`);
    return ((await res.json()) as { rateLimit: AccountLimitState }).rateLimit;
  }

  /**
   * Requests a busy machine's late timers may push from one window into the next: a slot is
   * reserved exactly, but its request leaves when the event loop gets to it. At 10 a second a
   * request may leave up to 300 ms late (a loaded 2-core CI machine) and still count right.
   */
  const LATE_TIMERS = 3;

  it('two processes together never exceed the budget, counted at Zendesk, and use it', async () => {
    // 40 per "minute" of four seconds: a burst of 1, one request every 100 ms.
    await setBudget(40);
    // Zendesk's own limit just above it: a process that ignored the budget would earn 429s.
    await fetch(`${zd.url}/__sandbox/rate-limit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestsPerWindow: 41 + LATE_TIMERS, windowMs: 4000 }),
    });
    const [a, b] = [serviceProcess({ windowMs: 4000 }), serviceProcess({ windowMs: 4000 })];
    const started = Date.now();
    // Each process keeps several requests in flight, as a worker and the app's lookups would.
    await Promise.all(
      [a, b].flatMap((client) =>
        Array.from({ length: 4 }, async () => {
          for (let i = 0; i < 10; i++) await client.getCurrentUser();
        }),
      ),
    );
    const elapsed = Date.now() - started;
    const state = await limitState();
    expect(state.windows.reduce((n, w) => n + w.refused, 0)).toBe(0);
    // Every window: the budget and one burst.
    for (const w of state.windows) expect(w.admitted).toBeLessThanOrEqual(41 + LATE_TIMERS);
    expect(state.windows.reduce((n, w) => n + w.admitted, 0)).toBe(80);
    // 80 requests at 10 a second take at least 79/10 s; and the budget was used, not idled.
    expect(elapsed).toBeGreaterThanOrEqual(Math.floor((79 / 10) * 1000) - 50);
    expect(elapsed).toBeLessThan(20_000);
  });

  it('a budget change applies to the next request, without a restart', async () => {
    await setBudget(600);
    const client = serviceProcess();
    let started = Date.now();
    for (let i = 0; i < 40; i++) await client.getCurrentUser();
    const fast = Date.now() - started;
    await setBudget(30);
    started = Date.now();
    for (let i = 0; i < 10; i++) await client.getCurrentUser();
    const slow = Date.now() - started;
    // 40 at 600/s take well under a second; 10 at 30/s take at least 9/30 s after the burst.
    expect(fast).toBeLessThan(1000);
    expect(slow).toBeGreaterThanOrEqual(250);
  });

  it('a 429 pauses every process for Retry-After, not only the one that got it', async () => {
    await setBudget(6000);
    const [a, b] = [serviceProcess({ maxRetries: 0 }), serviceProcess()];
    await fetch(`${zd.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'rate_limit', retryAfterSeconds: 1, times: 1 }),
    });
    await expect(a.getCurrentUser()).rejects.toBeInstanceOf(ZendeskRateLimitError);
    const limitedAt = arrivals.at(-1)!;
    await b.getCurrentUser();
    expect(arrivals).toHaveLength(2);
    expect(arrivals[1]! - limitedAt).toBeGreaterThanOrEqual(1000 - 20);
  });

  it('reads the rate-limit headers and stops before a 429 when the account is nearly spent', async () => {
    await setBudget(6000);
    // Another integration used most of the account's minute: 4 requests are left.
    await fetch(`${zd.url}/__sandbox/rate-limit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestsPerWindow: 4, windowMs: 60_000 }),
    });
    const client = serviceProcess({ maxWaitMs: 500 });
    for (let i = 0; i < 4; i++) await client.getCurrentUser();
    // The 4th answer said 0 left: the next call waits for the minute instead of earning a 429.
    await expect(client.getCurrentUser()).rejects.toBeInstanceOf(ZendeskRateLimitError);
    const state = await limitState();
    expect(state.windows.reduce((n, w) => n + w.refused, 0)).toBe(0);
    expect(arrivals).toHaveLength(4);
  });
});
