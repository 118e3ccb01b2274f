import fc from 'fast-check';
import { SCALES, type Scale } from '../../src/shared/scales.js';
import {
  computeMetrics,
  meanInterval,
  rankAgents,
  shrunkMean,
  summarize,
  tallyOf,
  wilsonInterval,
} from '../../src/shared/scoring.js';

const scales = Object.values(SCALES);
const scaleArb = fc.constantFrom(...scales);
const answersOn = (scale: Scale, minLength = 0) =>
  fc.array(fc.integer({ min: scale.min, max: scale.max }), { minLength, maxLength: 200 });

/** The same scale read the other way round: point p becomes min + max − p. */
function mirrored(scale: Scale): Scale {
  const flip = (p: number) => scale.min + scale.max - p;
  return {
    ...scale,
    polarity: scale.polarity === 'ease' ? 'effort' : 'ease',
    easy: scale.easy.map(flip),
    difficult: scale.difficult.map(flip),
  };
}

describe('scoring properties', () => {
  it('a Wilson interval holds its estimate and stays within 0..1', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 100_000 })
          .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        ([k, n]) => {
          const w = wilsonInterval(k, n);
          expect(w).not.toBeNull();
          if (!w) return;
          expect(w.low).toBeGreaterThanOrEqual(0);
          expect(w.high).toBeLessThanOrEqual(1);
          expect(w.low).toBeLessThanOrEqual(w.value);
          expect(w.value).toBeLessThanOrEqual(w.high);
        },
      ),
    );
  });

  it('every interval of a metrics row holds its estimate', () => {
    fc.assert(
      fc.property(
        scaleArb.chain((scale) => fc.tuple(fc.constant(scale), answersOn(scale, 1))),
        ([scale, answers]) => {
          const m = computeMetrics(scale, tallyOf(answers));
          const mean = m.mean as number;
          for (const share of [m.easy, m.difficult]) {
            expect(share).not.toBeNull();
            expect(share!.low).toBeLessThanOrEqual(share!.value);
            expect(share!.value).toBeLessThanOrEqual(share!.high);
          }
          if (answers.length >= 2) {
            const i = meanInterval(scale, summarize(scale, tallyOf(answers)))!;
            expect(i.low).toBeLessThanOrEqual(mean);
            expect(mean).toBeLessThanOrEqual(i.high);
            expect(i.low).toBeGreaterThanOrEqual(scale.min);
            expect(i.high).toBeLessThanOrEqual(scale.max);
          }
          expect(m.netEasyScore).toBeCloseTo(100 * (m.easy!.value - m.difficult!.value), 9);
        },
      ),
    );
  });

  it('flipping the polarity and mirroring the answers gives the same % easy and % difficult', () => {
    fc.assert(
      fc.property(
        scaleArb.chain((scale) => fc.tuple(fc.constant(scale), answersOn(scale, 1))),
        ([scale, answers]) => {
          const flipped = mirrored(scale);
          const a = computeMetrics(scale, tallyOf(answers));
          const b = computeMetrics(flipped, tallyOf(answers.map((p) => scale.min + scale.max - p)));
          expect(b.easy).toEqual(a.easy);
          expect(b.difficult).toEqual(a.difficult);
          expect(b.netEasyScore).toBe(a.netEasyScore);
        },
      ),
    );
  });

  const shrinkCase = fc.record({
    n: fc.integer({ min: 1, max: 500 }),
    mean: fc.double({ min: 1, max: 10, noNaN: true }),
    teamMean: fc.double({ min: 1, max: 10, noNaN: true }),
    c: fc.integer({ min: 0, max: 100 }),
  });

  it('adding an answer at the team mean never moves a shrunk mean away from it', () => {
    fc.assert(
      fc.property(shrinkCase, ({ n, mean, teamMean, c }) => {
        const before = shrunkMean(n, mean, teamMean, c) as number;
        const meanAfter = (n * mean + teamMean) / (n + 1);
        const after = shrunkMean(n + 1, meanAfter, teamMean, c) as number;
        expect(Math.abs(after - teamMean)).toBeLessThanOrEqual(Math.abs(before - teamMean) + 1e-12);
      }),
    );
  });

  it('a shrunk mean lies between the raw mean and the team mean', () => {
    fc.assert(
      fc.property(shrinkCase, ({ n, mean, teamMean, c }) => {
        const s = shrunkMean(n, mean, teamMean, c) as number;
        expect(s).toBeGreaterThanOrEqual(Math.min(mean, teamMean) - 1e-12);
        expect(s).toBeLessThanOrEqual(Math.max(mean, teamMean) + 1e-12);
      }),
    );
  });

  it('ranking ignores input order, ranks exactly the agents with enough answers, best first', () => {
    const agentsArb = scaleArb.chain((scale) =>
      fc.tuple(
        fc.constant(scale),
        fc.uniqueArray(
          fc.record({ agentId: fc.integer({ min: 1, max: 10_000 }), answers: answersOn(scale) }),
          { selector: (a) => a.agentId, maxLength: 30 },
        ),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 10 }),
      ),
    );
    fc.assert(
      fc.property(agentsArb, fc.func(fc.integer()), ([scale, agents, c, minAnswers], order) => {
        const rows = agents.map((a) => ({
          agentId: a.agentId,
          metrics: computeMetrics(scale, tallyOf(a.answers)),
        }));
        const team = summarize(scale, tallyOf(agents.flatMap((a) => a.answers)));
        const teamMean = team.n > 0 ? team.sum / team.n : null;
        const settings = { priorWeight: c, minAnswers };
        const ranked = rankAgents(scale, rows, teamMean, settings);
        const shuffled = [...rows].sort((a, b) => order(a.agentId) - order(b.agentId));
        expect(rankAgents(scale, shuffled, teamMean, settings)).toEqual(ranked);

        expect(ranked).toHaveLength(rows.length);
        for (const r of ranked) expect(r.rank !== null).toBe(r.metrics.n >= minAnswers);
        const withRank = ranked.filter((r) => r.rank !== null);
        const sign = scale.polarity === 'ease' ? 1 : -1;
        withRank.forEach((r, i) => {
          const prev = withRank[i - 1];
          if (!prev) return expect(r.rank).toBe(1);
          expect(sign * (prev.shrunkMean! - r.shrunkMean!)).toBeGreaterThanOrEqual(0);
          expect(r.rank).toBe(
            Math.abs(prev.shrunkMean! - r.shrunkMean!) <= 1e-9 ? prev.rank : i + 1,
          );
        });
      }),
    );
  });
});
