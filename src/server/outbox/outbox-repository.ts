/**
 * The only owner of outbox_jobs. Long (~500 lines) on purpose: the queue's whole life (enqueue,
 * lease, finish, retry, status) is one set of states, read in one place.
 */
import type { Database, Queryable } from '../db/database.js';

/** The kinds of work the outbox worker knows; each has one file under outbox/jobs/. */
export type JobKind =
  | 'publish_survey_link'
  | 'write_back_answer'
  | 'sync_zendesk'
  | 'erase_old_comments'
  | 'send_reminder'
  | 'send_chat_alert'
  | 'send_weekly_digests';

export interface NewJob {
  kind: JobKind;
  /** While a job with this key waits, enqueueing the key again moves that job instead of adding one. */
  dedupeKey: string;
  payload: Record<string, unknown>;
  runAt?: Date;
}

/** The NOTIFY channel that wakes workers (in every replica) when a job is due at once. */
export const OUTBOX_CHANNEL = 'ces_outbox';

/**
 * Adds a job in the caller's transaction, so the job exists exactly when the change that needs it
 * does. A waiting job with the same key gets the new payload and run time (the quiet period restarts).
 * A job due now wakes the workers when the transaction commits (NOTIFY is sent at commit).
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
  if (!job.runAt || job.runAt.getTime() <= Date.now()) {
    await tx.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, job.kind]);
  }
  return row.id;
}

/**
 * Adds a job unless one with its key waits already, which then keeps its run time (a recurring
 * sweep's first run, queued at every service start). No NOTIFY: the worker's poll finds it.
 */
export async function enqueueUnlessWaiting(
  db: Queryable,
  job: Pick<NewJob, 'kind' | 'dedupeKey' | 'runAt'>,
): Promise<void> {
  await db.query(
    `INSERT INTO outbox_jobs (kind, dedupe_key, payload, run_at)
     VALUES ($1, $2, '{}'::jsonb, COALESCE($3::timestamptz, now()))
     ON CONFLICT (dedupe_key) WHERE status = 'queued' DO NOTHING`,
    [job.kind, job.dedupeKey, job.runAt?.toISOString() ?? null],
  );
}

/** Drops the waiting job with this key (work that is no longer needed); true when there was one. */
export async function cancelQueuedJob(tx: Queryable, dedupeKey: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `DELETE FROM outbox_jobs WHERE dedupe_key = $1 AND status = 'queued'`,
    [dedupeKey],
  );
  return rowCount > 0;
}

/** A job a worker holds a lease on: it alone may run it until `lockedUntil`. */
export interface ClaimedJob {
  id: number;
  kind: string;
  dedupeKey: string | null;
  payload: unknown;
  /** Attempts including this one. */
  attempts: number;
  maxAttempts: number;
  lockedBy: string;
  lockedUntil: Date;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobRecord {
  id: number;
  kind: string;
  dedupeKey: string | null;
  payload: unknown;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lockedBy: string | null;
  lockedUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  doneAt: Date | null;
}

interface JobRow {
  id: number;
  kind: string;
  dedupe_key: string | null;
  payload: unknown;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: Date | string;
  locked_by: string | null;
  locked_until: Date | string | null;
  last_error: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  done_at: Date | string | null;
}

const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
const toDateOrNull = (v: Date | string | null): Date | null => (v === null ? null : toDate(v));

function toRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    dedupeKey: row.dedupe_key,
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: toDate(row.run_at),
    lockedBy: row.locked_by,
    lockedUntil: toDateOrNull(row.locked_until),
    lastError: row.last_error,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    doneAt: toDateOrNull(row.done_at),
  };
}

/** Any fixed number: claims from every worker and replica queue on it for a few milliseconds. */
const CLAIM_LOCK_KEY = 724_551_984;
/** Errors are stored for people to read; a whole HTML error page is not needed for that. */
const MAX_ERROR_LENGTH = 2000;

function clipError(message: string): string {
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message;
}

export interface ClaimOptions {
  workerId: string;
  limit: number;
  leaseMs: number;
}

/**
 * Takes up to `limit` due jobs (waiting ones whose time has come, and running ones whose worker
 * let the lease expire) and marks them running under this worker's lease, in one short
 * transaction. A job is never taken while another job with its key is running under a live lease,
 * so two changes to one survey are never written to Zendesk side by side.
 */
export async function claimDueJobs(db: Database, options: ClaimOptions): Promise<ClaimedJob[]> {
  return db.transaction(async (tx) => {
    // Serialises claims (they take milliseconds) so the "same key running" check sees every lease.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [CLAIM_LOCK_KEY]);
    // A job whose workers keep dying on it must stop being retried forever.
    await tx.query(
      `UPDATE outbox_jobs
          SET status = 'failed', locked_by = NULL, locked_until = NULL, updated_at = now(),
              last_error = 'The worker running this job stopped before finishing it, '
                || attempts || ' times; retry it once the cause is fixed.'
        WHERE status = 'running' AND locked_until < now() AND attempts >= max_attempts`,
    );
    const { rows: candidates } = await tx.query<{ id: number; dedupe_key: string | null }>(
      `SELECT j.id, j.dedupe_key
         FROM outbox_jobs j
        WHERE ((j.status = 'queued' AND j.run_at <= now())
               OR (j.status = 'running' AND j.locked_until < now()))
          AND NOT EXISTS (
                SELECT 1 FROM outbox_jobs r
                 WHERE r.dedupe_key = j.dedupe_key AND r.id <> j.id
                   AND r.status = 'running' AND r.locked_until >= now())
        ORDER BY j.run_at, j.id
        LIMIT $1
        FOR UPDATE SKIP LOCKED`,
      [options.limit],
    );
    const keys = new Set<string>();
    const ids: number[] = [];
    for (const c of candidates) {
      if (c.dedupe_key !== null) {
        if (keys.has(c.dedupe_key)) continue;
        keys.add(c.dedupe_key);
      }
      ids.push(c.id);
    }
    if (ids.length === 0) return [];
    const { rows } = await tx.query<JobRow>(
      `UPDATE outbox_jobs
          SET status = 'running', locked_by = $2,
              locked_until = now() + make_interval(secs => $3::double precision / 1000),
              attempts = attempts + 1, updated_at = now()
        WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint)
        RETURNING *`,
      [JSON.stringify(ids), options.workerId, options.leaseMs],
    );
    return rows
      .map(toRecord)
      .sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id)
      .map((r) => ({
        id: r.id,
        kind: r.kind,
        dedupeKey: r.dedupeKey,
        payload: r.payload,
        attempts: r.attempts,
        maxAttempts: r.maxAttempts,
        lockedBy: options.workerId,
        lockedUntil: r.lockedUntil ?? new Date(),
      }));
  });
}

/** Extends a lease while a slow job is still running; false when the lease was lost. */
export async function extendLease(
  db: Queryable,
  id: number,
  workerId: string,
  leaseMs: number,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE outbox_jobs
        SET locked_until = now() + make_interval(secs => $3::double precision / 1000)
      WHERE id = $1 AND status = 'running' AND locked_by = $2`,
    [id, workerId, leaseMs],
  );
  return rowCount > 0;
}

/**
 * Renews every lease `workerId` holds (the batch it is running and the jobs still waiting their
 * turn in it), so leases can be short and a dead worker's jobs come back quickly. Returns how many.
 */
export async function extendLeases(
  db: Queryable,
  workerId: string,
  leaseMs: number,
): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE outbox_jobs
        SET locked_until = now() + make_interval(secs => $2::double precision / 1000)
      WHERE status = 'running' AND locked_by = $1`,
    [workerId, leaseMs],
  );
  return rowCount;
}

/** The workers that hold running jobs now (live leases or not). */
export async function workersHoldingJobs(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ locked_by: string }>(
    `SELECT DISTINCT locked_by FROM outbox_jobs WHERE status = 'running' AND locked_by IS NOT NULL`,
  );
  return rows.map((r) => r.locked_by);
}

/**
 * Hands back the jobs of workers known to be dead, without waiting for their leases: due at once,
 * or failed when they used their last attempt (a job that kills its worker must not loop).
 */
export async function releaseJobsOf(db: Queryable, workerIds: readonly string[]): Promise<number> {
  if (workerIds.length === 0) return 0;
  const { rowCount } = await db.query(
    `UPDATE outbox_jobs
        SET status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
            last_error = CASE WHEN attempts >= max_attempts
                              THEN 'The worker running this job stopped before finishing it, '
                                   || attempts || ' times; retry it once the cause is fixed.'
                              ELSE last_error END,
            run_at = now(), locked_by = NULL, locked_until = NULL, updated_at = now()
      WHERE status = 'running' AND locked_by IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify(workerIds)],
  );
  return rowCount;
}

/** Marks a job done; false when this worker no longer holds it (its lease expired and was taken). */
export async function completeJob(db: Queryable, id: number, workerId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE outbox_jobs
        SET status = 'done', done_at = now(), updated_at = now(),
            locked_by = NULL, locked_until = NULL
      WHERE id = $1 AND status = 'running' AND locked_by = $2`,
    [id, workerId],
  );
  return rowCount > 0;
}

export interface Reschedule {
  delayMs: number;
  error: string | null;
  /** False when the run was not the job's fault (rate limit, shutdown): it does not use up an attempt. */
  countAttempt: boolean;
}

/**
 * Puts a running job back in the queue to run after `delayMs`. When a newer job with the same key
 * is already waiting, that one does the work instead (never before this job's delay is over), and
 * this one is closed as superseded. Returns the id of the job that will run; null when this
 * worker no longer holds the job.
 */
export async function rescheduleJob(
  db: Database,
  id: number,
  workerId: string,
  retry: Reschedule,
): Promise<number | null> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ dedupe_key: string | null }>(
      `SELECT dedupe_key FROM outbox_jobs
        WHERE id = $1 AND status = 'running' AND locked_by = $2 FOR UPDATE`,
      [id, workerId],
    );
    const job = rows[0];
    if (!job) return null;
    const error = retry.error === null ? null : clipError(retry.error);
    const newer = await waitingJobWithKey(tx, job.dedupe_key, id);
    if (newer !== null) {
      await tx.query(
        `UPDATE outbox_jobs
            SET run_at = GREATEST(run_at, now() + make_interval(secs => $2::double precision / 1000)),
                updated_at = now()
          WHERE id = $1`,
        [newer, retry.delayMs],
      );
      await tx.query(
        `UPDATE outbox_jobs
            SET status = 'done', done_at = now(), updated_at = now(), locked_by = NULL,
                locked_until = NULL, last_error = $2
          WHERE id = $1`,
        [id, `Superseded by job ${newer} with the same key${error ? ` after: ${error}` : ''}`],
      );
      return newer;
    }
    await tx.query(
      `UPDATE outbox_jobs
          SET status = 'queued', locked_by = NULL, locked_until = NULL, updated_at = now(),
              run_at = now() + make_interval(secs => $2::double precision / 1000),
              last_error = COALESCE($3, last_error),
              attempts = CASE WHEN $4::boolean THEN attempts ELSE GREATEST(attempts - 1, 0) END
        WHERE id = $1`,
      [id, retry.delayMs, error, retry.countAttempt],
    );
    return id;
  });
}

/** Parks a job as failed with the error people will see; it waits for `retryFailedJob`. */
export async function failJob(
  db: Queryable,
  id: number,
  workerId: string,
  error: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE outbox_jobs
        SET status = 'failed', last_error = $3, updated_at = now(),
            locked_by = NULL, locked_until = NULL
      WHERE id = $1 AND status = 'running' AND locked_by = $2`,
    [id, workerId, clipError(error)],
  );
  return rowCount > 0;
}

/**
 * Sends a failed job round again with a fresh set of attempts, now. Returns the id of the job that
 * will run (a newer waiting job with the same key is run instead), or null when `id` is not a
 * failed job.
 */
export async function retryFailedJob(db: Database, id: number): Promise<number | null> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ dedupe_key: string | null }>(
      `SELECT dedupe_key FROM outbox_jobs WHERE id = $1 AND status = 'failed' FOR UPDATE`,
      [id],
    );
    const job = rows[0];
    if (!job) return null;
    const newer = await waitingJobWithKey(tx, job.dedupe_key, id);
    if (newer !== null) {
      await tx.query(`UPDATE outbox_jobs SET run_at = now(), updated_at = now() WHERE id = $1`, [
        newer,
      ]);
      await tx.query(
        `UPDATE outbox_jobs SET status = 'done', done_at = now(), updated_at = now(),
                last_error = $2 WHERE id = $1`,
        [id, `Retried as job ${newer} with the same key`],
      );
      return newer;
    }
    await tx.query(
      `UPDATE outbox_jobs
          SET status = 'queued', attempts = 0, run_at = now(), updated_at = now()
        WHERE id = $1`,
      [id],
    );
    return id;
  });
}

async function waitingJobWithKey(
  tx: Queryable,
  key: string | null,
  exceptId: number,
): Promise<number | null> {
  if (key === null) return null;
  const { rows } = await tx.query<{ id: number }>(
    `SELECT id FROM outbox_jobs WHERE dedupe_key = $1 AND status = 'queued' AND id <> $2
      FOR UPDATE`,
    [key, exceptId],
  );
  return rows[0]?.id ?? null;
}

export async function getJob(db: Queryable, id: number): Promise<JobRecord | null> {
  const { rows } = await db.query<JobRow>(`SELECT * FROM outbox_jobs WHERE id = $1`, [id]);
  return rows[0] ? toRecord(rows[0]) : null;
}

/** The newest job with this key (in any status), or null. */
export async function newestJobWithKey(db: Queryable, key: string): Promise<JobRecord | null> {
  const { rows } = await db.query<JobRow>(
    `SELECT * FROM outbox_jobs WHERE dedupe_key = $1 ORDER BY id DESC LIMIT 1`,
    [key],
  );
  return rows[0] ? toRecord(rows[0]) : null;
}

/** Jobs newest first, optionally of one status (e.g. the failed ones an admin should look at). */
export async function listJobs(
  db: Queryable,
  filter: { status?: JobStatus; kind?: JobKind; limit?: number } = {},
): Promise<JobRecord[]> {
  const { rows } = await db.query<JobRow>(
    `SELECT * FROM outbox_jobs
      WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2)
      ORDER BY id DESC
      LIMIT $3`,
    [filter.status ?? null, filter.kind ?? null, filter.limit ?? 100],
  );
  return rows.map(toRecord);
}

/** How many jobs are in each status: the outbox at a glance. */
export async function countJobs(db: Queryable): Promise<Record<JobStatus, number>> {
  const { rows } = await db.query<{ status: JobStatus; n: number }>(
    `SELECT status, count(*)::int AS n FROM outbox_jobs GROUP BY status`,
  );
  const counts: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, failed: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** Zendesk requests a job of each kind usually makes (see docs/zendesk-endpoints.md, "Calls per survey"). */
export const EXPECTED_CALLS: Readonly<Record<JobKind, number>> = {
  publish_survey_link: 2,
  write_back_answer: 1,
  sync_zendesk: 6,
  erase_old_comments: 0,
  send_reminder: 2,
  // A chat message, not a Zendesk request.
  send_chat_alert: 0,
  // Chat messages too, plus at most one group list (names) in a sweep that sends digests.
  send_weekly_digests: 0,
};

/** Jobs due now (waiting, or running), per kind: the backlog Zendesk's budget has to drain. */
export async function countDueJobs(db: Queryable): Promise<Partial<Record<JobKind, number>>> {
  const { rows } = await db.query<{ kind: JobKind; n: number }>(
    `SELECT kind, count(*)::int AS n FROM outbox_jobs
      WHERE status = 'running' OR (status = 'queued' AND run_at <= now())
      GROUP BY kind`,
  );
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

export interface OutboxDepthRow {
  kind: string;
  status: string;
  jobs: number;
  oldest_seconds: number;
  overdue_seconds: number | null;
}

/**
 * Jobs not done, by kind and state, with the age of the oldest and how long the most overdue
 * queued one has been due. Done jobs are left out, so the partial status index keeps this cheap.
 */
export async function outboxDepth(db: Queryable): Promise<OutboxDepthRow[]> {
  const { rows } = await db.query<OutboxDepthRow>(
    `SELECT kind, status, count(*)::int AS jobs,
            extract(epoch FROM now() - min(created_at))::float8 AS oldest_seconds,
            extract(epoch FROM now() - min(run_at) FILTER (WHERE status = 'queued' AND run_at <= now()))::float8
              AS overdue_seconds
       FROM outbox_jobs
      WHERE status IN ('queued', 'running', 'failed')
      GROUP BY kind, status`,
  );
  return rows;
}
