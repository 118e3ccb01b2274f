/** Who am I (GET /me), who counts as a team lead (GET/PUT /access) and the audit list (GET /audit). */
import type { FastifyInstance } from 'fastify';
import {
  CAPABILITIES,
  MAX_TEAM_LEAD_ROLES,
  MAX_TEAM_LEAD_USERS,
  type AccessPolicy,
  type AccessPolicyResponse,
  type AuditResponse,
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
  properties: { policy: policySchema },
  required: ['policy'],
  additionalProperties: false,
};

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

export async function accessRoutes(app: FastifyInstance): Promise<void> {
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
    async (): Promise<AccessPolicyResponse> => ({ policy: await getAccessPolicy(app.db) }),
  );

  app.put<{ Body: AccessPolicy }>(
    '/access',
    {
      config: { capability: 'settings' },
      schema: {
        tags: ['access'],
        summary: 'Replace who counts as a team lead (admins); recorded in the audit list',
        body: policySchema,
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
      return { policy: next };
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
