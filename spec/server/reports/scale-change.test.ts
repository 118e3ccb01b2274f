import { resolvePeriod } from '../../../src/server/reports/period.js';
import { buildAgentSummary, buildTeamReport } from '../../../src/server/reports/team-report.js';
import { saveSettings } from '../../../src/server/settings/settings-repository.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import type { ScaleId } from '../../../src/shared/scales.js';
import { describeEachDatabase } from '../../support/databases.js';
import { clearSurveys, insertSurvey } from '../../support/survey-fixtures.js';

/**
 * The scale moves from CES 2.0 (1–7, easy 5–7, difficult 1–3) to the 1–10 ease scale (easy 8–10,
 * difficult 1–3) on Monday 2026-11-09. Solve days, UTC.
 *
 *            week of Nov 2 (CES 2.0)   week of Nov 9 (1–10)   easy  difficult  n
 * agent 11:  7 6 2                     10 9 4                 4     1          6
 * agent 12:  4 4 5  (+1 sent, no answer) 8 3 1                2     2          6
 * agent 13:  -                         10 10 10 10 10         5     0          5
 * agent 14:  7                         -                      1     0          1
 * team:                                                       12    3          18
 *
 * % easy 12/18, % difficult 3/18, NES 100 × 9/18 = 50; sent 19, responded 18.
 * Means per scale: CES 2.0 (7+6+2+4+4+5+7)/7 = 5; 1–10 (10+9+4+8+3+1+50)/11 = 85/11.
 * Ranking across scales: shrunk % easy with C = 10 pseudo-answers at the team's 2/3:
 *   agent 13 (5 + 20/3)/15 = 7/9, agent 11 (4 + 20/3)/16 = 2/3, agent 12 (2 + 20/3)/16 = 13/24;
 *   agent 14 has 1 answer (< 5): not ranked.
 */
const PERIOD = resolvePeriod({ from: '2026-11-02', to: '2026-11-15' });

async function insertScaleChange(db: Parameters<typeof insertSurvey>[0]): Promise<void> {
  const answers: Array<[agent: number, scale: ScaleId, score: number, day: string]> = [
    [11, 'ces2_7', 7, '2026-11-02'],
    [11, 'ces2_7', 6, '2026-11-03'],
    [11, 'ces2_7', 2, '2026-11-04'],
    [11, 'ease_10', 10, '2026-11-09'],
    [11, 'ease_10', 9, '2026-11-10'],
    [11, 'ease_10', 4, '2026-11-11'],
    [12, 'ces2_7', 4, '2026-11-02'],
    [12, 'ces2_7', 4, '2026-11-05'],
    [12, 'ces2_7', 5, '2026-11-08'],
    [12, 'ease_10', 8, '2026-11-10'],
    [12, 'ease_10', 3, '2026-11-12'],
    [12, 'ease_10', 1, '2026-11-15'],
    [14, 'ces2_7', 7, '2026-11-03'],
  ];
  for (let i = 0; i < 5; i++) answers.push([13, 'ease_10', 10, `2026-11-1${i}`]);
  for (const [agent, scaleId, score, day] of answers) {
    await insertSurvey(db, {
      assigneeId: agent,
      groupId: 100,
      scaleId,
      createdAt: `${day}T15:00:00Z`,
      answer: { score, answeredAt: `${day}T18:00:00Z` },
    });
  }
  await insertSurvey(db, {
    assigneeId: 12,
    groupId: 100,
    scaleId: 'ces2_7',
    createdAt: '2026-11-06T15:00:00Z',
  });
}

describeEachDatabase('a period that spans a scale change', (getDb) => {
  beforeAll(async () => {
    await clearSurveys(getDb());
    await saveSettings(getDb(), { ...DEFAULT_SETTINGS, scaleId: 'ease_10' });
    await insertScaleChange(getDb());
  });

  it('counts every answer and says which scales the period spans', async () => {
    const r = await buildTeamReport(getDb(), { period: PERIOD });
    expect(r.scaleId).toBe('ease_10');
    expect(r.scales).toEqual([
      { scaleId: 'ces2_7', n: 7, firstDay: '2026-11-02', lastDay: '2026-11-08' },
      { scaleId: 'ease_10', n: 11, firstDay: '2026-11-09', lastDay: '2026-11-15' },
    ]);
    expect(r.team.n).toBe(18);
    expect(r.team.sent).toBe(19);
    expect(r.team.responded).toBe(18);
    expect(r.team.easy?.value).toBeCloseTo(12 / 18, 12);
    expect(r.team.difficult?.value).toBeCloseTo(3 / 18, 12);
    expect(r.team.netEasyScore).toBeCloseTo(50, 12);
    expect(r.team.responseRate).toBeCloseTo(18 / 19, 12);
  });

  it('gives means per scale, never one across scales', async () => {
    const r = await buildTeamReport(getDb(), { period: PERIOD });
    expect(r.team.mean).toBeNull();
    expect(r.team.meanInterval).toBeNull();
    expect(r.team.means.map((m) => [m.scaleId, m.n, m.mean])).toEqual([
      ['ces2_7', 7, 5],
      ['ease_10', 11, 85 / 11],
    ]);
    const a11 = r.agents.find((a) => a.agentId === 11);
    expect(a11?.metrics.mean).toBeNull();
    expect(a11?.metrics.means.map((m) => [m.scaleId, m.n, m.mean])).toEqual([
      ['ces2_7', 3, 5],
      ['ease_10', 3, 23 / 3],
    ]);
    expect(a11?.metrics.easy?.value).toBeCloseTo(4 / 6, 12);
    expect(a11?.metrics.difficult?.value).toBeCloseTo(1 / 6, 12);
    expect(r.trend).toEqual([
      {
        weekStart: '2026-11-02',
        n: 7,
        mean: null,
        easyShare: 4 / 7,
        means: [{ scaleId: 'ces2_7', n: 7, mean: 5 }],
      },
      {
        weekStart: '2026-11-09',
        n: 11,
        mean: null,
        easyShare: 8 / 11,
        means: [{ scaleId: 'ease_10', n: 11, mean: 85 / 11 }],
      },
    ]);
    expect(r.distributions.map((d) => [d.scaleId, d.counts.length])).toEqual([
      ['ces2_7', 7],
      ['ease_10', 10],
    ]);
    expect(r.distribution.find((d) => d.score === 10)?.count).toBe(6);
  });

  it('ranks by the shrunk % easy across scales', async () => {
    const r = await buildTeamReport(getDb(), { period: PERIOD });
    expect(r.ranking.measure).toBe('shrunkEasy');
    expect(r.agents.map((a) => [a.agentId, a.rank])).toEqual([
      [13, 1],
      [11, 2],
      [12, 3],
      [14, null],
    ]);
    const shrunk = Object.fromEntries(r.agents.map((a) => [a.agentId, a.shrunkEasy]));
    expect(shrunk[13]).toBeCloseTo(7 / 9, 12);
    expect(shrunk[11]).toBeCloseTo(2 / 3, 12);
    expect(shrunk[12]).toBeCloseTo(13 / 24, 12);
    expect(r.agents.every((a) => a.shrunkMean === null)).toBe(true);
  });

  it('ranks by the shrunk mean within one scale', async () => {
    const r = await buildTeamReport(getDb(), { period: PERIOD, scaleId: 'ease_10' });
    expect(r.scales.map((s) => s.scaleId)).toEqual(['ease_10']);
    expect(r.ranking.measure).toBe('shrunkMean');
    expect(r.team.mean).toBeCloseTo(85 / 11, 12);
    // Agent 13: (50 + 10 × 85/11) / 15; agents 11, 12 have 3 answers on this scale (< 5).
    expect(r.agents.map((a) => [a.agentId, a.rank])).toEqual([
      [13, 1],
      [11, null],
      [12, null],
    ]);
    expect(r.agents[0]?.shrunkMean).toBeCloseTo((50 + (10 * 85) / 11) / 15, 12);
  });

  it('gives the agent summary the same rules', async () => {
    const s = await buildAgentSummary(getDb(), 11, [14, 3], new Date('2026-11-15T20:00:00Z'));
    const [d14, d3] = s.periods;
    expect(s.scaleId).toBe('ease_10');
    expect(d14?.scales.map((x) => x.scaleId)).toEqual(['ces2_7', 'ease_10']);
    expect(d14?.metrics.n).toBe(6);
    expect(d14?.metrics.mean).toBeNull();
    expect(d14?.metrics.means.map((m) => [m.scaleId, m.mean])).toEqual([
      ['ces2_7', 5],
      ['ease_10', 23 / 3],
    ]);
    expect(d14?.metrics.easy?.value).toBeCloseTo(4 / 6, 12);
    // Nov 13..15: no answers of agent 11.
    expect(d3?.scales).toEqual([]);
    expect(d3?.metrics.n).toBe(0);
  });
});
