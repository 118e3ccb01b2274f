import type { FastifyInstance } from 'fastify';
import type { RequesterHistoryResponse } from '../../../shared/api-types.js';
import { InvalidCursorError, listRequesterAnswers } from '../../surveys/survey-repository.js';
import { errorResponses, idParams, requesterQuery, requesterResponse } from './schemas.js';

export async function requesterRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: number }; Querystring: { limit: number; cursor?: string } }>(
    '/requesters/:id',
    {
      config: { capability: 'sidebar' },
      schema: {
        tags: ['requesters'],
        summary: "The requester's answered surveys, newest first, a page at a time",
        params: idParams,
        querystring: requesterQuery,
        response: { 200: requesterResponse, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request, reply): Promise<RequesterHistoryResponse | undefined> => {
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
  );
}
