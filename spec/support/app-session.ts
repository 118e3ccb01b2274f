/**
 * PROVISIONAL (issue 11 item 1 replaces it): an app session is today's HS256 app token with the
 * Zendesk user id in `sub`.
 */
import type { FastifyInstance } from 'fastify';
import { signAppToken } from './app-token.js';

/** Headers that authenticate a test request to /api/v1/* as this Zendesk user. */
export async function appSessionHeaders(
  app: FastifyInstance,
  user: { zendeskUserId: number; installationId?: string },
): Promise<Record<string, string>> {
  const token = await signAppToken({
    secret: app.config.appSecret,
    claims: { sub: String(user.zendeskUserId) },
  });
  return { authorization: `Bearer ${token}` };
}
