/**
 * Who am I (GET /me), who counts as a team lead (GET/PUT /access, with the account's custom roles
 * and agents to pick from) and the audit list (GET /audit). Zendesk endpoints read here:
 * - List Custom Roles, GET /api/v2/custom_roles (Enterprise; "Allowed for: Agents")
 *   https://developer.zendesk.com/api-reference/ticketing/account-configuration/custom_roles/#list-custom-roles
 * - Autocomplete Users, GET /api/v2/users/autocomplete?name= ("users whose name starts with")
 *   https://developer.zendesk.com/api-reference/ticketing/users/users/#autocomplete-users
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  CAPABILITIES,
  MAX_AGENT_SEARCH_RESULTS,
  namesCustomRole,
  type AccessPolicy,
} from '../../../shared/access.js';
import {
  agentSearchRoute,
  auditRoute,
  customRolesRoute,
  getAccessRoute,
  meRoute,
  putAccessRoute,
  type ReplyOf,
  type RequestOf,
} from '../../../shared/contract/index.js';
import {
  diffDocuments,
  getAccessPolicy,
  InvalidAuditCursorError,
  listAudit,
  recordAudit,
  saveAccessPolicy,
  validateAccessPolicy,
} from '../../access/access-repository.js';
import { accessOf } from '../../access/guard.js';
import { RolesUnavailableError, type RoleDirectory } from '../../access/zendesk-roles.js';
import type { NameLookup } from '../../reports/names.js';
import {
  ZendeskConfigError,
  ZendeskError,
  ZendeskRequestError,
  type CustomRole,
  type ZendeskClient,
} from '../../zendesk/index.js';
import { routeOf } from './contract-routes.js';

/** Zendesk could not answer: 503, and a sentence that quotes nothing the caller sent. */
function zendeskUnavailable(reply: FastifyReply, what: string): FastifyReply {
  return reply
    .status(503)
    .header('Retry-After', '30')
    .send({
      error: 'zendesk_unavailable',
      message: `Zendesk did not ${what} just now, so nothing was changed. Try again in a minute.`,
    });
}

const isZendeskFailure = (error: unknown) =>
  error instanceof ZendeskError ||
  error instanceof ZendeskConfigError ||
  error instanceof RolesUnavailableError;

/** The account's custom roles; null when the plan has none (Zendesk answers 403 or 404). */
async function listCustomRoles(zendesk: () => ZendeskClient): Promise<CustomRole[] | null> {
  try {
    return await zendesk().listCustomRoles();
  } catch (error) {
    if (error instanceof ZendeskRequestError && [403, 404].includes(error.status)) return null;
    throw error;
  }
}

type Problem = { error: string; message: string };

/**
 * What Zendesk says against the entries the change adds (those already stored may stay, so a role
 * deleted in Zendesk can still be taken out): every new role is one of the account's custom roles,
 * every new user an agent or admin of the account. Null when all are known.
 */
async function unknownEntries(
  current: AccessPolicy,
  next: AccessPolicy,
  zendesk: () => ZendeskClient,
  roles: RoleDirectory,
): Promise<Problem | null> {
  const stored = new Set(current.teamLeadRoles.map((r) => r.trim().toLowerCase()));
  const addedRoles = next.teamLeadRoles
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => !stored.has(entry.trim().toLowerCase()));
  if (addedRoles.length > 0) {
    const known = (await listCustomRoles(zendesk)) ?? [];
    const unknown = addedRoles.filter(({ entry }) => !known.some((r) => namesCustomRole(entry, r)));
    if (unknown.length > 0) {
      return {
        error: 'unknown_custom_role',
        message: `teamLeadRoles ${unknown.map((u) => `[${u.index}]`).join(', ')}: not a custom role of this Zendesk account (it has ${known.length}). Choose from GET /api/v1/access/roles.`,
      };
    }
  }
  const addedUsers = next.teamLeadUserIds
    .map((id, index) => ({ id, index }))
    .filter(({ id }) => !current.teamLeadUserIds.includes(id));
  const notAgents: number[] = [];
  for (let i = 0; i < addedUsers.length; i += USER_CHECKS_AT_ONCE) {
    const batch = addedUsers.slice(i, i + USER_CHECKS_AT_ONCE);
    const found = await Promise.all(batch.map(({ id }) => roles.lookup(id)));
    batch.forEach(({ index }, j) => {
      const user = found[j];
      if (!user || user.role === 'end-user') notAgents.push(index);
    });
  }
  if (notAgents.length > 0) {
    return {
      error: 'unknown_user',
      message: `teamLeadUserIds ${notAgents.map((i) => `[${i}]`).join(', ')}: not an agent or admin of this Zendesk account. Choose from GET /api/v1/access/users.`,
    };
  }
  return null;
}

/** Zendesk is asked about this many new team leads at a time. */
const USER_CHECKS_AT_ONCE = 10;

export async function accessRoutes(
  app: FastifyInstance,
  {
    zendesk,
    roles,
    names,
  }: { zendesk: () => ZendeskClient; roles: RoleDirectory; names: NameLookup },
): Promise<void> {
  const withUsers = async (policy: AccessPolicy): Promise<ReplyOf<typeof getAccessRoute>> => ({
    policy,
    teamLeadUsers: await names.users(policy.teamLeadUserIds),
  });

  app.route<RequestOf<typeof meRoute>>({
    ...routeOf(meRoute),
    config: { capability: 'any' },
    handler: async (request): Promise<ReplyOf<typeof meRoute>> => {
      const access = accessOf(request);
      return {
        user: { id: access.userId, name: access.name },
        role: access.role,
        customRole: access.zendesk.customRole,
        reportGroups: access.reportGroups === 'all' ? 'all' : [...access.reportGroups],
        groups: access.zendesk.groupIds,
        capabilities: CAPABILITIES.filter((c) => access.capabilities.has(c)),
      };
    },
  });

  app.route<RequestOf<typeof getAccessRoute>>({
    ...routeOf(getAccessRoute),
    config: { capability: 'settings' },
    handler: async (): Promise<ReplyOf<typeof getAccessRoute>> =>
      withUsers(await getAccessPolicy(app.db)),
  });

  app.route<RequestOf<typeof customRolesRoute>>({
    ...routeOf(customRolesRoute),
    config: { capability: 'settings' },
    handler: async (request, reply): Promise<ReplyOf<typeof customRolesRoute> | undefined> => {
      let list: CustomRole[] | null;
      try {
        list = await listCustomRoles(zendesk);
      } catch (error) {
        if (!isZendeskFailure(error)) throw error;
        request.log.warn({ err: error }, 'custom roles from Zendesk are not available');
        return zendeskUnavailable(reply, 'list the custom roles');
      }
      return {
        available: list !== null,
        roles: (list ?? [])
          .map((r) => ({
            id: r.id,
            name: r.name,
            description: typeof r.description === 'string' ? r.description : null,
          }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      };
    },
  });

  app.route<RequestOf<typeof agentSearchRoute>>({
    ...routeOf(agentSearchRoute),
    config: { capability: 'settings' },
    handler: async (request, reply): Promise<ReplyOf<typeof agentSearchRoute> | undefined> => {
      let found;
      try {
        found = await zendesk().autocompleteUsers(request.query.name.trim());
      } catch (error) {
        if (!isZendeskFailure(error)) throw error;
        request.log.warn({ err: error }, 'user search in Zendesk is not available');
        return zendeskUnavailable(reply, 'search the users');
      }
      return {
        users: found
          .filter((u) => u.active && (u.role === 'agent' || u.role === 'admin'))
          .slice(0, MAX_AGENT_SEARCH_RESULTS)
          .map((u) => ({ id: u.id, name: u.name, role: u.role as 'agent' | 'admin' })),
      };
    },
  });

  app.route<RequestOf<typeof putAccessRoute>>({
    ...routeOf(putAccessRoute),
    config: { capability: 'settings' },
    handler: async (request, reply): Promise<ReplyOf<typeof putAccessRoute> | undefined> => {
      const access = accessOf(request);
      const next: AccessPolicy = {
        teamLeadRoles: [...new Set(request.body.teamLeadRoles.map((r) => r.trim()))].filter(
          (r) => r !== '',
        ),
        teamLeadUserIds: [...new Set(request.body.teamLeadUserIds)],
        teamLeadsSeeAllGroups: request.body.teamLeadsSeeAllGroups,
      };
      const problems = validateAccessPolicy(next);
      if (problems.length > 0) {
        return reply.status(422).send({
          error: 'invalid_access_policy',
          message: problems.map((p) => `${p.field}: ${p.message}`).join(' '),
        });
      }
      let problem: Problem | null;
      try {
        problem = await unknownEntries(await getAccessPolicy(app.db), next, zendesk, roles);
      } catch (error) {
        if (!isZendeskFailure(error)) throw error;
        request.log.warn({ err: error }, 'Zendesk could not check the access policy');
        return zendeskUnavailable(reply, 'confirm the roles and users');
      }
      if (problem) return reply.status(400).send(problem);
      await app.db.transaction(async (tx) => {
        const current = await getAccessPolicy(tx);
        await saveAccessPolicy(tx, next);
        const changes = diffDocuments(current, next);
        if (changes.length > 0) {
          await recordAudit(tx, {
            userId: access.userId,
            userName: access.name,
            action: 'access.update',
            changes,
          });
        }
      });
      return withUsers(next);
    },
  });

  app.route<RequestOf<typeof auditRoute>>({
    ...routeOf(auditRoute),
    config: { capability: 'audit' },
    handler: async (request, reply): Promise<ReplyOf<typeof auditRoute> | undefined> => {
      try {
        return await listAudit(app.db, request.query);
      } catch (error) {
        if (!(error instanceof InvalidAuditCursorError)) throw error;
        return reply.status(400).send({ error: 'invalid_cursor', message: error.message });
      }
    },
  });
}
