import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  agentAnswersRoute,
  agentReportRoute,
  agentSummaryRoute,
  type ReplyOf,
  type ReportFiltersQuery,
  type RequestOf,
} from '../../../shared/contract/index.js';
import { buildAgentReport } from '../../reports/agent-report.js';
import { MAX_PERIOD_DAYS } from '../../reports/period.js';
import type { NameLookup } from '../../reports/names.js';
import { accessOf, forbidden } from '../../access/guard.js';
import { mayViewAgent, scopeOwnPageGroup, scopeReportGroup } from '../../access/report-scope.js';
import type { RoleDirectory } from '../../access/zendesk-roles.js';
import { buildAgentSummary, listReportAnswers } from '../../reports/team-report.js';
import { routeOf } from './contract-routes.js';
import { toReportQuery } from './report.js';

export async function agentRoutes(
  app: FastifyInstance,
  { names, roles }: { names: NameLookup; roles: RoleDirectory },
): Promise<void> {
  app.route<RequestOf<typeof agentSummaryRoute>>({
    ...routeOf(agentSummaryRoute),
    config: { capability: 'ownFigures' },
    handler: async (request, reply): Promise<ReplyOf<typeof agentSummaryRoute> | undefined> => {
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
  });

  /**
   * An agent's page: an agent's own (compared with their own groups), or, for team report users,
   * the page of an agent they may see, for the groups they may see (a team lead's own, as on the
   * team page). Another agent's page is refused to agents with a reason the app can show.
   */
  const scopeAgentPage = async (
    request: FastifyRequest<{ Params: { id: number }; Querystring: ReportFiltersQuery }>,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> => {
    const access = accessOf(request);
    const leads = access.capabilities.has('teamReport');
    if (!leads && request.params.id !== access.userId) {
      return forbidden(
        reply,
        "You can see only your own figures: another agent's page is for team leads and admins.",
      );
    }
    if (!(await mayViewAgent(access, request.params.id, roles))) {
      return forbidden(
        reply,
        "As a team lead you can see the agents of your groups, not this agent's page.",
      );
    }
    const scoped = leads
      ? scopeReportGroup(access, request.query.groupId)
      : scopeOwnPageGroup(access, request.query.groupId);
    if (!scoped.ok) return forbidden(reply, scoped.message);
    if (scoped.groupId !== undefined) request.query.groupId = scoped.groupId;
    return undefined;
  };

  app.route<RequestOf<typeof agentReportRoute>>({
    ...routeOf(agentReportRoute),
    config: { capability: 'ownFigures' },
    preHandler: scopeAgentPage,
    handler: async (request): Promise<ReplyOf<typeof agentReportRoute>> => {
      const [report, [agent]] = await Promise.all([
        buildAgentReport(app.db, request.params.id, toReportQuery(request.query)),
        names.users([request.params.id]),
      ]);
      return { ...report, agent: agent! };
    },
  });

  app.route<RequestOf<typeof agentAnswersRoute>>({
    ...routeOf(agentAnswersRoute),
    config: { capability: 'ownFigures' },
    preHandler: scopeAgentPage,
    handler: async (request): Promise<ReplyOf<typeof agentAnswersRoute>> => {
      const q = request.query;
      return listReportAnswers(app.db, {
        ...toReportQuery(q),
        agentId: request.params.id,
        ...(q.band !== undefined ? { band: q.band } : {}),
        ...(q.driver !== undefined ? { driver: q.driver } : {}),
        limit: q.limit,
        ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
      });
    },
  });
}
