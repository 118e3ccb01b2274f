import { recordAudit } from '../../access/access-repository.js';
import type { Database, Queryable } from '../../db/database.js';
import { eraseCommentsWrittenBefore } from '../../privacy/erasure-repository.js';
import { getSettings } from '../../settings/settings-repository.js';
import { enqueueUnlessWaiting } from '../outbox-repository.js';
import type { JobHandler } from '../worker.js';
import type { JobDeps } from './job-deps.js';
import { recurringSweep } from './recurring-sweep.js';

export const ERASE_OLD_COMMENTS_KIND = 'erase_old_comments';
/** One sweep waits at a time, across every worker and replica. */
export const ERASE_OLD_COMMENTS_KEY = 'erase_old_comments';
/** How often the sweep runs: a comment outlives its retention period by at most this. */
export const COMMENT_SWEEP_INTERVAL_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The audit's "who" for what the service does by itself (Zendesk user ids are positive). */
export const SERVICE_AUDIT_USER = { userId: 0, userName: 'CES service' } as const;

/**
 * Schedules the first sweep unless one waits already (service start): the schedule lives in the
 * outbox table, so it survives restarts and one sweep serves all replicas.
 */
export async function scheduleCommentSweep(db: Queryable, runAt?: Date): Promise<void> {
  await enqueueUnlessWaiting(db, {
    kind: ERASE_OLD_COMMENTS_KIND,
    dedupeKey: ERASE_OLD_COMMENTS_KEY,
    runAt,
  });
}

/**
 * Erases comments older than the retention period (Settings, commentRetentionDays; off when
 * null), audits what it erased, and queues the next sweep. Returns the number erased.
 */
export async function eraseOldComments(db: Database, now: Date): Promise<number> {
  const { commentRetentionDays: days } = await getSettings(db);
  if (days === null) return 0;
  return db.transaction(async (tx) => {
    const erased = await eraseCommentsWrittenBefore(tx, new Date(now.getTime() - days * DAY_MS));
    if (erased > 0) {
      await recordAudit(tx, {
        ...SERVICE_AUDIT_USER,
        action: 'privacy.comment_retention',
        changes: [
          { path: 'retentionDays', to: days },
          { path: 'commentsErased', to: erased },
        ],
      });
    }
    return erased;
  });
}

export function eraseOldCommentsJob(
  deps: JobDeps,
  clock: { now: () => Date } = { now: () => new Date() },
): JobHandler {
  return recurringSweep(
    deps.db,
    {
      kind: ERASE_OLD_COMMENTS_KIND,
      dedupeKey: ERASE_OLD_COMMENTS_KEY,
      intervalMs: COMMENT_SWEEP_INTERVAL_MS,
    },
    clock,
    (now) => eraseOldComments(deps.db, now),
  );
}
