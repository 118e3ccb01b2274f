/**
 * The previous period beside the current one: each headline figure's change and whether it is
 * larger than noise, i.e. whether the 95% interval of the difference (current − previous) leaves
 * out 0. The tests are in docs/reports.md ("Previous period"). No I/O.
 */
import type { FigureChange, PeriodChanges } from './api-types.js';
import { getScale, type ScaleId } from './scales.js';
import {
  summarize,
  tQuantile975,
  wilsonInterval,
  Z95,
  type Delivery,
  type ScaledTally,
  type TallySummary,
} from './scoring.js';

const change = (difference: number, low: number, high: number): FigureChange => ({
  difference,
  low,
  high,
  beyondNoise: low > 0 || high < 0,
});

/**
 * The difference of two shares x1/n1 − x2/n2 with Newcombe's hybrid score interval (his method
 * 10: built from each share's Wilson interval), as fractions. Null when either n is 0.
 */
export function shareDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
): FigureChange | null {
  const a = wilsonInterval(x1, n1);
  const b = wilsonInterval(x2, n2);
  if (!a || !b) return null;
  const d = a.value - b.value;
  return change(
    d,
    d - Math.sqrt((a.value - a.low) ** 2 + (b.high - b.value) ** 2),
    d + Math.sqrt((a.high - a.value) ** 2 + (b.value - b.low) ** 2),
  );
}

/**
 * The difference of two means on one scale with Welch's t interval (unequal variances,
 * Welch–Satterthwaite degrees of freedom rounded down). Null under 2 answers on either side.
 */
export function meanDifference(
  current: Pick<TallySummary, 'n' | 'sum' | 'sumOfSquares'>,
  previous: Pick<TallySummary, 'n' | 'sum' | 'sumOfSquares'>,
): FigureChange | null {
  if (current.n < 2 || previous.n < 2) return null;
  const part = (s: Pick<TallySummary, 'n' | 'sum' | 'sumOfSquares'>) => {
    const mean = s.sum / s.n;
    // max(0, …): identical answers can round to a tiny negative variance.
    const variance = Math.max(0, (s.sumOfSquares - s.n * mean * mean) / (s.n - 1));
    return { mean, v: variance / s.n, n: s.n };
  };
  const a = part(current);
  const b = part(previous);
  const d = a.mean - b.mean;
  const se2 = a.v + b.v;
  // Every answer the same on both sides: no spread, so any difference is beyond noise.
  if (se2 === 0) return change(d, d, d);
  const df = se2 ** 2 / (a.v ** 2 / (a.n - 1) + b.v ** 2 / (b.n - 1));
  const half = tQuantile975(Math.max(1, Math.floor(df))) * Math.sqrt(se2);
  return change(d, d - half, d + half);
}

/**
 * The difference of two Net Easy Scores (points) with a normal interval from the multinomial
 * variance: each answer scores +1 (easy), 0 or −1 (difficult); NES = 100 × their mean, whose
 * variance is (pE + pD − (pE − pD)²) / n. Null when either n is 0.
 */
export function nesDifference(
  current: Pick<TallySummary, 'n' | 'easy' | 'difficult'>,
  previous: Pick<TallySummary, 'n' | 'easy' | 'difficult'>,
): FigureChange | null {
  if (current.n <= 0 || previous.n <= 0) return null;
  const part = (s: Pick<TallySummary, 'n' | 'easy' | 'difficult'>) => {
    const e = s.easy / s.n;
    const f = s.difficult / s.n;
    return { nes: 100 * (e - f), v: (e + f - (e - f) ** 2) / s.n };
  };
  const a = part(current);
  const b = part(previous);
  const d = a.nes - b.nes;
  const half = 100 * Z95 * Math.sqrt(a.v + b.v);
  return change(d, d - half, d + half);
}

/**
 * The difference of two counts over periods of the same length (answers): a normal interval for
 * the difference of two Poisson counts, n1 − n2 ± z √(n1 + n2).
 */
export function countDifference(current: number, previous: number): FigureChange {
  const d = current - previous;
  const half = Z95 * Math.sqrt(current + previous);
  return change(d, d - half, d + half);
}

/** A period's answers by scale and its deliveries: what comparePeriods needs of each side. */
export interface PeriodTally {
  byScale: ScaledTally;
  delivery: Delivery;
}

/** Totals across scales, each answer classed by its own scale's bands. */
function totals(byScale: ScaledTally) {
  const total = { n: 0, easy: 0, difficult: 0 };
  const perScale = new Map<ScaleId, TallySummary>();
  for (const [id, tally] of byScale) {
    const s = summarize(getScale(id), tally);
    if (s.n === 0) continue;
    perScale.set(id, s);
    total.n += s.n;
    total.easy += s.easy;
    total.difficult += s.difficult;
  }
  return { total, perScale };
}

/**
 * Every headline figure's change from the previous period to the current one. Shares, NES and
 * response rate combine across scales as the figures do; means are compared within one scale
 * only, for each scale with answers in both periods (in the current period's order).
 */
export function comparePeriods(current: PeriodTally, previous: PeriodTally): PeriodChanges {
  const a = totals(current.byScale);
  const b = totals(previous.byScale);
  const means: PeriodChanges['means'] = [];
  for (const [scaleId, s] of a.perScale) {
    const p = b.perScale.get(scaleId);
    const c = p ? meanDifference(s, p) : null;
    if (c) means.push({ scaleId, change: c });
  }
  return {
    n: countDifference(a.total.n, b.total.n),
    responseRate: shareDifference(
      current.delivery.responded,
      current.delivery.sent,
      previous.delivery.responded,
      previous.delivery.sent,
    ),
    easy: shareDifference(a.total.easy, a.total.n, b.total.easy, b.total.n),
    difficult: shareDifference(a.total.difficult, a.total.n, b.total.difficult, b.total.n),
    netEasyScore: nesDifference(a.total, b.total),
    means,
  };
}
