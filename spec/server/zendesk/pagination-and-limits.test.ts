import { listenSandbox, type RunningSandbox } from '../../../src/sandbox/zendesk/listen.js';
import { SANDBOX_ADMIN_EMAIL, SANDBOX_API_TOKEN } from '../../../src/sandbox/zendesk/store.js';
import {
  TICKET_UPDATES_PER_WINDOW,
  TICKET_UPDATE_WINDOW_MS,
  createTicketUpdateLimiter,
  createZendeskClient,
  parseRetryAfter,
  zendeskClientFromConfig,
  ZendeskConfigError,
} from '../../../src/server/zendesk/index.js';
import { loadConfig } from '../../../src/server/config.js';

/** A clock the test moves: sleeping advances it instead of waiting. */
function fakeClock(start = Date.UTC(2026, 10, 23, 10, 0, 0)) {
  let now = start;
  const waits: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
    waits,
  };
}

describe('cursor pagination', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await listenSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('follows links.next while meta.has_more, 100 at a time', async () => {
    await sandbox.reset();
    for (let i = 1; i <= 230; i += 1) {
      sandbox.store.ticketFields.create({ type: 'text', title: `Field ${i}`, position: i });
    }
    const client = createZendeskClient({
      baseUrl: sandbox.url,
      auth: { email: SANDBOX_ADMIN_EMAIL, apiToken: SANDBOX_API_TOKEN },
    });
    const fields = await client.listTicketFields();
    expect(fields).toHaveLength(230);
    expect(fields.map((f) => f.title).slice(98, 102)).toEqual([
      'Field 99',
      'Field 100',
      'Field 101',
      'Field 102',
    ]);
    expect(new Set(fields.map((f) => f.id)).size).toBe(230);
    const pages = sandbox.requests.filter((r) => r.path.startsWith('/api/v2/ticket_fields'));
    expect(pages).toHaveLength(3);
    expect(pages[0]?.path).toContain('page%5Bsize%5D=100');
    expect(pages[1]?.path).toContain('page%5Bafter%5D=');
  });

  it('reads webhooks, triggers, groups, brands and dynamic content through the same loop', async () => {
    await sandbox.reset();
    for (let i = 0; i < 120; i += 1) sandbox.store.groups.create({ name: `Group ${i}` });
    const client = createZendeskClient({
      baseUrl: sandbox.url,
      auth: { email: SANDBOX_ADMIN_EMAIL, apiToken: SANDBOX_API_TOKEN },
    });
    expect(await client.listGroups()).toHaveLength(121); // plus the account's "Support"
    expect(await client.listBrands()).toHaveLength(1);
    expect(await client.listWebhooks()).toEqual([]);
    expect(await client.listTriggers()).toEqual([]);
    expect(await client.listDynamicContentItems()).toEqual([]);
    expect((await client.listLocales()).map((l) => l.locale)).toContain('nl');
  });
});

describe('per-ticket update limit', () => {
  it('lets 30 updates of one ticket through per 10 minutes and holds the 31st until a slot frees', async () => {
    const clock = fakeClock();
    const limiter = createTicketUpdateLimiter({ now: clock.now, sleep: clock.sleep });
    const sentAt: number[] = [];
    for (let i = 0; i < TICKET_UPDATES_PER_WINDOW + 1; i += 1) {
      await limiter.run(7, async () => sentAt.push(clock.now()));
    }
    expect(sentAt[TICKET_UPDATES_PER_WINDOW - 1]).toBe(sentAt[0]);
    expect(sentAt[TICKET_UPDATES_PER_WINDOW]).toBe((sentAt[0] ?? 0) + TICKET_UPDATE_WINDOW_MS);
    // Another ticket has its own window.
    await limiter.run(8, async () => sentAt.push(clock.now()));
    expect(clock.waits).toEqual([TICKET_UPDATE_WINDOW_MS]);
  });

  it('runs updates of one ticket one at a time, in order, even when one fails', async () => {
    const limiter = createTicketUpdateLimiter();
    const log: string[] = [];
    const slow =
      (name: string, ms: number, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      limiter.run(1, slow('a', 30, true)),
      limiter.run(1, slow('b', 5)),
      limiter.run(2, slow('other', 1)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log.indexOf('end a')).toBeLessThan(log.indexOf('start b'));
    expect(log.indexOf('end other')).toBeLessThan(log.indexOf('end a'));
  });

  it('keeps the sandbox (which enforces the same limit with 429) from ever answering 429', async () => {
    const clock = fakeClock();
    const sandbox = await listenSandbox({ now: clock.now });
    try {
      const requester = sandbox.store.users.create({ name: 'Busy Requester' });
      const { ticket } = sandbox.store.tickets.create({
        requester_id: requester.id,
        comment: { body: 'Hi' },
      });
      const client = createZendeskClient({
        baseUrl: sandbox.url,
        auth: { email: SANDBOX_ADMIN_EMAIL, apiToken: SANDBOX_API_TOKEN },
        sleep: clock.sleep,
        maxRetries: 0,
        ticketUpdates: { now: clock.now, sleep: clock.sleep },
      });
      for (let i = 0; i < 35; i += 1) {
        const tags = Array.from({ length: i + 1 }, (_, n) => `t${n}`);
        await client.updateTicket(ticket.id, { tags });
      }
      expect(sandbox.requests.filter((r) => r.status === 429)).toEqual([]);
      expect(sandbox.store.tickets.get(ticket.id).tags).toHaveLength(35);
      expect(clock.waits).toEqual([TICKET_UPDATE_WINDOW_MS]);

      // Without the client's own limit the sandbox's 429 shows: the check above can fail.
      const careless = createZendeskClient({
        baseUrl: sandbox.url,
        auth: { email: SANDBOX_ADMIN_EMAIL, apiToken: SANDBOX_API_TOKEN },
        maxRetries: 0,
        ticketUpdates: { limit: 1000, now: clock.now, sleep: clock.sleep },
      });
      const other = sandbox.store.tickets.create({
        requester_id: requester.id,
        comment: { body: 'x' },
      });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 31 }, (_, i) =>
          careless.updateTicket(other.ticket.id, { tags: [`u${i}`] }),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
      expect(outcomes[30]).toMatchObject({
        status: 'rejected',
        reason: { name: 'ZendeskRateLimitError' },
      });
    } finally {
      await sandbox.close();
    }
  });
});

describe('helpers', () => {
  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(parseRetryAfter('17', now)).toBe(17);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('builds the client from config: OAuth first, else email + token, else a clear error', () => {
    const oauth = zendeskClientFromConfig(
      loadConfig({
        NODE_ENV: 'test',
        ZENDESK_OAUTH_TOKEN: 'tok',
        ZENDESK_API_URL: 'http://127.0.0.1:9',
      }),
    );
    expect(oauth.baseUrl).toBe('http://127.0.0.1:9');
    const demo = zendeskClientFromConfig(
      loadConfig({ NODE_ENV: 'test', ZENDESK_EMAIL: 'agent@acme.test', ZENDESK_API_TOKEN: 'tok' }),
    );
    expect(demo.baseUrl).toBe('http://localhost:3001');
    // No credentials at all: config.ts has no default for them, so the client names what to set.
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(config.zendesk).toMatchObject({ email: null, apiToken: null, oauthToken: null });
    expect(() => zendeskClientFromConfig(config)).toThrow(ZendeskConfigError);
    expect(() => zendeskClientFromConfig(config)).toThrow(/ZENDESK_EMAIL and ZENDESK_API_TOKEN/);
  });
});
