/**
 * The app session: a short-lived HS256 token the service issues after verifying Zendesk's signed
 * page load (see zaf-jwt.ts). The app sends it as `Authorization: Bearer <token>` to /api/v1 on
 * the same origin and renews it before it expires; a page open longer than MAX_SESSION_AGE must
 * be reloaded, which makes Zendesk sign a new request.
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../config.js';

/** How long one session token lives. */
export const SESSION_LIFETIME_SECONDS = 15 * 60;
/** How long renewals may stretch one signed page load before Zendesk must sign again. */
export const MAX_SESSION_AGE_SECONDS = 12 * 60 * 60;
const ISSUER = 'ces-service';
const TOKEN_TYPE = 'ces-session';
const CLOCK_TOLERANCE_SECONDS = 30;

export interface SessionSubject {
  zendeskUserId: number;
  subdomain: string;
  installationId: string;
}

export interface IssuedSession {
  token: string;
  /** ISO time the token stops working. */
  expiresAt: string;
}

export type SessionProblem = 'missing' | 'invalid' | 'expired' | 'too_old';

const MESSAGES: Record<SessionProblem, string> = {
  missing:
    'No app session: open the app from Zendesk, which signs the page load; the page sends its session as "Authorization: Bearer <token>".',
  invalid:
    'The app session is not valid here (altered, signed with another key, or for another installation): reload the app in Zendesk.',
  expired: 'The app session has expired: reload the app in Zendesk to start a new one.',
  too_old: `The app session was started more than ${MAX_SESSION_AGE_SECONDS / 3600} hours ago: reload the app in Zendesk to start a new one.`,
};

export class SessionError extends Error {
  constructor(readonly problem: SessionProblem) {
    super(MESSAGES[problem]);
    this.name = 'SessionError';
  }
}

/** The audience of this service's sessions: one account's one installation. */
function audience(config: Config): string {
  return `${config.zendesk.subdomain}/installations/${config.zendeskApp.installationId}`;
}

function key(config: Config): Uint8Array {
  return new TextEncoder().encode(config.sessionKey);
}

/**
 * Issues a session for a user Zendesk vouched for. `startedAt` is when Zendesk signed the page
 * load: renewals keep it, so no chain of renewals outlives MAX_SESSION_AGE_SECONDS.
 */
export async function issueSession(
  config: Config,
  user: { zendeskUserId: number },
  options: { now?: Date; startedAt?: number } = {},
): Promise<IssuedSession> {
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const exp = nowSeconds + SESSION_LIFETIME_SECONDS;
  const token = await new SignJWT({ typ: TOKEN_TYPE, auth_time: options.startedAt ?? nowSeconds })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(audience(config))
    .setSubject(String(user.zendeskUserId))
    .setIssuedAt(nowSeconds)
    .setExpirationTime(exp)
    .sign(key(config));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** Checks a session token; returns who it is for and when its page load was signed. */
export async function verifySession(
  config: Config,
  token: string | null,
  now: Date = new Date(),
): Promise<SessionSubject & { startedAt: number }> {
  if (!token) throw new SessionError('missing');
  let payload;
  try {
    ({ payload } = await jwtVerify(token, key(config), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: audience(config),
      requiredClaims: ['exp', 'sub', 'iat'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
    }));
  } catch (error) {
    throw new SessionError(error instanceof errors.JWTExpired ? 'expired' : 'invalid');
  }
  const userId = Number(payload.sub);
  if (payload.typ !== TOKEN_TYPE || !Number.isSafeInteger(userId) || userId <= 0) {
    throw new SessionError('invalid');
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const startedAt = typeof payload.auth_time === 'number' ? payload.auth_time : NaN;
  if (!Number.isFinite(startedAt) || startedAt > nowSeconds + CLOCK_TOLERANCE_SECONDS) {
    throw new SessionError('invalid');
  }
  if (nowSeconds - startedAt > MAX_SESSION_AGE_SECONDS) throw new SessionError('too_old');
  return {
    zendeskUserId: userId,
    subdomain: config.zendesk.subdomain,
    installationId: config.zendeskApp.installationId,
    startedAt,
  };
}

/** Takes the token out of `Authorization: Bearer <token>`; null when absent. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
