import type { ReportAnswersResponse, ReportResponse } from '../../../../src/shared/api-types.js';
import { SCALES } from '../../../../src/shared/scales.js';
import { computeMetrics, tallyOf } from '../../../../src/shared/scoring.js';
import { describeEachDatabase } from '../../../support/databases.js';
import { insertReportDataset } from '../../reports/report-dataset.js';
import { openApi, type Api } from './api-harness.js';
import { parseCsv } from '../../../support/csv';

const PERIOD = 'from=2026-11-02&to=2026-11-15';
const ces2 = SCALES.ces2_7;

describeEachDatabase('GET /api/v1/report', (getDb) => {
  let api: Api;
  beforeAll(async () => {
    await insertReportDataset(getDb());
    // No Zendesk answers here: names stay unknown (spec/server/reports/names.test.ts has them).
    api = await openApi(getDb(), { ZENDESK_API_URL: 'http://127.0.0.1:9' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('returns the documented shape with figures from the shared scoring', async () => {
    const res = await api.get(`/api/v1/report?${PERIOD}&scaleId=ces2_7`);
    expect(res.statusCode).toBe(200);
    const r = res.json<ReportResponse>();
    expect(Object.keys(r).sort()).toEqual(
      [
        'agents',
        'distribution',
        'distributions',
        'drivers',
        'filters',
        'groups',
        'highEffort',
        'names',
        'ranking',
        'scaleId',
        'scales',
        'team',
        'timeZone',
        'trend',
      ].sort(),
    );
    expect(r.filters).toEqual({ from: '2026-11-02', to: '2026-11-15' });
    expect(r.team.n).toBe(17);
    expect(r.team.mean).toBeCloseTo(73 / 17, 12);
    const a1 = r.agents.find((a) => a.agentId === 1);
    // Over HTTP the figures are exactly what the shared module computes from the raw answers.
    expect(a1?.metrics).toEqual(
      computeMetrics(ces2, tallyOf([7, 7, 6, 5, 5, 4, 2, 1]), { sent: 8, responded: 8 }),
    );
    expect(a1?.metrics.mean).toBe(4.625);
    expect(a1?.metrics.netEasyScore).toBe(37.5);
    expect(r.agents.map((a) => [a.agentId, a.rank])).toEqual([
      [1, 1],
      [3, 2],
      [2, null],
      [4, null],
    ]);
    expect(r.drivers.map((d) => d.driver)).toEqual([
      'took_too_long',
      'answer_unclear',
      'transferred',
    ]);
    expect(r.highEffort[0]).toMatchObject({
      agentId: 1,
      score: 1,
      band: 'difficult',
      comment: 'Third time I wrote, <b>nobody</b> read it',
    });
  });

  it('counts every scale by default and gives the mean per scale', async () => {
    const r = (await api.get(`/api/v1/report?${PERIOD}`)).json<ReportResponse>();
    expect(r.timeZone).toBe('UTC');
    expect(r.scales.map((x) => [x.scaleId, x.n])).toEqual([
      ['ces1_5', 1],
      ['ces2_7', 17],
    ]);
    expect(r.team.n).toBe(18);
    expect(r.team.mean).toBeNull();
    expect(r.team.means.map((m) => [m.scaleId, m.mean])).toEqual([
      ['ces1_5', 1],
      ['ces2_7', 73 / 17],
    ]);
    expect(r.ranking.measure).toBe('shrunkEasy');
    expect(r.highEffort[0]).toMatchObject({
      scaleId: 'ces2_7',
      solvedAt: '2026-11-15T23:59:59.000Z',
    });
  });

  it.each([
    ['groupId=10', 14],
    ['brandId=2', 4],
    ['channel=CHAT', 6],
    ['groupId=10&channel=email', 8],
  ])('filters by %s', async (filter, n) => {
    const r = (await api.get(`/api/v1/report?${PERIOD}&${filter}`)).json<ReportResponse>();
    expect(r.team.n).toBe(n);
  });

  it.each([
    ['from=2026-11-31', 'invalid_period'],
    ['from=2026-11-10&to=2026-11-01', 'invalid_period'],
    ['from=2025-01-01&to=2026-11-01', 'invalid_period'],
    ['from=yesterday', 'invalid_request'],
    ['groupId=abc', 'invalid_request'],
    ['groupId=0', 'invalid_request'],
    ['scaleId=nps', 'invalid_request'],
  ])('answers 400 to %s', async (query, error) => {
    const res = await api.get(`/api/v1/report?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error });
    expect(res.json<{ message: string }>().message).not.toMatch(/at .*\.ts/);
  });

  it('defaults to the last 30 days', async () => {
    const r = (await api.get('/api/v1/report')).json<ReportResponse>();
    const today = new Date().toISOString().slice(0, 10);
    expect(r.filters.to).toBe(today);
    expect(Date.parse(r.filters.to) - Date.parse(r.filters.from)).toBe(29 * 86_400_000);
  });

  it('exports exactly the filtered agent rows as CSV, in the table order asked for', async () => {
    const res = await api.get(`/api/v1/report.csv?${PERIOD}&groupId=10`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="ces-agents-2026-11-02-2026-11-15.csv"',
    );
    expect(res.body.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(res.body);
    expect(rows[0]).toEqual([
      'agent_id',
      'agent_name',
      'rank',
      'answers',
      'mean',
      'mean_low',
      'mean_high',
      'easy_pct',
      'easy_low_pct',
      'easy_high_pct',
      'difficult_pct',
      'net_easy_score',
      'sent',
      'responded',
      'response_rate_pct',
      'shrunk_mean',
      'csat_pct',
    ]);
    const json = (await api.get(`/api/v1/report?${PERIOD}&groupId=10`)).json<ReportResponse>();
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(json.agents.map((a) => a.agentId));
    const a1 = rows.find((r) => r[0] === '1');
    expect(a1?.slice(1, 6)).toEqual(['', '1', '8', '4.63', '2.79']);
    expect(a1?.[7]).toBe('62.5');
    expect(a1?.[11]).toBe('37.5');
    expect(a1?.[16]).toBe('75');
    const a4 = rows.find((r) => r[0] === '4');
    expect(a4).toEqual(['4', '', '', '0', '', '', '', '', '', '', '', '', '1', '0', '0', '', '']);

    const byMean = parseCsv(
      (await api.get(`/api/v1/report.csv?${PERIOD}&sort=mean&order=desc`)).body,
    );
    // Ranked 1: 4.625, 3: 2.83; then the unranked 2 (6.0 on too few answers); 4 has no mean.
    expect(byMean.slice(1).map((r) => r[0])).toEqual(['1', '3', '2', '4']);
  });

  it('refuses an unknown CSV sort with 400', async () => {
    const res = await api.get('/api/v1/report.csv?sort=name');
    expect(res.statusCode).toBe(400);
  });

  it('pages through the answers behind a figure', async () => {
    const ids: number[] = [];
    let url = `/api/v1/report/answers?${PERIOD}&band=difficult&limit=3`;
    for (let page = 0; page < 5; page++) {
      const res = await api.get(url);
      expect(res.statusCode).toBe(200);
      const body = res.json<ReportAnswersResponse>();
      expect(body.items.length).toBeLessThanOrEqual(3);
      ids.push(...body.items.map((i) => i.surveyId));
      if (!body.nextCursor) break;
      url = `/api/v1/report/answers?${PERIOD}&band=difficult&limit=3&cursor=${encodeURIComponent(body.nextCursor)}`;
    }
    // 8 difficult answers: pages of 3, 3 and 2, none twice.
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(8);
    const one = (
      await api.get(`/api/v1/report/answers?${PERIOD}&agentId=1&band=difficult`)
    ).json<ReportAnswersResponse>();
    expect(one.items.map((i) => i.score)).toEqual([1, 2]);
    expect(one.nextCursor).toBeNull();
  });

  it.each(['cursor=garbage', 'limit=0', 'limit=101', 'band=awful'])(
    'answers 400 to answers?%s',
    async (query) => {
      const res = await api.get(`/api/v1/report/answers?${PERIOD}&${query}`);
      expect(res.statusCode).toBe(400);
    },
  );
});
