import type { FastifyInstance } from 'fastify';
import {
  reportAnswersCsvRoute,
  reportAnswersRoute,
  reportCsvRoute,
  reportRoute,
  type ReplyOf,
  type ReportFiltersQuery,
  type ReportResponse,
  type RequestOf,
} from '../../../shared/contract/index.js';
import { normalizeChannel } from '../../../shared/channels.js';
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
import { routeOf } from './contract-routes.js';

export function toReportQuery(q: ReportFiltersQuery): ReportQuery {
  return {
    // Resolved in the account's time zone by the report itself.
    period: { from: q.from, to: q.to },
    ...(q.groupId !== undefined ? { groupId: q.groupId } : {}),
    ...(q.brandId !== undefined ? { brandId: q.brandId } : {}),
    // Channels are stored by their id ("Mail" from a trigger is "email"): the filter names them so.
    // A name with no letters or digits ("-") stays as typed and matches nothing, never the
    // surveys whose channel is unknown.
    ...(q.channel !== undefined
      ? { channel: normalizeChannel(q.channel) || q.channel.trim().toLowerCase() }
      : {}),
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

  app.route<RequestOf<typeof reportRoute>>({
    ...routeOf(reportRoute),
    config: { capability: 'teamReport' },
    handler: async (request): Promise<ReplyOf<typeof reportRoute>> =>
      withNames(names, await buildTeamReport(app.db, toReportQuery(request.query))),
  });

  app.route<RequestOf<typeof reportCsvRoute>>({
    ...routeOf(reportCsvRoute),
    config: { capability: 'teamReport' },
    handler: async (request, reply) => {
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
  });

  app.route<RequestOf<typeof reportAnswersCsvRoute>>({
    ...routeOf(reportAnswersCsvRoute),
    config: { capability: 'teamReport' },
    handler: async (request, reply) => {
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
  });

  app.route<RequestOf<typeof reportAnswersRoute>>({
    ...routeOf(reportAnswersRoute),
    config: { capability: 'teamReport' },
    handler: async (request): Promise<ReplyOf<typeof reportAnswersRoute>> => {
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
  });
}
