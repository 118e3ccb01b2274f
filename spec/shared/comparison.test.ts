import {
  comparePeriods,
  countDifference,
  meanDifference,
  nesDifference,
  shareDifference,
} from '../../src/shared/comparison.js';
import { previousPeriod } from '../../src/shared/period-days.js';
import { SCALES } from '../../src/shared/scales.js';
import { summarize, tallyOf } from '../../src/shared/scoring.js';

const ces2 = SCALES.ces2_7;

describe('previous-period deltas: shares (Newcombe hybrid score interval, method 10)', () => {
  // Newcombe, "Interval estimation for the difference between independent proportions",
  // Statistics in Medicine 17 (1998) 873–890, Table II, method 10: his published bounds.
  it.each([
    [56, 70, 48, 80, 0.2, 0.0524, 0.3339, true],
    [9, 10, 3, 10, 0.6, 0.1705, 0.809, true],
    [6, 7, 2, 7, 4 / 7, 0.0582, 0.8062, true],
    [5, 56, 0, 29, 5 / 56, -0.0381, 0.1926, false],
  ])('%i/%i − %i/%i = %f (%f to %f), beyond noise: %s', (x1, n1, x2, n2, d, low, high, beyond) => {
    const c = shareDifference(x1, n1, x2, n2)!;
    expect(c.difference).toBeCloseTo(d, 12);
    expect(c.low).toBeCloseTo(low, 4);
    expect(c.high).toBeCloseTo(high, 4);
    expect(c.beyondNoise).toBe(beyond);
  });

  it('has nothing to compare when a period has no answers', () => {
    expect(shareDifference(3, 10, 0, 0)).toBeNull();
    expect(shareDifference(0, 0, 3, 10)).toBeNull();
  });
});

describe('previous-period deltas: means within one scale (Welch t interval)', () => {
  // Now 7 7 6 5 5 4 2 1: mean 4.625, s² = 4.839286, s²/n = 0.604911.
  // Before 6 5 5 4 3 3: mean 4.333333, s² = 1.466667, s²/n = 0.244444.
  // se = √0.849355 = 0.921605; Welch df = 0.849355² / (0.604911²/7 + 0.244444²/5) = 11.23 → 11;
  // t(11) = 2.2010; half = 2.028452; d = 0.291667.
  const now = summarize(ces2, tallyOf([7, 7, 6, 5, 5, 4, 2, 1]));
  const before = summarize(ces2, tallyOf([6, 5, 5, 4, 3, 3]));

  it('gives 0.2917 (−1.7368 to 2.3201): no change beyond noise', () => {
    const c = meanDifference(now, before)!;
    expect(c.difference).toBeCloseTo(0.291667, 5);
    expect(c.low).toBeCloseTo(-1.736785, 5);
    expect(c.high).toBeCloseTo(2.320119, 5);
    expect(c.beyondNoise).toBe(false);
  });

  it('is beyond noise when the means lie far apart for their spread', () => {
    // 7 7 7 6 vs 2 1 1 1: 6.75 − 1.25 = 5.5; s²/n = 0.0625 each; df = 0.125² / (2 × 0.0625² / 3) = 6;
    // t(6) = 2.4469; half = 2.4469 × √0.125 = 0.865113.
    const c = meanDifference(
      summarize(ces2, tallyOf([7, 7, 7, 6])),
      summarize(ces2, tallyOf([2, 1, 1, 1])),
    )!;
    expect(c.difference).toBe(5.5);
    expect(c.low).toBeCloseTo(4.634887, 5);
    expect(c.high).toBeCloseTo(6.365113, 5);
    expect(c.beyondNoise).toBe(true);
  });

  it('needs 2 answers on each side', () => {
    expect(meanDifference(summarize(ces2, tallyOf([7])), before)).toBeNull();
  });
});

describe('previous-period deltas: Net Easy Score (multinomial variance)', () => {
  // Each answer +1 easy, 0 neutral, −1 difficult; Var(NES) = (pE + pD − (pE − pD)²) / n, in 100².
  it('30 easy, 10 difficult of 60 vs 20, 15 of 50: +23.3 (−6.4 to +53.1), within noise', () => {
    // v1 = (40/60 − (20/60)²)/60 = 0.0092593; v2 = (35/50 − 0.1²)/50 = 0.0138;
    // half = 196.00 × √0.0230593 = 29.7632.
    const c = nesDifference(
      { n: 60, easy: 30, difficult: 10 },
      { n: 50, easy: 20, difficult: 15 },
    )!;
    expect(c.difference).toBeCloseTo(23.333333, 5);
    expect(c.low).toBeCloseTo(-6.42926, 4);
    expect(c.high).toBeCloseTo(53.09593, 4);
    expect(c.beyondNoise).toBe(false);
  });

  it('45 easy, 5 difficult of 60 vs 20, 15 of 50: +56.7 (28.8 to 84.6), beyond noise', () => {
    // v1 = (50/60 − (40/60)²)/60 = 0.0064815; half = 196.00 × √0.0202815 = 27.91245.
    const c = nesDifference({ n: 60, easy: 45, difficult: 5 }, { n: 50, easy: 20, difficult: 15 })!;
    expect(c.difference).toBeCloseTo(56.666667, 5);
    expect(c.low).toBeCloseTo(28.75422, 4);
    expect(c.high).toBeCloseTo(84.57911, 4);
    expect(c.beyondNoise).toBe(true);
  });
});

describe('previous-period deltas: answers (difference of two Poisson counts)', () => {
  it('60 vs 48: +12 ± 1.96 × √108 = (−8.37 to 32.37), within noise', () => {
    const c = countDifference(60, 48);
    expect(c.difference).toBe(12);
    expect(c.low).toBeCloseTo(-8.368543, 5);
    expect(c.high).toBeCloseTo(32.368543, 5);
    expect(c.beyondNoise).toBe(false);
  });

  it('100 vs 40: +60 ± 1.96 × √140 = (36.81 to 83.19), beyond noise', () => {
    const c = countDifference(100, 40);
    expect(c.low).toBeCloseTo(60 - 1.959964 * Math.sqrt(140), 5);
    expect(c.beyondNoise).toBe(true);
  });

  it('0 vs 0 is no change', () => {
    expect(countDifference(0, 0)).toEqual({ difference: 0, low: 0, high: 0, beyondNoise: false });
  });
});

describe('previous-period deltas across a scale change (hand table)', () => {
  // Now: CES 2.0 7 7 6 5 5 4 2 1 (5 easy, 2 difficult) + CES 1.0 1 2 5 (2 easy, 1 difficult):
  //   n 11, easy 7, difficult 3, NES 36.36; 11 of 20 sent answered.
  // Before: CES 2.0 6 5 5 4 3 3 (3 easy, 2 difficult): n 6, NES 16.67; 6 of 12 answered.
  const changes = comparePeriods(
    {
      byScale: new Map([
        ['ces2_7', tallyOf([7, 7, 6, 5, 5, 4, 2, 1])],
        ['ces1_5', tallyOf([1, 2, 5])],
      ]),
      delivery: { sent: 20, responded: 11 },
    },
    {
      byScale: new Map([['ces2_7', tallyOf([6, 5, 5, 4, 3, 3])]]),
      delivery: { sent: 12, responded: 6 },
    },
  );

  it('combines counts and shares across scales, each answer by its own scale', () => {
    expect(changes.n.difference).toBe(5);
    expect(changes.n.low).toBeCloseTo(-3.081139, 5);
    expect(changes.easy?.difference).toBeCloseTo(7 / 11 - 3 / 6, 12);
    expect(changes.easy?.low).toBeCloseTo(-0.284855, 5);
    expect(changes.easy?.high).toBeCloseTo(0.513876, 5);
    expect(changes.difficult?.difference).toBeCloseTo(3 / 11 - 2 / 6, 12);
    expect(changes.difficult?.low).toBeCloseTo(-0.467014, 5);
    expect(changes.difficult?.high).toBeCloseTo(0.315908, 5);
    expect(changes.netEasyScore?.difference).toBeCloseTo(19.69697, 4);
    expect(changes.netEasyScore?.low).toBeCloseTo(-69.01881, 4);
    expect(changes.netEasyScore?.high).toBeCloseTo(108.41275, 4);
    expect(changes.responseRate?.difference).toBeCloseTo(0.05, 12);
    expect(changes.responseRate?.low).toBeCloseTo(-0.272261, 5);
    expect(changes.responseRate?.high).toBeCloseTo(0.362108, 5);
    for (const c of [changes.n, changes.easy, changes.difficult, changes.netEasyScore])
      expect(c?.beyondNoise).toBe(false);
  });

  it('compares means only within a scale with answers in both periods', () => {
    expect(changes.means.map((m) => m.scaleId)).toEqual(['ces2_7']);
    expect(changes.means[0]!.change.difference).toBeCloseTo(0.291667, 5);
  });

  it('has no response-rate change when nothing was sent before', () => {
    const c = comparePeriods(
      { byScale: new Map([['ces2_7', tallyOf([7])]]), delivery: { sent: 1, responded: 1 } },
      { byScale: new Map(), delivery: { sent: 0, responded: 0 } },
    );
    expect(c.responseRate).toBeNull();
    expect(c.easy).toBeNull();
    expect(c.n).toMatchObject({ difference: 1 });
  });
});

describe('the previous period', () => {
  it.each([
    ['2026-11-02', '2026-11-15', '2026-10-19', '2026-11-01'],
    ['2026-11-23', '2026-11-23', '2026-11-22', '2026-11-22'],
    // 31 days of March 2024 → the 31 days before, through the leap day.
    ['2024-03-01', '2024-03-31', '2024-01-30', '2024-02-29'],
  ])('of %s – %s is %s – %s', (from, to, prevFrom, prevTo) => {
    expect(previousPeriod(from, to)).toEqual({ from: prevFrom, to: prevTo });
  });
});
