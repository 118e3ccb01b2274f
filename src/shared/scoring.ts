/**
 * Over 400 lines on purpose: every formula in one module, so no figure has two definitions.
 * Every CES formula, once. The service aggregates answers into tallies (count per scale point) in
 * SQL and builds the API shapes here; the app uses the same functions if it computes anything.
 * No I/O. Shares are fractions 0..1; the Net Easy Score is in points from −100 to 100.
 */
import type {
  AgentRow,
  DriverShare,
  Metrics,
  ScaleMean,
  ShareWithInterval,
  TrendPoint,
} from './api-types.js';
import type { AgentSortKey } from './agent-sort-keys.js';
import { getScale, isDifficult, isEasy, type Scale, type ScaleId } from './scales.js';

export { AGENT_SORT_KEYS, type AgentSortKey } from './agent-sort-keys.js';

/** Count of answers per scale point. */
export type Tally = ReadonlyMap<number, number>;

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** Counts answers per scale point. */
export function tallyOf(scores: Iterable<number>): Map<number, number> {
  const tally = new Map<number, number>();
  for (const s of scores) tally.set(s, (tally.get(s) ?? 0) + 1);
  return tally;
}

/** The sufficient statistics of a set of answers on one scale. */
export interface TallySummary {
  n: number;
  sum: number;
  sumOfSquares: number;
  easy: number;
  difficult: number;
}

export function summarize(scale: Scale, tally: Tally): TallySummary {
  const s = emptySummary();
  for (const [score, count] of tally) addPoint(s, scale, score, count);
  return s;
}

/**
 * summarize over counts per point (counts[p - 1] is the count of point p), as the rollup sums
 * come: the report's thousands of agent rows need no Map per row.
 */
export function summarizeCounts(scale: Scale, counts: readonly number[]): TallySummary {
  const s = emptySummary();
  for (let i = 0; i < counts.length; i++) addPoint(s, scale, i + 1, counts[i] as number);
  return s;
}

/**
 * An empty summary, its fields laid out as floating-point from the start (created fractional, then
 * zeroed). Created with small-integer fields, the first value stored in them that was not a small
 * integer changed the summaries' layout while reports ran; on Node 20 one field read in
 * metricsOfSummaries then re-learned on every later call, and the agent table's figures at 10M
 * answers took 27 ms a report instead of 15 from then on.
 */
function emptySummary(): TallySummary {
  const s = { n: 0.5, sum: 0.5, sumOfSquares: 0.5, easy: 0.5, difficult: 0.5 };
  s.n = s.sum = s.sumOfSquares = s.easy = s.difficult = 0;
  return s;
}

/** One point's answers into a summary (the one rule of summarize and summarizeCounts). */
function addPoint(s: TallySummary, scale: Scale, score: number, count: number): void {
  if (!(count > 0)) return;
  s.n += count;
  s.sum += score * count;
  s.sumOfSquares += score * score * count;
  if (isEasy(scale, score)) s.easy += count;
  if (isDifficult(scale, score)) s.difficult += count;
}

export function meanOf(summary: Pick<TallySummary, 'n' | 'sum'>): number | null {
  return summary.n > 0 ? summary.sum / summary.n : null;
}

/**
 * The share successes/n with its 95% Wilson score interval (good at small n and near 0 or 1,
 * where the normal approximation gives impossible bounds). Null when n is 0.
 */
export function wilsonInterval(successes: number, n: number, z = Z95): ShareWithInterval | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp float dust so the interval always holds the estimate and stays inside 0..1.
  return {
    value: p,
    low: Math.max(0, Math.min(p, centre - half)),
    high: Math.min(1, Math.max(p, centre + half)),
  };
}

/** Student's t 0.975 quantiles for 1..30 degrees of freedom (standard tables, 4 decimals). */
const T975 = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788,
  2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639,
  2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
];

/**
 * The numerators of the Cornish-Fisher terms of t's 0.975 quantile around z (computed once); each
 * is divided by its constant times df to the power as one divisor, as the expansion is written.
 */
const CORNISH_FISHER = (() => {
  const z = Z95;
  const [z3, z5, z7, z9] = [z ** 3, z ** 5, z ** 7, z ** 9];
  return [
    z3 + z,
    5 * z5 + 16 * z3 + 3 * z,
    3 * z7 + 19 * z5 + 17 * z3 - 15 * z,
    79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z,
  ] as const;
})();

/** The t quantile for a two-sided 95% interval with `df` degrees of freedom. */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`df must be a positive integer`);
  const tabled = T975[df - 1];
  if (tabled !== undefined) return tabled;
  // Cornish-Fisher expansion around z: accurate to 1e-5 beyond 30 degrees of freedom.
  const k = CORNISH_FISHER;
  return (
    Z95 +
    k[0] / (4 * df) +
    k[1] / (96 * df ** 2) +
    k[2] / (384 * df ** 3) +
    k[3] / (92160 * df ** 4)
  );
}

/** The 95% t interval of the mean, clamped to the scale; null under 2 answers. */
export function meanInterval(
  scale: Scale,
  summary: Pick<TallySummary, 'n' | 'sum' | 'sumOfSquares'>,
): { low: number; high: number } | null {
  const { n, sum, sumOfSquares } = summary;
  if (n < 2) return null;
  const mean = sum / n;
  // max(0, …): rounding can make the variance of identical answers a tiny negative number.
  const variance = Math.max(0, (sumOfSquares - n * mean * mean) / (n - 1));
  const half = (tQuantile975(n - 1) * Math.sqrt(variance)) / Math.sqrt(n);
  return {
    low: Math.max(scale.min, Math.min(mean, mean - half)),
    high: Math.min(scale.max, Math.max(mean, mean + half)),
  };
}

/** % easy − % difficult, in points. */
export function netEasyScore(summary: Pick<TallySummary, 'n' | 'easy' | 'difficult'>) {
  if (summary.n <= 0) return null;
  return (100 * (summary.easy - summary.difficult)) / summary.n;
}

/** Answered among the surveys sent in the period; null when none was sent. */
export function responseRate(responded: number, sent: number): number | null {
  if (sent <= 0) return null;
  return Math.min(1, Math.max(0, responded / sent));
}

/** Surveys sent in a period and how many of those were answered (at any time). */
export interface Delivery {
  sent: number;
  responded: number;
}

/** Every figure of one row (agent, group or team) from its tally and delivery counts. */
export function computeMetrics(
  scale: Scale,
  tally: Tally,
  delivery: Delivery = { sent: 0, responded: 0 },
): Metrics {
  return metricsOver([[scale, tally]], delivery, true);
}

/** Answers of one row (agent, group, week, team) split by the scale each was asked on. */
export type ScaledTally = ReadonlyMap<ScaleId, Tally>;

/**
 * Every figure of one row over answers on one or more scales. n, % easy, % difficult and NES add
 * up across scales, each answer classed by its own scale's bands; the mean is per scale
 * (`means`), and `mean` is filled only when the whole report is on one scale (`oneScale`), so a
 * column of means never mixes scales.
 */
export function combineMetrics(
  byScale: ScaledTally,
  delivery: Delivery = { sent: 0, responded: 0 },
  oneScale: boolean,
): Metrics {
  const parts: Array<readonly [Scale, Tally]> = [];
  for (const [id, tally] of byScale) parts.push([getScale(id), tally]);
  return metricsOver(parts, delivery, oneScale);
}

/** combineMetrics over scales given as data (computeMetrics passes its own scale object). */
function metricsOver(
  parts: ReadonlyArray<readonly [Scale, Tally]>,
  delivery: Delivery,
  oneScale: boolean,
): Metrics {
  const scales: Scale[] = [];
  const summaries: TallySummary[] = [];
  for (const [scale, tally] of parts) {
    scales.push(scale);
    summaries.push(summarize(scale, tally));
  }
  return metricsOfSummaries(scales, summaries, delivery, oneScale);
}

/**
 * Every figure of one row from its summary on each scale (`summaries[i]` on `scales[i]`, in the
 * order the means are listed): the one place a row's Metrics are formed from its counts.
 */
export function metricsOfSummaries(
  scales: readonly Scale[],
  summaries: readonly TallySummary[],
  delivery: Delivery,
  oneScale: boolean,
): Metrics {
  // One pass (a report ranks thousands of agents, so no list or pair per scale on the way).
  let n = 0;
  let easy = 0;
  let difficult = 0;
  const means: ScaleMean[] = [];
  for (let i = 0; i < summaries.length; i++) {
    const s = summaries[i] as TallySummary;
    const scale = scales[i] as Scale;
    n += s.n;
    easy += s.easy;
    difficult += s.difficult;
    if (s.n > 0) {
      means.push({ scaleId: scale.id, n: s.n, mean: meanOf(s), interval: meanInterval(scale, s) });
    }
  }
  const only = oneScale && means.length === 1 ? means[0] : undefined;
  return {
    n,
    sent: delivery.sent,
    responded: delivery.responded,
    mean: only ? only.mean : null,
    meanInterval: only ? only.interval : null,
    means,
    easy: wilsonInterval(easy, n),
    difficult: wilsonInterval(difficult, n),
    netEasyScore: netEasyScore({ n, easy, difficult }),
    responseRate: responseRate(delivery.responded, delivery.sent),
  };
}

/**
 * The mean with `priorWeight` pseudo-answers at the team mean (a Bayesian average): few answers
 * stay close to the team, many answers speak for themselves. Null without answers or prior.
 */
export function shrunkMean(
  n: number,
  mean: number | null,
  teamMean: number | null,
  priorWeight: number,
): number | null {
  if (teamMean === null || priorWeight <= 0) return n > 0 ? mean : null;
  if (n <= 0 || mean === null) return null;
  return (n * mean + priorWeight * teamMean) / (n + priorWeight);
}

/**
 * The share easy/n with `priorWeight` pseudo-answers at the team's share: comparable across
 * scales (each answer classed by its own scale), so it ranks a period that spans a scale change.
 */
export function shrunkShare(
  successes: number,
  n: number,
  teamShare: number | null,
  priorWeight: number,
): number | null {
  if (n <= 0) return null;
  if (teamShare === null || priorWeight <= 0) return successes / n;
  return (successes + priorWeight * teamShare) / (n + priorWeight);
}

/** What ranks agents: the shrunk mean on one scale, the shrunk % easy across scales. */
export type RankMeasure = 'shrunkMean' | 'shrunkEasy';

export interface RankingSettings {
  /** C: pseudo-answers at the team mean. */
  priorWeight: number;
  /** Agents with fewer answers are shown but not ranked. */
  minAnswers: number;
}

/** Shrunk means closer than this are a tie (they differ only by float rounding). */
const TIE_EPSILON = 1e-9;

/**
 * Agent rows with shrunk mean, shrunk % easy and rank (1 = least effort; equal measures share a
 * rank). The measure is the shrunk mean (`teamMean` as prior, the scale's polarity deciding which
 * way is better) or, across scales, the shrunk % easy (`teamEasy` as prior, higher is better).
 * Order: ranked agents by rank, then by more answers, then agent id; unranked agents after them
 * by more answers, then agent id. The input order never matters.
 */
export function rankAgents(
  scale: Scale,
  rows: ReadonlyArray<{ agentId: number; metrics: Metrics; csat?: ShareWithInterval | null }>,
  teamMean: number | null,
  ranking: RankingSettings,
  across: { measure: RankMeasure; teamEasy: number | null } = {
    measure: 'shrunkMean',
    teamEasy: null,
  },
): AgentRow[] {
  const byMean = across.measure === 'shrunkMean';
  const better = !byMean || scale.polarity === 'ease' ? 1 : -1;
  // One object per agent, ranked in place (a team of 5,000 is ranked on every report).
  const all: AgentRow[] = rows.map((r) => {
    const easyCount = Math.round((r.metrics.easy?.value ?? 0) * r.metrics.n);
    return {
      agentId: r.agentId,
      metrics: r.metrics,
      csat: r.csat ?? null,
      shrunkMean: shrunkMean(r.metrics.n, r.metrics.mean, teamMean, ranking.priorWeight),
      shrunkEasy: shrunkShare(easyCount, r.metrics.n, across.teamEasy, ranking.priorWeight),
      rank: null,
    };
  });
  const measureOf = (r: AgentRow) => (byMean ? r.shrunkMean : r.shrunkEasy);
  const byCountThenId = (a: AgentRow, b: AgentRow) =>
    b.metrics.n - a.metrics.n || a.agentId - b.agentId;
  const ranked = all
    .filter((r) => r.metrics.n >= ranking.minAnswers && measureOf(r) !== null)
    .sort((a, b) => {
      const d = better * ((measureOf(b) as number) - (measureOf(a) as number));
      return Math.abs(d) > TIE_EPSILON ? d : byCountThenId(a, b);
    });
  ranked.forEach((r, i) => {
    const prev = ranked[i - 1];
    const tied =
      prev !== undefined &&
      Math.abs((measureOf(prev) as number) - (measureOf(r) as number)) <= TIE_EPSILON;
    r.rank = tied ? prev.rank : i + 1;
  });
  const unranked = all.filter((r) => r.rank === null).sort(byCountThenId);
  return ranked.concat(unranked);
}

const DAY_MS = 86_400_000;

/** Monday (UTC) of the ISO week holding `at`, as YYYY-MM-DD. */
export function isoWeekStart(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not a date: ${String(at)}`);
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - sinceMonday);
  return new Date(monday).toISOString().slice(0, 10);
}

/** Every ISO week start from the week of `from` to the week of `to`, inclusive. */
export function weekStartsBetween(from: Date | string, to: Date | string): string[] {
  const first = Date.parse(isoWeekStart(from));
  const last = Date.parse(isoWeekStart(to));
  const weeks: string[] = [];
  for (let t = first; t <= last; t += 7 * DAY_MS)
    weeks.push(new Date(t).toISOString().slice(0, 10));
  return weeks;
}

/**
 * Weekly points from tallies keyed by week start; weeks without answers are kept (n 0) so a
 * chart shows the gap instead of joining its neighbours.
 */
export function weeklyTrend(
  scale: Scale,
  byWeek: ReadonlyMap<string, Tally>,
  from: Date | string,
  to: Date | string,
): TrendPoint[] {
  const weeks = new Set(weekStartsBetween(from, to));
  for (const w of byWeek.keys()) weeks.add(w);
  return [...weeks].sort().map((weekStart) => {
    const s = summarize(scale, byWeek.get(weekStart) ?? new Map());
    return {
      weekStart,
      n: s.n,
      mean: meanOf(s),
      easyShare: s.n > 0 ? s.easy / s.n : null,
    };
  });
}

/**
 * Weekly points over answers on one or more scales: n and % easy add up across scales, the mean
 * is per scale (`means`) and `mean` only when the report is on one scale.
 */
export function weeklyTrendAcross(
  byWeek: ReadonlyMap<string, ScaledTally>,
  from: Date | string,
  to: Date | string,
  oneScale: boolean,
): TrendPoint[] {
  const weeks = new Set(weekStartsBetween(from, to));
  for (const w of byWeek.keys()) weeks.add(w);
  return [...weeks].sort().map((weekStart) => {
    const m = combineMetrics(byWeek.get(weekStart) ?? new Map(), undefined, oneScale);
    return {
      weekStart,
      n: m.n,
      mean: m.mean,
      easyShare: m.easy?.value ?? null,
      means: m.means.map(({ scaleId, n, mean }) => ({ scaleId, n, mean })),
    };
  });
}

/**
 * Drivers among difficult answers, largest share first ("what to fix first"); equal counts in
 * driver id order. The denominator is every difficult answer in scope, `difficultAnswers`, also
 * those that named no reason: "2 of 7 difficult answers", never "2 of the 5 that named one".
 */
export function driverShares(
  counts: ReadonlyMap<string, number>,
  difficultAnswers: number,
): DriverShare[] {
  let named = 0;
  for (const c of counts.values()) named += Math.max(0, c);
  // Never below the named ones: a driver count cannot exceed the answers it was named on.
  const total = Math.max(difficultAnswers, named);
  return [...counts]
    .filter(([, count]) => count > 0)
    .sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0))
    .map(([driver, count]) => ({
      driver,
      count,
      share: wilsonInterval(count, total) as ShareWithInterval,
    }));
}

/** How many answers a share of n stands for (shares are k/n, so this is k exactly). */
export function countOfShare(share: ShareWithInterval | null, n: number): number {
  return share ? Math.round(share.value * n) : 0;
}

/** What the driver shares are out of: difficult answers, those that named a reason and not. */
export function driverBase(
  team: Pick<Metrics, 'n' | 'difficult'>,
  drivers: readonly DriverShare[],
): { difficult: number; named: number; unnamed: number } {
  const named = drivers.reduce((sum, d) => sum + d.count, 0);
  const difficult = Math.max(countOfShare(team.difficult, team.n), named);
  return { difficult, named, unnamed: difficult - named };
}

/** 'easy' | 'neutral' | 'difficult' of one answer on its scale. */
export function bandOf(scale: Scale, score: number): 'easy' | 'neutral' | 'difficult' {
  if (isEasy(scale, score)) return 'easy';
  if (isDifficult(scale, score)) return 'difficult';
  return 'neutral';
}

function sortValue(row: AgentRow, key: AgentSortKey): number | null {
  switch (key) {
    case 'rank':
      return row.rank;
    case 'agentId':
      return row.agentId;
    case 'n':
      return row.metrics.n;
    case 'mean':
      return row.metrics.mean;
    case 'easy':
      return row.metrics.easy?.value ?? null;
    case 'difficult':
      return row.metrics.difficult?.value ?? null;
    case 'netEasyScore':
      return row.metrics.netEasyScore;
    case 'responseRate':
      return row.metrics.responseRate;
    case 'shrunkMean':
      return row.shrunkMean;
    case 'shrunkEasy':
      return row.shrunkEasy;
    case 'csat':
      return row.csat?.value ?? null;
  }
}

/**
 * The agent table's order (the app's sortable table and the CSV export use this one function):
 * by `key`, rows without a value last whatever the direction, ties by agent id. Sorting by a
 * figure keeps ranked agents above those with too few answers to rank, so a raw mean of one
 * answer never tops the table; sorting by who the agent is does not.
 */
export function sortAgentRows(
  rows: readonly AgentRow[],
  key: AgentSortKey,
  order: 'asc' | 'desc' = 'asc',
): AgentRow[] {
  const sign = order === 'asc' ? 1 : -1;
  const byFigure = key !== 'agentId';
  return [...rows].sort((a, b) => {
    if (byFigure && (a.rank === null) !== (b.rank === null)) return a.rank === null ? 1 : -1;
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
      return a.agentId - b.agentId;
    }
    return sign * (va - vb) || a.agentId - b.agentId;
  });
}
