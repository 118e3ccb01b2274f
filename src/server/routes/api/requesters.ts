import type { FastifyInstance } from 'fastify';
import type {
  EraseRequesterResponse,
  RequesterHistoryResponse,
} from '../../../shared/api-types.js';
import { accessOf } from '../../access/guard.js';
import { eraseRequesterData } from '../../privacy/erasure.js';
import { InvalidCursorError, listRequesterAnswers } from '../../surveys/survey-repository.js';
import {
  eraseRequesterBody,
  eraseRequesterResponse,
  errorResponses,
  idParams,
  requesterQuery,
  requesterResponse,
} from './schemas.js';

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

  app.post<{ Params: { id: number }; Body: { confirmRequesterId: number } }>(
    '/requesters/:id/erase',
    {
      config: { capability: 'dataProtection' },
      schema: {
        tags: ['requesters'],
        summary:
          "Erase the requester's personal data from their answers (admins; cannot be undone)",
        description:
          'Keeps what the reports count (score, scale, reason, CSAT, solve day, agent, group, brand, channel), so every figure stays the same; erases the requester id, the comment, the languages and the survey link. Audited. See docs/data-protection.md.',
        params: idParams,
        body: eraseRequesterBody,
        response: { 200: eraseRequesterResponse, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request, reply): Promise<EraseRequesterResponse | undefined> => {
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
  );
}
