import type { FastifyInstance } from 'fastify';
import type { AgentSummaryResponse } from '../../../shared/api-types.js';
import { MAX_PERIOD_DAYS } from '../../reports/period.js';
import type { NameLookup } from '../../reports/names.js';
import { accessOf, forbidden } from '../../access/guard.js';
import { mayViewAgent } from '../../access/report-scope.js';
import type { RoleDirectory } from '../../access/zendesk-roles.js';
import { buildAgentSummary } from '../../reports/team-report.js';
import { errorResponses, idParams, summaryQuery, summaryResponse } from './schemas.js';

export async function agentRoutes(
  app: FastifyInstance,
  { names, roles }: { names: NameLookup; roles: RoleDirectory },
): Promise<void> {
  app.get<{ Params: { id: number }; Querystring: { days: string } }>(
    '/agents/:id/summary',
    {
      config: { capability: 'ownFigures' },
      schema: {
        tags: ['agents'],
        summary: "An agent's own figures and weekly trend over the last N days (default 30 and 90)",
        params: idParams,
        querystring: summaryQuery,
        response: { 200: summaryResponse, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request, reply): Promise<AgentSummaryResponse | undefined> => {
      if (!(await mayViewAgent(accessOf(request), request.params.id, roles))) {
        return forbidden(
          reply,
          "You can see your own figures and, as a team lead, those of your groups' agents, not this agent's.",
        );
      }
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
