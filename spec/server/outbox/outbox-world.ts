import { loadConfig } from '../../../src/server/config.js';
import type { Database } from '../../../src/server/db/database.js';
import { loadCatalogs } from '../../../src/server/outbox/catalogs.js';
import type { JobDeps } from '../../../src/server/outbox/jobs/index.js';
import { saveSettings } from '../../../src/server/settings/settings-repository.js';
import { applySetup } from '../../../src/server/setup/setup.js';
import { readFieldIds, type FieldIds } from '../../../src/server/setup/zendesk-state.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { sandboxClient, startSandbox, type RunningSandbox } from '../loop/sandbox-harness.js';

/**
 * What the outbox job specs run against: a sandbox Zendesk set up by setup itself, the jobs'
 * dependencies, an agent and a Spanish-speaking customer. The quiet period is 0, so a saved answer
 * is due for write-back at once.
 */
export class OutboxWorld {
  zd!: RunningSandbox;
  deps!: JobDeps;
  fields!: FieldIds;
  agentId = 0;
  requesterId = 0;

  /** One world for a describe block: started before its tests, its sandbox closed after them. */
  static forSuite(getDb: () => Database): OutboxWorld {
    const world = new OutboxWorld();
    beforeAll(() => world.start(getDb()));
    afterAll(() => world.close());
    return world;
  }

  async start(db: Database): Promise<void> {
    this.zd = await startSandbox();
    const zendesk = sandboxClient(this.zd.url);
    const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://ces.example.test' });
    this.deps = { db, config, zendesk, catalogs: loadCatalogs() };
    await saveSettings(db, { ...DEFAULT_SETTINGS, quietPeriodSeconds: 0 });
    await applySetup({ db, config, zendesk }, { dryRun: false, repair: false });
    const fields = await readFieldIds(db);
    if (!fields) throw new Error('setup left no ticket field ids');
    this.fields = fields;
    const res = await fetch(`${this.zd.url}/__sandbox/seed`, {
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
    this.agentId = seeded.users[0]!.id;
    this.requesterId = seeded.users[1]!.id;
  }

  async close(): Promise<void> {
    // A start that failed before the sandbox listened leaves nothing to close.
    if (this.zd) await this.zd.close();
  }
}
