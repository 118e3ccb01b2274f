import type { Queryable } from '../db/database.js';

/** The kinds of work the outbox worker knows; each has one file under outbox/jobs/. */
export type JobKind = 'publish_survey_link' | 'write_back_answer';

export interface NewJob {
  kind: JobKind;
  /** While a job with this key waits, enqueueing the key again moves that job instead of adding one. */
  dedupeKey: string;
  payload: Record<string, unknown>;
  runAt?: Date;
}

/**
 * Adds a job in the caller's transaction, so the job exists exactly when the change that needs it
 * does. A waiting job with the same key gets the new payload and run time (the quiet period restarts).
 */
export async function enqueueJob(tx: Queryable, job: NewJob): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO outbox_jobs (kind, dedupe_key, payload, run_at)
     VALUES ($1, $2, $3::jsonb, COALESCE($4::timestamptz, now()))
     ON CONFLICT (dedupe_key) WHERE status = 'queued'
     DO UPDATE SET payload = EXCLUDED.payload, run_at = EXCLUDED.run_at, updated_at = now()
     RETURNING id`,
    [job.kind, job.dedupeKey, JSON.stringify(job.payload), job.runAt?.toISOString() ?? null],
  );
  const row = rows[0];
  if (!row) throw new Error(`Could not enqueue ${job.kind} job ${job.dedupeKey}`);
  return row.id;
}
