import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

/** Requests one address may make to the survey pages per window: a real visit needs about five. */
export interface RateLimitOptions {
  max: number;
  timeWindowMs: number;
}

export const SURVEY_RATE_LIMIT: RateLimitOptions = { max: 120, timeWindowMs: 60_000 };

/**
 * Limits every route of the calling plugin's scope per client address. Over the limit, a 429
 * error reaches the scope's error handler, which renders it for the reader.
 */
export async function limitRequests(
  app: FastifyInstance,
  options: RateLimitOptions,
): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: options.max,
    timeWindow: options.timeWindowMs,
    hook: 'onRequest',
  });
}
