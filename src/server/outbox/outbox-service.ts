import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { zendeskClientFromConfig, type ZendeskClient } from '../zendesk/index.js';
import { loadCatalogs } from './catalogs.js';
import { jobHandlers } from './jobs/index.js';
import { createOutboxWorker, type OutboxWorker, type WorkerOptions } from './worker.js';

export interface OutboxServiceOptions extends Omit<WorkerOptions, 'db' | 'handlers'> {
  /** Defaults to the configured account's client. */
  zendesk?: ZendeskClient;
  /** How long a chat webhook may take to answer before the alert is retried. */
  chatTimeoutMs?: number;
}

/** The worker with the real jobs wired in: what server.ts starts when CES_WORKER is true. */
export function createOutboxService(
  config: Config,
  db: Database,
  options: OutboxServiceOptions = {},
): OutboxWorker {
  const { zendesk, chatTimeoutMs, ...workerOptions } = options;
  const handlers = jobHandlers({
    db,
    config,
    zendesk: zendesk ?? zendeskClientFromConfig(config, {}, db),
    catalogs: loadCatalogs(),
    ...(chatTimeoutMs !== undefined ? { chatTimeoutMs } : {}),
  });
  return createOutboxWorker({ db, handlers, ...workerOptions });
}
