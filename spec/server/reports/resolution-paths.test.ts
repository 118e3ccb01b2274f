import { resolvePeriod } from '../../../src/server/reports/period.js';
import { buildTeamReport } from '../../../src/server/reports/team-report.js';
import type { Metrics } from '../../../src/shared/api-types.js';
import { wilsonInterval } from '../../../src/shared/scoring.js';
import { describeEachDatabase } from '../../support/databases.js';
import { clearSurveys, insertSurvey } from '../../support/survey-fixtures.js';

/**
 * Effort by resolution path, against a table worked out by hand. CES 2.0: easy 5–7, difficult 1–3.
 *
 * | ticket path                 | channel | scores        | n | easy | difficult | mean     |
 * | one-touch (1 reply)         | email   | 7 6 5 2       | 4 | 3    | 1         | 20/4 = 5 |
 * | multi-touch (2, 3, 4 …)     | web     | 3 1 4 6 2     | 5 | 1    | 3         | 16/5     |
 * | no agent reply (0)          | email   | 7             | 1 | 1    | 0         | 7        |
 * | unknown (no metrics)        | chat    | 5 3           | 2 | 1    | 1         | 4        |
 *
 * Reopened: the multi-touch 3, 1 and 2 (reopens 1, 2, 1): n 3, easy 0, difficult 3, mean 2;
 * not reopened: 7 6 5 2 4 6 7: n 7, easy 5, difficult 1, mean 37/7; unknown: 5 3.
 * Left out: a replaced survey (one-touch, 7), an answer solved after the period (one-touch, 1).
 */
describeEachDatabase('effort by resolution path', (getDb) => {
  const period = resolvePeriod({ from: '2026-11-02', to: '2026-11-15' }, new Date(), 'UTC');
  const ces2 = { period, scaleId: 'ces2_7' as const };
  let day = 0;

  /** An answered survey solved in the period, with the metrics the publish job would store. */
  async function answered(
    score: number,
    channel: string,
    metrics: { replies: number; reopens: number } | null,
    options: { solvedAt?: string; scaleId?: 'ces2_7' | 'ease_10'; metricsFirst?: boolean } = {},
  ): Promise<number> {
    day += 1;
    const solvedAt =
      options.solvedAt ?? `2026-11-${String(2 + (day % 13)).padStart(2, '0')}T10:00:00Z`;
    const scaleId = options.scaleId ?? 'ces2_7';
    const set = (id: number) =>
      getDb().query('UPDATE surveys SET agent_replies = $2, reopens = $3 WHERE id = $1', [
        id,
        metrics!.replies,
        metrics!.reopens,
      ]);
    if (metrics && options.metricsFirst) {
      // As in production: metrics captured on publish, the answer later (the answer trigger).
      const id = await insertSurvey(getDb(), { channel, solvedAt, createdAt: solvedAt, scaleId });
      await set(id);
      await getDb().query('INSERT INTO answers (survey_id, score, scale_id) VALUES ($1, $2, $3)', [
        id,
        score,
        scaleId,
      ]);
      return id;
    }
    // Metrics arriving on an answered survey (the survey trigger).
    const id = await insertSurvey(getDb(), {
      channel,
      solvedAt,
      createdAt: solvedAt,
      scaleId,
      answer: { score, answeredAt: solvedAt },
    });
    if (metrics) await set(id);
    return id;
  }

  beforeAll(async () => {
    await clearSurveys(getDb());
    const one = { replies: 1, reopens: 0 };
    await answered(7, 'email', one, { metricsFirst: true });
    await answered(6, 'email', one);
    await answered(5, 'email', one, { metricsFirst: true });
    await answered(2, 'email', one);
    await answered(3, 'web', { replies: 2, reopens: 1 }, { metricsFirst: true });
    await answered(1, 'web', { replies: 3, reopens: 2 });
    await answered(4, 'web', { replies: 2, reopens: 0 });
    await answered(6, 'web', { replies: 4, reopens: 0 }, { metricsFirst: true });
    await answered(2, 'web', { replies: 5, reopens: 1 });
    await answered(7, 'email', { replies: 0, reopens: 0 });
    await answered(5, 'chat', null);
    await answered(3, 'chat', null);
    const replaced = await answered(7, 'email', one);
    await getDb().query(`UPDATE surveys SET status = 'replaced' WHERE id = $1`, [replaced]);
    await answered(1, 'email', one, { solvedAt: '2026-11-16T10:00:00Z' });
  });

  const check = (m: Metrics, n: number, easy: number, difficult: number, mean: number) => {
    expect(m.n).toBe(n);
    expect(m.easy).toEqual(wilsonInterval(easy, n));
    expect(m.difficult).toEqual(wilsonInterval(difficult, n));
    expect(m.mean).toBeCloseTo(mean, 12);
    expect(m.means).toHaveLength(1);
    expect(m.means[0]).toEqual(expect.objectContaining({ scaleId: 'ces2_7', n }));
  };

  it('splits the answers into one-touch, multi-touch, no reply and unknown', async () => {
    const { paths, team } = await buildTeamReport(getDb(), ces2);
    expect(team.n).toBe(12);
    expect(paths.touch.map((t) => [t.path, t.metrics.n])).toEqual([
      ['one', 4],
      ['multi', 5],
      ['none', 1],
      ['unknown', 2],
    ]);
    const [one, multi, none, unknown] = paths.touch.map((t) => t.metrics);
    check(one!, 4, 3, 1, 5);
    check(multi!, 5, 1, 3, 16 / 5);
    check(none!, 1, 1, 0, 7);
    check(unknown!, 2, 1, 1, 4);
    // By hand: one-touch 75% easy, multi-touch 20%; Wilson 95% for 3 of 4 is 30.1%–95.4%.
    expect(one!.easy!.value).toBe(0.75);
    expect(one!.easy!.low).toBeCloseTo(0.3006, 4);
    expect(one!.easy!.high).toBeCloseTo(0.9544, 4);
    expect(multi!.easy!.value).toBe(0.2);
    expect([paths.withMetrics, paths.withoutMetrics]).toEqual([10, 2]);
  });

  it('splits them into reopened or not, and by channel', async () => {
    const { paths } = await buildTeamReport(getDb(), ces2);
    expect(paths.reopened.map((r) => [r.path, r.metrics.n])).toEqual([
      ['no', 7],
      ['yes', 3],
      ['unknown', 2],
    ]);
    check(paths.reopened[0]!.metrics, 7, 5, 1, 37 / 7);
    check(paths.reopened[1]!.metrics, 3, 0, 3, 2);
    expect(paths.channels.map((c) => [c.channel, c.metrics.n])).toEqual([
      ['email', 5],
      ['web', 5],
      ['chat', 2],
    ]);
    check(paths.channels[0]!.metrics, 5, 4, 1, 27 / 5);
    check(paths.channels[1]!.metrics, 5, 1, 3, 16 / 5);
  });

  it('follows the report filters', async () => {
    const { paths } = await buildTeamReport(getDb(), { ...ces2, channel: 'web' });
    expect(paths.touch.map((t) => t.metrics.n)).toEqual([0, 5, 0, 0]);
    expect(paths.channels.map((c) => c.channel)).toEqual(['web']);
    expect(paths.withMetrics).toBe(5);
  });

  it('keeps means per scale when the period spans a scale change', async () => {
    const id = await answered(
      9,
      'email',
      { replies: 1, reopens: 0 },
      {
        scaleId: 'ease_10',
        // After every CES 2.0 answer: the scale in use at the end of the period (listed last).
        solvedAt: '2026-11-15T10:00:00Z',
      },
    );
    try {
      const { paths } = await buildTeamReport(getDb(), { period });
      const one = paths.touch[0]!.metrics;
      // 7 6 5 2 on CES 2.0 and 9 on Ease 1–10 (easy 8–10): 4 of 5 easy, no mean across scales.
      expect(one.n).toBe(5);
      expect(one.easy).toEqual(wilsonInterval(4, 5));
      expect(one.mean).toBeNull();
      expect(one.means.map((m) => [m.scaleId, m.n, m.mean])).toEqual([
        ['ces2_7', 4, 5],
        ['ease_10', 1, 9],
      ]);
    } finally {
      await getDb().query('DELETE FROM answers WHERE survey_id = $1', [id]);
      await getDb().query('DELETE FROM surveys WHERE id = $1', [id]);
    }
  });

  it('follows a group filter (the rollup with groups and brands)', async () => {
    // A group set after the answers: the survey trigger moves them.
    await getDb().query(
      `UPDATE surveys SET group_id = 77
        WHERE id IN (SELECT s.id FROM surveys s JOIN answers a ON a.survey_id = s.id
                      WHERE s.status <> 'replaced' AND s.solved_at < '2026-11-16'
                        AND ((a.score = 7 AND s.agent_replies = 1) OR a.score = 1))`,
    );
    const { paths } = await buildTeamReport(getDb(), { ...ces2, groupId: 77 });
    expect(paths.touch.map((t) => t.metrics.n)).toEqual([1, 1, 0, 0]);
    expect(paths.reopened.map((t) => t.metrics.n)).toEqual([1, 1, 0]);
  });

  it('keeps both rollups equal to a recount from the surveys and answers', async () => {
    const read = async (table: string, columns: string) =>
      (
        await getDb().query(
          `SELECT day::text, scale_id, ${columns}, touch, reopened,
                  n1, n2, n3, n4, n5, n6, n7, n8, n9, n10
             FROM ${table} WHERE n1 + n2 + n3 + n4 + n5 + n6 + n7 + n8 + n9 + n10 <> 0
            ORDER BY day, scale_id, ${columns}, touch, reopened`,
        )
      ).rows;
    const detailed = await read('report_path_day', 'group_id, brand_id, channel');
    const totals = await read('report_path_total_day', 'channel');
    expect(detailed.some((r) => Number(r.group_id) === 77)).toBe(true);
    await getDb().query('SELECT report_path_rebuild()');
    expect(await read('report_path_day', 'group_id, brand_id, channel')).toEqual(detailed);
    expect(await read('report_path_total_day', 'channel')).toEqual(totals);
  });

  it('says so when no answer has metrics', async () => {
    const { paths } = await buildTeamReport(getDb(), {
      period: resolvePeriod({ from: '2026-10-01', to: '2026-10-31' }, new Date(), 'UTC'),
    });
    expect(paths.withMetrics).toBe(0);
    expect(paths.withoutMetrics).toBe(0);
    expect(paths.channels).toEqual([]);
  });
});
