import { SCALES } from '../../src/shared/scales.js';
import {
  bandOf,
  computeMetrics,
  driverBase,
  driverShares,
  isoWeekStart,
  meanInterval,
  netEasyScore,
  rankAgents,
  responseRate,
  shrunkMean,
  sortAgentRows,
  summarize,
  tallyOf,
  tQuantile975,
  weekStartsBetween,
  weeklyTrend,
  wilsonInterval,
} from '../../src/shared/scoring.js';

const ces2 = SCALES.ces2_7;
const ces1 = SCALES.ces1_5;

describe('metrics on CES 2.0 (hand-computed)', () => {
  // n 8, sum 37, sum of squares 205; easy = {7,7,6,5,5}, difficult = {2,1}.
  const answers = [7, 7, 6, 5, 5, 4, 2, 1];
  const m = computeMetrics(ces2, tallyOf(answers), { sent: 10, responded: 8 });

  it('gives mean 4.625, 62.5% easy, 25% difficult, NES 37.5', () => {
    expect(m.n).toBe(8);
    expect(m.mean).toBe(4.625);
    expect(m.easy?.value).toBe(0.625);
    expect(m.difficult?.value).toBe(0.25);
    expect(m.netEasyScore).toBe(37.5);
    expect(m.responseRate).toBe(0.8);
    expect(m.sent).toBe(10);
    expect(m.responded).toBe(8);
  });

  it('gives the t interval of the mean: 4.625 ± 2.3646 × sqrt(33.875 / 7) / sqrt(8)', () => {
    // variance = (205 − 8 × 4.625²) / 7 = 4.839286; se = 0.777763; t(7) = 2.3646 → ± 1.839091.
    expect(m.meanInterval?.low).toBeCloseTo(2.78591, 4);
    expect(m.meanInterval?.high).toBeCloseTo(6.46409, 4);
  });

  it('gives the Wilson interval of % easy for 5 of 8', () => {
    // centre = (0.625 + z²/16) / (1 + z²/8) = 0.584449; half = 0.278707.
    expect(m.easy?.low).toBeCloseTo(0.305742, 5);
    expect(m.easy?.high).toBeCloseTo(0.863156, 5);
  });
});

describe('metrics on CES 1.0, where lower is easier', () => {
  it('counts 1–2 as easy and 4–5 as difficult', () => {
    const m = computeMetrics(ces1, tallyOf([1, 1, 2, 3, 4, 5]));
    expect(m.mean).toBeCloseTo(16 / 6, 12);
    expect(m.easy?.value).toBe(0.5);
    expect(m.difficult?.value).toBeCloseTo(1 / 3, 12);
    expect(m.netEasyScore).toBeCloseTo(100 / 6, 12);
    expect(m.responseRate).toBeNull();
    expect(bandOf(ces1, 1)).toBe('easy');
    expect(bandOf(ces1, 3)).toBe('neutral');
    expect(bandOf(ces1, 5)).toBe('difficult');
  });

  it('ranks the lower shrunk mean first', () => {
    const rows = [
      { agentId: 1, metrics: computeMetrics(ces1, tallyOf([4, 4, 4, 4, 4])) },
      { agentId: 2, metrics: computeMetrics(ces1, tallyOf([1, 1, 1, 1, 2])) },
    ];
    const ranked = rankAgents(ces1, rows, 3, { priorWeight: 5, minAnswers: 5 });
    expect(ranked.map((r) => [r.agentId, r.rank])).toEqual([
      [2, 1],
      [1, 2],
    ]);
  });
});

describe('empty and tiny samples', () => {
  it('has no figures without answers, and no mean interval under 2 answers', () => {
    const none = computeMetrics(ces2, new Map(), { sent: 3, responded: 0 });
    expect(none).toEqual({
      n: 0,
      sent: 3,
      responded: 0,
      mean: null,
      meanInterval: null,
      means: [],
      easy: null,
      difficult: null,
      netEasyScore: null,
      responseRate: 0,
    });
    const one = computeMetrics(ces2, tallyOf([6]));
    expect(one.mean).toBe(6);
    expect(one.meanInterval).toBeNull();
    expect(one.easy?.value).toBe(1);
  });

  it('keeps the mean interval inside the scale', () => {
    const i = meanInterval(ces2, summarize(ces2, tallyOf([7, 1])));
    expect(i).toEqual({ low: 1, high: 7 });
  });

  it('has no response rate when nothing was sent, and never more than 100%', () => {
    expect(responseRate(0, 0)).toBeNull();
    expect(responseRate(3, 2)).toBe(1);
    expect(netEasyScore({ n: 0, easy: 0, difficult: 0 })).toBeNull();
  });
});

describe('Wilson interval against published values', () => {
  // Newcombe (1998), Statistics in Medicine 17:857–872, Table I, method 3 (score, no correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i → %f to %f', (k, n, low, high) => {
    const w = wilsonInterval(k, n);
    expect(w?.low).toBeCloseTo(low, 4);
    expect(w?.high).toBeCloseTo(high, 4);
  });

  it('is null for n = 0', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('t quantiles', () => {
  it.each([
    [1, 12.7062],
    [7, 2.3646],
    [30, 2.0423],
    [40, 2.0211],
    [60, 2.0003],
    [120, 1.9799],
  ])('t(0.975, %i) = %f', (df, t) => {
    expect(tQuantile975(df)).toBeCloseTo(t, 4);
  });

  it('rejects a df below 1', () => {
    expect(() => tQuantile975(0)).toThrow(RangeError);
  });
});

describe('shrunk mean and ranking', () => {
  it('adds C pseudo-answers at the team mean', () => {
    // (2 × 7 + 10 × 4.625) / 12
    expect(shrunkMean(2, 7, 4.625, 10)).toBeCloseTo(60.25 / 12, 12);
    expect(shrunkMean(2, 7, 4.625, 0)).toBe(7);
    expect(shrunkMean(0, null, 4.625, 10)).toBeNull();
  });

  it('ranks by shrunk mean, shares a rank on ties and leaves agents under the minimum unranked', () => {
    const m = (answers: number[]) => computeMetrics(ces2, tallyOf(answers));
    const rows = [
      { agentId: 5, metrics: m([7, 7, 7, 7, 7]) }, // (35 + 50) / 15 = 5.667
      { agentId: 3, metrics: m([7, 7]) }, // under the minimum: never ranked on a mean of 2
      { agentId: 4, metrics: m(Array<number>(40).fill(6)) }, // (240 + 50) / 50 = 5.8
      { agentId: 2, metrics: m([7, 7, 7, 7, 7]) }, // ties with agent 5
      { agentId: 9, metrics: m(Array<number>(20).fill(3)) }, // (60 + 50) / 30 = 3.667
      { agentId: 8, metrics: computeMetrics(ces2, new Map(), { sent: 4, responded: 0 }) },
    ];
    const ranked = rankAgents(ces2, rows, 5, { priorWeight: 10, minAnswers: 5 });
    expect(ranked.map((r) => [r.agentId, r.rank])).toEqual([
      [4, 1],
      [2, 2],
      [5, 2],
      [9, 4],
      [3, null],
      [8, null],
    ]);
    expect(ranked[0]?.shrunkMean).toBeCloseTo(5.8, 12);
    expect(ranked[4]?.shrunkMean).toBeCloseTo(64 / 12, 12);
    expect(ranked[5]?.shrunkMean).toBeNull();
  });
});

describe('weekly trend', () => {
  it('buckets by ISO week starting Monday, in UTC', () => {
    expect(isoWeekStart('2026-11-23T00:00:00Z')).toBe('2026-11-23'); // a Monday
    expect(isoWeekStart('2026-11-22T23:59:59Z')).toBe('2026-11-16'); // the Sunday before
    expect(isoWeekStart('2026-11-29T23:59:59Z')).toBe('2026-11-23');
    expect(isoWeekStart('2027-01-01T12:00:00Z')).toBe('2026-12-28'); // across the new year
    expect(isoWeekStart('2026-11-23T01:00:00+02:00')).toBe('2026-11-16'); // 23:00 UTC Sunday
    expect(() => isoWeekStart('not a date')).toThrow(RangeError);
  });

  it('lists every week of the period and keeps empty weeks', () => {
    expect(weekStartsBetween('2026-11-01', '2026-11-23')).toEqual([
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
      '2026-11-23',
    ]);
    const trend = weeklyTrend(
      ces2,
      new Map([
        ['2026-11-09', tallyOf([7, 5, 2, 1])],
        ['2026-11-23', tallyOf([6])],
      ]),
      '2026-11-09',
      '2026-11-25',
    );
    expect(trend).toEqual([
      { weekStart: '2026-11-09', n: 4, mean: 3.75, easyShare: 0.5 },
      { weekStart: '2026-11-16', n: 0, mean: null, easyShare: null },
      { weekStart: '2026-11-23', n: 1, mean: 6, easyShare: 1 },
    ]);
  });
});

describe('driver shares among difficult answers', () => {
  it('orders by share, then driver id, with Wilson intervals', () => {
    const shares = driverShares(
      new Map([
        ['transferred', 2],
        ['took_too_long', 5],
        ['answer_unclear', 2],
        ['other', 0],
      ]),
      9,
    );
    expect(shares.map((s) => [s.driver, s.count, s.share.value])).toEqual([
      ['took_too_long', 5, 5 / 9],
      ['answer_unclear', 2, 2 / 9],
      ['transferred', 2, 2 / 9],
    ]);
    expect(shares[0]?.share).toEqual(wilsonInterval(5, 9));
  });

  it('divides by every difficult answer, also those that named no reason (2 of 7, not 2 of 5)', () => {
    // 7 difficult answers: 3 "took too long", 2 "transferred", 2 named none.
    const shares = driverShares(
      new Map([
        ['took_too_long', 3],
        ['transferred', 2],
      ]),
      7,
    );
    expect(shares.map((s) => [s.driver, s.count, s.share.value])).toEqual([
      ['took_too_long', 3, 3 / 7],
      ['transferred', 2, 2 / 7],
    ]);
    expect(shares[1]?.share).toEqual(wilsonInterval(2, 7));
    expect(driverBase({ n: 20, difficult: { value: 7 / 20, low: 0, high: 1 } }, shares)).toEqual({
      difficult: 7,
      named: 5,
      unnamed: 2,
    });
  });

  it('never divides by fewer answers than named a reason', () => {
    const shares = driverShares(new Map([['other', 3]]), 2);
    expect(shares[0]?.share.value).toBe(1);
  });
});

describe('sorting the agent table', () => {
  const m = (answers: number[]) => computeMetrics(ces2, tallyOf(answers));
  const rows = rankAgents(
    ces2,
    [
      { agentId: 3, metrics: m([7, 7, 7, 7, 7]) },
      { agentId: 1, metrics: m([1, 2, 3, 4, 5]) },
      { agentId: 2, metrics: m([]) },
      { agentId: 4, metrics: m([6]) },
    ],
    4,
    { priorWeight: 10, minAnswers: 5 },
  );

  it('sorts by a figure either way, ranked agents first, missing values last', () => {
    // Agent 4's one answer of 6 has a higher raw mean than agent 1's five, but 4 is not ranked.
    expect(sortAgentRows(rows, 'mean', 'desc').map((r) => r.agentId)).toEqual([3, 1, 4, 2]);
    expect(sortAgentRows(rows, 'mean', 'asc').map((r) => r.agentId)).toEqual([1, 3, 4, 2]);
    expect(sortAgentRows(rows, 'easy', 'desc').map((r) => r.agentId)).toEqual([3, 1, 4, 2]);
    expect(sortAgentRows(rows, 'rank').map((r) => r.agentId)).toEqual([3, 1, 2, 4]);
    expect(sortAgentRows(rows, 'n', 'desc').map((r) => r.agentId)).toEqual([1, 3, 4, 2]);
  });

  it('sorts by agent without regard to rank', () => {
    expect(sortAgentRows(rows, 'agentId').map((r) => r.agentId)).toEqual([1, 2, 3, 4]);
    expect(sortAgentRows(rows, 'agentId', 'desc').map((r) => r.agentId)).toEqual([4, 3, 2, 1]);
  });

  it('breaks ties by agent id and leaves its input alone', () => {
    const before = rows.map((r) => r.agentId);
    expect(sortAgentRows(rows, 'csat').map((r) => r.agentId)).toEqual([1, 3, 2, 4]);
    expect(rows.map((r) => r.agentId)).toEqual(before);
  });
});

describe('scale bands (docs/scales.md cites each)', () => {
  it.each(Object.values(SCALES))(
    '$id: easy and difficult mirror each other around the middle',
    (scale) => {
      const mirror = (p: number) => scale.min + scale.max - p;
      const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
      expect(sorted(scale.difficult.map(mirror))).toEqual(sorted(scale.easy));
    },
  );

  it('1–10: difficult 1–3, neutral 4–7, easy 8–10; one answer per point gives NES 0 as on CES 2.0', () => {
    const ease10 = SCALES.ease_10;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((p) => bandOf(ease10, p))).toEqual([
      'difficult',
      'difficult',
      'difficult',
      'neutral',
      'neutral',
      'neutral',
      'neutral',
      'easy',
      'easy',
      'easy',
    ]);
    const even10 = summarize(ease10, tallyOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const even7 = summarize(ces2, tallyOf([1, 2, 3, 4, 5, 6, 7]));
    expect(netEasyScore(even10)).toBe(0);
    expect(netEasyScore(even7)).toBe(0);
  });
});
