import type { FastifyInstance } from 'fastify';
import type {
  AgentReportResponse,
  AgentSummaryResponse,
  ReportAnswersResponse,
} from '../../../shared/api-types.js';
import { buildAgentReport } from '../../reports/agent-report.js';
import { MAX_PERIOD_DAYS } from '../../reports/period.js';
import type { NameLookup } from '../../reports/names.js';
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

  app.get<{ Params: { id: number }; Querystring: ReportFiltersQuery }>(
    '/agents/:id/report',
    {
      schema: {
        tags: ['agents'],
        summary:
          "One agent's page for the team page's filters: its figures and standing, distribution, weekly trend and reasons",
        params: idParams,
        querystring: agentReportQuery,
        response: { 200: agentReportResponse, ...errorResponses(400, 401) },
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
      schema: {
        tags: ['agents'],
        summary:
          "One agent's answers for the team page's filters, newest solve first, a page at a time (pass nextCursor back as cursor)",
        params: idParams,
        querystring: agentAnswersQuery,
        response: { 200: reportAnswersResponse, ...errorResponses(400, 401) },
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
