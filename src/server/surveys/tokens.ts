import crypto from 'node:crypto';
import type { Config } from '../config.js';

/** 256 random bits: far past guessing, and 43 base64url characters in a link. */
const TOKEN_BYTES = 32;
/** base64url of 32 bytes: 43 characters (tokens of before migration 013 have the same shape). */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A fresh survey link token: random, from no key, so no secret can rebuild it and rotating a key
 * never closes a link. Only its hash is kept once the link is published (docs/survey-links.md).
 */
export function newSurveyToken(): string {
  return crypto.randomBytes(TOKEN_BYTES).toString('base64url');
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
