import { applySetup } from '../../setup/setup.js';
import {
  readFieldIds,
  readWebhookState,
  saveSyncRecord,
  type SyncRecord,
} from '../../setup/zendesk-state.js';
import type { Queryable } from '../../db/database.js';
import { enqueueJob } from '../outbox-repository.js';
import type { JobHandler } from '../worker.js';
import type { JobDeps } from './job-deps.js';

export const SYNC_ZENDESK_KIND = 'sync_zendesk';
/** One sync at a time: saving settings again while one waits moves that one. */
export const SYNC_ZENDESK_KEY = 'sync_zendesk';

/** Queues a sync in the caller's transaction, so a saved change is never left unsynced. */
export async function enqueueZendeskSync(tx: Queryable): Promise<number> {
  return enqueueJob(tx, { kind: SYNC_ZENDESK_KIND, dedupeKey: SYNC_ZENDESK_KEY, payload: {} });
}

/**
 * Brings Zendesk's dynamic content, triggers and driver options in line with the settings, with
 * setup's own comparison: missing pieces are created and pieces that only lag behind our settings
 * are updated; pieces someone edited in Zendesk are left for an admin's repair and reported.
 * Dynamic content is written before the triggers that use it. A Zendesk that was never set up ends
 * the job with that outcome recorded: retrying cannot help until an admin runs Setup.
 */
export async function syncZendesk(deps: JobDeps): Promise<SyncRecord['outcome']> {
  const [fields, webhook] = await Promise.all([readFieldIds(deps.db), readWebhookState(deps.db)]);
  if (!fields || !webhook) {
    await saveSyncRecord(deps.db, {
      outcome: 'setup_needed',
      at: new Date().toISOString(),
      drifted: [],
    });
    return 'setup_needed';
  }
  // applySetup records how it ended (synced, or drifted with the pieces) for the settings screen.
  const result = await applySetup(
    { db: deps.db, config: deps.config, zendesk: deps.zendesk, catalogs: deps.catalogs },
    { dryRun: false, repair: false },
  );
  return result.items.some((i) => i.state === 'drifted') ? 'drifted' : 'synced';
}

export function syncZendeskJob(deps: JobDeps): JobHandler {
  return async () => {
    await syncZendesk(deps);
  };
}
