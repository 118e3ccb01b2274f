import type { FastifyInstance } from 'fastify';
import { issueSession } from '../../src/server/auth/session.js';
import type { Config } from '../../src/server/config.js';
import { TEST_USERS } from './roles.js';

/** Headers that authenticate a test request to /api/v1/* as this Zendesk user. */
export async function appSessionHeaders(
  app: FastifyInstance,
  user: { zendeskUserId: number; installationId?: string },
): Promise<Record<string, string>> {
  // A session for another installation is what the service would refuse: tests may ask for one.
  const config =
    user.installationId === undefined
      ? app.config
      : {
          ...app.config,
          zendeskApp: { ...app.config.zendeskApp, installationId: user.installationId },
        };
  const { token } = await issueSession(config, user);
  return { authorization: `Bearer ${token}` };
}

/**
 * A session token for this service configuration (tests that call a listening service); by
 * default of the tests' admin (spec/support/roles.ts), who may call every route.
 */
export async function appSessionToken(
  config: Config,
  zendeskUserId: number = TEST_USERS.admin.userId,
): Promise<string> {
  return (await issueSession(config, { zendeskUserId })).token;
}
