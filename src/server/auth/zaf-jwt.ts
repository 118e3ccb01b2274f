/**
 * Zendesk's signed page load ("signed URLs"): with `signedUrls` in the manifest, Zendesk POSTs a
 * form field `token` to each app location URL, a JWT it signs with RS256 and the app's private key.
 * The service checks signature, issuer (the account), audience (this installation) and expiry,
 * and learns the user from `sub`. Documented by Zendesk: RS256 and the initial-request token
 * (https://developer.zendesk.com/documentation/apps/build-an-app/building-a-server-side-app/part-5-secure-the-app/)
 * and the key's address, readable without credentials
 * (https://developer.zendesk.com/api-reference/ticketing/apps/apps/#get-app-public-key). The exact
 * `iss`, `aud` and `sub` strings are not quoted on a page we could read: see docs/app.md, "What is
 * verified", for which are confirmed and which are inferred.
 */
import { errors, importSPKI, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import type { Config } from '../config.js';
import { authorizationHeader } from '../zendesk/index.js';

/** Zendesk's clock and ours may differ a little. */
const CLOCK_TOLERANCE_SECONDS = 60;
/** A page-load token is minutes long; a longer one is not what Zendesk signs. */
const MAX_LIFETIME_SECONDS = 60 * 60;
/** How long a key read from Zendesk is trusted before it is read again. */
export const PUBLIC_KEY_CACHE_MS = 60 * 60 * 1000;
/** A signature that fails against the cached key re-reads it, at most this often (key rotation). */
const KEY_REFRESH_MIN_MS = 60 * 1000;
const KEY_FETCH_TIMEOUT_MS = 5000;

export type ZafTokenProblem =
  | 'missing'
  | 'malformed'
  | 'algorithm'
  | 'signature'
  | 'expired'
  | 'issuer'
  | 'audience'
  | 'subject';

/** The page-load token was refused: the user reloads, or the admin fixes the configuration. */
export class ZafTokenError extends Error {
  constructor(readonly problem: ZafTokenProblem) {
    super(`Zendesk's signed request was refused (${problem})`);
    this.name = 'ZafTokenError';
  }
}

/** The app's public key could not be had from Zendesk: our side (or Zendesk's) is at fault. */
export class ZafKeyUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZafKeyUnavailableError';
  }
}

/** The issuer Zendesk writes into the token: the account's host name. */
export function zafIssuer(subdomain: string): string {
  return `${subdomain}.zendesk.com`;
}

/** The audience Zendesk writes into the token: the app installation's API address. */
export function zafAudience(subdomain: string, installationId: string): string {
  return `https://${subdomain}.zendesk.com/api/v2/apps/installations/${installationId}.json`;
}

/**
 * Audiences accepted: the address above, and the same without `.json` (Zendesk's API answers both
 * forms of a resource address, and the claim's exact form is inferred, not documented). Either
 * names this account and this installation, which is what the check is for.
 */
export function zafAudiences(subdomain: string, installationId: string): string[] {
  const address = zafAudience(subdomain, installationId);
  return [address, address.replace(/\.json$/, '')];
}

/** The user id in `sub`: the id itself, or the user's API address ending in /users/<id>.json. */
function userIdOf(sub: unknown): number | null {
  if (typeof sub !== 'string' && typeof sub !== 'number') return null;
  const match = /^(?:.*\/users\/)?(\d{1,18})(?:\.json)?$/.exec(String(sub));
  const id = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

export interface ZafIdentity {
  zendeskUserId: number;
  /** When Zendesk signed the page load (seconds): sessions renewed from it end 12 h later. */
  issuedAt: number;
}

/** Verifies the page-load token against `key`; throws ZafTokenError. */
export async function verifyZafToken(
  token: string | null,
  key: CryptoKey,
  expected: { subdomain: string; installationId: string },
  now: Date = new Date(),
): Promise<ZafIdentity> {
  if (!token) throw new ZafTokenError('missing');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ['RS256'],
      issuer: zafIssuer(expected.subdomain),
      audience: zafAudiences(expected.subdomain, expected.installationId),
      requiredClaims: ['exp', 'sub'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
    }));
  } catch (error) {
    throw new ZafTokenError(problemOf(error));
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if ((payload.exp as number) - nowSeconds > MAX_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS) {
    throw new ZafTokenError('expired');
  }
  const zendeskUserId = userIdOf(payload.sub);
  if (zendeskUserId === null) throw new ZafTokenError('subject');
  const issuedAt = typeof payload.iat === 'number' ? Math.min(payload.iat, nowSeconds) : nowSeconds;
  return { zendeskUserId, issuedAt };
}

function problemOf(error: unknown): ZafTokenProblem {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'issuer';
    if (error.claim === 'aud') return 'audience';
    if (error.claim === 'sub') return 'subject';
    if (error.claim === 'exp' || error.claim === 'nbf' || error.claim === 'iat') return 'expired';
  }
  return 'malformed';
}

/** Where the app's public key comes from: pinned in the configuration, or read from Zendesk. */
export interface ZafKeySource {
  /** The key to check with; `refresh` asks Zendesk again (after a signature mismatch). */
  get(options?: { refresh?: boolean }): Promise<CryptoKey>;
  /** Whether a refresh would ask Zendesk (false for a pinned key, or one read moments ago). */
  canRefresh(): boolean;
}

export function zafKeySource(
  config: Config,
  fetchImpl: typeof fetch = fetch,
  clock: () => number = Date.now,
): ZafKeySource {
  const pinned = config.zendeskApp.publicKey;
  if (pinned !== null) {
    const key = importSPKI(pinned, 'RS256');
    return { get: () => key, canRefresh: () => false };
  }
  let cached: { key: CryptoKey; at: number } | null = null;
  let loading: Promise<CryptoKey> | null = null;
  const load = async (): Promise<CryptoKey> => {
    const { appId } = config.zendeskApp;
    if (appId === null) throw new ZafKeyUnavailableError('ZENDESK_APP_ID is not set');
    const { email, apiToken, oauthToken } = config.zendesk;
    const auth = oauthToken ? { oauthToken } : email && apiToken ? { email, apiToken } : null;
    const url = `${config.zendesk.apiUrl}/api/v2/apps/${appId}/public_key.pem`;
    let pem: string;
    try {
      const response = await fetchImpl(url, {
        headers: { ...(auth ? { Authorization: authorizationHeader(auth) } : {}) },
        signal: AbortSignal.timeout(KEY_FETCH_TIMEOUT_MS),
      });
      if (!response.ok) {
        throw new ZafKeyUnavailableError(
          `Zendesk answered ${response.status} for the app's public key`,
        );
      }
      pem = (await response.text()).trim();
    } catch (error) {
      if (error instanceof ZafKeyUnavailableError) throw error;
      throw new ZafKeyUnavailableError("Zendesk could not be reached for the app's public key");
    }
    try {
      const key = await importSPKI(pem, 'RS256');
      cached = { key, at: clock() };
      return key;
    } catch {
      throw new ZafKeyUnavailableError(
        "Zendesk's answer for the app's public key is not a PEM key",
      );
    }
  };
  return {
    async get(options = {}) {
      const fresh = cached && clock() - cached.at < PUBLIC_KEY_CACHE_MS;
      if (cached && fresh && !(options.refresh && clock() - cached.at >= KEY_REFRESH_MIN_MS)) {
        return cached.key;
      }
      loading ??= load().finally(() => {
        loading = null;
      });
      return loading;
    },
    canRefresh: () => cached === null || clock() - cached.at >= KEY_REFRESH_MIN_MS,
  };
}

/** Verifies with the current key; a signature mismatch re-reads the key once (Zendesk rotated it). */
export async function verifyZafRequest(
  token: string | null,
  keys: ZafKeySource,
  expected: { subdomain: string; installationId: string },
  now?: Date,
): Promise<ZafIdentity> {
  if (!token) throw new ZafTokenError('missing');
  try {
    return await verifyZafToken(token, await keys.get(), expected, now);
  } catch (error) {
    if (!(error instanceof ZafTokenError) || error.problem !== 'signature' || !keys.canRefresh()) {
      throw error;
    }
    return verifyZafToken(token, await keys.get({ refresh: true }), expected, now);
  }
}
