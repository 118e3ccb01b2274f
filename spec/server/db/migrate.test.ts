import { describeEachDatabase } from '../../support/databases.js';
import { migrate } from '../../../src/server/db/migrate.js';

describeEachDatabase('migrations', (getDb) => {
  it('creates every table and records the applied versions', async () => {
    const { rows } = await getDb().query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'answers',
        'outbox_jobs',
        'schema_migrations',
        'settings',
        'skips',
        'surveys',
        'zendesk_state',
      ]),
    );
  });

  it('applies nothing the second time', async () => {
    expect(await migrate(getDb())).toEqual([]);
  });

  it('lets three starters race without applying a migration twice', async () => {
    // The pause keeps the first starter inside its migration while the others check what is applied.
    const extra = [
      {
        version: 9001,
        name: '9001_race.sql',
        sql: 'SELECT pg_sleep(0.2); CREATE TABLE race_probe (id int);',
      },
    ];
    const results = await Promise.all([1, 2, 3].map(() => migrate(getDb(), extra)));
    expect(results.flat()).toEqual([9001]);
  });

  it('rolls a failing migration back whole', async () => {
    const bad = [
      {
        version: 9002,
        name: '9002_bad.sql',
        sql: 'CREATE TABLE half_done (id int); SELECT nonsense_fn();',
      },
    ];
    await expect(migrate(getDb(), bad)).rejects.toThrow();
    const { rows } = await getDb().query(
      `SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done' AND table_schema = current_schema()`,
    );
    expect(rows).toHaveLength(0);
  });
});
