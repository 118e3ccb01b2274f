import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listenSandbox, type RunningSandbox } from '../../../src/sandbox/zendesk/listen.js';
import { call } from './http.js';

describe('sandbox Zendesk: fault injection over HTTP', () => {
  let sandbox: RunningSandbox;
  let clock = 0;
  const slept: number[] = [];
  beforeAll(async () => {
    sandbox = await listenSandbox({
      now: () => clock,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(async () => {
    clock = Date.UTC(2026, 10, 23, 9, 0, 0);
    slept.length = 0;
    await sandbox.reset();
  });

  it('answers a 429 storm with Retry-After for as many requests as asked, then recovers', async () => {
    const added = await call(sandbox.url, 'POST', '/__sandbox/faults', {
      kind: 'rate_limit',
      retryAfterSeconds: 5,
      times: 2,
      pathPrefix: '/api/v2/tickets',
    });
    expect(added.status).toBe(201);
    const statuses: Array<[number, string | null]> = [];
    for (let i = 0; i < 3; i += 1) {
      const answer = await call(sandbox.url, 'GET', '/api/v2/tickets');
      statuses.push([answer.status, answer.headers.get('retry-after')]);
    }
    expect(statuses).toEqual([
      [429, '5'],
      [429, '5'],
      [200, null],
    ]);
    // Other endpoints are not part of this storm.
    expect((await call(sandbox.url, 'GET', '/api/v2/users/me')).status).toBe(200);
  });

  it('keeps an outage up for its duration on the sandbox clock', async () => {
    await call(sandbox.url, 'POST', '/__sandbox/faults', {
      kind: 'outage',
      status: 503,
      durationMs: 60_000,
    });
    expect((await call(sandbox.url, 'GET', '/api/v2/users/me')).status).toBe(503);
    clock += 59_000;
    expect((await call(sandbox.url, 'GET', '/api/v2/users/me')).status).toBe(503);
    clock += 2_000;
    expect((await call(sandbox.url, 'GET', '/api/v2/users/me')).status).toBe(200);
  });

  it('slows answers down, lists and clears faults, and rejects nonsense with 400', async () => {
    await call(sandbox.url, 'POST', '/__sandbox/faults', {
      kind: 'slow',
      delayMs: 1500,
      method: 'GET',
    });
    expect((await call(sandbox.url, 'GET', '/api/v2/groups')).status).toBe(200);
    expect(slept).toEqual([1500]);
    const listed = await call<{ faults: Array<{ hits: number }> }>(
      sandbox.url,
      'GET',
      '/__sandbox/faults',
    );
    expect(listed.body.faults).toHaveLength(1);
    expect(listed.body.faults[0]?.hits).toBe(1);
    expect((await call(sandbox.url, 'DELETE', '/__sandbox/faults')).status).toBe(204);
    expect(
      (await call<{ faults: unknown[] }>(sandbox.url, 'GET', '/__sandbox/faults')).body.faults,
    ).toEqual([]);

    const bad = await call(sandbox.url, 'POST', '/__sandbox/faults', { kind: 'earthquake' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain(
      'kind is one of rate_limit, outage, drop, lose_response, slow',
    );
  });

  it('logs every API request with its status, for tests that count writes', async () => {
    await call(sandbox.url, 'GET', '/api/v2/groups');
    await call(sandbox.url, 'POST', '/api/v2/trigger_categories', {
      trigger_category: { name: 'CES' },
    });
    const log = await call<{ requests: Array<{ method: string; path: string; status: number }> }>(
      sandbox.url,
      'GET',
      '/__sandbox/requests',
    );
    expect(log.body.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/api/v2/groups', 200],
      ['POST', '/api/v2/trigger_categories', 200],
    ]);
  });
});

describe('sandbox Zendesk: seeding and the state file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sandbox-zendesk-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('seeds over HTTP and keeps everything across a restart', async () => {
    const stateFile = path.join(dir, 'state.json');
    const first = await listenSandbox({ stateFile });
    const seeded = await call<{
      users: Array<{ id: number }>;
      tickets: Array<{ id: number; status: string }>;
    }>(first.url, 'POST', '/__sandbox/seed', {
      groups: [{ name: 'Billing' }],
      users: [{ name: 'Ines', email: 'ines@example.com', locale: 'pt-BR' }],
    });
    const requester = seeded.body.users[0]!.id;
    const tickets = await call<{ tickets: Array<{ id: number; status: string; tags: string[] }> }>(
      first.url,
      'POST',
      '/__sandbox/seed',
      {
        tickets: [
          { requester_id: requester, comment: { body: 'one' }, status: 'solved', tags: ['a'] },
          {
            requester_id: requester,
            comment: { body: 'two' },
            satisfaction_rating: { score: 'good', comment: null },
          },
        ],
      },
    );
    expect(tickets.body.tickets.map((t) => [t.status, t.tags])).toEqual([
      ['solved', ['a']],
      ['new', []],
    ]);
    await first.close();
    expect(JSON.parse(await readFile(stateFile, 'utf8'))).toHaveProperty('tickets');

    const second = await listenSandbox({ stateFile });
    try {
      const user = await call<{ user: { name: string; locale: string } }>(
        second.url,
        'GET',
        `/api/v2/users/${requester}`,
      );
      expect(user.body.user).toMatchObject({ name: 'Ines', locale: 'pt-BR' });
      const id = tickets.body.tickets[1]!.id;
      expect(second.store.tickets.get(id).satisfaction_rating).toEqual({
        score: 'good',
        comment: null,
      });
      // New records continue the id sequence instead of reusing ids.
      const next = second.store.tickets.create({
        requester_id: requester,
        comment: { body: 'three' },
      }).ticket;
      expect(next.id).toBe(id + 1);
    } finally {
      await second.close();
    }
  });

  it('refuses to start from a corrupt state file, naming it', async () => {
    const stateFile = path.join(dir, 'broken.json');
    await (await import('node:fs/promises')).writeFile(stateFile, '{ not json');
    await expect(listenSandbox({ stateFile })).rejects.toThrow(/broken\.json could not be read/);
  });
});
