import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppDeps } from '../../../../src/server/app.js';
import { loadConfig } from '../../../../src/server/config.js';
import type { Database } from '../../../../src/server/db/database.js';
import { appSessionHeaders } from '../../../support/app-session.js';
import { fixedRoles, TEST_USERS } from '../../../support/roles.js';
import { SANDBOX_CREDENTIALS_ENV } from '../../../support/sandbox-credentials.js';
import { startedForSuite } from '../../../support/suite-resource.js';

/** The Zendesk user the harness calls as: the test account's admin. */
export const API_USER_ID = TEST_USERS.admin.userId;

export interface Api {
  app: FastifyInstance;
  /** A request with a fresh valid app session of the test account's admin (`API_USER_ID`). */
  call(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * The whole service on `db`, called the way Zendesk's proxy calls it for the app; `zendesk` is the
 * service's own Zendesk client (a sandbox's, in tests that need one).
 */
export async function openApi(
  db: Database,
  env: Record<string, string> = {},
  zendesk?: AppDeps['zendesk'],
  roles: AppDeps['roles'] = fixedRoles(),
): Promise<Api> {
  // The sandbox has no account limit: setup's many calls need not wait for a production budget.
  const config = loadConfig({
    NODE_ENV: 'test',
    ZENDESK_REQUESTS_PER_MINUTE: '6000',
    ...SANDBOX_CREDENTIALS_ENV,
    ...env,
  });
  const app = await buildApp({ config, db, zendesk, roles });
  const call = async (options: InjectOptions) =>
    app.inject({
      ...options,
      headers: {
        ...(await appSessionHeaders(app, { zendeskUserId: API_USER_ID })),
        ...options.headers,
      },
    });
  return {
    app,
    call,
    get: (url) => call({ method: 'GET', url }),
    close: () => app.close(),
  };
}

/** One `openApi(getDb())` for a describe block: opened before its tests, closed after them. */
export function apiForSuite(getDb: () => Database): () => Api {
  return startedForSuite(
    'the API',
    () => openApi(getDb()),
    (api) => api.close(),
  );
}
