/**
 * The API budget every Zendesk call of the service passes (outbox, setup, the app's lookups):
 * Zendesk's rate limit is per account and shared with the customer's other integrations, so the
 * service keeps to the admin's budget across all its workers and replicas (budget-repository.ts),
 * stops everyone for Retry-After when Zendesk answers 429 anyway, and reads the documented
 * rate-limit headers to stop before a 429 when the account's minute is nearly spent by others.
 */
import type { Queryable } from '../db/database.js';
import {
  pauseBudget,
  readBudget,
  reserveSlot,
  type BudgetRate,
  type BudgetState,
} from './budget-repository.js';
import { DEFAULT_REQUESTS_PER_MINUTE } from '../../shared/settings.js';
import { ZendeskRateLimitError } from './errors.js';
import { parseRetryAfter, type RequestGate } from './transport.js';

/** Stop when the account has this share of its minute left: the rest is for other integrations. */
export const ACCOUNT_RESERVE_SHARE = 0.05;
/** Used when a 429 comes without Retry-After. */
const FALLBACK_RETRY_AFTER_SECONDS = 60;

export interface ZendeskBudgetOptions {
  defaultPerMinute?: number;
  /** The budget's "minute" (tests and the bench shorten it); default 60,000 ms. */
  windowMs?: number;
  /** A caller waits at most this long for a slot; beyond it the call fails with ZendeskRateLimitError. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface ZendeskBudget extends RequestGate {
  /** The budget in force and what was used of it. */
  state(): Promise<BudgetState>;
  /** Nobody sends for `seconds`. */
  pause(seconds: number): Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function header(headers: Record<string, unknown>, ...names: string[]): number | null {
  for (const name of names) {
    const value = headers[name];
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
    if (Number.isFinite(n)) return n;
  }
  return null;
}

/** Seconds to hold back after this answer: Retry-After on 429, the minute's rest when it is spent. */
export function holdBackSeconds(status: number, headers: Record<string, unknown>): number | null {
  if (status === 429) {
    return parseRetryAfter(headers['retry-after']) ?? FALLBACK_RETRY_AFTER_SECONDS;
  }
  const limit = header(headers, 'x-rate-limit', 'ratelimit-limit');
  const remaining = header(headers, 'x-rate-limit-remaining', 'ratelimit-remaining');
  const reset = header(headers, 'ratelimit-reset');
  if (limit === null || remaining === null || reset === null) return null;
  return remaining <= Math.floor(limit * ACCOUNT_RESERVE_SHARE) ? Math.max(1, reset) : null;
}

export function createZendeskBudget(
  db: Queryable,
  options: ZendeskBudgetOptions = {},
): ZendeskBudget {
  const rate: BudgetRate = {
    defaultPerMinute: options.defaultPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE,
    windowMs: options.windowMs ?? 60_000,
  };
  const maxWaitMs = options.maxWaitMs ?? 120_000;
  const sleep = options.sleep ?? realSleep;

  return {
    async beforeRequest(method, path) {
      const slot = await reserveSlot(db, rate, maxWaitMs);
      if ('refusedForMs' in slot) {
        throw new ZendeskRateLimitError(
          method,
          path,
          Math.max(1, Math.ceil(slot.refusedForMs / 1000)),
        );
      }
      if (slot.waitMs > 0) await sleep(slot.waitMs);
    },
    async afterResponse(status, headers) {
      const seconds = holdBackSeconds(status, headers);
      if (seconds !== null) await pauseBudget(db, rate, seconds);
    },
    state: () => readBudget(db, rate),
    pause: (seconds) => pauseBudget(db, rate, seconds),
  };
}
