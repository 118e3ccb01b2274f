import { listenSandbox, type RunningSandbox } from '../../../src/sandbox/zendesk/listen.js';
import { call } from './http.js';

describe('sandbox Zendesk: the account-wide rate limit', () => {
  let sandbox: RunningSandbox;
  let clock = 0;
  beforeAll(async () => {
    sandbox = await listenSandbox({ now: () => clock });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(async () => {
    // 20 s into a minute: the window resets in 40 s.
    clock = Date.UTC(2026, 10, 23, 9, 0, 20);
    await sandbox.reset();
  });

  it('counts every request in the minute, says what is left, and answers 429 with Retry-After after the last', async () => {
    const set = await call(sandbox.url, 'POST', '/__sandbox/rate-limit', { requestsPerWindow: 2 });
    expect(set.status).toBe(200);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await call(sandbox.url, 'GET', '/api/v2/users/me'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(
      answers.map((a) => [
        a.headers.get('x-rate-limit'),
        a.headers.get('x-rate-limit-remaining'),
        a.headers.get('ratelimit-remaining'),
        a.headers.get('ratelimit-reset'),
        a.headers.get('retry-after'),
      ]),
    ).toEqual([
      ['2', '1', '1', '40', null],
      ['2', '0', '0', '40', null],
      ['2', '0', '0', '40', '40'],
    ]);
    // The next minute has a fresh allowance.
    clock += 40_000;
    expect((await call(sandbox.url, 'GET', '/api/v2/users/me')).status).toBe(200);
    const { body } = await call<{ rateLimit: { windows: unknown[] } }>(
      sandbox.url,
      'GET',
      '/__sandbox/rate-limit',
    );
    expect(body.rateLimit.windows).toEqual([
      { start: Date.UTC(2026, 10, 23, 9, 0, 0), admitted: 2, refused: 1 },
      { start: Date.UTC(2026, 10, 23, 9, 1, 0), admitted: 1, refused: 0 },
    ]);
  });

  it('is off by default and after DELETE, and refuses a limit it cannot apply', async () => {
    const free = await call(sandbox.url, 'GET', '/api/v2/users/me');
    expect(free.status).toBe(200);
    expect(free.headers.get('x-rate-limit')).toBeNull();
    const bad = await call(sandbox.url, 'POST', '/__sandbox/rate-limit', { requestsPerWindow: 0 });
    expect(bad.status).toBe(400);
    await call(sandbox.url, 'POST', '/__sandbox/rate-limit', {
      requestsPerWindow: 1,
      windowMs: 1000,
    });
    await call(sandbox.url, 'GET', '/api/v2/users/me');
    expect((await call(sandbox.url, 'GET', '/api/v2/users/me')).status).toBe(429);
    expect((await call(sandbox.url, 'DELETE', '/__sandbox/rate-limit')).status).toBe(204);
    expect((await call(sandbox.url, 'GET', '/api/v2/users/me')).status).toBe(200);
  });
});
