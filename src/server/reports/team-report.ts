/**
 * The team page's figures and the sidebar's agent summary: SQL tallies (report-queries.ts) turned
 * into API shapes by the shared scoring module, so every figure has one formula.
 */
import type { Queryable } from '../db/database.js';
import type {
  AgentSummaryResponse,
  GroupRow,
  Metrics,
  ReportAnswer,
  ReportAnswersResponse,
  ReportResponse,
  ShareWithInterval,
} from '../../shared/api-types.js';
import { getScale, type Scale, type ScaleId } from '../../shared/scales.js';
import {
  bandOf,
  computeMetrics,
  countOfShare,
  driverShares,
  rankAgents,
  weeklyTrend,
  wilsonInterval,
} from '../../shared/scoring.js';
import { agentStandings } from '../../shared/standing.js';
import { getSettings } from '../settings/settings-repository.js';
import type { Period } from './period.js';
import {
  listAnswers,
  tallyDrivers,
  tallyPeriod,
  type AnswerCursor,
  type AnswerRow,
  type ReportScope,
  type TallyRow,
} from './report-queries.js';

/** How many of the newest difficult answers the report carries; the rest are a page away. */
export const HIGH_EFFORT_IN_REPORT = 20;
export const MAX_ANSWERS_PAGE = 100;

export interface ReportQuery {
  period: Period;
  groupId?: number;
  brandId?: number;
  channel?: string;
  /** The scale to report on; default: the one in settings (answers on other scales are left out). */
  scaleId?: ScaleId;
}

/** A tally (count per scale point) from a row's counts, where counts[p - 1] is point p. */
function tallyOfCounts(counts: readonly number[]): Map<number, number> {
  const tally = new Map<number, number>();
  counts.forEach((count, i) => {
    if (count !== 0) tally.set(i + 1, count);
  });
  return tally;
}

function rowsOf(rows: readonly TallyRow[], kind: TallyRow['kind']): Map<TallyRow['key'], TallyRow> {
  return new Map(rows.filter((r) => r.kind === kind).map((r) => [r.key, r]));
}

function metricsOf(scale: Scale, row: TallyRow | undefined): Metrics {
  return computeMetrics(scale, tallyOfCounts(row?.counts ?? []), {
    sent: row?.sent ?? 0,
    responded: row?.responded ?? 0,
  });
}

function csatOf(row: TallyRow | undefined): ShareWithInterval | null {
  return row ? wilsonInterval(row.csatGood, row.csatGood + row.csatBad) : null;
}

function weeksOf(rows: readonly TallyRow[]): Map<string, Map<number, number>> {
  const weeks = new Map<string, Map<number, number>>();
  for (const r of rows) if (r.kind === 'week') weeks.set(String(r.key), tallyOfCounts(r.counts));
  return weeks;
}

function toReportAnswer(scale: Scale, r: AnswerRow): ReportAnswer {
  return { ...r, band: bandOf(scale, r.score) };
}

function scopeOf(q: ReportQuery, scaleId: ScaleId): ReportScope {
  return {
    fromDay: q.period.fromDay,
    toDay: q.period.toDay,
    scaleId,
    groupId: q.groupId ?? null,
    brandId: q.brandId ?? null,
    channel: q.channel ?? null,
  };
}

/** Everything the team page shows for a period and filters. */
/** The report's figures; the routes add the names from Zendesk. */
export type TeamReport = Omit<ReportResponse, 'names'>;

export async function buildTeamReport(db: Queryable, q: ReportQuery): Promise<TeamReport> {
  const settings = await getSettings(db);
  const scale = getScale(q.scaleId ?? settings.scaleId);
  const scope = scopeOf(q, scale.id);
  const [tallies, driverRows, highEffort] = await Promise.all([
    tallyPeriod(db, scope),
    tallyDrivers(db, scope),
    listAnswers(db, scope, { scores: scale.difficult, limit: HIGH_EFFORT_IN_REPORT }),
  ]);

  const teamRow = rowsOf(tallies, 'team').get(null);
  const team = metricsOf(scale, teamRow);

  // Unassigned answers (key null) count for the team only.
  const agentRows = rowsOf(tallies, 'agent');
  const agents = rankAgents(
    scale,
    [...agentRows.values()]
      .filter((r): r is TallyRow & { key: number } => typeof r.key === 'number')
      .map((r) => ({ agentId: r.key, metrics: metricsOf(scale, r), csat: csatOf(r) })),
    team.mean,
    settings.ranking,
  );

  const groups: GroupRow[] = [...rowsOf(tallies, 'group').values()]
    .filter((r): r is TallyRow & { key: number } => typeof r.key === 'number')
    .map((r) => ({ groupId: r.key, metrics: metricsOf(scale, r), csat: csatOf(r) }))
    .sort((a, b) => b.metrics.n - a.metrics.n || a.groupId - b.groupId);

  const difficultDrivers = new Map<string, number>();
  for (const r of driverRows) {
    const count = scale.difficult.reduce((sum, p) => sum + (r.counts[p - 1] ?? 0), 0);
    if (count > 0) difficultDrivers.set(r.driver, count);
  }

  const distribution: ReportResponse['distribution'] = [];
  for (let score = scale.min; score <= scale.max; score++) {
    distribution.push({ score, count: teamRow?.counts[score - 1] ?? 0 });
  }

  return {
    filters: {
      from: q.period.fromDay,
      to: q.period.toDay,
      ...(q.groupId !== undefined ? { groupId: q.groupId } : {}),
      ...(q.brandId !== undefined ? { brandId: q.brandId } : {}),
      ...(q.channel !== undefined ? { channel: q.channel } : {}),
    },
    scaleId: scale.id,
    team,
    agents,
    groups,
    distribution,
    trend: weeklyTrend(scale, weeksOf(tallies), q.period.fromDay, q.period.toDay),
    // Out of every difficult answer, also those that named no reason.
    drivers: driverShares(difficultDrivers, countOfShare(team.difficult, team.n)),
    highEffort: highEffort.map((r) => toReportAnswer(scale, r)),
    ranking: { ...settings.ranking },
    standings: agentStandings(scale, team, agents),
  };
}

export interface AnswersQuery extends ReportQuery {
  agentId?: number;
  band?: 'easy' | 'neutral' | 'difficult';
  driver?: string;
  limit: number;
  cursor?: string;
}

/** A page cursor that is not one of ours (or is from another listing). */
export class CursorError extends Error {
  readonly statusCode = 400;
  readonly code = 'invalid_cursor';
  constructor() {
    super('The "cursor" is not valid: pass back the nextCursor of the previous page unchanged.');
    this.name = 'CursorError';
  }
}

export function encodeCursor(c: AnswerCursor): string {
  return Buffer.from(JSON.stringify([c.answeredAt, c.surveyId])).toString('base64url');
}

export function decodeCursor(raw: string): AnswerCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    // Only the exact form we hand out (toISOString): Date.parse takes text ("1") PostgreSQL refuses.
    if (
      Array.isArray(value) &&
      typeof value[0] === 'string' &&
      /^\d{4}-/.test(value[0]) &&
      !Number.isNaN(Date.parse(value[0])) &&
      new Date(value[0]).toISOString() === value[0] &&
      Number.isSafeInteger(value[1])
    ) {
      return { answeredAt: value[0], surveyId: value[1] as number };
    }
  } catch {
    // Falls through to the error below: the cursor was not ours.
  }
  throw new CursorError();
}

/** The answers behind a figure, newest first, one page at a time. */
export async function listReportAnswers(
  db: Queryable,
  q: AnswersQuery,
): Promise<ReportAnswersResponse> {
  const settings = await getSettings(db);
  const scale = getScale(q.scaleId ?? settings.scaleId);
  const scope = { ...scopeOf(q, scale.id), agentId: q.agentId ?? null };
  const scores = q.band
    ? Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i).filter(
        (s) => bandOf(scale, s) === q.band,
      )
    : undefined;
  const limit = Math.min(Math.max(1, q.limit), MAX_ANSWERS_PAGE);
  // One row more than asked tells whether another page exists without a count query.
  const rows = await listAnswers(db, scope, {
    scores,
    driver: q.driver ?? null,
    limit: limit + 1,
    after: q.cursor ? decodeCursor(q.cursor) : null,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => toReportAnswer(scale, r)),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ answeredAt: last.answeredAt, surveyId: last.surveyId })
        : null,
  };
}

export const DEFAULT_SUMMARY_DAYS = [30, 90] as const;
const DAY_MS = 86_400_000;

/**
 * An agent's own figures (the sidebar's "your score"): for each N, the N days up to and including
 * today (UTC), the same days the team page's default period covers.
 */
export async function buildAgentSummary(
  db: Queryable,
  agentId: number,
  days: readonly number[] = DEFAULT_SUMMARY_DAYS,
  now: Date = new Date(),
): Promise<Omit<AgentSummaryResponse, 'agent'>> {
  const settings = await getSettings(db);
  const scale = getScale(settings.scaleId);
  const toDay = now.toISOString().slice(0, 10);
  const periods: AgentSummaryResponse['periods'] = [];
  for (const d of days) {
    const fromDay = new Date(Date.parse(`${toDay}T00:00:00Z`) - (d - 1) * DAY_MS)
      .toISOString()
      .slice(0, 10);
    const tallies = await tallyPeriod(
      db,
      { fromDay, toDay, scaleId: scale.id, agentId },
      { agent: false, group: false },
    );
    periods.push({
      days: d,
      metrics: metricsOf(scale, rowsOf(tallies, 'team').get(null)),
      trend: weeklyTrend(scale, weeksOf(tallies), fromDay, toDay),
    });
  }
  return { agentId, scaleId: scale.id, periods };
}
