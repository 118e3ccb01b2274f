import type { FastifyInstance } from 'fastify';
import {
  eraseRequesterRoute,
  requesterHistoryRoute,
  type ReplyOf,
  type RequestOf,
} from '../../../shared/contract/index.js';
import { accessOf } from '../../access/guard.js';
import { eraseRequesterData } from '../../privacy/erasure.js';
import { InvalidCursorError, listRequesterAnswers } from '../../surveys/survey-repository.js';
import { routeOf } from './contract-routes.js';

export async function requesterRoutes(app: FastifyInstance): Promise<void> {
  app.route<RequestOf<typeof requesterHistoryRoute>>({
    ...routeOf(requesterHistoryRoute),
    config: { capability: 'sidebar' },
    handler: async (request, reply): Promise<ReplyOf<typeof requesterHistoryRoute> | undefined> => {
      const requesterId = request.params.id;
      try {
        const page = await listRequesterAnswers(app.db, requesterId, {
          limit: request.query.limit,
          before: request.query.cursor,
        });
        return { requesterId, items: page.items, nextCursor: page.nextCursor };
      } catch (error) {
        if (!(error instanceof InvalidCursorError)) throw error;
        return reply.status(400).send({ error: 'invalid_cursor', message: error.message });
      }
    },
  });

  app.route<RequestOf<typeof eraseRequesterRoute>>({
    ...routeOf(eraseRequesterRoute),
    config: { capability: 'dataProtection' },
    handler: async (request, reply): Promise<ReplyOf<typeof eraseRequesterRoute> | undefined> => {
      const requesterId = request.params.id;
      if (request.body.confirmRequesterId !== requesterId) {
        return reply.status(400).send({
          error: 'not_confirmed',
          message:
            'confirmRequesterId must repeat the requester id of the address: erasing cannot be undone.',
        });
      }
      const access = accessOf(request);
      const counts = await eraseRequesterData(app.db, requesterId, {
        source: 'admin',
        userId: access.userId,
        userName: access.name,
      });
      request.log.info({ surveys: counts.surveys }, 'requester erased on an admin request');
      return { requesterId, ...counts };
    },
  });
}
