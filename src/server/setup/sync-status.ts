import type { Queryable } from '../db/database.js';
import { SYNC_ZENDESK_KEY } from '../outbox/jobs/sync-zendesk.js';
import type { ZendeskSyncStatus } from '../../shared/api-types.js';
import { readFieldIds, readSyncRecord, readWebhookState } from './zendesk-state.js';

interface JobRow {
  id: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  last_error: string | null;
  updated_at: Date | string;
}

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

/**
 * Whether Zendesk shows what the settings say: from the newest sync job and the record of the last
 * run that brought Zendesk in line (the sync job's or an admin's setup, whichever came last).
 */
export async function zendeskSyncStatus(db: Queryable): Promise<ZendeskSyncStatus> {
  const [fields, webhook, record, jobs] = await Promise.all([
    readFieldIds(db),
    readWebhookState(db),
    readSyncRecord(db),
    db.query<JobRow>(
      `SELECT id, status, attempts, last_error, updated_at FROM outbox_jobs
        WHERE dedupe_key = $1 ORDER BY id DESC LIMIT 1`,
      [SYNC_ZENDESK_KEY],
    ),
  ]);
  const job = jobs.rows[0] ?? null;
  const base: ZendeskSyncStatus = {
    state: 'up_to_date',
    jobId: null,
    attempts: 0,
    lastError: null,
    drifted: [],
    syncedAt: record && record.outcome !== 'setup_needed' ? record.at : null,
  };
  if (!fields || !webhook) return { ...base, state: 'setup_needed' };
  if (job && (job.status === 'queued' || job.status === 'running')) {
    // A job that failed before and waits for its next attempt says why, so nobody waits blind.
    return {
      ...base,
      state: 'updating',
      jobId: job.id,
      attempts: job.attempts,
      lastError: job.attempts > 0 ? job.last_error : null,
    };
  }
  const recordIsNewer = record !== null && job !== null && record.at > iso(job.updated_at);
  if (job?.status === 'failed' && !recordIsNewer) {
    return {
      ...base,
      state: 'failed',
      jobId: job.id,
      attempts: job.attempts,
      lastError: job.last_error,
    };
  }
  if (record?.outcome === 'drifted') return { ...base, state: 'drifted', drifted: record.drifted };
  return base;
}
