import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {
  AgentReportResponse,
  AgentSummaryResponse,
  ReportAnswersResponse,
} from '../../../shared/api-types.js';
import { buildAgentReport } from '../../reports/agent-report.js';
import { MAX_PERIOD_DAYS } from '../../reports/period.js';
import type { NameLookup } from '../../reports/names.js';
import { accessOf, forbidden } from '../../access/guard.js';
import { mayViewAgent, scopeOwnPageGroup, scopeReportGroup } from '../../access/report-scope.js';
import type { RoleDirectory } from '../../access/zendesk-roles.js';
import { buildAgentSummary, listReportAnswers } from '../../reports/team-report.js';
import { toReportQuery, type ReportFiltersQuery } from './report.js';
import {
  agentAnswersQuery,
  agentReportQuery,
  agentReportResponse,
  errorResponses,
  idParams,
  reportAnswersResponse,
  summaryQuery,
  summaryResponse,
} from './schemas.js';

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

  app.get<{ Params: { id: number }; Querystring: ReportFiltersQuery }>(
    '/agents/:id/report',
    {
      config: { capability: 'ownFigures' },
      preHandler: scopeAgentPage,
      schema: {
        tags: ['agents'],
        summary:
          "One agent's page for the team page's filters: its figures and standing, distribution, weekly trend and reasons",
        params: idParams,
        querystring: agentReportQuery,
        response: { 200: agentReportResponse, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request): Promise<AgentReportResponse> => {
      const [report, [agent]] = await Promise.all([
        buildAgentReport(app.db, request.params.id, toReportQuery(request.query)),
        names.users([request.params.id]),
      ]);
      return { ...report, agent: agent! };
    },
  );

  app.get<{
    Params: { id: number };
    Querystring: ReportFiltersQuery & {
      band?: 'easy' | 'neutral' | 'difficult';
      driver?: string;
      limit: number;
      cursor?: string;
    };
  }>(
    '/agents/:id/answers',
    {
      config: { capability: 'ownFigures' },
      preHandler: scopeAgentPage,
      schema: {
        tags: ['agents'],
        summary:
          "One agent's answers for the team page's filters, newest solve first, a page at a time (pass nextCursor back as cursor)",
        params: idParams,
        querystring: agentAnswersQuery,
        response: { 200: reportAnswersResponse, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request): Promise<ReportAnswersResponse> => {
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
  );
}
