import crypto from 'node:crypto';
import type { Config } from '../config.js';

/** Separates survey-link keys from every other use of the app secret. */
const TOKEN_KEY_LABEL = 'ces-survey-token';
const SALT_BYTES = 16;
/** base64url of a SHA-256 digest: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const keyCache = new Map<string, Buffer>();

function tokenKey(appSecret: string): Buffer {
  let key = keyCache.get(appSecret);
  if (!key) {
    key = crypto.createHmac('sha256', appSecret).update(TOKEN_KEY_LABEL).digest();
    keyCache.set(appSecret, key);
  }
  return key;
}

/** A fresh random salt (128 bits, base64url) stored with the survey; the token is derived from it. */
export function newTokenSalt(): string {
  return crypto.randomBytes(SALT_BYTES).toString('base64url');
}

/** The survey link token: base64url(HMAC-SHA256(HMAC-SHA256(appSecret, label), salt)). Never stored. */
export function surveyToken(appSecret: string, salt: string): string {
  return crypto.createHmac('sha256', tokenKey(appSecret)).update(salt).digest('base64url');
}

/** What the database keeps of a token: its SHA-256, hex. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** The customer-facing survey address. */
export function surveyUrl(config: Pick<Config, 'publicUrl'>, token: string): string {
  return `${config.publicUrl}/s/${token}`;
}

/** True when the string has the shape of a token; anything else is rejected before a lookup. */
export function looksLikeToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/** Re-derives the token from the stored salt and compares in constant time. */
export function tokenMatchesSalt(appSecret: string, salt: string, token: string): boolean {
  const expected = Buffer.from(surveyToken(appSecret, salt));
  const given = Buffer.from(token);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
