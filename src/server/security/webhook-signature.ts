import crypto from 'node:crypto';
import type { Config } from '../config.js';
import type { Queryable } from '../db/database.js';
import { readWebhookSigningSecret, type WebhookKey } from '../setup/zendesk-state.js';

/** Zendesk's signature may be this old (or this far ahead, for clock skew); older ones are replays. */
export const MAX_WEBHOOK_AGE_MS = 5 * 60 * 1000;

export const SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
export const TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';

/** Zendesk's scheme: base64(HMAC-SHA256(signing secret, timestamp + raw body)). */
export function zendeskSignature(secret: string, timestamp: string, rawBody: string): string {
  return crypto
    .createHmac('sha256', secret)
    .update(timestamp + rawBody, 'utf8')
    .digest('base64');
}

export type SignatureProblem =
  'missing_signature' | 'invalid_timestamp' | 'stale_timestamp' | 'invalid_signature';

/** What to tell the sender for each problem; none of it reveals the secret or the expected value. */
export const SIGNATURE_MESSAGES: Record<SignatureProblem, string> = {
  missing_signature:
    'X-Zendesk-Webhook-Signature and X-Zendesk-Webhook-Signature-Timestamp are required: send this webhook from Zendesk with request signing.',
  invalid_timestamp:
    'X-Zendesk-Webhook-Signature-Timestamp is not an ISO 8601 time: send the timestamp Zendesk signed.',
  stale_timestamp:
    'X-Zendesk-Webhook-Signature-Timestamp is more than 5 minutes from now: replays are refused; check the sender’s clock.',
  invalid_signature:
    'X-Zendesk-Webhook-Signature does not match the body: check that the webhook’s signing secret is the one this service has (run setup again).',
};

/**
 * What is wrong with the signature headers before any secret is needed (absent, or a timestamp
 * that is not fresh); null when they may be checked against the secret.
 */
export function signatureHeadersProblem(input: {
  signature: unknown;
  timestamp: unknown;
  now?: Date;
}): Exclude<SignatureProblem, 'invalid_signature'> | null {
  const { signature, timestamp } = input;
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || !signature || !timestamp) {
    return 'missing_signature';
  }
  const at = Date.parse(timestamp);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(timestamp) || Number.isNaN(at)) return 'invalid_timestamp';
  if (Math.abs((input.now ?? new Date()).getTime() - at) > MAX_WEBHOOK_AGE_MS) {
    return 'stale_timestamp';
  }
  return null;
}

/** Checks a delivery's signature headers against the raw body; null when it is genuine and fresh. */
export function checkZendeskSignature(input: {
  secret: string;
  signature: unknown;
  timestamp: unknown;
  rawBody: string;
  now?: Date;
}): SignatureProblem | null {
  const headers = signatureHeadersProblem(input);
  if (headers !== null) return headers;
  const { signature, timestamp } = input as { signature: string; timestamp: string };
  const expected = Buffer.from(zendeskSignature(input.secret, timestamp, input.rawBody), 'utf8');
  const given = Buffer.from(signature.trim(), 'utf8');
  // Equal lengths first: timingSafeEqual needs them, and the length of a base64 HMAC is public.
  const ok = expected.length === given.length && crypto.timingSafeEqual(expected, given);
  return ok ? null : 'invalid_signature';
}

/**
 * The secret to verify with: the one setup stored for the webhook it created (the solve webhook,
 * or with `key` 'user_events_webhook' the user-events one), else the configured one.
 */
export async function webhookSigningSecret(
  db: Queryable,
  config: Pick<Config, 'webhookSecret'>,
  key: WebhookKey = 'webhook',
): Promise<string | null> {
  return (await readWebhookSigningSecret(db, key)) ?? config.webhookSecret;
}
