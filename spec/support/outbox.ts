import type { Database } from '../../src/server/db/database.js';
import { getJob, type JobRecord } from '../../src/server/outbox/outbox-repository.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Outbox tests wait for a state, never a time (re-exported: spec/support/wait-for.ts). */
export { waitFor } from './wait-for.js';

/** An outbox job that must exist. */
export async function job(db: Database, id: number): Promise<JobRecord> {
  const found = await getJob(db, id);
  if (!found) throw new Error(`job ${id} is gone`);
  return found;
}
