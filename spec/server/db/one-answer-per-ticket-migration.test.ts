import type { Database } from '../../../src/server/db/database.js';
import { migrate } from '../../../src/server/db/migrate.js';
import { openPgliteBefore } from '../../support/databases.js';
import { insertSurvey } from '../../support/survey-fixtures.js';

/** Migration 005 on data written before it: tickets surveyed and answered more than once. */
describe('migration 005: one live survey and one counted answer per ticket', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPgliteBefore(5);
  });
  afterAll(async () => {
    await db.close();
  });

  it('keeps the latest answer of a ticket, replaces older ones and closes older links', async () => {
    const at = (day: number) => `2026-11-0${day}T10:00:00Z`;
    const olderAnswer = await insertSurvey(db, {
      ticketId: 1,
      assigneeId: 11,
      createdAt: at(1),
      answer: { score: 2, answeredAt: at(1) },
    });
    const latestAnswer = await insertSurvey(db, {
      ticketId: 1,
      assigneeId: 12,
      createdAt: at(2),
      answer: { score: 6, answeredAt: at(2) },
    });
    const unansweredBefore = await insertSurvey(db, { ticketId: 2, createdAt: at(1) });
    const newest = await insertSurvey(db, { ticketId: 2, createdAt: at(3) });
    await migrate(db);

    const { rows } = await db.query<{ id: number; status: string; closed: boolean }>(
      'SELECT id, status, superseded_at IS NOT NULL AS closed FROM surveys ORDER BY id',
    );
    expect(rows.map((r) => [Number(r.id), r.status, r.closed])).toEqual([
      [olderAnswer, 'replaced', true],
      [latestAnswer, 'answered', false],
      [unansweredBefore, 'superseded', true],
      [newest, 'sent', false],
    ]);
    const counted = await db.query<{ assignee_id: number; n: number; sent: number }>(
      `SELECT assignee_id, sum(n2 + n6)::int AS n, sum(sent)::int AS sent FROM report_agent_day
        WHERE assignee_id IN (11, 12) GROUP BY assignee_id ORDER BY assignee_id`,
    );
    // The replaced answer's agent has nothing left to count.
    expect(counted.rows.map((r) => [Number(r.assignee_id), r.n, r.sent])).toEqual([[12, 1, 1]]);
  });
});
