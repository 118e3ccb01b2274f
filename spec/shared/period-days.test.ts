import fc from 'fast-check';
import { blockOf, dayNumber, periodBlocks, periodWeeks } from '../../src/shared/period-days.js';

const DAY_MS = 86_400_000;
const dayOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** How often each day counts when the week rows and the signed day runs are summed. */
function coverage(from: string, to: string): Map<number, number> {
  const { weeks, days } = periodWeeks(from, to);
  const count = new Map<number, number>();
  const add = (n: number, by: number) => count.set(n, (count.get(n) ?? 0) + by);
  if (weeks) {
    for (let monday = dayNumber(weeks.from); monday <= dayNumber(weeks.to); monday += 7) {
      for (let d = 0; d < 7; d++) add(monday + d, 1);
    }
  }
  for (const run of days) {
    for (let n = dayNumber(run.from); n <= dayNumber(run.to); n++) add(n, run.sign);
  }
  return count;
}

describe('a period as week and day rollup rows', () => {
  it('reads whole ISO weeks (Monday to Sunday) as week rows only', () => {
    // 2026-11-02 is a Monday.
    expect(periodWeeks('2026-11-02', '2026-11-15')).toEqual({
      weeks: { from: '2026-11-02', to: '2026-11-09' },
      days: [],
    });
  });

  it('reads the last 30 days up to a Saturday as 5 weeks, 3 days added and 1 taken away', () => {
    expect(periodWeeks('2026-10-30', '2026-11-28')).toEqual({
      weeks: { from: '2026-11-02', to: '2026-11-23' },
      days: [
        { from: '2026-10-30', to: '2026-11-01', sign: 1 },
        { from: '2026-11-29', to: '2026-11-29', sign: -1 },
      ],
    });
  });

  it('reads a few days inside one week as days', () => {
    expect(periodWeeks('2026-11-04', '2026-11-06')).toEqual({
      weeks: null,
      days: [{ from: '2026-11-04', to: '2026-11-06', sign: 1 }],
    });
  });

  it('reads most of one week as the week less the days on either side', () => {
    expect(periodWeeks('2026-11-03', '2026-11-07')).toEqual({
      weeks: { from: '2026-11-02', to: '2026-11-02' },
      days: [
        { from: '2026-11-02', to: '2026-11-02', sign: -1 },
        { from: '2026-11-08', to: '2026-11-08', sign: -1 },
      ],
    });
  });

  it('counts every day of any period exactly once and no other day, with at most 3 day rows at each end', () => {
    const day = fc.integer({ min: dayNumber('2024-01-01'), max: dayNumber('2027-12-31') });
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 400 }), (first, length) => {
        const from = dayOf(first);
        const to = dayOf(first + length);
        const count = coverage(from, to);
        // Days counted other than once inside the period, or at all outside it.
        const wrong = [...count].filter(
          ([n, c]) => c !== (n >= first && n <= first + length ? 1 : 0),
        );
        expect(wrong.map(([n, c]) => `${dayOf(n)}: ${c}`)).toEqual([]);
        expect([...count].filter(([, c]) => c === 1)).toHaveLength(length + 1);
        const { days } = periodWeeks(from, to);
        expect(days.length).toBeLessThanOrEqual(2);
        for (const r of days)
          expect(dayNumber(r.to) - dayNumber(r.from) + 1).toBeLessThanOrEqual(3);
      }),
      { numRuns: 500 },
    );
  });
});

describe('whole weeks as 4-week block rows', () => {
  const mondays = fc
    .integer({ min: 0, max: 3000 })
    .map((k) => dayOf(dayNumber('2020-01-06') + 7 * k));

  it('starts blocks on 2001-01-01 and every 28 days from it, before and after', () => {
    expect(blockOf('2001-01-01')).toBe('2001-01-01');
    expect(blockOf('2001-01-22')).toBe('2001-01-01');
    expect(blockOf('2001-01-29')).toBe('2001-01-29');
    expect(blockOf('2000-12-25')).toBe('2000-12-04');
    expect(blockOf('2026-11-23')).toBe(
      dayOf(
        dayNumber('2001-01-01') +
          28 * Math.floor((dayNumber('2026-11-23') - dayNumber('2001-01-01')) / 28),
      ),
    );
  });

  it('covers every week of the run exactly once, with at most 3 loose weeks at each end', () => {
    fc.assert(
      fc.property(mondays, fc.integer({ min: 0, max: 60 }), (from, more) => {
        const to = dayOf(dayNumber(from) + 7 * more);
        const { blocks, weeks } = periodBlocks({ from, to });
        const covered: number[] = [];
        if (blocks) {
          for (let b = dayNumber(blocks.from); b <= dayNumber(blocks.to); b += 28) {
            expect(blockOf(dayOf(b))).toBe(dayOf(b));
            for (let w = 0; w < 4; w++) covered.push(b + 7 * w);
          }
        }
        for (const run of weeks) {
          expect(dayNumber(run.to) - dayNumber(run.from)).toBeLessThan(
            blocks ? 28 : 7 * (more + 1),
          );
          for (let w = dayNumber(run.from); w <= dayNumber(run.to); w += 7) covered.push(w);
        }
        const expected = Array.from({ length: more + 1 }, (_, i) => dayNumber(from) + 7 * i);
        expect(covered.sort((a, b) => a - b)).toEqual(expected);
        if (blocks)
          for (const run of weeks)
            expect(dayNumber(run.to) - dayNumber(run.from)).toBeLessThanOrEqual(14);
      }),
    );
  });
});
