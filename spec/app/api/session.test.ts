/**
 * The app's session: sent with every service call, renewed before it expires without a reload,
 * renewed once and retried after a 401, and read only from the element the service writes.
 */
import {
  RENEW_BEFORE_MS,
  readPageSession,
  sessionTransport,
} from '../../../src/app/api/session.js';

interface Sent {
  url: string;
  method: string;
  authorization: string;
}

/** A service that knows which tokens are valid and hands out `renewed-N` on renewal. */
function service(valid: Set<string>) {
  const sent: Sent[] = [];
  let renewals = 0;
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    const authorization = new Headers(init?.headers).get('authorization') ?? '';
    sent.push({ url: String(url), method: init?.method ?? 'GET', authorization });
    const token = authorization.replace(/^Bearer /, '');
    if (!valid.has(token))
      return new Response('{"error":"unauthorized","message":"x"}', { status: 401 });
    if (String(url) === '/app/session') {
      const next = `renewed-${++renewals}`;
      valid.add(next);
      const expiresAt = new Date(Date.now() + 15 * 60_000).toISOString();
      return Response.json({ token: next, expiresAt });
    }
    return Response.json({ ok: true });
  }) as typeof fetch;
  return { sent, fetchImpl };
}

const request = {
  url: '/api/v1/settings',
  type: 'GET',
  contentType: 'application/json',
  dataType: 'json',
} as const;

describe('the app session', () => {
  afterEach(() => jest.useRealTimers());

  it('renews itself before it expires, and uses the new token from then on', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask'] });
    const svc = service(new Set(['first']));
    const expiresAt = new Date(Date.now() + 15 * 60_000).toISOString();
    const send = sessionTransport(
      { token: 'first', expiresAt, renewUrl: '/app/session' },
      svc.fetchImpl,
    );
    await send(request);
    expect(svc.sent.map((s) => s.authorization)).toEqual(['Bearer first']);
    await jest.advanceTimersByTimeAsync(15 * 60_000 - RENEW_BEFORE_MS - 1000);
    expect(svc.sent).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(2000);
    expect(svc.sent.at(-1)).toEqual({
      url: '/app/session',
      method: 'POST',
      authorization: 'Bearer first',
    });
    expect(send.current().token).toBe('renewed-1');
    await send(request);
    expect(svc.sent.at(-1)?.authorization).toBe('Bearer renewed-1');
    send.stop();
  });

  it('renews once and retries a call refused with 401; a failed renewal is the 401', async () => {
    const valid = new Set(['stale']);
    const svc = service(valid);
    const expiresAt = new Date(Date.now() + 15 * 60_000).toISOString();
    const send = sessionTransport(
      { token: 'stale', expiresAt, renewUrl: '/app/session' },
      svc.fetchImpl,
    );
    valid.delete('stale');
    await expect(send(request)).rejects.toMatchObject({ status: 401 });
    expect(svc.sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /api/v1/settings',
      'POST /app/session',
    ]);
    send.stop();
  });

  it('retries the refused call with the renewed token when renewal works', async () => {
    const valid = new Set(['old']);
    const svc = service(valid);
    const expiresAt = new Date(Date.now() + 15 * 60_000).toISOString();
    const send = sessionTransport(
      { token: 'old', expiresAt, renewUrl: '/app/session' },
      svc.fetchImpl,
    );
    // The API refuses the old token (say, expired while the laptop slept) but renewal takes it.
    const original = svc.fetchImpl;
    let refusedOnce = false;
    const flaky = (async (url: string | URL | Request, init?: RequestInit) => {
      if (String(url) === '/api/v1/settings' && !refusedOnce) {
        refusedOnce = true;
        return new Response('{}', { status: 401 });
      }
      return original(url, init);
    }) as typeof fetch;
    const retrying = sessionTransport({ token: 'old', expiresAt, renewUrl: '/app/session' }, flaky);
    await expect(retrying(request)).resolves.toEqual({ ok: true });
    expect(svc.sent.map((s) => `${s.method} ${s.url} ${s.authorization}`)).toEqual([
      'POST /app/session Bearer old',
      'GET /api/v1/settings Bearer renewed-1',
    ]);
    send.stop();
    retrying.stop();
  });

  it('is read from the page the service wrote, and nowhere else', () => {
    const page = (id: string, text: string | null) =>
      ({
        getElementById: (wanted: string) =>
          wanted === id && text !== null ? { textContent: text } : null,
      }) as unknown as Document;
    const json = '{"token":"t","expiresAt":"2026-01-01T00:00:00Z","renewUrl":"/app/session"}';
    expect(readPageSession(page('ces-session', json))).toEqual({
      token: 't',
      expiresAt: '2026-01-01T00:00:00Z',
      renewUrl: '/app/session',
    });
    expect(readPageSession(page('ces-session', 'not json'))).toBeNull();
    expect(readPageSession(page('ces-session', '{"token":1}'))).toBeNull();
    expect(readPageSession(page('other', json))).toBeNull();
  });
});
