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
  MAX_TEAM_LEAD_ROLES,
  MAX_TEAM_LEAD_USERS,
  namesCustomRole,
  type AccessPolicy,
  type AccessPolicyResponse,
  type AgentSearchResponse,
  type AuditResponse,
  type CustomRolesResponse,
  type MeResponse,
} from '../../../shared/access.js';
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
import { errorResponses } from './schemas.js';

const id = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER };
const idList = { type: 'array', items: { type: 'integer' } };

const policySchema = {
  type: 'object',
  properties: {
    teamLeadRoles: {
      type: 'array',
      maxItems: MAX_TEAM_LEAD_ROLES,
      items: { type: 'string', minLength: 1, maxLength: 100 },
      description: 'Custom role names (any case) or ids whose agents are team leads.',
    },
    teamLeadUserIds: {
      type: 'array',
      maxItems: MAX_TEAM_LEAD_USERS,
      items: id,
      description: 'Zendesk user ids who are team leads whatever their role.',
    },
    teamLeadsSeeAllGroups: {
      type: 'boolean',
      description: 'Team leads see every group, not only their own.',
    },
  },
  required: ['teamLeadRoles', 'teamLeadUserIds', 'teamLeadsSeeAllGroups'],
  additionalProperties: false,
};

const policyResponse = {
  type: 'object',
  properties: {
    policy: policySchema,
    teamLeadUsers: {
      type: 'array',
      items: { $ref: 'NamedRef#' },
      description: 'The users of policy.teamLeadUserIds with their Zendesk names.',
    },
  },
  required: ['policy', 'teamLeadUsers'],
  additionalProperties: false,
};

const customRolesResponse = {
  type: 'object',
  properties: {
    roles: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          name: { type: 'string' },
          description: { type: ['string', 'null'] },
        },
        required: ['id', 'name', 'description'],
        additionalProperties: false,
      },
    },
    available: {
      type: 'boolean',
      description: 'False when Zendesk lists no custom roles for this plan (below Enterprise).',
    },
  },
  required: ['roles', 'available'],
  additionalProperties: false,
};

const agentSearchQuery = {
  type: 'object',
  properties: {
    name: {
      type: 'string',
      minLength: 1,
      maxLength: 100,
      description: 'The start of the name, as Zendesk autocompletes it.',
    },
  },
  required: ['name'],
  additionalProperties: false,
};

const agentSearchResponse = {
  type: 'object',
  properties: {
    users: {
      type: 'array',
      maxItems: MAX_AGENT_SEARCH_RESULTS,
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          name: { type: 'string' },
          role: { type: 'string', enum: ['admin', 'agent'] },
        },
        required: ['id', 'name', 'role'],
        additionalProperties: false,
      },
    },
  },
  required: ['users'],
  additionalProperties: false,
};

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

const meResponse = {
  type: 'object',
  properties: {
    user: {
      type: 'object',
      properties: { id: { type: 'integer' }, name: { type: 'string' } },
      required: ['id', 'name'],
      additionalProperties: false,
    },
    role: { type: 'string', enum: ['admin', 'team_lead', 'agent'] },
    customRole: {
      anyOf: [
        {
          type: 'object',
          properties: { id: { type: 'integer' }, name: { type: 'string' } },
          required: ['id', 'name'],
          additionalProperties: false,
        },
        { type: 'null' },
      ],
    },
    reportGroups: {
      anyOf: [idList, { type: 'string', enum: ['all'] }],
      description: 'The groups whose team page the user may see, or "all".',
    },
    groups: { ...idList, description: 'The Zendesk groups the user belongs to.' },
    capabilities: { type: 'array', items: { type: 'string', enum: [...CAPABILITIES] } },
  },
  required: ['user', 'role', 'customRole', 'reportGroups', 'groups', 'capabilities'],
  additionalProperties: false,
};

const auditQuery = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
    cursor: { type: 'string', minLength: 1, maxLength: 20 },
  },
  additionalProperties: false,
};

const auditResponse = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          at: { type: 'string', format: 'date-time' },
          user: {
            type: 'object',
            properties: { id: { type: 'integer' }, name: { type: ['string', 'null'] } },
            required: ['id', 'name'],
            additionalProperties: false,
          },
          action: { type: 'string' },
          changes: {
            type: 'array',
            items: {
              type: 'object',
              properties: { path: { type: 'string' }, from: {}, to: {} },
              required: ['path'],
              additionalProperties: false,
            },
          },
        },
        required: ['id', 'at', 'user', 'action', 'changes'],
        additionalProperties: false,
      },
    },
    nextCursor: { type: ['string', 'null'] },
  },
  required: ['items', 'nextCursor'],
  additionalProperties: false,
};

export async function accessRoutes(
  app: FastifyInstance,
  {
    zendesk,
    roles,
    names,
  }: { zendesk: () => ZendeskClient; roles: RoleDirectory; names: NameLookup },
): Promise<void> {
  const withUsers = async (policy: AccessPolicy): Promise<AccessPolicyResponse> => ({
    policy,
    teamLeadUsers: await names.users(policy.teamLeadUserIds),
  });

  app.get(
    '/me',
    {
      config: { capability: 'any' },
      schema: {
        tags: ['access'],
        summary: 'Who you are to the CES app: role, groups and what you may use',
        description:
          "Decided by the service from Zendesk's API (role, custom role, group memberships) and the admins' policy; the app shows only what this lists.",
        response: { 200: meResponse, ...errorResponses(401, 403, 503) },
      },
    },
    async (request): Promise<MeResponse> => {
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
  );

  app.get(
    '/access',
    {
      config: { capability: 'settings' },
      schema: {
        tags: ['access'],
        summary: 'Who counts as a team lead (admins)',
        response: { 200: policyResponse, ...errorResponses(401, 403, 503) },
      },
    },
    async (): Promise<AccessPolicyResponse> => withUsers(await getAccessPolicy(app.db)),
  );

  app.get(
    '/access/roles',
    {
      config: { capability: 'settings' },
      schema: {
        tags: ['access'],
        summary: "The account's Zendesk custom roles, to pick team leads' roles from (admins)",
        response: { 200: customRolesResponse, ...errorResponses(401, 403, 503) },
      },
    },
    async (request, reply): Promise<CustomRolesResponse | undefined> => {
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
  );

  app.get<{ Querystring: { name: string } }>(
    '/access/users',
    {
      config: { capability: 'settings' },
      schema: {
        tags: ['access'],
        summary: 'Agents and admins whose name starts with `name`, to name team leads (admins)',
        querystring: agentSearchQuery,
        response: { 200: agentSearchResponse, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request, reply): Promise<AgentSearchResponse | undefined> => {
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
  );

  app.put<{ Body: AccessPolicy }>(
    '/access',
    {
      config: { capability: 'settings' },
      schema: {
        tags: ['access'],
        summary: 'Replace who counts as a team lead (admins); recorded in the audit list',
        body: policySchema,
        description:
          'New custom roles must be roles of the account (GET /access/roles) and new users its agents or admins (GET /access/users): else 400. Entries already stored may stay.',
        response: { 200: policyResponse, ...errorResponses(400, 401, 403, 422, 503) },
      },
    },
    async (request, reply): Promise<AccessPolicyResponse | undefined> => {
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
  );

  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    '/audit',
    {
      config: { capability: 'audit' },
      schema: {
        tags: ['access'],
        summary:
          'Every settings, setup and access change: who, when and what (admins), newest first',
        querystring: auditQuery,
        response: { 200: auditResponse, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request, reply): Promise<AuditResponse | undefined> => {
      try {
        return await listAudit(app.db, request.query);
      } catch (error) {
        if (!(error instanceof InvalidAuditCursorError)) throw error;
        return reply.status(400).send({ error: 'invalid_cursor', message: error.message });
      }
    },
  );
}
