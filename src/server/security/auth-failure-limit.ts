/**
 * Failed sign-ins per client address (a bad, altered or expired app session, a refused ZAF JWT),
 * counted in the shared database so all replicas hold one limit. Past the limit the address gets
 * 429 until the minute ends: on a replica that saw it go over, before any token is checked.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../../shared/api-types.js';
import { RATE_LIMIT_DEFAULTS } from '../config.js';
import { refuse } from './rate-limit.js';
import type { LimitVerdict, SharedLimit } from './shared-rate-limit.js';

export const AUTH_FAILURE_WINDOW_MS = 60_000;

function authLimit(app: FastifyInstance): SharedLimit {
  return {
    bucket: 'auth',
    max: (app.config.rateLimits ?? RATE_LIMIT_DEFAULTS).authFailuresPerMinute,
    windowMs: AUTH_FAILURE_WINDOW_MS,
  };
}

/** Refused before checking anything: this process saw the address go over its failures. */
export function authBlocked(app: FastifyInstance, request: FastifyRequest): LimitVerdict | null {
  return app.limiter.blocked(authLimit(app), request.ip);
}

/** Counts one failed sign-in; the verdict says whether the address is now over the limit. */
export function countAuthFailure(
  app: FastifyInstance,
  request: FastifyRequest,
): Promise<LimitVerdict> {
  return app.limiter.hit(authLimit(app), request.ip);
}

/** The JSON 429 of the API and the session renewal, with Retry-After. */
export function sendAuthTooMany(reply: FastifyReply, verdict: LimitVerdict): FastifyReply {
  refuse(reply, 'auth', verdict);
  const body: ApiError = {
    error: 'too_many_requests',
    message: `Too many failed sign-ins from your address: wait ${verdict.retryAfterSeconds} seconds (Retry-After), then reload the app in Zendesk.`,
  };
  return reply.status(429).send(body);
}
