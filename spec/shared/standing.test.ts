import fc from 'fast-check';
import type { AgentRow, Metrics } from '../../src/shared/api-types.js';
import { SCALES } from '../../src/shared/scales.js';
import {
  agentStandings,
  expectationOf,
  funnelLimits,
  rankBands,
  Z998,
} from '../../src/shared/standing.js';

const ces2 = SCALES.ces2_7;
const ces1 = SCALES.ces1_5;

describe('funnel limits (hand-computed: p0 ± z·√(p0(1−p0)/n), z 1.96 and 3.09)', () => {
  // n, p0 → standard error, then 95% and 99.8% limits, worked out by hand to 4 decimals.
  const table: Array<[number, number, number, number, number, number]> = [
    // p0 0.5, n 100: se 0.05; ±0.0980 and ±0.1545
    [0.5, 100, 0.402, 0.598, 0.3455, 0.6545],
    // p0 0.6, n 25: se √(0.24/25) = 0.09798; ±0.1920 and ±0.3028
    [0.6, 25, 0.408, 0.792, 0.2972, 0.9028],
    // p0 0.8, n 16: se √(0.16/16) = 0.1; ±0.1960 and ±0.3090
    [0.8, 16, 0.604, 0.996, 0.491, 1],
    // p0 0.9, n 4: se 0.15; ±0.2940 and ±0.4635, clamped at 1
    [0.9, 4, 0.606, 1, 0.4365, 1],
    // p0 0.25, n 3: se 0.25; ±0.4900 → clamped at 0
    [0.25, 3, 0, 0.74, 0, 1],
  ];
  it.each(table)('p0 %s at n %s', (p0, n, low95, high95, low998, high998) => {
    const l = funnelLimits(p0, n);
    expect(l?.n).toBe(n);
    expect(l?.low95).toBeCloseTo(low95, 3);
    expect(l?.high95).toBeCloseTo(high95, 3);
    expect(l?.low998).toBeCloseTo(low998, 3);
    expect(l?.high998).toBeCloseTo(high998, 3);
  });

  it('uses z = 3.0902 for the 99.8% limits', () => {
    expect(Z998).toBeCloseTo(3.0902, 4);
  });

  it('has no limits without answers or without a team share', () => {
    expect(funnelLimits(0.5, 0)).toBeNull();
    expect(funnelLimits(null, 10)).toBeNull();
  });
});

describe('above / within / below expectation', () => {
  it('marks a share outside the 95% limits, not one on them', () => {
    // p0 0.5, n 100: 95% limits 0.402..0.598.
    expect(expectationOf(0.5, 100, 0.6)).toBe('above');
    expect(expectationOf(0.5, 100, 0.4)).toBe('below');
    expect(expectationOf(0.5, 100, 0.55)).toBe('within');
    // The same 60% on 10 answers is within: the funnel is wide at small n (0.19..0.81).
    expect(expectationOf(0.5, 10, 0.6)).toBe('within');
    expect(expectationOf(0.5, 0, null)).toBeNull();
  });
});

function row(
  agentId: number,
  rank: number | null,
  interval: [number, number] | null,
  n = 20,
): AgentRow {
  const metrics: Metrics = {
    n,
    sent: n,
    responded: n,
    mean: interval ? (interval[0] + interval[1]) / 2 : null,
    meanInterval: interval ? { low: interval[0], high: interval[1] } : null,
    easy: null,
    difficult: null,
    netEasyScore: null,
    responseRate: null,
    means: [],
  };
  return { agentId, metrics, shrunkMean: metrics.mean, shrunkEasy: null, rank, csat: null };
}

describe('rank bands (hand-computed)', () => {
  it('gives overlapping agents one band and separated ones their own rank', () => {
    // A 6.0–6.8, B 5.6–6.4, C 5.2–6.1 all overlap A..C? A∩C: 6.0 ≤ 6.1, yes; D 3.0–4.0 is
    // wholly below all three; E unranked.
    const rows = [
      row(1, 1, [6.0, 6.8]),
      row(2, 2, [5.6, 6.4]),
      row(3, 3, [5.2, 6.1]),
      row(4, 4, [3.0, 4.0]),
      row(5, null, [1, 7], 2),
    ];
    const bands = rankBands(ces2, rows);
    expect(Object.fromEntries(bands)).toEqual({
      1: { low: 1, high: 3 },
      2: { low: 1, high: 3 },
      3: { low: 1, high: 3 },
      4: { low: 4, high: 4 },
    });
  });

  it('chains: A overlaps B, B overlaps C, A is wholly above C', () => {
    const rows = [row(1, 1, [6.0, 7.0]), row(2, 2, [5.0, 6.2]), row(3, 3, [4.0, 5.5])];
    expect(Object.fromEntries(rankBands(ces2, rows))).toEqual({
      1: { low: 1, high: 2 },
      2: { low: 1, high: 3 },
      3: { low: 2, high: 3 },
    });
  });

  it('reads "better" as lower on an effort scale (CES 1.0)', () => {
    const rows = [row(1, 1, [1.0, 1.5]), row(2, 2, [2.0, 3.0]), row(3, 3, [2.5, 3.5])];
    expect(Object.fromEntries(rankBands(ces1, rows))).toEqual({
      1: { low: 1, high: 1 },
      2: { low: 2, high: 3 },
      3: { low: 2, high: 3 },
    });
  });

  it('gives an agent without an interval the whole range', () => {
    const rows = [row(1, 1, [6, 7]), row(2, 2, null), row(3, 3, [1, 2])];
    expect(bands(rows)).toEqual({ 1: [1, 2], 2: [1, 3], 3: [2, 3] });
  });
});

describe('rank bands on % easy (ranking across scales)', () => {
  it('uses the Wilson intervals of % easy, higher better even on an effort scale', () => {
    const withEasy = (id: number, rank: number, low: number, high: number) => {
      const r = row(id, rank, [1, 5]);
      r.metrics.easy = { value: (low + high) / 2, low, high };
      return r;
    };
    // 1: 0.7–0.9 is wholly above 3: 0.2–0.5; 2: 0.45–0.75 overlaps both.
    const rows = [withEasy(1, 1, 0.7, 0.9), withEasy(2, 2, 0.45, 0.75), withEasy(3, 3, 0.2, 0.5)];
    expect(Object.fromEntries(rankBands(ces1, rows, 'easy'))).toEqual({
      1: { low: 1, high: 2 },
      2: { low: 1, high: 3 },
      3: { low: 2, high: 3 },
    });
  });
});

describe('rank bands, any team', () => {
  /** The definition, pair by pair: what the sorted counting must reproduce. */
  function pairwise(scale: typeof ces2, rows: AgentRow[], by: 'mean' | 'easy') {
    const interval = (r: AgentRow) => (by === 'mean' ? r.metrics.meanInterval : r.metrics.easy);
    const better = by === 'easy' || scale.polarity === 'ease' ? 1 : -1;
    const ranked = rows.filter((r) => r.rank !== null);
    const whollyBetter = (a: { low: number; high: number }, b: { low: number; high: number }) =>
      better > 0 ? a.low > b.high : a.high < b.low;
    const out = new Map<number, { low: number; high: number }>();
    for (const r of ranked) {
      let above = 0;
      let below = 0;
      for (const o of ranked) {
        const [mine, theirs] = [interval(r), interval(o)];
        if (o === r || !mine || !theirs) continue;
        if (whollyBetter(theirs, mine)) above++;
        else if (whollyBetter(mine, theirs)) below++;
      }
      out.set(r.agentId, {
        low: Math.min(r.rank as number, 1 + above),
        high: Math.max(r.rank as number, ranked.length - below),
      });
    }
    return out;
  }

  it('counts wholly better and worse intervals as comparing every pair would', () => {
    // Ends on a coarse grid, so ties (touching intervals) are common.
    const end = fc.integer({ min: 0, max: 12 }).map((x) => x / 2);
    const agent = fc.record({
      interval: fc.option(fc.tuple(end, end)),
      ranked: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(agent, { maxLength: 25 }),
        fc.constantFrom('mean' as const, 'easy' as const),
        fc.constantFrom(ces2, ces1),
        (agents, by, scale) => {
          let rank = 0;
          const rows = agents.map((a, i) => {
            const pair =
              a.interval && ([Math.min(...a.interval), Math.max(...a.interval)] as const);
            const r = row(i + 1, a.ranked ? ++rank : null, pair ? [pair[0], pair[1]] : null);
            if (by === 'easy') {
              r.metrics.easy = pair ? { value: pair[0], low: pair[0], high: pair[1] } : null;
            }
            return r;
          });
          expect(rankBands(scale, rows, by)).toEqual(pairwise(scale, rows, by));
        },
      ),
      { numRuns: 300 },
    );
  });
});

function bands(rows: AgentRow[]) {
  return Object.fromEntries([...rankBands(ces2, rows)].map(([id, b]) => [id, [b.low, b.high]]));
}

describe('agent standings', () => {
  it('joins the rank band and the funnel mark on % easy', () => {
    const a = row(1, 1, [6, 7], 100);
    a.metrics.easy = { value: 0.7, low: 0.6, high: 0.78 };
    const b = row(2, null, null, 2);
    b.metrics.easy = { value: 1, low: 0.34, high: 1 };
    expect(agentStandings(ces2, { easy: { value: 0.5, low: 0.4, high: 0.6 } }, [a, b])).toEqual([
      { agentId: 1, rankBand: { low: 1, high: 1 }, expectation: 'above' },
      { agentId: 2, rankBand: null, expectation: 'within' },
    ]);
  });
});
