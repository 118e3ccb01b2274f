import type { Queryable } from '../../db/database.js';
import { enqueueJob, type JobKind } from '../outbox-repository.js';
import type { JobHandler } from '../worker.js';

/**
 * The handler of a sweep that runs every `intervalMs` through the outbox (comment retention, the
 * weekly digest). The next sweep is queued first: a failed sweep then gives way to it rather than
 * being retried until parked, which would end the series.
 */
export function recurringSweep(
  db: Queryable,
  sweep: { kind: JobKind; dedupeKey: string; intervalMs: number },
  clock: { now: () => Date },
  run: (now: Date) => Promise<unknown>,
): JobHandler {
  return async () => {
    const now = clock.now();
    await enqueueJob(db, {
      kind: sweep.kind,
      dedupeKey: sweep.dedupeKey,
      payload: {},
      runAt: new Date(now.getTime() + sweep.intervalMs),
    });
    await run(now);
  };
}
