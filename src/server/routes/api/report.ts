import type { FastifyInstance } from 'fastify';
import type { ReportAnswersResponse, ReportResponse } from '../../../shared/api-types.js';
import type { ScaleId } from '../../../shared/scales.js';
import { normalizeChannel } from '../../../shared/channels.js';
import type { AgentSortKey } from '../../../shared/scoring.js';
import { answersCsv } from '../../reports/answer-export.js';
import { teamReportCsv } from '../../reports/report-csv.js';
import type { NameLookup } from '../../reports/names.js';
import { accessOf, forbidden } from '../../access/guard.js';
import { scopeReportGroup } from '../../access/report-scope.js';
import {
  buildTeamReport,
  listReportAnswers,
  periodOf,
  type ReportQuery,
  type TeamReport,
} from '../../reports/team-report.js';
import {
  errorResponses,
  reportAnswersQuery,
  reportAnswersResponse,
  reportCsvQuery,
  reportQuery,
  reportResponse,
} from './schemas.js';

export interface ReportFiltersQuery {
  from?: string;
  to?: string;
  groupId?: number;
  brandId?: number;
  channel?: string;
  scaleId?: ScaleId;
}

export function toReportQuery(q: ReportFiltersQuery): ReportQuery {
  return {
    // Resolved in the account's time zone by the report itself.
    period: { from: q.from, to: q.to },
    ...(q.groupId !== undefined ? { groupId: q.groupId } : {}),
    ...(q.brandId !== undefined ? { brandId: q.brandId } : {}),
    // Channels are stored by their id ("Mail" from a trigger is "email"): the filter names them so.
    ...(q.channel !== undefined ? { channel: normalizeChannel(q.channel) ?? '' } : {}),
    ...(q.scaleId !== undefined ? { scaleId: q.scaleId } : {}),
  };
}

/** The report with the names of every agent and group it mentions: one lookup per report. */
async function withNames(names: NameLookup, report: TeamReport): Promise<ReportResponse> {
  const agentIds = [
    ...report.agents.map((a) => a.agentId),
    ...report.highEffort.flatMap((h) => (h.agentId === null ? [] : [h.agentId])),
  ];
  const groupIds = [
    ...report.groups.map((g) => g.groupId),
    ...report.highEffort.flatMap((h) => (h.groupId === null ? [] : [h.groupId])),
  ];
  const [agents, groups] = await Promise.all([names.users(agentIds), names.groups(groupIds)]);
  return { ...report, names: { agents, groups } };
}

export async function reportRoutes(
  app: FastifyInstance,
  { names }: { names: NameLookup },
): Promise<void> {
  // Every report route covers only groups the user may see: a team lead's own, one at a time.
  app.addHook('preHandler', async (request, reply) => {
    const query = request.query as ReportFiltersQuery;
    const scoped = scopeReportGroup(accessOf(request), query.groupId);
    if (!scoped.ok) return forbidden(reply, scoped.message);
    if (scoped.groupId !== undefined) query.groupId = scoped.groupId;
  });

  app.get<{ Querystring: ReportFiltersQuery }>(
    '/report',
    {
      config: { capability: 'teamReport' },
      schema: {
        tags: ['report'],
        summary:
          'Team, agent and group figures, distribution, weekly trend, drivers and high-effort answers',
        querystring: reportQuery,
        response: { 200: reportResponse, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request): Promise<ReportResponse> =>
      withNames(names, await buildTeamReport(app.db, toReportQuery(request.query))),
  );

  app.get<{
    Querystring: ReportFiltersQuery & { sort: AgentSortKey; order: 'asc' | 'desc' };
  }>(
    '/report.csv',
    {
      config: { capability: 'teamReport' },
      schema: {
        tags: ['report'],
        summary:
          'The team page of /report with the same filters as CSV (text/csv): filters, team, agent and group rows, reasons',
        querystring: reportCsvQuery,
        response: {
          200: {
            description:
              'Blocks separated by an empty line, each with its header row: the filters; the team, agent (in the order asked for) and group rows; the reasons (RFC 4180, CRLF line ends).',
            content: { 'text/csv': { schema: { type: 'string' } } },
          },
          ...errorResponses(400, 401, 403, 503),
        },
      },
    },
    async (request, reply) => {
      // The very response /report gives, names included, so file and page cannot disagree.
      const report = await withNames(
        names,
        await buildTeamReport(app.db, toReportQuery(request.query)),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'Content-Disposition',
          `attachment; filename="ces-team-${report.filters.from}-${report.filters.to}.csv"`,
        )
        .send(teamReportCsv(report, { sort: request.query.sort, order: request.query.order }));
    },
  );

  app.get<{ Querystring: ReportFiltersQuery }>(
    '/report/answers.csv',
    {
      config: { capability: 'teamReport' },
      schema: {
        tags: ['report'],
        summary: 'Every answer behind /report with the same filters, as CSV (text/csv)',
        querystring: reportQuery,
        response: {
          200: {
            description:
              'A header row, then one row per answer, newest first (RFC 4180, CRLF line ends).',
            content: { 'text/csv': { schema: { type: 'string' } } },
          },
          ...errorResponses(400, 401, 403, 503),
        },
      },
    },
    async (request, reply) => {
      const q = toReportQuery(request.query);
      const [csv, period] = await Promise.all([answersCsv(app.db, names, q), periodOf(app.db, q)]);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'Content-Disposition',
          `attachment; filename="ces-answers-${period.fromDay}-${period.toDay}.csv"`,
        )
        .send(csv);
    },
  );

  app.get<{
    Querystring: ReportFiltersQuery & {
      agentId?: number;
      band?: 'easy' | 'neutral' | 'difficult';
      driver?: string;
      limit: number;
      cursor?: string;
    };
  }>(
    '/report/answers',
    {
      config: { capability: 'teamReport' },
      schema: {
        tags: ['report'],
        summary:
          "The answers behind a figure (e.g. one agent's difficult answers), newest first, paged",
        querystring: reportAnswersQuery,
        response: { 200: reportAnswersResponse, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request): Promise<ReportAnswersResponse> => {
      const q = request.query;
      return listReportAnswers(app.db, {
        ...toReportQuery(q),
        ...(q.agentId !== undefined ? { agentId: q.agentId } : {}),
        ...(q.band !== undefined ? { band: q.band } : {}),
        ...(q.driver !== undefined ? { driver: q.driver } : {}),
        limit: q.limit,
        ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
      });
    },
  );
}
