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

  it('covers every week of the run exactly once, in no more rows than without signs (an agent with rows every week)', () => {
    // Every run of 1 to 61 weeks from each of the 4 Mondays of a block, in two eras.
    const check = (from: string, more: number) => {
      const to = dayOf(dayNumber(from) + 7 * more);
      const { blocks, weeks } = periodBlocks({ from, to });
      // How often each week is counted: +1 per block or added week row, -1 per week taken away.
      const times = new Map<number, number>();
      const count = (week: number, sign: number) => times.set(week, (times.get(week) ?? 0) + sign);
      if (blocks) {
        for (let b = dayNumber(blocks.from); b <= dayNumber(blocks.to); b += 28) {
          expect(blockOf(dayOf(b))).toBe(dayOf(b));
          for (let w = 0; w < 4; w++) count(b + 7 * w, 1);
        }
      }
      let weekRows = 0;
      for (const run of weeks) {
        for (let w = dayNumber(run.from); w <= dayNumber(run.to); w += 7) {
          count(w, run.sign);
          weekRows++;
        }
        // A week is taken away only from a block read whole.
        if (run.sign < 0) expect(blocks).not.toBeNull();
      }
      const inRun = (w: number) => w >= dayNumber(from) && w <= dayNumber(to);
      const wrong: string[] = [];
      for (const [week, n] of times)
        if (n !== (inRun(week) ? 1 : 0)) wrong.push(`${dayOf(week)} ${n}`);
      for (let i = 0; i <= more; i++) {
        if (!times.has(dayNumber(from) + 7 * i))
          wrong.push(`${dayOf(dayNumber(from) + 7 * i)} missing`);
      }
      expect({ from, to, wrong }).toEqual({ from, to, wrong: [] });
      expect(weekRows).toBeLessThanOrEqual(4);
      // Never more rows than whole blocks with the loose weeks added (the reading without signs).
      let whole = 0;
      for (let w = dayNumber(from); w <= dayNumber(to); w += 7) {
        if (blockOf(dayOf(w)) === dayOf(w) && w + 21 <= dayNumber(to)) whole++;
      }
      const blockRows = blocks ? (dayNumber(blocks.to) - dayNumber(blocks.from)) / 28 + 1 : 0;
      expect(blockRows + weekRows).toBeLessThanOrEqual(whole + (more + 1 - 4 * whole));
    };
    for (const era of ['1999-12-27', '2026-10-05'])
      for (let k = 0; k < 4; k++)
        for (let more = 0; more <= 60; more++) check(dayOf(dayNumber(era) + 7 * k), more);
  });

  it('reads a block the run covers 3 weeks of as the block less the week outside', () => {
    // Blocks start 2026-10-05 and 2026-11-02; the run is the 3 weeks 2026-10-12 .. 2026-10-26.
    expect(periodBlocks({ from: '2026-10-12', to: '2026-10-26' })).toEqual({
      blocks: { from: '2026-10-05', to: '2026-10-05' },
      weeks: [{ from: '2026-10-05', to: '2026-10-05', sign: -1 }],
    });
    // The first 3 weeks of a block: the block less its last week. 2 weeks of a block stay 2 week
    // rows; 9 weeks from the second week of a block: a block less its first week, a whole block,
    // and the 2 weeks left.
    expect(periodBlocks({ from: '2026-10-05', to: '2026-10-19' })).toEqual({
      blocks: { from: '2026-10-05', to: '2026-10-05' },
      weeks: [{ from: '2026-10-26', to: '2026-10-26', sign: -1 }],
    });
    expect(periodBlocks({ from: '2026-10-19', to: '2026-10-26' })).toEqual({
      blocks: null,
      weeks: [{ from: '2026-10-19', to: '2026-10-26', sign: 1 }],
    });
    expect(periodBlocks({ from: '2026-10-12', to: '2026-12-07' })).toEqual({
      blocks: { from: '2026-10-05', to: '2026-11-02' },
      weeks: [
        { from: '2026-10-05', to: '2026-10-05', sign: -1 },
        { from: '2026-11-30', to: '2026-12-07', sign: 1 },
      ],
    });
  });
});
