import type { Database } from '../../src/server/db/database.js';

/**
 * The fake clock of storage tests: the service reads time from the database (`now()`), so moving
 * the clock forward by `days` is moving every stored moment back by `days`, in one transaction
 * (a worker never sees a half-moved world): surveys, answers and waiting outbox jobs.
 */
export async function advanceDays(db: Database, days: number): Promise<void> {
  await db.transaction(async (tx) => {
    const back = `- make_interval(days => ${Math.trunc(days)})`;
    await tx.query(
      `UPDATE surveys
          SET created_at = created_at ${back}, published_at = published_at ${back},
              closes_at = closes_at ${back}, solved_at = solved_at ${back},
              superseded_at = superseded_at ${back}, reminded_at = reminded_at ${back},
              writeback_at = writeback_at ${back}`,
    );
    await tx.query(
      `UPDATE answers
          SET answered_at = answered_at ${back}, updated_at = updated_at ${back},
              score_changed_at = score_changed_at ${back}`,
    );
    await tx.query(`UPDATE outbox_jobs SET run_at = run_at ${back} WHERE status = 'queued'`);
  });
}
