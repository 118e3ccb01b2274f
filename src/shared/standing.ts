/**
 * Where an agent stands, no sharper than the data: the funnel plot's control limits around the
 * team's % easy and the band of ranks the 95% intervals allow. No I/O; one implementation for the
 * service (report, CSV) and the app. Shares are fractions 0..1.
 */
import type { AgentRow, AgentStanding, Metrics } from './api-types.js';
import type { Scale } from './scales.js';
import { Z95 } from './scoring.js';

/** z for a two-sided 99.8% interval (the funnel plot's outer, "alarm" limits). */
export const Z998 = 3.090232306167813;

/** A funnel plot's control limits at n answers around the team share p0, all fractions 0..1. */
export interface FunnelLimits {
  n: number;
  low95: number;
  high95: number;
  low998: number;
  high998: number;
}

/**
 * The limits a share of n answers stays within by chance alone when the true share is the team's
 * p0: p0 ± z·√(p0(1−p0)/n), the normal approximation to the binomial, clamped to 0..1
 * (Spiegelhalter's funnel plot). Null without answers or without a team share.
 */
export function funnelLimits(p0: number | null, n: number): FunnelLimits | null {
  if (p0 === null || !Number.isFinite(p0) || n <= 0) return null;
  const se = Math.sqrt((p0 * (1 - p0)) / n);
  return {
    n,
    low95: clamp01(p0 - Z95 * se),
    high95: clamp01(p0 + Z95 * se),
    low998: clamp01(p0 - Z998 * se),
    high998: clamp01(p0 + Z998 * se),
  };
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

export type Expectation = 'above' | 'within' | 'below';

/**
 * Where a share of n answers stands against the team's p0: 'above' or 'below' only when it lies
 * outside the 95% limits (on the limit is within). Null when there is nothing to compare.
 */
export function expectationOf(
  p0: number | null,
  n: number,
  share: number | null,
): Expectation | null {
  const limits = funnelLimits(p0, n);
  if (!limits || share === null) return null;
  if (share > limits.high95) return 'above';
  if (share < limits.low95) return 'below';
  return 'within';
}

/** What agents are ranked on: the shrunk mean (one scale) or a shrunk % easy (across scales). */
export type RankMeasure = 'mean' | 'easy';

/** The ranks an agent could hold given the 95% intervals: "1–3" when three overlap. */
export interface RankBand {
  low: number;
  high: number;
}

/**
 * For each ranked agent, the band of ranks its 95% interval allows: best = 1 + the agents whose
 * interval lies wholly better than its own, worst = ranked agents − those wholly worse. An agent
 * without an interval overlaps everyone. The band always holds the agent's own rank.
 * `by` is the measure the ranking uses: the mean (its t interval; better per the scale's polarity)
 * or, when ranking across scales, % easy (its Wilson interval; higher is always better).
 */
export function rankBands(
  scale: Scale,
  rows: readonly AgentRow[],
  by: RankMeasure = 'mean',
): Map<number, RankBand> {
  const interval = (r: AgentRow) => (by === 'mean' ? r.metrics.meanInterval : r.metrics.easy);
  const better = by === 'easy' || scale.polarity === 'ease' ? 1 : -1;
  const ranked = rows.filter((r) => r.rank !== null);
  // On an ease scale "wholly better" means its low end is above my high end; flipped for effort.
  // Counted by binary search over the sorted ends (n log n: a team of 500 is 250,000 pairs).
  // NaN compares false with everything: such an end is never wholly better or worse, as before.
  const usable = (i: { low: number; high: number } | null | undefined) =>
    i && !Number.isNaN(i.low) && !Number.isNaN(i.high) ? i : null;
  // Each ranked agent's usable interval, once (thousands of agents: no intermediate lists).
  const mine = ranked.map((r) => usable(interval(r)));
  let known = 0;
  for (const i of mine) if (i) known++;
  const lows = new Float64Array(known);
  const highs = new Float64Array(known);
  let k = 0;
  for (const i of mine) {
    if (!i) continue;
    lows[k] = i.low;
    highs[k++] = i.high;
  }
  lows.sort();
  highs.sort();
  /** How many of `sorted` are strictly above `x`, and strictly below it. */
  const countAbove = (sorted: Float64Array, x: number) => sorted.length - upperBound(sorted, x);
  const countBelow = (sorted: Float64Array, x: number) => lowerBound(sorted, x);
  const bands = new Map<number, RankBand>();
  ranked.forEach((row, index) => {
    const own = mine[index];
    // An interval is never wholly better or worse than itself (low ≤ high), so it counts in neither.
    const higher = own ? countAbove(lows, own.high) : 0;
    const lower = own ? countBelow(highs, own.low) : 0;
    const above = better > 0 ? higher : lower;
    const below = better > 0 ? lower : higher;
    const rank = row.rank as number;
    bands.set(row.agentId, {
      low: Math.min(rank, 1 + above),
      high: Math.max(rank, ranked.length - below),
    });
  });
  return bands;
}

/** The first index whose value is ≥ x (sorted ascending). */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose value is > x (sorted ascending). */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One agent's place on the funnel plot and in the table: the band of ranks and the mark. */
export type { AgentStanding };

/** Every agent's standing: rank band (95% intervals) and funnel mark on % easy vs the team. */
export function agentStandings(
  scale: Scale,
  team: Pick<Metrics, 'easy'>,
  rows: readonly AgentRow[],
  by: RankMeasure = 'mean',
): AgentStanding[] {
  const bands = rankBands(scale, rows, by);
  const p0 = team.easy?.value ?? null;
  return rows.map((r) => ({
    agentId: r.agentId,
    rankBand: bands.get(r.agentId) ?? null,
    expectation: expectationOf(p0, r.metrics.n, r.metrics.easy?.value ?? null),
  }));
}
