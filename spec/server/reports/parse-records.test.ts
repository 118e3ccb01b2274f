import fc from 'fast-check';
import { parseRecords } from '../../../src/server/reports/report-queries.js';

describe('parseRecords (the agent tally read as one text per scale)', () => {
  it('reads what string_agg of concat_ws writes: records of any integers, in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }).chain((width) =>
          fc.tuple(
            fc.constant(width),
            fc.array(
              fc.array(fc.integer({ min: -2_000_000, max: 2_000_000 }), {
                minLength: width,
                maxLength: width,
              }),
              { maxLength: 20 },
            ),
          ),
        ),
        ([width, records]) => {
          const text = records.map((r) => r.join(',')).join(';');
          expect(parseRecords(text, width)).toEqual(records.flat());
        },
      ),
    );
  });

  it('refuses anything else instead of reading it wrong', () => {
    for (const [text, width] of [
      ['1,2', 3],
      ['1,2,3', 2],
      ['1,2;3', 2],
      ['1,2;3,4,5', 2],
      ['1,2;', 2],
      [';1,2', 2],
      ['1,,2', 3],
      ['1,x', 2],
      ['1.5', 1],
      ['--1', 1],
      ['-', 1],
      ['1-', 1],
      ['1,', 1],
      ['1;;2', 1],
    ] as const) {
      expect(() => parseRecords(text, width)).toThrow();
    }
  });

  it('reads no record from an empty text (no agent in the period)', () => {
    expect(parseRecords('', 3)).toEqual([]);
  });
});
