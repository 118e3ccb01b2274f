import type { AgentSummaryResponse } from '../../../../src/shared/api-types.js';
import { SCALES } from '../../../../src/shared/scales.js';
import { computeMetrics, tallyOf } from '../../../../src/shared/scoring.js';
import { describeEachDatabase } from '../../../support/databases.js';
import { clearSurveys, insertSurvey } from '../../../support/survey-fixtures.js';
import { openApi, type Api } from './api-harness.js';

const DAY_MS = 86_400_000;

describeEachDatabase('GET /api/v1/agents/:id/summary', (getDb) => {
  let api: Api;
  beforeAll(async () => {
    await clearSurveys(getDb());
    // Noon UTC of N days before today: safely inside the day, whatever the hour now.
    const today = Date.parse(new Date().toISOString().slice(0, 10));
    const at = (daysAgo: number) => new Date(today - daysAgo * DAY_MS + DAY_MS / 2).toISOString();
    for (const [score, daysAgo] of [
      [7, 0],
      [5, 3],
      [1, 29],
      [6, 30],
      [2, 89],
      [7, 90],
    ] as const) {
      await insertSurvey(getDb(), { assigneeId: 12, answer: { score, answeredAt: at(daysAgo) } });
    }
    await insertSurvey(getDb(), { assigneeId: 12, publishedAt: at(1) });
    await insertSurvey(getDb(), { assigneeId: 13, answer: { score: 1, answeredAt: at(1) } });
    // Agent 14 across a scale change: 6 on CES 2.0 ten days ago, 9 on Ease 1–10 yesterday.
    await insertSurvey(getDb(), { assigneeId: 14, answer: { score: 6, answeredAt: at(10) } });
    await insertSurvey(getDb(), {
      assigneeId: 14,
      scaleId: 'ease_10',
      answer: { score: 9, answeredAt: at(1) },
    });
    api = await openApi(getDb());
  });
  afterAll(async () => {
    await api.close();
  });

  it("gives the agent's 30 and 90 day figures by default, computed by the shared scoring", async () => {
    const res = await api.get('/api/v1/agents/12/summary');
    expect(res.statusCode).toBe(200);
    const s = res.json<AgentSummaryResponse>();
    expect(s.agentId).toBe(12);
    expect(s.scaleId).toBe('ces2_7');
    expect(s.periods.map((p) => p.days)).toEqual([30, 90]);
    const ces2 = SCALES.ces2_7;
    expect(s.periods[0]?.metrics).toEqual(
      computeMetrics(ces2, tallyOf([7, 5, 1]), { sent: 4, responded: 3 }),
    );
    expect(s.periods[1]?.metrics).toEqual(
      computeMetrics(ces2, tallyOf([7, 5, 1, 6, 2]), { sent: 6, responded: 5 }),
    );
    const trend = s.periods[0]?.trend ?? [];
    expect(trend.length).toBeGreaterThanOrEqual(5);
    expect(trend.reduce((sum, t) => sum + t.n, 0)).toBe(3);
    expect(trend.every((t) => new Date(`${t.weekStart}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
  });

  it('counts every scale, gives the mean per scale and says the period spans a change', async () => {
    const s = (await api.get('/api/v1/agents/14/summary?days=30')).json<AgentSummaryResponse>();
    expect(s.timeZone).toBe('UTC');
    const [d30] = s.periods;
    expect(d30?.scales.map((x) => [x.scaleId, x.n])).toEqual([
      ['ces2_7', 1],
      ['ease_10', 1],
    ]);
    expect(d30?.metrics).toMatchObject({ n: 2, mean: null, meanInterval: null });
    expect(d30?.metrics.easy?.value).toBe(1);
    expect(d30?.metrics.means.map((m) => [m.scaleId, m.mean])).toEqual([
      ['ces2_7', 6],
      ['ease_10', 9],
    ]);
  });

  it('takes other periods', async () => {
    const s = (await api.get('/api/v1/agents/12/summary?days=1,7')).json<AgentSummaryResponse>();
    expect(s.periods.map((p) => [p.days, p.metrics.n])).toEqual([
      [1, 1],
      [7, 2],
    ]);
  });

  it('gives empty figures, not an error, for an agent without answers', async () => {
    const s = (await api.get('/api/v1/agents/404/summary')).json<AgentSummaryResponse>();
    expect(s.periods[0]?.metrics).toMatchObject({ n: 0, mean: null, easy: null, sent: 0 });
  });

  it.each(['days=0', 'days=400', 'days=30,,90', 'days=1,2,3,4,5', 'days=thirty'])(
    'answers 400 to %s',
    async (query) => {
      const res = await api.get(`/api/v1/agents/12/summary?${query}`);
      expect(res.statusCode).toBe(400);
      expect(['invalid_request', 'invalid_period']).toContain(res.json<{ error: string }>().error);
    },
  );
});
