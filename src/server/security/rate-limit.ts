import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rateLimited } from '../monitoring/metrics.js';
import type { LimitVerdict, SharedRateLimiter } from './shared-rate-limit.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The rate limits every replica shares (counters in the database). */
    limiter: SharedRateLimiter;
  }
}

/** Requests one address may make to the survey pages per window: a real visit needs about five. */
export interface RateLimitOptions {
  max: number;
  timeWindowMs: number;
}

/** A 429 for the scope's error handler to render (a page on /s/*, JSON elsewhere). */
export class TooManyRequestsError extends Error {
  readonly statusCode = 429;
  readonly code = 'too_many_requests';
  constructor(readonly retryAfterSeconds: number) {
    super(
      `Too many requests from your address: wait ${retryAfterSeconds} seconds (Retry-After), then try again.`,
    );
    this.name = 'TooManyRequestsError';
  }
}

/** Sets Retry-After and counts the refusal; the caller throws or sends the 429. */
export function refuse(
  reply: FastifyReply,
  limit: string,
  verdict: LimitVerdict,
): TooManyRequestsError {
  rateLimited.inc({ limit });
  reply.header('retry-after', String(verdict.retryAfterSeconds));
  return new TooManyRequestsError(verdict.retryAfterSeconds);
}

/**
 * Limits every route of the calling plugin's scope per client address, counted in the shared
 * database so that all replicas together allow `max` per window. Over the limit, a 429 error with
 * Retry-After reaches the scope's error handler, which renders it for the reader.
 */
export async function limitRequests(
  app: FastifyInstance,
  options: RateLimitOptions & { bucket: string },
): Promise<void> {
  const limit = { bucket: options.bucket, max: options.max, windowMs: options.timeWindowMs };
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const verdict = await app.limiter.hit(limit, request.ip);
    if (!verdict.allowed) throw refuse(reply, limit.bucket, verdict);
  });
}
