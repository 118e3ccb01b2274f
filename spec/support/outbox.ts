import type { Database } from '../../src/server/db/database.js';
import { getJob, type JobRecord } from '../../src/server/outbox/outbox-repository.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it gives a value: a state, never a time, is what outbox tests wait for. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** An outbox job that must exist. */
export async function job(db: Database, id: number): Promise<JobRecord> {
  const found = await getJob(db, id);
  if (!found) throw new Error(`job ${id} is gone`);
  return found;
}
