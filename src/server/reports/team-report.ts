/**
 * Over 400 lines on purpose: the team report, its answer listings and the sidebar's summary are
 * built from the same tallies, and one file keeps them one definition each.
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
  ScaleInPeriod,
  ShareWithInterval,
  TrendPoint,
} from '../../shared/api-types.js';
import { MAX_ANSWERS_PAGE } from '../../shared/contract/report.js';
import { getScale, SCALES, type Scale, type ScaleId } from '../../shared/scales.js';
import {
  bandOf,
  combineMetrics,
  countOfShare,
  driverShares,
  metricsOfSummaries,
  rankAgents,
  summarizeCounts,
  weeklyTrendAcross,
  wilsonInterval,
  type ScaledTally,
  type TallySummary,
} from '../../shared/scoring.js';
import { comparePeriods } from '../../shared/comparison.js';
import { previousPeriod } from '../../shared/period-days.js';
import { agentStandings } from '../../shared/standing.js';
import { getSettings } from '../settings/settings-repository.js';
import { readAccountTimeZone } from '../setup/zendesk-state.js';
import { dayIn, resolvePeriod, type Period } from './period.js';
import { resolutionPaths, tallyPaths } from './resolution-paths.js';
import {
  listAnswers,
  tallyDrivers,
  tallyPeriod,
  type AnswerCursor,
  type AnswerRow,
  type DriverRow,
  type ReportScope,
  type TallyRow,
} from './report-queries.js';

/** How many of the newest difficult answers the report carries; the rest are a page away. */
export const HIGH_EFFORT_IN_REPORT = 20;
/** The largest page of answers one request returns (the contract's bound on `limit`). */
export { MAX_ANSWERS_PAGE };

export interface ReportQuery {
  /** A resolved period, or from/to (YYYY-MM-DD) resolved in the account's time zone. */
  period: Period | { from?: string; to?: string };
  groupId?: number;
  brandId?: number;
  channel?: string;
  /** Only answers on this scale; default: every scale (each answer on its own scale). */
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

/** One entry per key of a kind: its answers per scale and its deliveries summed over scales. */
export interface Combined {
  byScale: Map<ScaleId, Map<number, number>>;
  sent: number;
  responded: number;
  /** Of those sent, reminded once, and answered after the reminder. */
  reminded: number;
  afterReminder: number;
  csatGood: number;
  csatBad: number;
}

export function combine(
  rows: readonly TallyRow[],
  kind: TallyRow['kind'],
): Map<TallyRow['key'], Combined> {
  const out = new Map<TallyRow['key'], Combined>();
  for (const r of rows) {
    if (r.kind !== kind) continue;
    let c = out.get(r.key);
    if (!c) {
      c = {
        byScale: new Map(),
        sent: 0,
        responded: 0,
        reminded: 0,
        afterReminder: 0,
        csatGood: 0,
        csatBad: 0,
      };
      out.set(r.key, c);
    }
    if (r.counts.some((n) => n !== 0)) c.byScale.set(r.scaleId, tallyOfCounts(r.counts));
    c.sent += r.sent;
    c.responded += r.responded;
    c.reminded += r.reminded;
    c.afterReminder += r.afterReminder;
    c.csatGood += r.csatGood;
    c.csatBad += r.csatBad;
  }
  return out;
}

/** The scales with answers, in the order they were in use (last day, then first day). */
function scalesOf(rows: readonly TallyRow[]): ScaleInPeriod[] {
  return rows
    .filter((r) => r.kind === 'team' && r.firstDay !== null && r.lastDay !== null)
    .map((r) => ({
      scaleId: r.scaleId,
      n: r.counts.reduce((a, b) => a + b, 0),
      firstDay: r.firstDay as string,
      lastDay: r.lastDay as string,
    }))
    .sort(
      (a, b) =>
        a.lastDay.localeCompare(b.lastDay) ||
        a.firstDay.localeCompare(b.firstDay) ||
        a.scaleId.localeCompare(b.scaleId),
    );
}

/** Scales in the order of `scales`, so every `means` list reads oldest scale first. */
function ordered(byScale: ScaledTally, scales: readonly ScaleInPeriod[]): ScaledTally {
  // Most rows are in order already (one scale, or tallies sorted by inScaleOrder): kept as they are.
  let at = -1;
  let inOrder = true;
  for (const id of byScale.keys()) {
    const i = scales.findIndex((s) => s.scaleId === id);
    if (i <= at) {
      inOrder = false;
      break;
    }
    at = i;
  }
  if (inOrder) return byScale;
  return new Map(
    scales.flatMap((s) =>
      byScale.has(s.scaleId) ? [[s.scaleId, byScale.get(s.scaleId)!] as const] : [],
    ),
  );
}

/** Tally rows sorted (in place) by their scale's place in `scales`, for `combine` and `ordered`. */
function inScaleOrder(rows: TallyRow[], scales: readonly ScaleInPeriod[]): TallyRow[] {
  const place = new Map(scales.map((s, i) => [s.scaleId, i]));
  return rows.sort((a, b) => (place.get(a.scaleId) ?? -1) - (place.get(b.scaleId) ?? -1));
}

/**
 * Each agent's figures from its tally rows (kind 'agent'): what metricsOf and csatOf give for the
 * agent's combined rows, read straight from the rows' counts (a team of 5,000 over two scales is
 * 10,000 rows a report: no Map per row). Rows must be in the period's scale order (inScaleOrder);
 * a scale the period does not list is left out, as `ordered` leaves it out. Unassigned answers
 * (key null) count for the team only.
 */
export function agentFigures(
  tallies: readonly TallyRow[],
  scales: readonly ScaleInPeriod[],
): Array<{ agentId: number; metrics: Metrics; csat: ShareWithInterval | null }> {
  interface Acc {
    scales: Scale[];
    summaries: TallySummary[];
    sent: number;
    responded: number;
    csatGood: number;
    csatBad: number;
  }
  const listed = new Set(scales.map((s) => s.scaleId));
  const byAgent = new Map<number, Acc>();
  for (const r of tallies) {
    if (r.kind !== 'agent' || typeof r.key !== 'number') continue;
    let a = byAgent.get(r.key);
    if (!a) {
      a = { scales: [], summaries: [], sent: 0, responded: 0, csatGood: 0, csatBad: 0 };
      byAgent.set(r.key, a);
    }
    if (listed.has(r.scaleId)) {
      const scale = getScale(r.scaleId);
      const summary = summarizeCounts(scale, r.counts);
      if (summary.n > 0) {
        a.scales.push(scale);
        a.summaries.push(summary);
      }
    }
    a.sent += r.sent;
    a.responded += r.responded;
    a.csatGood += r.csatGood;
    a.csatBad += r.csatBad;
  }
  const oneScale = scales.length <= 1;
  const out: Array<{ agentId: number; metrics: Metrics; csat: ShareWithInterval | null }> = [];
  for (const [agentId, a] of byAgent) {
    out.push({
      agentId,
      metrics: metricsOfSummaries(
        a.scales,
        a.summaries,
        { sent: a.sent, responded: a.responded },
        oneScale,
      ),
      csat: csatOf(a),
    });
  }
  return out;
}

export function metricsOf(c: Combined | undefined, scales: readonly ScaleInPeriod[]): Metrics {
  return combineMetrics(
    ordered(c?.byScale ?? new Map(), scales),
    { sent: c?.sent ?? 0, responded: c?.responded ?? 0 },
    scales.length <= 1,
  );
}

const NOTHING_SENT = { sent: 0, responded: 0, reminded: 0, afterReminder: 0 } as const;

/**
 * The reminder's figures, from the same rollup rows as the tiles' sent and responded (one
 * definition each): a survey counts as reminded where it counts as sent (migration 024).
 */
function reminderFigures(
  delivery: Pick<Combined, 'sent' | 'responded' | 'reminded' | 'afterReminder'>,
): ReportResponse['reminders'] {
  const { sent, responded, reminded, afterReminder } = delivery;
  return {
    sent,
    reminded,
    answersAfterReminder: afterReminder,
    rateWith: sent ? responded / sent : null,
    rateWithout: sent ? (responded - afterReminder) / sent : null,
  };
}

export function csatOf(
  c: Pick<Combined, 'csatGood' | 'csatBad'> | undefined,
): ShareWithInterval | null {
  return c ? wilsonInterval(c.csatGood, c.csatGood + c.csatBad) : null;
}

export function trendOf(
  rows: readonly TallyRow[],
  scales: readonly ScaleInPeriod[],
  fromDay: string,
  toDay: string,
): TrendPoint[] {
  const weeks = new Map<string, ScaledTally>();
  for (const [key, c] of combine(rows, 'week')) weeks.set(String(key), ordered(c.byScale, scales));
  return weeklyTrendAcross(weeks, fromDay, toDay, scales.length <= 1);
}

function toReportAnswer(r: AnswerRow): ReportAnswer {
  return { ...r, band: bandOf(getScale(r.scaleId), r.score) };
}

/** Every (scale, point) whose band is `band`, on the scales asked for. */
function pointsIn(band: 'easy' | 'neutral' | 'difficult', scaleIds: readonly ScaleId[]) {
  return scaleIds.flatMap((scaleId) => {
    const scale = getScale(scaleId);
    const out: Array<{ scaleId: ScaleId; score: number }> = [];
    for (let score = scale.min; score <= scale.max; score++) {
      if (bandOf(scale, score) === band) out.push({ scaleId, score });
    }
    return out;
  });
}

/** Difficult answers per reason: each answer's reason counts when its own scale calls it difficult. */
export function difficultDriverCounts(rows: readonly DriverRow[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    const count = getScale(r.scaleId).difficult.reduce((sum, p) => sum + (r.counts[p - 1] ?? 0), 0);
    if (count > 0) out.set(r.driver, (out.get(r.driver) ?? 0) + count);
  }
  return out;
}

/** Answers per point of a scale, every point listed (0 when none), from a scaled tally. */
export function pointCounts(
  byScale: ScaledTally | undefined,
  id: ScaleId,
): Array<{ score: number; count: number }> {
  const scale = getScale(id);
  const tally = byScale?.get(id);
  const counts: Array<{ score: number; count: number }> = [];
  for (let score = scale.min; score <= scale.max; score++) {
    counts.push({ score, count: tally?.get(score) ?? 0 });
  }
  return counts;
}

/** The query's period: given as days, or from/to resolved in the account's time zone. */
export async function periodOf(db: Queryable, q: ReportQuery): Promise<Period> {
  if ('fromDay' in q.period) return q.period;
  return resolvePeriod(q.period, new Date(), await readAccountTimeZone(db));
}

export function scopeOf(q: ReportQuery, period: Period): ReportScope {
  return {
    fromDay: period.fromDay,
    toDay: period.toDay,
    timeZone: period.timeZone,
    scaleIds: q.scaleId ? [q.scaleId] : null,
    groupId: q.groupId ?? null,
    brandId: q.brandId ?? null,
    channel: q.channel ?? null,
  };
}

/** The report's figures; the routes add the names from Zendesk. */
export type TeamReport = Omit<ReportResponse, 'names'>;

/** Everything the team page shows for a period and filters, over every scale asked on. */
export async function buildTeamReport(db: Queryable, q: ReportQuery): Promise<TeamReport> {
  const period = await periodOf(db, q);
  const scope = scopeOf(q, period);
  const allScales = q.scaleId ? [q.scaleId] : (Object.keys(SCALES) as ScaleId[]);
  const before = previousPeriod(period.fromDay, period.toDay);
  // Independent queries side by side (each on its own pooled connection on PostgreSQL).
  const [settings, tallies, previousTallies, driverRows, highEffort, pathRows] = await Promise.all([
    getSettings(db),
    tallyPeriod(db, scope),
    // The previous period needs the team's figures only: one small grouping.
    tallyPeriod(
      db,
      { ...scope, fromDay: before.from, toDay: before.to },
      { agent: false, group: false, week: false },
    ),
    tallyDrivers(db, scope),
    listAnswers(db, scope, {
      points: pointsIn('difficult', allScales),
      limit: HIGH_EFFORT_IN_REPORT,
    }),
    tallyPaths(db, scope),
  ]);
  const scaleId = q.scaleId ?? settings.scaleId;

  const scales = scalesOf(tallies);
  inScaleOrder(tallies, scales);
  const oneScale = scales.length <= 1;
  const teamRow = combine(tallies, 'team').get(null);
  const team = metricsOf(teamRow, scales);
  const previousRow = combine(previousTallies, 'team').get(null);
  const previous = {
    ...before,
    team: metricsOf(previousRow, scalesOf(previousTallies)),
    changes: comparePeriods(
      {
        byScale: ordered(teamRow?.byScale ?? new Map(), scales),
        delivery: teamRow ?? NOTHING_SENT,
      },
      { byScale: previousRow?.byScale ?? new Map(), delivery: previousRow ?? NOTHING_SENT },
    ),
  };

  const agents = rankAgents(
    getScale(scales[0]?.scaleId ?? scaleId),
    agentFigures(tallies, scales),
    team.mean,
    settings.ranking,
    oneScale
      ? { measure: 'shrunkMean', teamEasy: team.easy?.value ?? null }
      : { measure: 'shrunkEasy', teamEasy: team.easy?.value ?? null },
  );

  const groups: GroupRow[] = [...combine(tallies, 'group')]
    .filter((e): e is [number, Combined] => typeof e[0] === 'number')
    .map(([groupId, c]) => ({ groupId, metrics: metricsOf(c, scales), csat: csatOf(c) }))
    .sort((a, b) => b.metrics.n - a.metrics.n || a.groupId - b.groupId);

  const difficultDrivers = difficultDriverCounts(driverRows);

  const countsOn = (id: ScaleId) => pointCounts(teamRow?.byScale, id);

  return {
    filters: {
      from: period.fromDay,
      to: period.toDay,
      ...(q.groupId !== undefined ? { groupId: q.groupId } : {}),
      ...(q.brandId !== undefined ? { brandId: q.brandId } : {}),
      ...(q.channel !== undefined ? { channel: q.channel } : {}),
    },
    scaleId,
    scales,
    timeZone: period.timeZone,
    team,
    agents,
    groups,
    distribution: countsOn(scaleId),
    distributions: scales.map((s) => ({ scaleId: s.scaleId, counts: countsOn(s.scaleId) })),
    trend: trendOf(tallies, scales, period.fromDay, period.toDay),
    // Out of every difficult answer, also those that named no reason.
    drivers: driverShares(difficultDrivers, countOfShare(team.difficult, team.n)),
    highEffort: highEffort.map(toReportAnswer),
    ranking: { ...settings.ranking, measure: oneScale ? 'shrunkMean' : 'shrunkEasy' },
    // Across scales the bands follow % easy, as the ranking does.
    standings: agentStandings(getScale(scaleId), team, agents, oneScale ? 'mean' : 'easy'),
    paths: resolutionPaths(pathRows, scales),
    previous,
    reminders: reminderFigures(teamRow ?? NOTHING_SENT),
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
  return Buffer.from(JSON.stringify([c.solvedAt, c.surveyId])).toString('base64url');
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
      return { solvedAt: value[0], surveyId: value[1] as number };
    }
  } catch {
    // Falls through to the error below: the cursor was not ours.
  }
  throw new CursorError();
}

/** The answers behind a figure, newest solve first, one page at a time, on every scale. */
export async function listReportAnswers(
  db: Queryable,
  q: AnswersQuery,
): Promise<ReportAnswersResponse> {
  const period = await periodOf(db, q);
  const scope = { ...scopeOf(q, period), agentId: q.agentId ?? null };
  const scaleIds = q.scaleId ? [q.scaleId] : (Object.keys(SCALES) as ScaleId[]);
  const limit = Math.min(Math.max(1, q.limit), MAX_ANSWERS_PAGE);
  // One row more than asked tells whether another page exists without a count query.
  const rows = await listAnswers(db, scope, {
    points: q.band ? pointsIn(q.band, scaleIds) : undefined,
    driver: q.driver ?? null,
    limit: limit + 1,
    after: q.cursor ? decodeCursor(q.cursor) : null,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toReportAnswer),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ solvedAt: last.solvedAt, surveyId: last.surveyId })
        : null,
  };
}

export const DEFAULT_SUMMARY_DAYS = [30, 90] as const;

/**
 * An agent's own figures (the sidebar's "your score"): for each N, the N days up to and including
 * today in the account's time zone, the same days the team page's default period covers, over
 * every scale (the same rules as the team page).
 */
export async function buildAgentSummary(
  db: Queryable,
  agentId: number,
  days: readonly number[] = DEFAULT_SUMMARY_DAYS,
  now: Date = new Date(),
): Promise<Omit<AgentSummaryResponse, 'agent'>> {
  const [settings, timeZone] = await Promise.all([getSettings(db), readAccountTimeZone(db)]);
  const toDay = dayIn(now, timeZone);
  const periods: AgentSummaryResponse['periods'] = [];
  for (const d of days) {
    const fromDay = new Date(Date.parse(`${toDay}T00:00:00Z`) - (d - 1) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const tallies = await tallyPeriod(
      db,
      { fromDay, toDay, agentId },
      { agent: false, group: false },
    );
    const scales = scalesOf(tallies);
    periods.push({
      days: d,
      from: fromDay,
      to: toDay,
      metrics: metricsOf(combine(tallies, 'team').get(null), scales),
      trend: trendOf(tallies, scales, fromDay, toDay),
      scales,
    });
  }
  return { agentId, scaleId: settings.scaleId, timeZone, periods };
}
