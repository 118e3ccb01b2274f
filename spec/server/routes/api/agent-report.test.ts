import type {
  AgentReportResponse,
  ReportAnswersResponse,
  ReportResponse,
} from '../../../../src/shared/api-types.js';
import { describeEachDatabase } from '../../../support/databases.js';
import { clearSurveys, insertSurvey } from '../../../support/survey-fixtures.js';
import { openApi, type Api } from './api-harness.js';

const DAY_MS = 86_400_000;
// Opening and migrating two databases takes long on a busy machine (load ~25): not a test's failure.
jest.setTimeout(120_000);

describeEachDatabase('GET /api/v1/agents/:id/report and /answers', (getDb) => {
  let api: Api;
  let from: string;
  let to: string;
  beforeAll(async () => {
    await clearSurveys(getDb());
    const today = Date.parse(new Date().toISOString().slice(0, 10));
    // Noon UTC N days ago: inside the day whatever the hour (the account zone is UTC here).
    const at = (daysAgo: number) => new Date(today - daysAgo * DAY_MS + DAY_MS / 2).toISOString();
    from = new Date(today - 29 * DAY_MS).toISOString().slice(0, 10);
    to = new Date(today).toISOString().slice(0, 10);
    // Agent 21 in the period: 7, 6, 2 (took too long), 1 (no reason), all on CES 2.0, group 5;
    // and 1 (transferred) in group 6; one survey sent and not answered.
    const answers: Array<[number, number, string | null, number]> = [
      [7, 1, null, 5],
      [6, 2, null, 5],
      [2, 3, 'took_too_long', 5],
      [1, 4, null, 5],
      [1, 5, 'transferred', 6],
    ];
    for (const [score, daysAgo, driver, groupId] of answers) {
      await insertSurvey(getDb(), {
        assigneeId: 21,
        groupId,
        answer: { score, driver, comment: `comment ${score}/${daysAgo}`, answeredAt: at(daysAgo) },
      });
    }
    await insertSurvey(getDb(), { assigneeId: 21, groupId: 5, publishedAt: at(2) });
    // Outside the period: never counted.
    await insertSurvey(getDb(), { assigneeId: 21, answer: { score: 1, answeredAt: at(40) } });
    // Another agent, so the team is more than agent 21.
    for (const [score, daysAgo] of [
      [7, 1],
      [7, 2],
      [6, 3],
    ] as const) {
      await insertSurvey(getDb(), {
        assigneeId: 22,
        groupId: 5,
        answer: { score, answeredAt: at(daysAgo) },
      });
    }
    api = await openApi(getDb());
  });
  afterAll(async () => {
    await api?.close();
  });

  it("gives the agent's figures exactly as its row of the team report", async () => {
    const q = `from=${from}&to=${to}`;
    const agent = (await api.get(`/api/v1/agents/21/report?${q}`)).json<AgentReportResponse>();
    const team = (await api.get(`/api/v1/report?${q}`)).json<ReportResponse>();
    const row = team.agents.find((a) => a.agentId === 21);
    expect(agent.metrics).toEqual(row?.metrics);
    expect(agent.team).toEqual(team.team);
    expect(agent.standing.rank).toBe(row?.rank ?? null);
    expect(agent.standing.ranked).toBe(team.agents.filter((a) => a.rank !== null).length);
    expect(agent.filters).toEqual({ from, to });
    expect(agent.agent.id).toBe(21);
  });

  it('counts by hand: n, % easy, % difficult, NES, response rate, distribution, reasons', async () => {
    const r = (
      await api.get(`/api/v1/agents/21/report?from=${from}&to=${to}`)
    ).json<AgentReportResponse>();
    // 5 answers: easy 7, 6 (2); difficult 2, 1, 1 (3); 5 of 6 sent surveys answered.
    expect(r.metrics.n).toBe(5);
    expect(r.metrics.easy?.value).toBeCloseTo(2 / 5, 10);
    expect(r.metrics.difficult?.value).toBeCloseTo(3 / 5, 10);
    expect(r.metrics.netEasyScore).toBeCloseTo(-20, 10);
    expect(r.metrics.responseRate).toBeCloseTo(5 / 6, 10);
    expect(r.metrics.mean).toBeCloseTo(17 / 5, 10);
    expect(r.distributions).toEqual([
      {
        scaleId: 'ces2_7',
        counts: [
          { score: 1, count: 2 },
          { score: 2, count: 1 },
          { score: 3, count: 0 },
          { score: 4, count: 0 },
          { score: 5, count: 0 },
          { score: 6, count: 1 },
          { score: 7, count: 1 },
        ],
      },
    ]);
    // Each reason out of all 3 difficult answers, also the one that named none.
    expect(r.drivers.map((d) => [d.driver, d.count, Number(d.share.value.toFixed(4))])).toEqual([
      ['took_too_long', 1, Number((1 / 3).toFixed(4))],
      ['transferred', 1, Number((1 / 3).toFixed(4))],
    ]);
    expect(r.trend.reduce((sum, w) => sum + w.n, 0)).toBe(5);
  });

  it('narrows by the same filters as the team page', async () => {
    const r = (
      await api.get(`/api/v1/agents/21/report?from=${from}&to=${to}&groupId=6`)
    ).json<AgentReportResponse>();
    expect(r.metrics.n).toBe(1);
    expect(r.drivers.map((d) => [d.driver, d.count])).toEqual([['transferred', 1]]);
    expect(r.filters).toEqual({ from, to, groupId: 6 });
  });

  it('gives empty figures, not an error, for an agent without answers', async () => {
    const res = await api.get(`/api/v1/agents/999/report?from=${from}&to=${to}`);
    expect(res.statusCode).toBe(200);
    const r = res.json<AgentReportResponse>();
    expect(r.metrics).toMatchObject({ n: 0, mean: null, easy: null });
    expect(r.distributions).toEqual([]);
    expect(r.drivers).toEqual([]);
    expect(r.standing).toMatchObject({ rank: null, rankBand: null, expectation: null });
  });

  it("pages through the agent's answers, newest solve first, none twice", async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await api.get(
        `/api/v1/agents/21/answers?from=${from}&to=${to}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode).toBe(200);
      const page: ReportAnswersResponse = res.json<ReportAnswersResponse>();
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.items.every((a) => a.agentId === 21)).toBe(true);
      seen.push(...page.items.map((a) => a.score));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    // Newest solve first: 1, 2, 3, 4, 5 days ago.
    expect(seen).toEqual([7, 6, 2, 1, 1]);
  });

  it('narrows the answers to a band', async () => {
    const page = (
      await api.get(`/api/v1/agents/21/answers?from=${from}&to=${to}&band=difficult`)
    ).json<ReportAnswersResponse>();
    expect(page.items.map((a) => a.score)).toEqual([2, 1, 1]);
    expect(page.items.map((a) => a.comment)).toEqual(['comment 2/3', 'comment 1/4', 'comment 1/5']);
  });

  it.each([
    ['/api/v1/agents/0/report', 'the id'],
    ['/api/v1/agents/abc/answers', 'the id'],
    ['/api/v1/agents/21/report?from=yesterday', 'a day'],
    ['/api/v1/agents/21/answers?limit=0', 'the page size'],
    ['/api/v1/agents/21/answers?limit=101', 'the page size'],
    ['/api/v1/agents/21/answers?band=awful', 'the band'],
    ['/api/v1/agents/21/answers?cursor=not-ours', 'the cursor'],
  ])('answers 400 to %s (%s), without echoing it', async (url) => {
    const res = await api.get(url);
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain('not-ours');
    expect(res.body).not.toContain('awful');
  });

  it('refuses a request without the app token', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/api/v1/agents/21/report' });
    expect(res.statusCode).toBe(401);
  });
});
