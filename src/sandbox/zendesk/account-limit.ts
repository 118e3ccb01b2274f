/**
 * The account-wide API rate limit ("Rate limits": 200 requests a minute on Team up to 2,500 with
 * High Volume), shared by every integration of the account. Off unless a test or the developer
 * sets it. Like Zendesk it counts per fixed window, answers 429 with Retry-After once the window's
 * allowance is used, and tells every answer the allowance left in the documented headers
 * (X-Rate-Limit, X-Rate-Limit-Remaining, ratelimit-limit, ratelimit-remaining, ratelimit-reset).
 * The window is a minute; tests shorten it so that a budget is measured in seconds.
 */

export interface AccountLimitInput {
  /** Requests the account may make per window. */
  requestsPerWindow: number;
  /** Default 60,000 (Zendesk's minute). */
  windowMs?: number;
}

/** One window's traffic as the sandbox counted it. */
export interface AccountLimitWindow {
  /** Window start, ms since the epoch. */
  start: number;
  admitted: number;
  refused: number;
}

export interface AccountLimitState {
  requestsPerWindow: number;
  windowMs: number;
  windows: AccountLimitWindow[];
}

export type AccountLimitDecision =
  | { allowed: true; headers: Record<string, string> }
  | { allowed: false; headers: Record<string, string>; retryAfterSeconds: number };

/** Windows kept for tests to read; older ones are dropped. */
const KEPT_WINDOWS = 10_000;

export class AccountRateLimit {
  private limit: { requestsPerWindow: number; windowMs: number } | null = null;
  private windows: AccountLimitWindow[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Sets (or, with null, lifts) the limit; the counts start afresh. */
  set(input: AccountLimitInput | null): void {
    this.windows = [];
    if (input === null) {
      this.limit = null;
      return;
    }
    validate(input);
    this.limit = { requestsPerWindow: input.requestsPerWindow, windowMs: input.windowMs ?? 60_000 };
  }

  state(): AccountLimitState | null {
    return this.limit ? { ...this.limit, windows: [...this.windows] } : null;
  }

  /** Counts one request; null when no limit is set. */
  take(): AccountLimitDecision | null {
    if (!this.limit) return null;
    const { requestsPerWindow, windowMs } = this.limit;
    const now = this.now();
    const start = Math.floor(now / windowMs) * windowMs;
    let window = this.windows.at(-1);
    if (!window || window.start !== start) {
      window = { start, admitted: 0, refused: 0 };
      this.windows.push(window);
      if (this.windows.length > KEPT_WINDOWS) this.windows.shift();
    }
    const resetSeconds = Math.max(1, Math.ceil((start + windowMs - now) / 1000));
    const allowed = window.admitted < requestsPerWindow;
    if (allowed) window.admitted += 1;
    else window.refused += 1;
    const remaining = String(requestsPerWindow - window.admitted);
    const headers: Record<string, string> = {
      'X-Rate-Limit': String(requestsPerWindow),
      'X-Rate-Limit-Remaining': remaining,
      'ratelimit-limit': String(requestsPerWindow),
      'ratelimit-remaining': remaining,
      'ratelimit-reset': String(resetSeconds),
    };
    if (allowed) return { allowed, headers };
    return {
      allowed,
      headers: { ...headers, 'Retry-After': String(resetSeconds) },
      retryAfterSeconds: resetSeconds,
    };
  }
}

function validate(input: AccountLimitInput): void {
  if (typeof input !== 'object' || input === null) {
    throw new Error('Invalid rate limit: send {"requestsPerWindow": n, "windowMs": ms}');
  }
  if (!Number.isInteger(input.requestsPerWindow) || input.requestsPerWindow < 1) {
    throw new Error('Invalid rate limit: requestsPerWindow is a whole number ≥ 1');
  }
  if (input.windowMs !== undefined && (!Number.isInteger(input.windowMs) || input.windowMs < 100)) {
    throw new Error('Invalid rate limit: windowMs is a whole number ≥ 100');
  }
}
