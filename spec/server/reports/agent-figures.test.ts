import fc from 'fast-check';
import type { TallyRow } from '../../../src/server/reports/report-queries.js';
import {
  agentFigures,
  combine,
  csatOf,
  metricsOf,
} from '../../../src/server/reports/team-report.js';
import type { ScaleInPeriod } from '../../../src/shared/api-types.js';
import { SCALES, type ScaleId } from '../../../src/shared/scales.js';

const SCALE_IDS = Object.keys(SCALES) as ScaleId[];

/** An agent tally row as the rollups sum it: a point's count may be 0 (an answer deleted). */
const agentRow = fc.record({
  agent: fc.constantFrom<number | null>(null, 1, 2, 3, 4),
  scaleId: fc.constantFrom(...SCALE_IDS),
  counts: fc.array(fc.nat({ max: 4 }), { minLength: 10, maxLength: 10 }),
  csatGood: fc.nat({ max: 3 }),
  csatBad: fc.nat({ max: 3 }),
  sent: fc.nat({ max: 9 }),
  responded: fc.nat({ max: 9 }),
});

describe("agentFigures (the agent table's figures read straight from the rows)", () => {
  it('gives every agent what metricsOf and csatOf give for its combined rows', () => {
    fc.assert(
      fc.property(
        fc.array(agentRow, { maxLength: 24 }),
        fc.shuffledSubarray(SCALE_IDS, { minLength: 1 }),
        (drawn, listed) => {
          // One row per agent and scale, as the query returns them, in the period's scale order.
          const seen = new Set<string>();
          const place = (id: ScaleId) => listed.indexOf(id);
          const rows: TallyRow[] = drawn
            .filter((r) => {
              const id = `${r.agent} ${r.scaleId}`;
              return !seen.has(id) && seen.add(id);
            })
            .map((r) => ({
              kind: 'agent' as const,
              key: r.agent,
              scaleId: r.scaleId,
              counts: r.counts,
              csatGood: r.csatGood,
              csatBad: r.csatBad,
              sent: r.sent,
              responded: r.responded,
              reminded: 0,
              afterReminder: 0,
              firstDay: null,
              lastDay: null,
            }))
            .sort((a, b) => place(a.scaleId) - place(b.scaleId));
          const scales: ScaleInPeriod[] = listed.map((scaleId) => ({
            scaleId,
            n: 1,
            firstDay: '2026-11-02',
            lastDay: '2026-11-15',
          }));
          const expected = [...combine(rows, 'agent')]
            .filter((e): e is [number, NonNullable<(typeof e)[1]>] => typeof e[0] === 'number')
            .map(([agentId, c]) => ({ agentId, metrics: metricsOf(c, scales), csat: csatOf(c) }))
            .sort((a, b) => a.agentId - b.agentId);
          const actual = agentFigures(rows, scales).sort((a, b) => a.agentId - b.agentId);
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
