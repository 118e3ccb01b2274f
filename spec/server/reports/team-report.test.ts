import { saveSettings } from '../../../src/server/settings/settings-repository.js';
import { resolvePeriod } from '../../../src/server/reports/period.js';
import {
  buildAgentSummary,
  buildTeamReport,
  listReportAnswers,
} from '../../../src/server/reports/team-report.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { SCALES } from '../../../src/shared/scales.js';
import { computeMetrics, tallyOf, wilsonInterval } from '../../../src/shared/scoring.js';
import { describeEachDatabase } from '../../support/databases.js';
import { clearSurveys, insertSurvey } from '../../support/survey-fixtures.js';
import { insertReportDataset, PERIOD } from './report-dataset.js';

const ces2 = SCALES.ces2_7;
const period = resolvePeriod(PERIOD);
/** The dataset's CES 2.0 answers only: the single-scale figures below were worked out on them. */
const ces2Only = { period, scaleId: 'ces2_7' as const };

describeEachDatabase('team report', (getDb) => {
  beforeAll(async () => {
    await insertReportDataset(getDb());
  });

  it('gives the team figures of the period: 17 answers, 19 sent', async () => {
    const r = await buildTeamReport(getDb(), ces2Only);
    expect(r.filters).toEqual({ from: '2026-11-02', to: '2026-11-15' });
    expect(r.scaleId).toBe('ces2_7');
    expect(r.team.n).toBe(17);
    expect(r.team.mean).toBeCloseTo(73 / 17, 12);
    expect(r.team.sent).toBe(19);
    expect(r.team.responded).toBe(17);
    expect(r.team.responseRate).toBeCloseTo(17 / 19, 12);
    // easy: 7 7 6 5 5 | 6 6 | 7 = 8; difficult: 2 1 | 3 3 3 3 3 2 = 8
    expect(r.team.easy?.value).toBeCloseTo(8 / 17, 12);
    expect(r.team.difficult?.value).toBeCloseTo(8 / 17, 12);
    expect(r.team.netEasyScore).toBeCloseTo(0, 12);
    expect(r.distribution).toEqual([
      { score: 1, count: 1 },
      { score: 2, count: 2 },
      { score: 3, count: 5 },
      { score: 4, count: 1 },
      { score: 5, count: 2 },
      { score: 6, count: 3 },
      { score: 7, count: 3 },
    ]);
  });

  it('credits agents, ranks by shrunk mean and holds back agents under the minimum', async () => {
    const r = await buildTeamReport(getDb(), ces2Only);
    expect(r.ranking).toEqual({ ...DEFAULT_SETTINGS.ranking, measure: 'shrunkMean' });
    expect(r.agents.map((a) => [a.agentId, a.metrics.n, a.rank])).toEqual([
      [1, 8, 1],
      [3, 6, 2],
      [2, 2, null],
      [4, 0, null],
    ]);
    const [a1, a3, a2, a4] = r.agents;
    // The hand-computed CES 2.0 example.
    expect(a1?.metrics.mean).toBe(4.625);
    expect(a1?.metrics.easy?.value).toBe(0.625);
    expect(a1?.metrics.difficult?.value).toBe(0.25);
    expect(a1?.metrics.netEasyScore).toBe(37.5);
    expect(a1?.metrics).toEqual(
      computeMetrics(ces2, tallyOf([7, 7, 6, 5, 5, 4, 2, 1]), { sent: 8, responded: 8 }),
    );
    // (37 + 10 × 73/17) / 18 and (17 + 10 × 73/17) / 16
    expect(a1?.shrunkMean).toBeCloseTo((37 + (10 * 73) / 17) / 18, 12);
    expect(a3?.shrunkMean).toBeCloseTo((17 + (10 * 73) / 17) / 16, 12);
    expect(a1?.csat).toEqual(wilsonInterval(3, 4));
    expect(a2?.metrics).toEqual(computeMetrics(ces2, tallyOf([6, 6]), { sent: 3, responded: 2 }));
    expect(a2?.csat).toBeNull();
    expect(a4?.metrics).toEqual(computeMetrics(ces2, new Map(), { sent: 1, responded: 0 }));
    expect(a4?.shrunkMean).toBeNull();
  });

  it('rolls up groups, including answers without an agent', async () => {
    const r = await buildTeamReport(getDb(), ces2Only);
    expect(r.groups.map((g) => [g.groupId, g.metrics.n, g.metrics.sent])).toEqual([
      [10, 14, 15],
      [20, 3, 4],
    ]);
    expect(r.groups[1]?.metrics.mean).toBeCloseTo(19 / 3, 12);
  });

  it('buckets the trend by ISO week and lists difficult drivers by share', async () => {
    const r = await buildTeamReport(getDb(), ces2Only);
    expect(r.trend).toEqual([
      {
        weekStart: '2026-11-02',
        n: 7,
        mean: 44 / 7,
        easyShare: 1,
        means: [{ scaleId: 'ces2_7', n: 7, mean: 44 / 7 }],
      },
      {
        weekStart: '2026-11-09',
        n: 10,
        mean: 2.9,
        easyShare: 0.1,
        means: [{ scaleId: 'ces2_7', n: 10, mean: 2.9 }],
      },
    ]);
    expect(r.drivers.map((d) => [d.driver, d.count])).toEqual([
      ['took_too_long', 4],
      ['answer_unclear', 2],
      ['transferred', 1],
    ]);
    // Out of all 8 difficult answers (1 2 3 3 3 3 3 2), also the one that named no reason.
    expect(r.drivers[0]?.share).toEqual(wilsonInterval(4, 8));
    expect(r.drivers.map((d) => d.share.value)).toEqual([4 / 8, 2 / 8, 1 / 8]);
  });

  it('lists the newest difficult answers with their tickets', async () => {
    const r = await buildTeamReport(getDb(), { period });
    expect(r.highEffort.map((h) => [h.agentId, h.score, h.answeredAt])).toEqual([
      [1, 1, '2026-11-15T23:59:59.000Z'],
      [3, 2, '2026-11-13T10:00:00.000Z'],
      [3, 3, '2026-11-12T05:00:00.000Z'],
      [3, 3, '2026-11-12T04:00:00.000Z'],
      [3, 3, '2026-11-12T03:00:00.000Z'],
      [3, 3, '2026-11-12T02:00:00.000Z'],
      [3, 3, '2026-11-12T01:00:00.000Z'],
      [1, 2, '2026-11-11T10:00:00.000Z'],
    ]);
    expect(r.highEffort[0]).toMatchObject({
      band: 'difficult',
      driver: 'transferred',
      groupId: 10,
      comment: 'Third time I wrote, <b>nobody</b> read it',
    });
    expect(typeof r.highEffort[0]?.ticketId).toBe('number');
  });

  it.each([
    [{ groupId: 10 }, 14, [1, 3, 4]],
    // Agent 2's CES 1.0 answer counts too (every scale unless one is asked for).
    [{ brandId: 2 }, 4, [2]],
    [{ channel: 'chat' }, 6, [3]],
    [{ groupId: 10, channel: 'email' }, 8, [1, 4]],
    [{ groupId: 99 }, 0, []],
  ])('filters by %j', async (filters, n, agentIds) => {
    const r = await buildTeamReport(getDb(), { period, ...filters });
    expect(r.team.n).toBe(n);
    expect(r.agents.map((a) => a.agentId).sort()).toEqual(agentIds);
    expect(r.filters).toMatchObject(filters);
  });

  it('reports one scale on request and every scale otherwise', async () => {
    const r = await buildTeamReport(getDb(), { period, scaleId: 'ces1_5' });
    expect(r.scaleId).toBe('ces1_5');
    expect(r.team.n).toBe(1);
    expect(r.agents[0]?.metrics.easy?.value).toBe(1);
    const all = await buildTeamReport(getDb(), { period });
    // 17 on CES 2.0 + agent 2's 1 on CES 1.0 ("very low effort": easy there).
    expect(all.team.n).toBe(18);
    expect(all.team.sent).toBe(20);
    expect(all.team.easy?.value).toBeCloseTo(9 / 18, 12);
    expect(all.team.difficult?.value).toBeCloseTo(8 / 18, 12);
    expect(all.team.mean).toBeNull();
    expect(all.team.means.map((m) => [m.scaleId, m.n, m.mean])).toEqual([
      ['ces1_5', 1, 1],
      ['ces2_7', 17, 73 / 17],
    ]);
    expect(all.scales.map((x) => x.scaleId)).toEqual(['ces1_5', 'ces2_7']);
  });

  it('uses the ranking settings', async () => {
    await saveSettings(getDb(), {
      ...DEFAULT_SETTINGS,
      ranking: { priorWeight: 0, minAnswers: 7 },
    });
    try {
      const r = await buildTeamReport(getDb(), ces2Only);
      expect(r.ranking).toEqual({ priorWeight: 0, minAnswers: 7, measure: 'shrunkMean' });
      expect(r.agents.map((a) => [a.agentId, a.rank])).toEqual([
        [1, 1],
        [3, null],
        [2, null],
        [4, null],
      ]);
      expect(r.agents[0]?.shrunkMean).toBe(4.625);
    } finally {
      await getDb().query('DELETE FROM settings');
    }
  });

  it('pages through the answers behind a figure without repeats', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listReportAnswers(getDb(), {
        period,
        agentId: 3,
        band: 'difficult',
        limit: 4,
        cursor,
      });
      seen.push(...page.items.map((i) => i.surveyId));
      expect(page.items.every((i) => i.agentId === 3 && i.band === 'difficult')).toBe(true);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(6);
    const drivers = await listReportAnswers(getDb(), {
      period,
      driver: 'answer_unclear',
      limit: 10,
    });
    expect(drivers.items).toHaveLength(2);
    expect(drivers.nextCursor).toBeNull();
  });
});

describeEachDatabase('agent summary', (getDb) => {
  const now = new Date('2026-11-20T12:00:00Z');

  beforeAll(async () => {
    await clearSurveys(getDb());
    const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString();
    for (const [score, daysAgo] of [
      [7, 1],
      [6, 10],
      [2, 29],
      [5, 45],
      [1, 89],
      [7, 91],
    ] as const) {
      await insertSurvey(getDb(), { assigneeId: 7, answer: { score, answeredAt: at(daysAgo) } });
    }
    await insertSurvey(getDb(), { assigneeId: 7, publishedAt: at(3) });
    await insertSurvey(getDb(), { assigneeId: 8, answer: { score: 1, answeredAt: at(2) } });
  });

  it('gives 30 and 90 day figures with weekly trends for one agent only', async () => {
    const s = await buildAgentSummary(getDb(), 7, [30, 90], now);
    expect(s.agentId).toBe(7);
    expect(s.scaleId).toBe('ces2_7');
    const [d30, d90] = s.periods;
    expect(d30?.days).toBe(30);
    expect(d30?.metrics).toEqual(
      computeMetrics(ces2, tallyOf([7, 6, 2]), { sent: 4, responded: 3 }),
    );
    expect(d90?.metrics).toEqual(
      computeMetrics(ces2, tallyOf([7, 6, 2, 5, 1]), { sent: 6, responded: 5 }),
    );
    // 2026-10-22 (Thu) .. 2026-11-20 (Fri): the weeks of Oct 19 .. Nov 16.
    expect(d30?.trend.map((t) => t.weekStart)).toEqual([
      '2026-10-19',
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
    ]);
    expect(d30?.trend.reduce((sum, t) => sum + t.n, 0)).toBe(3);
  });
});
