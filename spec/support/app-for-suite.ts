import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import type { Config } from '../../src/server/config.js';
import type { Database } from '../../src/server/db/database.js';
import { startedForSuite } from './suite-resource.js';

/** The service on `config` and the suite's database for a describe block, closed after its tests. */
export function appForSuite(config: Config, getDb: () => Database): () => FastifyInstance {
  return startedForSuite(
    'the service',
    () => buildApp({ config, db: getDb() }),
    (app) => app.close(),
  );
}
