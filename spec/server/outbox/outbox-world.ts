import { loadConfig } from '../../../src/server/config.js';
import type { Database } from '../../../src/server/db/database.js';
import { loadCatalogs } from '../../../src/server/outbox/catalogs.js';
import type { JobDeps } from '../../../src/server/outbox/jobs/index.js';
import { saveSettings } from '../../../src/server/settings/settings-repository.js';
import { applySetup } from '../../../src/server/setup/setup.js';
import { readFieldIds, type FieldIds } from '../../../src/server/setup/zendesk-state.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { sandboxClient, startSandbox, type RunningSandbox } from '../loop/sandbox-harness.js';

/** What the outbox job specs run against: a set-up sandbox Zendesk and the jobs' dependencies. */
export interface OutboxWorld {
  zd: RunningSandbox;
  deps: JobDeps;
  fields: FieldIds;
  /** An agent to assign tickets to. */
  agentId: number;
  /** A Spanish-speaking customer. */
  requesterId: number;
}

/**
 * Starts a sandbox Zendesk, runs setup against it and seeds an agent and a customer. The quiet
 * period is 0 so a saved answer is due for write-back at once. Close it with `world.zd.close()`.
 */
export async function startOutboxWorld(db: Database): Promise<OutboxWorld> {
  const zd = await startSandbox();
  const zendesk = sandboxClient(zd.url);
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://ces.example.test' });
  const deps: JobDeps = { db, config, zendesk, catalogs: loadCatalogs() };
  await saveSettings(db, { ...DEFAULT_SETTINGS, quietPeriodSeconds: 0 });
  await applySetup({ db, config, zendesk }, { dryRun: false, repair: false });
  const fields = await readFieldIds(db);
  if (!fields) throw new Error('setup left no ticket field ids');
  const res = await fetch(`${zd.url}/__sandbox/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      users: [
        { name: 'Ada Agent', email: 'ada@sandbox.local', role: 'agent' },
        { name: 'Rosa Cliente', email: 'rosa@example.es', role: 'end-user', locale: 'es' },
      ],
    }),
  });
  if (!res.ok) throw new Error(`the sandbox seed answered ${res.status}`);
  const seeded = (await res.json()) as { users: Array<{ id: number }> };
  return { zd, deps, fields, agentId: seeded.users[0]!.id, requesterId: seeded.users[1]!.id };
}
