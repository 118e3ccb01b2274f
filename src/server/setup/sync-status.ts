import type { Queryable } from '../db/database.js';
import { SYNC_ZENDESK_KEY } from '../outbox/jobs/sync-zendesk.js';
import { newestJobWithKey } from '../outbox/outbox-repository.js';
import type { ZendeskSyncStatus } from '../../shared/api-types.js';
import { readFieldIds, readSyncRecord, readWebhookState } from './zendesk-state.js';

/**
 * Whether Zendesk shows what the settings say: from the newest sync job and the record of the last
 * run that brought Zendesk in line (the sync job's or an admin's setup, whichever came last).
 */
export async function zendeskSyncStatus(db: Queryable): Promise<ZendeskSyncStatus> {
  const [fields, webhook, record, job] = await Promise.all([
    readFieldIds(db),
    readWebhookState(db),
    readSyncRecord(db),
    newestJobWithKey(db, SYNC_ZENDESK_KEY),
  ]);
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
      lastError: job.attempts > 0 ? job.lastError : null,
    };
  }
  const recordIsNewer = record !== null && job !== null && record.at > job.updatedAt.toISOString();
  if (job?.status === 'failed' && !recordIsNewer) {
    return {
      ...base,
      state: 'failed',
      jobId: job.id,
      attempts: job.attempts,
      lastError: job.lastError,
    };
  }
  if (record?.outcome === 'drifted') return { ...base, state: 'drifted', drifted: record.drifted };
  return base;
}
