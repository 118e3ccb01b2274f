import type { Database } from '../../../src/server/db/database.js';
import { loadMigrations, migrate } from '../../../src/server/db/migrate.js';
import { openPgliteBefore, openTestDatabaseBefore, testDrivers } from '../../support/databases.js';
import { insertSurvey } from '../../support/survey-fixtures.js';

/** A table's rows that count anything (a row a replaced survey emptied may stay at 0). */
async function rows(db: Database, table: string): Promise<string[]> {
  const { rows } = await db.query<Record<string, unknown>>(`SELECT * FROM ${table}`);
  return rows
    .filter((r) =>
      Object.entries(r).some(
        ([k, v]) => /^(n\d+|csat_\w+|sent|responded|reminded|after_reminder)$/.test(k) && v !== 0,
      ),
    )
    .map((r) => JSON.stringify(r))
    .sort();
}

const NEW_TABLES = [
  'report_team_day',
  'report_team_week',
  'report_agent_block',
  'report_channel_day',
  'report_channel_week',
  'report_brand_day',
  'report_brand_week',
];

/** Migration 025 on a database with answers, reminders and a replaced survey before it. */
describe('migration 025: the team, channel and brand rollups', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPgliteBefore(25);
  });
  afterAll(async () => {
    await db.close();
  });

  it('fills the new rows from the existing rows, as a full recount would', async () => {
    const at = (d: number, h: number) => new Date(Date.UTC(2026, 10, d, h)).toISOString();
    const reminded = await insertSurvey(db, {
      assigneeId: 3,
      groupId: 30,
      brandId: 1,
      channel: 'email',
      createdAt: at(2, 9),
      answer: { score: 6, answeredAt: at(6, 9) },
    });
    await insertSurvey(db, {
      assigneeId: 4,
      groupId: 30,
      brandId: 1,
      channel: 'email',
      satisfaction: 'good',
      createdAt: at(2, 11),
      answer: { score: 2, answeredAt: at(3, 9), driver: 'transferred' },
    });
    await insertSurvey(db, {
      assigneeId: 4,
      groupId: 40,
      scaleId: 'ease_10',
      createdAt: at(10, 9),
    });
    const replaced = await insertSurvey(db, {
      assigneeId: 5,
      createdAt: at(11, 9),
      answer: { score: 7, answeredAt: at(11, 10) },
    });
    await db.query(`UPDATE surveys SET reminded_at = $2 WHERE id = $1`, [reminded, at(5, 9)]);
    await db.query(`UPDATE surveys SET status = 'replaced' WHERE id = $1`, [replaced]);
    await migrate(db);

    const { rows: team } = await db.query<Record<string, string | number>>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, group_id::int,
              sum(n1 + n2 + n3 + n4 + n5 + n6 + n7 + n8 + n9 + n10)::int AS n,
              sum(sent)::int AS sent, sum(reminded)::int AS reminded, sum(csat_good)::int AS good
         FROM report_team_day GROUP BY 1, 2 HAVING sum(sent) > 0 ORDER BY 1, 2`,
    );
    expect(team).toEqual([
      { day: '2026-11-02', group_id: 30, n: 2, sent: 2, reminded: 1, good: 1 },
      { day: '2026-11-10', group_id: 40, n: 0, sent: 1, reminded: 0, good: 0 },
    ]);
    const all = async () => Promise.all(NEW_TABLES.map((table) => rows(db, table)));
    const migrated = await all();
    expect(migrated.every((table) => table.length > 0)).toBe(true);
    await db.query('SELECT report_rollup_rebuild()');
    expect(await all()).toEqual(migrated);
  });
});

/**
 * While 025 runs, a service still on the old code writes rollups through the old function: such a
 * write must wait for the migration's commit, or it would reach the old tables only. PostgreSQL
 * only: PGlite has one connection, so nothing writes beside a migration there.
 */
describe('migration 025 on PostgreSQL beside a running service', () => {
  const postgres = testDrivers().includes('postgres') ? it : it.skip;

  postgres('holds answer and survey writes until it commits', async () => {
    const db = await openTestDatabaseBefore('postgres', 25);
    try {
      const survey = await insertSurvey(db, { assigneeId: 3, createdAt: '2026-11-02T09:00:00Z' });
      const [m25] = (await loadMigrations()).filter((m) => m.version === 25);
      if (!m25) throw new Error('migration 025 is missing');
      const blocked: string[] = [];
      await db
        .transaction(async (tx) => {
          await tx.exec(m25.sql);
          // Another connection, as another replica: a write that would wait fails fast instead.
          for (const write of [
            `INSERT INTO answers (survey_id, score, scale_id, answered_at)
             VALUES (${survey}, 5, 'ces2_7', now())`,
            `UPDATE surveys SET reminded_at = now() WHERE id = ${survey}`,
          ]) {
            try {
              await db.transaction(async (other) => {
                await other.exec(`SET LOCAL lock_timeout = '300ms'`);
                await other.exec(write);
              });
            } catch (error) {
              blocked.push((error as { code?: string }).code ?? 'unknown');
            }
          }
          throw new Error('roll back');
        })
        .catch((error: unknown) => {
          if ((error as Error).message !== 'roll back') throw error;
        });
      expect(blocked).toEqual(['55P03', '55P03']);
    } finally {
      await db.close();
    }
  });
});
