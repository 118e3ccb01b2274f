import type { Database } from '../../../src/server/db/database.js';
import { migrate } from '../../../src/server/db/migrate.js';
import { openPgliteBefore } from '../../support/databases.js';
import { insertSurvey } from '../../support/survey-fixtures.js';

/** Every rollup row and count, for comparing the migrated rows with a full recount. */
async function rollups(db: Database): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const table of [
    'report_agent_day',
    'report_segment_day',
    'report_agent_week',
    'report_segment_week',
  ]) {
    const { rows } = await db.query(`SELECT * FROM ${table}`);
    out.push(...rows.map((r) => `${table} ${JSON.stringify(r)}`).sort());
  }
  return out;
}

/** Migration 024 on a database whose surveys were reminded before it. */
describe('migration 024: the reminder counts in the rollups', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPgliteBefore(24);
  });
  afterAll(async () => {
    await db.close();
  });

  it('fills the reminded and answered-after counts of existing rows, as a full recount would', async () => {
    const at = (d: number, h: number) => new Date(Date.UTC(2026, 10, d, h)).toISOString();
    const afterIt = await insertSurvey(db, {
      assigneeId: 3,
      createdAt: at(2, 9),
      answer: { score: 6, answeredAt: at(6, 9) },
    });
    const beforeIt = await insertSurvey(db, {
      assigneeId: 3,
      createdAt: at(2, 9),
      answer: { score: 2, answeredAt: at(3, 9) },
    });
    const unanswered = await insertSurvey(db, { assigneeId: 3, createdAt: at(10, 9) });
    await insertSurvey(db, { assigneeId: 3, createdAt: at(10, 9) });
    await db.query(`UPDATE surveys SET reminded_at = $2 WHERE id = ANY($1::bigint[])`, [
      [afterIt, beforeIt, unanswered],
      at(5, 9),
    ]);
    await migrate(db);

    const { rows } = await db.query<{ week: string; reminded: number; after_reminder: number }>(
      `SELECT to_char(week, 'YYYY-MM-DD') AS week, sum(reminded)::int AS reminded,
              sum(after_reminder)::int AS after_reminder
         FROM report_agent_week WHERE assignee_id = 3 GROUP BY week ORDER BY week`,
    );
    expect(rows).toEqual([
      { week: '2026-11-02', reminded: 2, after_reminder: 1 },
      { week: '2026-11-09', reminded: 1, after_reminder: 0 },
    ]);
    const migrated = await rollups(db);
    await db.query('SELECT report_rollup_rebuild()');
    expect(await rollups(db)).toEqual(migrated);
  });
});
