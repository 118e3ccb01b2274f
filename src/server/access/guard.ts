/**
 * Every /api/v1 route names the capability it needs (`config.capability`); this hook decides, for
 * the user the identity hook found, from Zendesk's word on their role and groups and the admins'
 * policy. A route that names none is for admins only (closed by default).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../../shared/api-types.js';
import type { Capability } from '../../shared/access.js';
import { getAccessPolicy } from './access-repository.js';
import { decideAccess, type Access } from './policy.js';
import { RolesUnavailableError, type RoleDirectory } from './zendesk-roles.js';

/** `any`: every agent of the account (the route checks what it shows itself). */
export type RouteCapability = Capability | 'any';

declare module 'fastify' {
  interface FastifyContextConfig {
    capability?: RouteCapability;
  }
  interface FastifyRequest {
    access?: Access;
  }
}

/** A denial read from cache older than this is checked with Zendesk again: a promotion shows at once. */
const RECHECK_AFTER_MS = 5_000;

const REASONS: Record<Capability, string> = {
  sidebar: 'Only agents of this Zendesk account can use the CES app.',
  ownFigures: 'Only agents of this Zendesk account have CES figures.',
  teamReport:
    "Only team leads and Zendesk admins can see the team's CES figures; agents see their own in the ticket sidebar.",
  settings:
    'Only Zendesk admins can see and change the CES settings: ask an admin of your account.',
  setup: 'Only Zendesk admins can run the CES setup: ask an admin of your account.',
  outbox: 'Only Zendesk admins can see and retry what the CES service sends to Zendesk.',
  audit: 'Only Zendesk admins can read the CES audit list.',
  dataProtection:
    "Only Zendesk admins can erase a requester's CES answers and comments: ask an admin of your account.",
};

export function forbidden(reply: FastifyReply, message: string): FastifyReply {
  const body: ApiError = { error: 'forbidden', message };
  return reply.status(403).send(body);
}

export function rolesUnavailable(reply: FastifyReply, error: RolesUnavailableError): FastifyReply {
  const body: ApiError = { error: 'zendesk_unavailable', message: error.message };
  return reply.status(503).header('Retry-After', '30').send(body);
}

/** The access of the request's user; only call in routes behind requireAccess. */
export function accessOf(request: FastifyRequest): Access {
  if (!request.access) throw new Error('No access decided: is the route behind requireAccess?');
  return request.access;
}

export interface AccessDeps {
  directory: RoleDirectory;
}

/** onRequest hook on `scope`, after the identity hook: sets request.access or replies 403/503. */
export function requireAccess(scope: FastifyInstance, { directory }: AccessDeps): void {
  scope.addHook('onRequest', async (request, reply) => {
    if (reply.sent) return;
    const user = request.appUser;
    if (!user) throw new Error('requireAccess runs after requireAppUser');
    const needed: RouteCapability = request.routeOptions.config?.capability ?? 'settings';
    const decide = async (fresh: boolean) => {
      const roles = await directory.lookup(user.zendeskUserId, { fresh });
      return roles ? decideAccess(roles, await getAccessPolicy(scope.db)) : null;
    };
    let access: Access | null;
    try {
      access = await decide(false);
      const allowed = (a: Access | null) =>
        a !== null && (needed === 'any' || a.capabilities.has(needed));
      if (!allowed(access) && (!access || Date.now() - access.zendesk.readAt > RECHECK_AFTER_MS)) {
        access = await decide(true);
      }
    } catch (error) {
      if (!(error instanceof RolesUnavailableError)) throw error;
      request.log.warn({ problem: error.detail }, 'roles from Zendesk are not available');
      return rolesUnavailable(reply, error);
    }
    if (!access) {
      request.log.info({ userId: user.zendeskUserId }, 'not an agent of the account');
      return forbidden(
        reply,
        'Zendesk does not know you as an agent of this account, so the CES app shows nothing. Ask an admin to check your Zendesk role.',
      );
    }
    if (needed !== 'any' && !access.capabilities.has(needed)) {
      request.log.info({ userId: user.zendeskUserId, needed }, 'access refused');
      return forbidden(reply, REASONS[needed]);
    }
    request.access = access;
  });
}
