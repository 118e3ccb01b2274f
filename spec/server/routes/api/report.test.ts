import type { ReportAnswersResponse, ReportResponse } from '../../../../src/shared/api-types.js';
import { SCALES } from '../../../../src/shared/scales.js';
import { computeMetrics, tallyOf } from '../../../../src/shared/scoring.js';
import { describeEachDatabase } from '../../../support/databases.js';
import { insertReportDataset } from '../../reports/report-dataset.js';
import { insertSurvey } from '../../../support/survey-fixtures.js';
import { openApi, type Api } from './api-harness.js';
import { csvBlocks, parseCsv } from '../../../support/csv';
import { ANSWER_CSV_HEADER } from '../../../../src/server/reports/answer-export.js';
import { FIGURE_CSV_HEADER, REASON_CSV_HEADER } from '../../../../src/server/reports/report-csv.js';

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
        'paths',
        'previous',
        'ranking',
        'reminders',
        'scaleId',
        'scales',
        'standings',
        'team',
        'timeZone',
        'trend',
      ].sort(),
    );
    expect(r.filters).toEqual({ from: '2026-11-02', to: '2026-11-15' });
    expect(r.team.n).toBe(17);
    // Surveys without captured ticket metrics (as before migration 011): every answer is unknown.
    expect(r.paths.touch.map((t) => [t.path, t.metrics.n])).toEqual([
      ['one', 0],
      ['multi', 0],
      ['none', 0],
      ['unknown', 17],
    ]);
    expect([r.paths.withMetrics, r.paths.withoutMetrics]).toEqual([0, 17]);
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

  it("names a channel as a trigger does ('Mail' is email); a name of no letters matches nothing", async () => {
    const n = async (filter: string) =>
      (await api.get(`/api/v1/report?${PERIOD}&${filter}`)).json<ReportResponse>().team.n;
    expect(await n('channel=Mail')).toBe(await n('channel=email'));
    expect(await n('channel=email')).toBeGreaterThan(0);
    // An answer whose channel is unknown is not what "-" asks for.
    const unknown = await insertSurvey(getDb(), {
      ticketId: 990_001,
      channel: null,
      createdAt: '2026-11-05T12:00:00Z',
      answer: { score: 4, answeredAt: '2026-11-05T13:00:00Z' },
    });
    try {
      expect(await n('channel=-')).toBe(0);
    } finally {
      await getDb().query('DELETE FROM surveys WHERE id = $1', [unknown]);
    }
  });

  it('compares with the 14 days before: one answer (a 1, sent and answered) on Nov 1', async () => {
    const r = (await api.get(`/api/v1/report?${PERIOD}&scaleId=ces2_7`)).json<ReportResponse>();
    expect([r.previous.from, r.previous.to]).toEqual(['2026-10-19', '2026-11-01']);
    expect(r.previous.team).toMatchObject({ n: 1, sent: 1, responded: 1, mean: 1 });
    expect(r.previous.team.difficult?.value).toBe(1);
    // 17 vs 1 answers: +16 ± 1.96 × √18 = (7.68 to 24.32), beyond noise.
    expect(r.previous.changes.n.difference).toBe(16);
    expect(r.previous.changes.n.low).toBeCloseTo(16 - 1.959964 * Math.sqrt(18), 5);
    expect(r.previous.changes.n.beyondNoise).toBe(true);
    // 8 of 17 easy now, 0 of 1 before.
    expect(r.previous.changes.easy?.difference).toBeCloseTo(8 / 17, 12);
    // One answer before: no mean interval to compare with.
    expect(r.previous.changes.means).toEqual([]);
  });

  it.each([
    ['from=2026-11-31', 'invalid_period'],
    ['to=2999-01-01', 'invalid_period'],
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
    const { message } = res.json<{ message: string }>();
    expect(message).not.toMatch(/at .*\.ts/);
    // Errors never echo input.
    for (const value of query.split('&').map((p) => p.split('=')[1]!))
      expect(message).not.toContain(value);
  });

  it('defaults to the last 30 days', async () => {
    const r = (await api.get('/api/v1/report')).json<ReportResponse>();
    const today = new Date().toISOString().slice(0, 10);
    expect(r.filters.to).toBe(today);
    expect(Date.parse(r.filters.to) - Date.parse(r.filters.from)).toBe(29 * 86_400_000);
  });

  it('exports the team page as CSV: filters, team, agents in the order asked for, groups, reasons', async () => {
    const res = await api.get(`/api/v1/report.csv?${PERIOD}&groupId=10`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="ces-team-2026-11-02-2026-11-15.csv"',
    );
    expect(res.body.endsWith('\r\n')).toBe(true);
    const [filters, figures, reasons] = csvBlocks(res.body);
    expect(filters).toEqual([
      ['filter', 'value', 'name'],
      ['from', '2026-11-02', ''],
      ['to', '2026-11-15', ''],
      ['time_zone', 'UTC', ''],
      ['previous_from', '2026-10-19', ''],
      ['previous_to', '2026-11-01', ''],
      ['scale', 'ces2_7', ''],
      ['group_id', '10', ''],
      ['brand_id', '', ''],
      ['channel', '', ''],
      ['sort', 'rank', ''],
      ['order', 'asc', ''],
      ['ranking_prior_weight', '10', ''],
      ['ranking_min_answers', '5', ''],
    ]);
    expect(figures![0]).toEqual([...FIGURE_CSV_HEADER]);
    const json = (await api.get(`/api/v1/report?${PERIOD}&groupId=10`)).json<ReportResponse>();
    const col = (name: string) => FIGURE_CSV_HEADER.indexOf(name as never);
    const body = figures!.slice(1);
    expect(body.map((r) => [r[0], r[1]])).toEqual([
      ['team', ''],
      ...json.agents.map((a) => ['agent', String(a.agentId)]),
      ...json.groups.map((g) => ['group', String(g.groupId)]),
    ]);
    // Agent 1 by hand: 7 7 6 5 5 4 2 1 → mean 4.625 (2.79–6.46), 62.5% easy, NES 37.5, CSAT 3
    // of 4. Ranked 1, but its interval overlaps agent 3's (mean 2.83): ranks 1–2.
    const a1 = body.find((r) => r[0] === 'agent' && r[1] === '1')!;
    expect(a1.slice(col('rank'), col('mean_high') + 1)).toEqual([
      '1',
      '1',
      '2',
      'within',
      '8',
      '4.63',
      '2.79',
      '6.46',
    ]);
    expect(a1[col('easy_pct')]).toBe('62.5');
    expect(a1[col('net_easy_score')]).toBe('37.5');
    expect(a1[col('csat_pct')]).toBe('75');
    const a4 = body.find((r) => r[0] === 'agent' && r[1] === '4')!;
    expect(a4.slice(col('answers'))).toEqual([
      '0',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '1',
      '0',
      '0',
      '',
      '',
    ]);
    // Reasons out of every difficult answer in scope.
    expect(reasons![0]).toEqual([...REASON_CSV_HEADER]);
    const difficult = Math.round(json.team.difficult!.value * json.team.n);
    expect(reasons!.slice(1).map((r) => r.slice(0, 3))).toEqual(
      json.drivers
        .map((d) => [d.driver, String(d.count), String(difficult)])
        .concat(
          json.drivers.reduce((s, d) => s + d.count, 0) < difficult
            ? [
                [
                  '',
                  String(difficult - json.drivers.reduce((s, d) => s + d.count, 0)),
                  String(difficult),
                ],
              ]
            : [],
        ),
    );

    const byMean = csvBlocks(
      (await api.get(`/api/v1/report.csv?${PERIOD}&sort=mean&order=desc`)).body,
    )[1]!;
    // Ranked 1: 4.625, 3: 2.83; then the unranked 2 (6.0 on too few answers); 4 has no mean.
    expect(byMean.filter((r) => r[0] === 'agent').map((r) => r[1])).toEqual(['1', '3', '2', '4']);
  });

  it('holds every number of the API response in the CSV, rounded as documented', async () => {
    const json = (await api.get(`/api/v1/report?${PERIOD}`)).json<ReportResponse>();
    const [, figures, reasons] = csvBlocks((await api.get(`/api/v1/report.csv?${PERIOD}`)).body);
    const header = figures![0]!;
    const rowOf = (level: string, id: number | null) =>
      figures!.find((r) => r[0] === level && r[1] === (id === null ? '' : String(id)))!;
    const cell = (row: string[], name: string) => row[header.indexOf(name)];
    const r2 = (v: number | null | undefined) => (v == null ? '' : String(Number(v.toFixed(2))));
    const p1 = (v: number | null | undefined) =>
      v == null ? '' : String(Number((100 * v).toFixed(1)));
    const r1 = (v: number | null | undefined) => (v == null ? '' : String(Number(v.toFixed(1))));
    const expectMetrics = (row: string[], m: ReportResponse['team']) => {
      expect(cell(row, 'answers')).toBe(String(m.n));
      expect(cell(row, 'mean')).toBe(r2(m.mean));
      expect(cell(row, 'mean_low')).toBe(r2(m.meanInterval?.low));
      expect(cell(row, 'mean_high')).toBe(r2(m.meanInterval?.high));
      expect(cell(row, 'easy_pct')).toBe(p1(m.easy?.value));
      expect(cell(row, 'easy_low_pct')).toBe(p1(m.easy?.low));
      expect(cell(row, 'easy_high_pct')).toBe(p1(m.easy?.high));
      expect(cell(row, 'difficult_pct')).toBe(p1(m.difficult?.value));
      expect(cell(row, 'net_easy_score')).toBe(r1(m.netEasyScore));
      expect(cell(row, 'sent')).toBe(String(m.sent));
      expect(cell(row, 'responded')).toBe(String(m.responded));
      expect(cell(row, 'response_rate_pct')).toBe(p1(m.responseRate));
    };
    expectMetrics(rowOf('team', null), json.team);
    for (const a of json.agents) {
      const row = rowOf('agent', a.agentId);
      expectMetrics(row, a.metrics);
      const s = json.standings.find((x) => x.agentId === a.agentId)!;
      expect(cell(row, 'rank')).toBe(a.rank === null ? '' : String(a.rank));
      expect(cell(row, 'rank_low')).toBe(s.rankBand ? String(s.rankBand.low) : '');
      expect(cell(row, 'rank_high')).toBe(s.rankBand ? String(s.rankBand.high) : '');
      expect(cell(row, 'expectation')).toBe(s.expectation ?? '');
      expect(cell(row, 'shrunk_mean')).toBe(r2(a.shrunkMean));
      expect(cell(row, 'csat_pct')).toBe(p1(a.csat?.value));
    }
    for (const g of json.groups) {
      const row = rowOf('group', g.groupId);
      expectMetrics(row, g.metrics);
      expect(cell(row, 'csat_pct')).toBe(p1(g.csat?.value));
    }
    for (const d of json.drivers) {
      const row = reasons!.find((r) => r[0] === d.driver)!;
      expect(row.slice(1)).toEqual([
        String(d.count),
        row[2],
        p1(d.share.value),
        p1(d.share.low),
        p1(d.share.high),
      ]);
    }
    expect(figures!.length - 1).toBe(1 + json.agents.length + json.groups.length);
  });

  it('exports every answer behind the figures as CSV, with names, formulas defused', async () => {
    const res = await api.get(`/api/v1/report/answers.csv?${PERIOD}&groupId=10`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="ces-answers-2026-11-02-2026-11-15.csv"',
    );
    const [header, ...rows] = parseCsv(res.body);
    expect(header).toEqual([...ANSWER_CSV_HEADER]);
    const json = (await api.get(`/api/v1/report?${PERIOD}&groupId=10`)).json<ReportResponse>();
    // One line per answer the figures count, per scale point as the distribution says.
    expect(rows).toHaveLength(json.team.n);
    for (const { score, count } of json.distribution)
      expect(rows.filter((r) => r[9] === String(score))).toHaveLength(count);
    const hyperlink = rows.find((r) => r[12]?.includes('HYPERLINK'))!;
    expect(hyperlink[12]).toBe(`'=HYPERLINK("http://x")`);
    expect(hyperlink.slice(8, 12)).toEqual(['ces2_7', '2', 'difficult', 'took_too_long']);
    expect(hyperlink[4]).toBe('1');
    expect(hyperlink[6]).toBe('10');
    // Newest first; CSAT as Zendesk gave it.
    expect(rows[0]![3]).toBe('2026-11-15T23:59:59.000Z');
    expect(rows.filter((r) => r[13]?.toLowerCase() === 'good')).toHaveLength(3);
  });

  it('answers 400 to a bad filter on the answers CSV', async () => {
    const res = await api.get('/api/v1/report/answers.csv?from=yesterday');
    expect(res.statusCode).toBe(400);
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
