/**
 * One agent's page: the agent's row of the team report (so its figures are the team page's, by
 * the same definitions), where it stands, and its own distribution, trend and reasons.
 */
import type { Queryable } from '../db/database.js';
import type { AgentReportResponse } from '../../shared/api-types.js';
import { countOfShare, driverShares } from '../../shared/scoring.js';
import { tallyAgentDrivers, tallyPeriod } from './report-queries.js';
import {
  buildTeamReport,
  combine,
  csatOf,
  difficultDriverCounts,
  metricsOf,
  periodOf,
  pointCounts,
  scopeOf,
  trendOf,
  type ReportQuery,
} from './team-report.js';

export type AgentReport = Omit<AgentReportResponse, 'agent'>;

export async function buildAgentReport(
  db: Queryable,
  agentId: number,
  q: ReportQuery,
): Promise<AgentReport> {
  // One period for both: the team's figures and the agent's cover the very same days.
  const period = await periodOf(db, q);
  const fixed: ReportQuery = { ...q, period };
  const scope = { ...scopeOf(fixed, period), agentId };
  const [team, tallies, driverRows] = await Promise.all([
    buildTeamReport(db, fixed),
    tallyPeriod(db, scope, { agent: false, group: false }),
    tallyAgentDrivers(db, scope),
  ]);
  // The team's scales decide one-scale or across-scales figures, as on the agent's team row.
  const own = combine(tallies, 'team').get(null);
  const row = team.agents.find((a) => a.agentId === agentId);
  const standing = team.standings.find((s) => s.agentId === agentId);
  const metrics = row?.metrics ?? metricsOf(own, team.scales);
  return {
    agentId,
    filters: team.filters,
    scaleId: team.scaleId,
    scales: team.scales,
    timeZone: team.timeZone,
    metrics,
    csat: row?.csat ?? csatOf(own),
    standing: {
      rank: row?.rank ?? null,
      rankBand: standing?.rankBand ?? null,
      expectation: standing?.expectation ?? null,
      shrunkMean: row?.shrunkMean ?? null,
      shrunkEasy: row?.shrunkEasy ?? null,
      ranked: team.agents.filter((a) => a.rank !== null).length,
    },
    team: team.team,
    ranking: team.ranking,
    distributions: team.scales
      .filter((s) => own?.byScale.has(s.scaleId))
      .map((s) => ({ scaleId: s.scaleId, counts: pointCounts(own?.byScale, s.scaleId) })),
    trend: trendOf(tallies, team.scales, period.fromDay, period.toDay),
    // Out of every difficult answer of the agent, also those that named no reason.
    drivers: driverShares(
      difficultDriverCounts(driverRows),
      countOfShare(metrics.difficult, metrics.n),
    ),
  };
}
