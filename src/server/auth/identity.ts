/**
 * Who is asking: the Zendesk user behind an /api/v1 request.
 *
 * PROVISIONAL (issue 11 item 1 replaces it): the user is the numeric `sub` of today's HS256 app
 * token, which the app's request code fills with ZAF's current user id. Roles are not decided
 * here (src/server/access/ does that); this only says who.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../../shared/api-types.js';
import { AppTokenError, bearerToken, verifyAppToken } from './app-token.js';

export interface AppUser {
  zendeskUserId: number;
  subdomain: string;
  installationId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    appUser?: AppUser;
  }
}

function refuse(reply: FastifyReply, body: ApiError, challenge: string) {
  return reply.status(401).header('WWW-Authenticate', challenge).send(body);
}

/** onRequest hook on `scope`: sets request.appUser from the app session, or replies 401 JSON {error, message}. */
export function requireAppUser(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    let sub: unknown;
    try {
      const claims = await verifyAppToken(
        bearerToken(request.headers.authorization),
        scope.config.appSecret,
      );
      sub = claims.sub;
    } catch (error) {
      if (!(error instanceof AppTokenError)) throw error;
      request.log.info({ problem: error.problem }, 'app token refused');
      return refuse(
        reply,
        { error: 'unauthorized', message: error.message },
        error.problem === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"',
      );
    }
    const id = typeof sub === 'string' && /^[1-9]\d{0,15}$/.test(sub) ? Number(sub) : NaN;
    if (!Number.isSafeInteger(id)) {
      request.log.info({ problem: 'no_user' }, 'app token refused');
      return refuse(
        reply,
        {
          error: 'unauthorized',
          message:
            'The app token names no Zendesk user (its "sub" claim must be the current user\'s id): reload the app.',
        },
        'Bearer error="invalid_token"',
      );
    }
    request.appUser = {
      zendeskUserId: id,
      subdomain: scope.config.zendesk.subdomain,
      installationId: 'provisional',
    };
  });
}
