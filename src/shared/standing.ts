/**
 * Where an agent stands, no sharper than the data: the funnel plot's control limits around the
 * team's % easy and the band of ranks the 95% intervals allow. No I/O; one implementation for the
 * service (report, CSV) and the app. Shares are fractions 0..1.
 */
import type { AgentRow, Metrics } from './api-types.js';
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
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return {
    n,
    low95: clamp(p0 - Z95 * se),
    high95: clamp(p0 + Z95 * se),
    low998: clamp(p0 - Z998 * se),
    high998: clamp(p0 + Z998 * se),
  };
}

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
  const whollyBetter = (a: { low: number; high: number }, b: { low: number; high: number }) =>
    better > 0 ? a.low > b.high : a.high < b.low;
  const bands = new Map<number, RankBand>();
  for (const row of ranked) {
    const mine = interval(row);
    let above = 0;
    let below = 0;
    for (const other of ranked) {
      if (other === row) continue;
      const theirs = interval(other);
      if (!mine || !theirs) continue;
      if (whollyBetter(theirs, mine)) above++;
      else if (whollyBetter(mine, theirs)) below++;
    }
    const rank = row.rank as number;
    bands.set(row.agentId, {
      low: Math.min(rank, 1 + above),
      high: Math.max(rank, ranked.length - below),
    });
  }
  return bands;
}

/** One agent's place on the funnel plot and in the table: the band of ranks and the mark. */
export interface AgentStanding {
  agentId: number;
  rankBand: RankBand | null;
  expectation: Expectation | null;
}

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
