import fc from 'fast-check';
import { parseCounts } from '../../../src/server/reports/report-queries.js';

describe('parseCounts (the agent tally read as one text per row)', () => {
  it('reads what concat_ws writes: any integers, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -2_000_000, max: 2_000_000 }), { minLength: 1, maxLength: 16 }),
        (xs) => {
          expect(parseCounts(xs.join(','), xs.length)).toEqual(xs);
        },
      ),
    );
  });

  it('refuses anything else instead of reading it wrong', () => {
    for (const [text, length] of [
      ['', 1],
      ['1,2', 3],
      ['1,2,3', 2],
      ['1,,2', 3],
      ['1,x', 2],
      ['1.5', 1],
      ['--1', 1],
      ['1-', 1],
      ['1,', 1],
    ] as const) {
      expect(() => parseCounts(text, length)).toThrow();
    }
  });
});
