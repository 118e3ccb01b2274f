/**
 * The app session the service put in this page when Zendesk's signed request loaded it: sent with
 * every call to the service (same origin) and renewed quietly before it expires.
 */
import type { CesRequest, CesTransport } from './ces.js';
import type { ZafRequestFailure } from './zaf-client.js';

/** Renew this long before the session expires, so a slow network never meets an expired one. */
export const RENEW_BEFORE_MS = 2 * 60 * 1000;
/** Never renew more often than this (a clock far off would otherwise loop). */
const MIN_RENEW_DELAY_MS = 15 * 1000;
/** The element the service writes the session into. */
export const SESSION_ELEMENT_ID = 'ces-session';

export interface PageSession {
  token: string;
  /** ISO time the token stops working. */
  expiresAt: string;
  /** Where to renew it (POST with the current token). */
  renewUrl: string;
}

function isPageSession(value: unknown): value is PageSession {
  const v = value as Partial<PageSession> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.token === 'string' &&
    typeof v.expiresAt === 'string' &&
    typeof v.renewUrl === 'string'
  );
}

/** The session in this page, or null when the page was not served by the service's signed load. */
export function readPageSession(doc: Document = document): PageSession | null {
  const text = doc.getElementById(SESSION_ELEMENT_ID)?.textContent;
  if (!text) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return isPageSession(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

async function failure(response: Response): Promise<ZafRequestFailure> {
  const responseText = await response.text().catch(() => '');
  let responseJSON: unknown;
  try {
    responseJSON = responseText ? JSON.parse(responseText) : undefined;
  } catch {
    responseJSON = undefined;
  }
  return { status: response.status, statusText: response.statusText, responseText, responseJSON };
}

/**
 * A transport that sends the session with each request and keeps it fresh: a timer renews it
 * before expiry, and a 401 renews once and retries (a laptop that slept past the timer).
 */
export function sessionTransport(
  initial: PageSession,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): CesTransport & { current(): PageSession; stop(): void } {
  let session = initial;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let renewing: Promise<boolean> | null = null;

  const renew = (): Promise<boolean> => {
    renewing ??= (async () => {
      try {
        const response = await fetchImpl(session.renewUrl, {
          method: 'POST',
          headers: { Authorization: `Bearer ${session.token}` },
          credentials: 'omit',
        });
        if (!response.ok) return false;
        const next = (await response.json()) as Partial<PageSession>;
        if (typeof next.token !== 'string' || typeof next.expiresAt !== 'string') return false;
        session = { ...session, token: next.token, expiresAt: next.expiresAt };
        schedule();
        return true;
      } catch {
        return false;
      } finally {
        renewing = null;
      }
    })();
    return renewing;
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    const due = Date.parse(session.expiresAt) - RENEW_BEFORE_MS - Date.now();
    timer = setTimeout(() => void renew(), Math.max(MIN_RENEW_DELAY_MS, due));
  };
  schedule();

  const send = async (request: CesRequest): Promise<Response> =>
    fetchImpl(request.url, {
      method: request.type,
      headers: {
        Authorization: `Bearer ${session.token}`,
        Accept: request.dataType === 'text' ? 'text/csv' : 'application/json',
        ...(request.data !== undefined ? { 'Content-Type': request.contentType } : {}),
      },
      body: request.data,
      credentials: 'omit',
    });

  const transport = async <T>(request: CesRequest): Promise<T> => {
    let response = await send(request);
    if (response.status === 401 && (await renew())) response = await send(request);
    if (!response.ok) throw await failure(response);
    return (request.dataType === 'text' ? await response.text() : await response.json()) as T;
  };
  return Object.assign(transport, {
    current: () => session,
    stop: () => {
      if (timer) clearTimeout(timer);
    },
  });
}
