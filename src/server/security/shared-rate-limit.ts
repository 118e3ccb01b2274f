/**
 * Rate limits that every replica shares: a fixed-window counter per limit, client and window in
 * the database (rate_limit_windows), so N replicas behind a load balancer allow one limit, not N.
 * Clients are stored as an HMAC of their address under a key derived from the service's secret,
 * so the table holds no address that could be read back, not even by trying all IPv4 addresses.
 */
import crypto from 'node:crypto';
import type { Queryable } from '../db/database.js';

export interface SharedLimit {
  /** Names the limit in the table and in metrics: `survey`, `auth`. */
  bucket: string;
  /** Hits allowed per window; the next one is refused. */
  max: number;
  windowMs: number;
}

export interface LimitVerdict {
  allowed: boolean;
  /** Hits counted in this window so far, across replicas (0 when refused from memory). */
  hits: number;
  /** Whole seconds until the window ends: what Retry-After says. */
  retryAfterSeconds: number;
}

export interface SharedRateLimiter {
  /**
   * Counts one hit for the address and says whether it is within the limit. An address over its
   * limit is refused from memory until its window ends, without asking the database again.
   */
  hit(limit: SharedLimit, address: string): Promise<LimitVerdict>;
  /** Refused from memory: this process already saw the address go over the limit in this window. */
  blocked(limit: SharedLimit, address: string): LimitVerdict | null;
}

/** A window's start as the database sees it: every replica agrees on it whatever its own clock. */
const WINDOW_START = `to_timestamp((floor(extract(epoch FROM now()) * 1000 / $3::numeric) * $3::numeric / 1000)::double precision)`;

/** Adds one hit to the client's current window and returns the window's count and end. */
export async function countHit(
  db: Queryable,
  bucket: string,
  clientKey: string,
  windowMs: number,
): Promise<{ hits: number; resetAt: Date }> {
  const { rows } = await db.query<{ hits: number; reset_ms: number | string }>(
    `INSERT INTO rate_limit_windows (bucket, client_key, window_start, hits)
     VALUES ($1, $2, ${WINDOW_START}, 1)
     ON CONFLICT (bucket, client_key, window_start)
     DO UPDATE SET hits = rate_limit_windows.hits + 1
     RETURNING hits, (extract(epoch FROM window_start) * 1000 + $3::numeric)::float8 AS reset_ms`,
    [bucket, clientKey, windowMs],
  );
  const row = rows[0];
  if (!row) throw new Error(`Could not count a hit for rate limit ${bucket}`);
  return { hits: Number(row.hits), resetAt: new Date(Number(row.reset_ms)) };
}

/** Deletes windows that ended more than `olderThanMs` ago; returns how many. */
export async function pruneWindows(db: Queryable, olderThanMs: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM rate_limit_windows WHERE window_start < now() - ($1::float8 * interval '1 millisecond')`,
    [olderThanMs],
  );
  return rowCount;
}

/** The key an address is stored under: an HMAC, never the address itself. */
export function clientKeyOf(secret: string, address: string): string {
  const key = crypto.createHash('sha256').update(`ces-rate-limit:${secret}`).digest();
  return crypto.createHmac('sha256', key).update(address).digest('base64url').slice(0, 32);
}

export interface SharedRateLimiterOptions {
  /** Keys the HMAC of addresses; every replica has the same (the session key). */
  secret: string;
  now?: () => number;
}

export function createSharedRateLimiter(
  db: Queryable,
  options: SharedRateLimiterOptions,
): SharedRateLimiter {
  const now = options.now ?? Date.now;
  /** bucket + key → end of the window in which this process saw the address go over. */
  const refusedUntil = new Map<string, number>();
  let lastPrune = 0;

  const retryAfter = (resetAt: number) => Math.max(1, Math.ceil((resetAt - now()) / 1000));

  function blocked(limit: SharedLimit, address: string): LimitVerdict | null {
    const memo = `${limit.bucket}:${address}`;
    const until = refusedUntil.get(memo);
    if (until === undefined) return null;
    if (until <= now()) {
      refusedUntil.delete(memo);
      return null;
    }
    return { allowed: false, hits: 0, retryAfterSeconds: retryAfter(until) };
  }

  async function hit(limit: SharedLimit, address: string): Promise<LimitVerdict> {
    const memo = blocked(limit, address);
    if (memo) return memo;
    const clientKey = clientKeyOf(options.secret, address);
    const { hits, resetAt } = await countHit(db, limit.bucket, clientKey, limit.windowMs);
    const allowed = hits <= limit.max;
    if (!allowed) refusedUntil.set(`${limit.bucket}:${address}`, resetAt.getTime());
    // Ended windows go at most once a window per process; a failed prune is retried next time.
    if (now() - lastPrune >= limit.windowMs) {
      lastPrune = now();
      for (const [key, until] of refusedUntil) if (until <= now()) refusedUntil.delete(key);
      void pruneWindows(db, limit.windowMs).catch(() => undefined);
    }
    return { allowed, hits, retryAfterSeconds: retryAfter(resetAt.getTime()) };
  }

  return { hit, blocked };
}

/**
 * A per-process fixed-window counter, for refusing before any database work (the webhook's
 * unsigned and badly signed requests). With N replicas behind a load balancer an address gets up
 * to N × max per window in all: the README's "Rate limits" section gives the arithmetic.
 */
export function createMemoryFailureLimiter(
  limit: { max: number; windowMs: number },
  now: () => number = Date.now,
): {
  blocked(address: string): LimitVerdict | null;
  fail(address: string): LimitVerdict;
} {
  let windowStart = 0;
  let counts = new Map<string, number>();
  const roll = () => {
    const start = Math.floor(now() / limit.windowMs) * limit.windowMs;
    // A new window forgets every address: the map never outgrows one window's clients.
    if (start !== windowStart) {
      windowStart = start;
      counts = new Map();
    }
  };
  const retryAfterSeconds = () =>
    Math.max(1, Math.ceil((windowStart + limit.windowMs - now()) / 1000));
  return {
    blocked(address) {
      roll();
      const hits = counts.get(address) ?? 0;
      return hits >= limit.max
        ? { allowed: false, hits, retryAfterSeconds: retryAfterSeconds() }
        : null;
    },
    fail(address) {
      roll();
      const hits = (counts.get(address) ?? 0) + 1;
      counts.set(address, hits);
      return { allowed: hits <= limit.max, hits, retryAfterSeconds: retryAfterSeconds() };
    },
  };
}
