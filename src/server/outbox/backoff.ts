/** How long a failed job waits before its next attempt. */
export interface BackoffOptions {
  /** Delay after the first failed attempt. */
  baseMs: number;
  /** No wait grows beyond this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 10_000, maxMs: 60 * 60_000 };

/**
 * Exponential backoff with "equal jitter": the wait doubles per attempt and is drawn from its upper
 * half, so replicas that failed together spread out yet never retry sooner than half the step.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const step = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}
