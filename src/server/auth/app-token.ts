/**
 * The app's JWT: Zendesk's proxy signs it with the app's secure setting (HS256) when the app calls
 * `client.request({ secure: true, jwt: {...}, headers: { Authorization: 'Bearer {{jwt.token}}' } })`.
 * Its claims are set by code running in the browser, so they prove only that the caller holds
 * the app: nothing here trusts a claim as identity.
 */
import { errors, jwtVerify, type JWTPayload } from 'jose';

/** Zendesk's clock and ours may differ a little; more would stretch a short-lived token. */
export const CLOCK_TOLERANCE_SECONDS = 60;
/** A token meant to live longer than this is not "short-lived": refuse it. */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

export type AppTokenProblem =
  | 'missing'
  | 'malformed'
  | 'algorithm'
  | 'signature'
  | 'expired'
  | 'no_expiry'
  | 'too_long'
  | 'not_yet_valid';

const MESSAGES: Record<AppTokenProblem, string> = {
  missing:
    'No app token: call the service through the Zendesk app (client.request with secure: true and a jwt) and send it as "Authorization: Bearer <token>".',
  malformed: 'The app token is not a valid JWT: send the token Zendesk signed, unchanged.',
  algorithm: 'The app token must be signed with HS256: set jwt.algorithm to HS256 in the app.',
  signature:
    'The app token signature does not match: make sure the app\'s "shared secret" setting equals CES_APP_SECRET on the service.',
  expired: 'The app token has expired: reload the app to get a new one.',
  no_expiry: 'The app token has no expiry (exp): set jwt.expiry in the app.',
  too_long: `The app token lives too long: set jwt.expiry to at most ${MAX_TOKEN_LIFETIME_SECONDS} seconds.`,
  not_yet_valid: `The app token is dated in the future (its iat or nbf is more than ${CLOCK_TOLERANCE_SECONDS} seconds ahead of this server's clock): check the clocks of this server and of the machine that signed it.`,
};

export class AppTokenError extends Error {
  constructor(readonly problem: AppTokenProblem) {
    super(MESSAGES[problem]);
    this.name = 'AppTokenError';
  }
}

/** Takes the token out of `Authorization: Bearer <token>`; null when absent. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** Verifies an app token (HS256 only, `exp` required) and returns its claims; throws AppTokenError. */
export async function verifyAppToken(
  token: string | null,
  secret: string,
  now: Date = new Date(),
): Promise<JWTPayload> {
  if (!token) throw new AppTokenError('missing');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
    }));
  } catch (error) {
    throw new AppTokenError(problemOf(error));
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  // jose checks nbf but not iat: a token issued in the future would outlive its stated lifetime.
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds + CLOCK_TOLERANCE_SECONDS) {
    throw new AppTokenError('not_yet_valid');
  }
  if ((payload.exp as number) - nowSeconds > MAX_TOKEN_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS) {
    throw new AppTokenError('too_long');
  }
  return payload;
}

function problemOf(error: unknown): AppTokenProblem {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'exp') return 'no_expiry';
    if (error.claim === 'nbf' || error.claim === 'iat') return 'not_yet_valid';
  }
  return 'malformed';
}
