import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JWTPayload } from 'jose';
import type { ApiError } from '../../shared/api-types.js';
import { AppTokenError, bearerToken, verifyAppToken } from './app-token.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Claims of the verified app token (set by requireAppToken). */
    appToken?: JWTPayload;
  }
}

/**
 * Adds an onRequest hook to `scope` that lets only requests with a valid app token through;
 * every other request gets 401 with a JSON reason before any body is read.
 */
export function requireAppToken(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      request.appToken = await verifyAppToken(
        bearerToken(request.headers.authorization),
        scope.config.appSecret,
      );
    } catch (error) {
      if (!(error instanceof AppTokenError)) throw error;
      request.log.info({ problem: error.problem }, 'app token refused');
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
