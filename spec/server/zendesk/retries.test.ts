import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { sandboxForSuite } from '../../sandbox/zendesk/sandbox-suite.js';
import { SANDBOX_ADMIN_EMAIL, SANDBOX_API_TOKEN } from '../../../src/sandbox/zendesk/store.js';
import {
  ZendeskRateLimitError,
  ZendeskUnavailableError,
  createZendeskClient,
  type ZendeskClient,
  type ZendeskClientOptions,
} from '../../../src/server/zendesk/index.js';

/**
 * The client's retry etiquette, measured against the sandbox on a real port: every wait goes
 * through an injected sleep, so the test sees exactly how long the client would have waited.
 */
describe('Zendesk client retries', () => {
  const sandbox = sandboxForSuite();
  let ticketId: number;
  let waits: number[];

  beforeEach(async () => {
    await sandbox().reset();
    waits = [];
    const requester = sandbox().store.users.create({
      name: 'Rita Requester',
      email: 'rita@example.com',
    });
    ticketId = sandbox().store.tickets.create({
      requester_id: requester.id,
      comment: { body: 'Hi' },
    }).ticket.id;
  });

  function client(overrides: Partial<ZendeskClientOptions> = {}): ZendeskClient {
    return createZendeskClient({
      baseUrl: sandbox().url,
      auth: { email: SANDBOX_ADMIN_EMAIL, apiToken: SANDBOX_API_TOKEN },
      maxRetries: 4,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
      },
      ...overrides,
    });
  }
  const attemptsOn = (path: string) =>
    sandbox().requests.filter((r) => r.path.startsWith(path)).length;

  it('waits exactly Retry-After on each 429 of a storm, then succeeds', async () => {
    sandbox().faults.add({ kind: 'rate_limit', retryAfterSeconds: 7, times: 3 });
    const ticket = await client().getTicket(ticketId);
    expect(ticket.id).toBe(ticketId);
    expect(waits).toEqual([7000, 7000, 7000]);
    expect(attemptsOn(`/api/v2/tickets/${ticketId}`)).toBe(4);
  });

  it('gives up after maxRetries with ZendeskRateLimitError carrying Retry-After', async () => {
    sandbox().faults.add({ kind: 'rate_limit', retryAfterSeconds: 3 });
    const attempt = client({ maxRetries: 2 }).updateTicket(ticketId, { tags: ['x'] });
    await expect(attempt).rejects.toBeInstanceOf(ZendeskRateLimitError);
    await expect(attempt).rejects.toMatchObject({ retryAfterSeconds: 3, retryable: true });
    expect(waits).toEqual([3000, 3000]);
    expect(attemptsOn(`/api/v2/tickets/${ticketId}`)).toBe(3);
  });

  it('does not sit out a Retry-After longer than maxRetryAfterSeconds: the caller reschedules', async () => {
    sandbox().faults.add({ kind: 'rate_limit', retryAfterSeconds: 600 });
    const attempt = client({ maxRetryAfterSeconds: 120 }).getTicket(ticketId);
    await expect(attempt).rejects.toMatchObject({
      name: 'ZendeskRateLimitError',
      retryAfterSeconds: 600,
    });
    expect(waits).toEqual([]);
    expect(attemptsOn('/api/v2/tickets')).toBe(1);
  });

  it('backs off exponentially with jitter on 503 and gets through after the outage', async () => {
    sandbox().faults.add({ kind: 'outage', status: 503, times: 3 });
    const updated = await client({ baseBackoffMs: 400 }).updateTicket(ticketId, {
      tags: ['ces_survey_ready'],
      comment: { body: 'note', public: false },
    });
    expect(updated.tags).toEqual(['ces_survey_ready']);
    // Ceilings 400, 800, 1600; with random() = 0.5 each wait is three quarters of its ceiling.
    expect(waits).toEqual([300, 600, 1200]);
    // 503 means "not processed", so even a comment-bearing update is repeated, and lands once.
    expect(
      sandbox()
        .store.tickets.comments(ticketId)
        .filter((c) => c.body === 'note'),
    ).toHaveLength(1);
  });

  it('honours Retry-After on a 503 and hands a long one back to the caller', async () => {
    sandbox().faults.add({ kind: 'outage', status: 503, retryAfterSeconds: 9, times: 1 });
    await client().getTicket(ticketId);
    expect(waits).toEqual([9000]);
    sandbox().faults.add({ kind: 'outage', status: 503, retryAfterSeconds: 900 });
    const attempt = client({ maxRetryAfterSeconds: 120 }).getTicket(ticketId);
    await expect(attempt).rejects.toMatchObject({
      name: 'ZendeskUnavailableError',
      status: 503,
      retryAfterSeconds: 900,
      maybeApplied: false,
    });
    expect(waits).toEqual([9000]);
  });

  it('keeps jitter inside [half, full] of each step and caps it at maxBackoffMs', async () => {
    const rolls = [0, 0.999, 0.3, 0.999];
    sandbox().faults.add({ kind: 'outage', status: 503, times: 4 });
    await client({
      baseBackoffMs: 1000,
      maxBackoffMs: 2000,
      random: () => rolls.shift() ?? 0,
    }).getTicket(ticketId);
    expect(waits[0]).toBe(500);
    expect(waits[1]).toBeGreaterThanOrEqual(1000);
    expect(waits[1]).toBeLessThanOrEqual(2000);
    expect(waits[2]).toBe(1300); // capped ceiling 2000: 1000 + 0.3 × 1000
    expect(waits[3]).toBeLessThanOrEqual(2000);
  });

  it('does not repeat a comment-bearing update after an ambiguous 500, but repeats a read', async () => {
    sandbox().faults.add({ kind: 'outage', status: 500, times: 1, method: 'PUT' });
    const attempt = client().updateTicket(ticketId, { comment: { body: 'once', public: false } });
    await expect(attempt).rejects.toBeInstanceOf(ZendeskUnavailableError);
    await expect(attempt).rejects.toMatchObject({ status: 500, maybeApplied: true });
    expect(attemptsOn(`/api/v2/tickets/${ticketId}`)).toBe(1);

    sandbox().faults.add({ kind: 'outage', status: 500, times: 1, method: 'GET' });
    await expect(client().getTicket(ticketId)).resolves.toMatchObject({ id: ticketId });
  });

  it('repeats a tags-and-fields update (idempotent) after a dropped connection', async () => {
    sandbox().faults.add({ kind: 'drop', times: 1, method: 'PUT' });
    const updated = await client().updateTicket(ticketId, { tags: ['ces_score_6'] });
    expect(updated.tags).toEqual(['ces_score_6']);
    expect(waits).toHaveLength(1);
  });

  it('reports a dropped comment-bearing update as maybe applied, without repeating it', async () => {
    sandbox().faults.add({ kind: 'drop', times: 1, method: 'PUT' });
    const attempt = client().updateTicket(ticketId, { comment: { body: 'x', public: false } });
    await expect(attempt).rejects.toMatchObject({
      name: 'ZendeskUnavailableError',
      maybeApplied: true,
    });
    expect(waits).toEqual([]);
  });

  it('cannot tell whether a lost answer was applied: it says so instead of adding a second note', async () => {
    sandbox().faults.add({ kind: 'lose_response', times: 1, method: 'PUT' });
    const attempt = client().updateTicket(ticketId, {
      comment: { body: 'the note', public: false },
    });
    await expect(attempt).rejects.toMatchObject({
      name: 'ZendeskUnavailableError',
      maybeApplied: true,
    });
    // Zendesk did apply it: a caller must look at the comments before sending the note again.
    const comments = await client().listTicketComments(ticketId);
    expect(comments.filter((c) => c.body === 'the note')).toHaveLength(1);
    expect(
      sandbox()
        .requests.filter((r) => r.method === 'PUT')
        .map((r) => r.status),
    ).toEqual([0]);
  });

  it('times out a slow answer and retries a read', async () => {
    sandbox().faults.add({ kind: 'slow', delayMs: 400, times: 1 });
    const ticket = await client({ timeoutMs: 100 }).getTicket(ticketId);
    expect(ticket.id).toBe(ticketId);
    expect(waits).toHaveLength(1);
  });

  describe('when nothing listens', () => {
    let closedUrl: string;
    beforeAll(async () => {
      const server: Server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      closedUrl = `http://127.0.0.1:${port}`;
    });

    it('retries refused connections even for writes, then says Zendesk is unreachable', async () => {
      const attempt = client({ baseUrl: closedUrl, maxRetries: 2 }).updateTicket(1, {
        comment: { body: 'x' },
      });
      await expect(attempt).rejects.toBeInstanceOf(ZendeskUnavailableError);
      await expect(attempt).rejects.toMatchObject({ maybeApplied: false, status: null });
      await expect(attempt).rejects.toThrow(
        /could not be reached .*ECONNREFUSED.* after 3 attempt/,
      );
      expect(waits).toHaveLength(2);
    });
  });

  /** Every own property (enumerable or not) of a value and what it holds, a few levels deep. */
  function deepDump(value: unknown, depth = 6, seen = new Set<unknown>()): string {
    if (typeof value === 'function') return '';
    if (typeof value !== 'object' || value === null) return String(value);
    if (depth === 0 || seen.has(value)) return '';
    seen.add(value);
    return Object.getOwnPropertyNames(value)
      .map((key) => {
        const inner = (value as Record<string, unknown>)[key];
        return `${key}=${deepDump(inner, depth - 1, seen)}`;
      })
      .join(' ');
  }

  it('never logs or exposes the credentials', async () => {
    const lines: string[] = [];
    const logger = {
      debug: (obj: Record<string, unknown>, msg: string) =>
        lines.push(JSON.stringify({ obj, msg })),
      warn: (obj: Record<string, unknown>, msg: string) => lines.push(JSON.stringify({ obj, msg })),
    };
    sandbox().faults.add({ kind: 'rate_limit', retryAfterSeconds: 1, times: 1 });
    sandbox().faults.add({ kind: 'drop', times: 1, method: 'PUT' });
    const c = client({ logger, maxRetries: 0 });
    await c.getTicket(ticketId).catch(() => undefined);
    const error = await c
      .updateTicket(ticketId, { comment: { body: 'x' } })
      .catch((e: unknown) => e);
    const basic = Buffer.from(`${SANDBOX_ADMIN_EMAIL}/token:${SANDBOX_API_TOKEN}`).toString(
      'base64',
    );
    const everything = [
      ...lines,
      JSON.stringify(error),
      String((error as Error).stack),
      // What an error serializer may reach: every own property, down the cause chain.
      deepDump(error),
    ].join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(everything).not.toContain(SANDBOX_API_TOKEN);
    expect(everything).not.toContain(basic);
    expect(everything).not.toMatch(/authorization/i);
  });
});
