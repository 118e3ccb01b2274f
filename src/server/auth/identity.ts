/**
 * Who is asking: the Zendesk user of a verified app session (see session.ts). The user came from
 * Zendesk's signed page load, never from a claim the app's script could set.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../../shared/api-types.js';
import { authBlocked, countAuthFailure, sendAuthTooMany } from '../security/auth-failure-limit.js';
import { bearerToken, SessionError, verifySession } from './session.js';

export interface AppUser {
  zendeskUserId: number;
  subdomain: string;
  installationId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The Zendesk user of the verified app session (set by requireAppUser). */
    appUser?: AppUser;
  }
}

/**
 * onRequest hook on `scope`: sets request.appUser from the app session, or replies 401 JSON
 * {error, message}; 429 with Retry-After once the address has failed too often this minute.
 */
export function requireAppUser(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const blocked = authBlocked(scope, request);
    if (blocked) return sendAuthTooMany(reply, blocked);
    try {
      const { zendeskUserId, subdomain, installationId } = await verifySession(
        scope.config,
        bearerToken(request.headers.authorization),
      );
      request.appUser = { zendeskUserId, subdomain, installationId };
    } catch (error) {
      if (!(error instanceof SessionError)) throw error;
      request.log.info({ problem: error.problem }, 'app session refused');
      const verdict = await countAuthFailure(scope, request);
      if (!verdict.allowed) return sendAuthTooMany(reply, verdict);
      const body: ApiError = { error: 'unauthorized', message: error.message };
      return reply
        .status(401)
        .header(
          'WWW-Authenticate',
          error.problem === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"',
        )
        .send(body);
    }
  });
}
