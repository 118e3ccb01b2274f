import fc from 'fast-check';
import type { Database } from '../../../src/server/db/database.js';
import {
  tallyPeriod,
  type ReportScope,
  type TallyRow,
} from '../../../src/server/reports/report-queries.js';
import { saveAccountTimeZone } from '../../../src/server/setup/zendesk-state.js';
import { blockOf } from '../../../src/shared/period-days.js';
import { describeEachDatabase } from '../../support/databases.js';
import { clearSurveys, insertSurvey, insertSurveys } from '../../support/survey-fixtures.js';

const COUNTS = [
  'n1',
  'n2',
  'n3',
  'n4',
  'n5',
  'n6',
  'n7',
  'n8',
  'n9',
  'n10',
  'csat_good',
  'csat_bad',
  'sent',
  'responded',
  'reminded',
  'after_reminder',
] as const;
const SUMS = COUNTS.map((c) => `sum(${c})::int AS ${c}`).join(', ');

/**
 * Each week rollup beside its day rollup summed per ISO week: rows that differ (both sides, so a
 * failure shows the numbers). Rows counting nothing on both sides are no difference.
 */
async function weeksOffFromDays(db: Database): Promise<string[]> {
  const out: string[] = [];
  for (const [level, keys] of [
    ['agent', 'scale_id, assignee_id, group_id'],
    ['segment', 'scale_id, assignee_id, group_id, brand_id, channel'],
  ] as const) {
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT to_char(coalesce(w.week, d.week), 'YYYY-MM-DD') AS week, w.counts AS weeks,
              d.counts AS days
         FROM (SELECT week, ${keys}, ARRAY[${COUNTS.join(', ')}] AS counts
                 FROM report_${level}_week) w
         FULL JOIN (SELECT report_week(day) AS week, ${keys}, ARRAY[${COUNTS.map((c) => `sum(${c})::int`).join(', ')}] AS counts
                      FROM report_${level}_day GROUP BY 1, ${keys}) d
           USING (week, ${keys})
        WHERE coalesce(w.counts, ARRAY[0]) IS DISTINCT FROM coalesce(d.counts, ARRAY[0])
          AND NOT (coalesce(w.counts, '{}') <@ ARRAY[0] AND coalesce(d.counts, '{}') <@ ARRAY[0])`,
    );
    for (const r of rows) out.push(`${level} ${JSON.stringify(r)}`);
  }
  return out;
}

/** Every week rollup row that counts anything, in a stable order (for comparing with a recount). */
async function weekRows(db: Database): Promise<string[]> {
  const out: string[] = [];
  for (const table of ['report_agent_week', 'report_segment_week']) {
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT to_char(week, 'YYYY-MM-DD') AS week, * FROM ${table}
        WHERE ${COUNTS.join(' + ')} <> 0 OR ${COUNTS.map((c) => `${c} <> 0`).join(' OR ')}`,
    );
    for (const r of rows) out.push(`${table} ${JSON.stringify(r)}`);
  }
  return out.sort();
}

/**
 * What tallyPeriod must return, worked out from the day rollup alone: its rows in the period
 * summed per agent, group, week and scale in plain TypeScript, leaving out what counts nothing.
 */
async function fromDays(db: Database, scope: ReportScope): Promise<string[]> {
  const segmented = scope.brandId != null || scope.channel != null;
  const params: unknown[] = [scope.fromDay, scope.toDay];
  let where = '';
  for (const [column, value] of [
    ['assignee_id', scope.agentId],
    ['group_id', scope.groupId],
    ['brand_id', scope.brandId],
    ['channel', scope.channel],
  ] as const) {
    if (value == null) continue;
    params.push(value);
    where += ` AND ${column} = $${params.length}`;
  }
  const { rows } = await db.query<Record<string, string | number | null>>(
    `SELECT scale_id, assignee_id, group_id, to_char(report_week(day), 'YYYY-MM-DD') AS week,
            to_char(day, 'YYYY-MM-DD') AS day, ${SUMS}
       FROM report_${segmented ? 'segment' : 'agent'}_day
      WHERE day >= $1::date AND day <= $2::date${where}
      GROUP BY scale_id, assignee_id, group_id, day`,
    params,
  );
  const sums = new Map<string, TallyRow>();
  for (const r of rows) {
    const answered = COUNTS.slice(0, 10).some((c) => Number(r[c]) !== 0);
    const keys: Array<[TallyRow['kind'], TallyRow['key']]> = [
      ['agent', Number(r.assignee_id) || null],
      ['group', Number(r.group_id) || null],
      ['week', r.week as string],
      ['team', null],
    ];
    for (const [kind, key] of keys) {
      const id = `${kind} ${key} ${r.scale_id}`;
      const t = sums.get(id) ?? {
        kind,
        key,
        scaleId: r.scale_id as TallyRow['scaleId'],
        counts: Array<number>(10).fill(0),
        csatGood: 0,
        csatBad: 0,
        sent: 0,
        responded: 0,
        reminded: 0,
        afterReminder: 0,
        firstDay: null,
        lastDay: null,
      };
      sums.set(id, t);
      COUNTS.slice(0, 10).forEach((c, i) => (t.counts[i]! += Number(r[c])));
      t.csatGood += Number(r.csat_good);
      t.csatBad += Number(r.csat_bad);
      t.sent += Number(r.sent);
      t.responded += Number(r.responded);
      t.reminded += Number(r.reminded);
      t.afterReminder += Number(r.after_reminder);
      if (kind === 'team' && answered) {
        const day = r.day as string;
        if (t.firstDay === null || day < t.firstDay) t.firstDay = day;
        if (t.lastDay === null || day > t.lastDay) t.lastDay = day;
      }
    }
  }
  return [...sums.values()]
    .filter((t) =>
      [...t.counts, t.csatGood, t.csatBad, t.sent, t.responded, t.reminded, t.afterReminder].some(
        (n) => n !== 0,
      ),
    )
    .map(canonical)
    .sort();
}

const canonical = (t: TallyRow) =>
  JSON.stringify([
    t.kind,
    t.key,
    t.scaleId,
    t.counts,
    t.csatGood,
    t.csatBad,
    t.sent,
    t.responded,
    t.reminded,
    t.afterReminder,
    t.firstDay,
    t.lastDay,
  ]);

describeEachDatabase('week rollups', (getDb) => {
  afterEach(async () => {
    await getDb().query(`DELETE FROM zendesk_state WHERE key = 'account'`);
  });

  it('stay the sums of their days while answers for one agent and week arrive at once, change and go', async () => {
    const db = getDb();
    await clearSurveys(db);
    await saveAccountTimeZone(db, 'America/New_York');
    const ids = await insertSurveys(db, 42, (i) => ({
      assigneeId: 9,
      groupId: 90,
      brandId: 1 + (i % 2),
      channel: i % 3 ? 'email' : 'web',
      scaleId: i % 5 ? 'ces2_7' : 'ease_10',
      satisfaction: i % 4 ? null : 'good',
      // Monday 2026-11-02 to Sunday 2026-11-08 in New York, 12:00 local: one ISO week.
      createdAt: new Date(Date.UTC(2026, 10, 2 + (i % 7), 17)).toISOString(),
    }));
    // Every answer in its own transaction, side by side: each writer takes the same week rows.
    await Promise.all(
      ids.map((id, i) =>
        db.transaction((tx) =>
          tx.query(
            `INSERT INTO answers (survey_id, score, scale_id, driver, answered_at)
             SELECT id, $2, CASE WHEN $3 THEN 'ces1_5' ELSE scale_id END, $4, '2026-11-09T09:00:00Z'
               FROM surveys WHERE id = $1`,
            [id, 1 + (i % 5), i % 7 === 3, i % 2 ? 'transferred' : null],
          ),
        ),
      ),
    );
    expect(await weeksOffFromDays(db)).toEqual([]);
    // Edited scores, a superseded survey, replaced answers and deletions, side by side again.
    const extra = await insertSurvey(db, {
      assigneeId: 9,
      groupId: 90,
      createdAt: '2026-11-04T17:00:00Z',
    });
    await Promise.all([
      ...ids.map((id, i) =>
        db.transaction((tx) =>
          i % 4 === 0
            ? tx.query('UPDATE answers SET score = $2 WHERE survey_id = $1', [id, 5 - (i % 5)])
            : i % 4 === 1
              ? tx.query(`UPDATE surveys SET status = 'replaced' WHERE id = $1`, [id])
              : i % 4 === 2
                ? tx.query('DELETE FROM surveys WHERE id = $1', [id])
                : tx.query('DELETE FROM answers WHERE survey_id = $1', [id]),
        ),
      ),
      db.transaction((tx) =>
        tx.query(`UPDATE surveys SET status = 'superseded' WHERE id = $1`, [extra]),
      ),
    ]);
    expect(await weeksOffFromDays(db)).toEqual([]);
    const maintained = await weekRows(db);
    await db.query('SELECT report_rollup_rebuild()');
    expect(await weekRows(db)).toEqual(maintained);
    // Of 42: 11 edited answers still count, the 10 whose answers went still count as sent.
    const { rows } = await db.query<{ n: number; sent: number; responded: number }>(
      `SELECT sum(n1 + n2 + n3 + n4 + n5 + n6 + n7 + n8 + n9 + n10)::int AS n,
              sum(sent)::int AS sent, sum(responded)::int AS responded
         FROM report_agent_week WHERE assignee_id = 9 AND week = '2026-11-02'`,
    );
    expect(rows[0]).toEqual({ n: 11, sent: 21, responded: 11 });
  });

  it('start 4-week blocks on the same Mondays in SQL as in the report code', async () => {
    const db = getDb();
    const { rows } = await db.query<{ day: string; block: string }>(
      `SELECT to_char(d, 'YYYY-MM-DD') AS day, to_char(report_block(d::date), 'YYYY-MM-DD') AS block
         FROM generate_series('1999-12-01'::date, '2027-02-01'::date, interval '5 days') AS d`,
    );
    expect(rows.length).toBeGreaterThan(1900);
    for (const r of rows) {
      const monday = new Date(Date.parse(`${r.day}T00:00:00Z`));
      monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
      expect(r.block).toBe(blockOf(monday.toISOString().slice(0, 10)));
    }
  });

  it('give any period and filter the sums of its days', async () => {
    const db = getDb();
    const at = fc
      .integer({ min: 0, max: 24 * 70 - 1 })
      .map((h) => new Date(Date.UTC(2026, 8, 20) + h * 3_600_000).toISOString());
    const survey = fc.record({
      assigneeId: fc.constantFrom(null, 1, 2, 3),
      groupId: fc.constantFrom(null, 10, 20),
      brandId: fc.constantFrom(null, 1, 2),
      channel: fc.constantFrom('email', 'web'),
      scaleId: fc.constantFrom('ces2_7' as const, 'ease_10' as const),
      satisfaction: fc.constantFrom(null, 'good', 'bad'),
      at,
      published: fc.boolean(),
      score: fc.option(fc.integer({ min: 1, max: 7 })),
      later: fc.constantFrom(
        null,
        null,
        null,
        'edit',
        'replace',
        'supersede',
        'delete',
        'unanswer',
      ),
    });
    const day = fc
      .integer({ min: 0, max: 70 })
      .map((d) => new Date(Date.UTC(2026, 8, 15 + d)).toISOString().slice(0, 10));
    const scope = fc.record({
      from: day,
      // Up to 75 days: long periods read whole 4-week blocks for the agent table.
      length: fc.oneof(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 25, max: 75 })),
      agentId: fc.constantFrom(null, 2),
      groupId: fc.constantFrom(null, 20),
      brandId: fc.constantFrom(null, 2),
      channel: fc.constantFrom(null, 'web'),
    });
    await fc.assert(
      fc.asyncProperty(
        // Many surveys over ten weeks: most weeks, and many days, have some.
        fc.array(survey, { minLength: 40, maxLength: 80 }),
        fc.array(scope, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('UTC', 'America/New_York', 'Pacific/Chatham'),
        async (surveys, scopes, zone) => {
          await clearSurveys(db);
          await saveAccountTimeZone(db, zone);
          for (const s of surveys) {
            const id = await insertSurvey(db, {
              ...s,
              createdAt: s.at,
              publishedAt: s.published ? s.at : null,
              answer: s.score === null ? undefined : { score: s.score, answeredAt: s.at },
            });
            if (s.later === 'edit') {
              await db.query('UPDATE answers SET score = 8 - score WHERE survey_id = $1', [id]);
            } else if (s.later === 'replace' || s.later === 'supersede') {
              await db.query('UPDATE surveys SET status = $2 WHERE id = $1', [
                id,
                s.later === 'replace' ? 'replaced' : 'superseded',
              ]);
            } else if (s.later === 'delete') {
              await db.query('DELETE FROM surveys WHERE id = $1', [id]);
            } else if (s.later === 'unanswer') {
              await db.query('DELETE FROM answers WHERE survey_id = $1', [id]);
            }
          }
          for (const s of scopes) {
            const toDay = new Date(Date.parse(`${s.from}T00:00:00Z`) + s.length * 86_400_000)
              .toISOString()
              .slice(0, 10);
            const reportScope: ReportScope = { ...s, fromDay: s.from, toDay };
            const rows = (await tallyPeriod(db, reportScope)).map(canonical).sort();
            expect(rows).toEqual(await fromDays(db, reportScope));
          }
        },
      ),
      { numRuns: 40 },
    );
    // 40 databases' worth of surveys on each database: ~10 s on a quiet machine, more on a busy one.
  }, 120_000);
});
