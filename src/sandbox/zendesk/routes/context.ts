import type { AccountRateLimit } from '../account-limit.js';
import type { FaultInjector } from '../faults.js';
import type { SandboxStore } from '../store.js';
import type { WebhookDispatcher } from '../webhook-dispatcher.js';

/** One line per /api/v2 request the sandbox answered (tests count writes with it). */
export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  at: string;
}

/** What route handlers share. */
export interface SandboxContext {
  store: SandboxStore;
  faults: FaultInjector;
  accountLimit: AccountRateLimit;
  dispatcher: WebhookDispatcher;
  requests: RequestLogEntry[];
  jobs: Map<string, Record<string, unknown>>;
  reset: () => Promise<void>;
}
