import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import type { Database } from '../../src/server/db/database.js';
import { describeEachDatabase } from '../support/databases.js';

describeEachDatabase('GET /healthz', (getDb) => {
  it('answers ok while the database answers', async () => {
    const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test' }), db: getDb() });
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    await app.close();
  });

  it('answers 503 while the database does not', async () => {
    const db = getDb();
    const down: Database = {
      ...db,
      query: () => Promise.reject(new Error('connection refused')),
    };
    const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test' }), db: down });
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable', reason: 'database' });
    await app.close();
  });
});
