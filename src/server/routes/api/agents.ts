import type { FastifyInstance } from 'fastify';
import type { AgentSummaryResponse } from '../../../shared/api-types.js';
import { MAX_PERIOD_DAYS } from '../../reports/period.js';
import type { NameLookup } from '../../reports/names.js';
import { buildAgentSummary } from '../../reports/team-report.js';
import { errorResponses, idParams, summaryQuery, summaryResponse } from './schemas.js';

export async function agentRoutes(
  app: FastifyInstance,
  { names }: { names: NameLookup },
): Promise<void> {
  app.get<{ Params: { id: number }; Querystring: { days: string } }>(
    '/agents/:id/summary',
    {
      schema: {
        tags: ['agents'],
        summary: "An agent's own figures and weekly trend over the last N days (default 30 and 90)",
        params: idParams,
        querystring: summaryQuery,
        response: { 200: summaryResponse, ...errorResponses(400, 401) },
      },
    },
    async (request, reply): Promise<AgentSummaryResponse | undefined> => {
      const days = request.query.days.split(',').map(Number);
      if (days.some((d) => d < 1 || d > MAX_PERIOD_DAYS)) {
        return reply.status(400).send({
          error: 'invalid_period',
          message: `"days" is "${request.query.days}": give 1 to 4 lengths from 1 to ${MAX_PERIOD_DAYS}, e.g. days=30,90.`,
        });
      }
      const [summary, [agent]] = await Promise.all([
        buildAgentSummary(app.db, request.params.id, days),
        names.users([request.params.id]),
      ]);
      return { ...summary, agent: agent! };
    },
  );
}
