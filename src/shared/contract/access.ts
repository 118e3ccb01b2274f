/** Who am I, who counts as a team lead (and who can be one), and the audit list. */
import { z } from 'zod';
import {
  CAPABILITIES,
  MAX_AGENT_SEARCH_RESULTS,
  MAX_TEAM_LEAD_ROLES,
  MAX_TEAM_LEAD_USERS,
} from '../access-terms.js';
import { dateTime, id, int, NamedRef, page } from './common.js';
import { errors, route } from './route.js';

const idList = z.array(int);

export const MeResponse = z.object({
  user: z.object({ id: int, name: z.string() }),
  role: z.enum(['admin', 'team_lead', 'agent']),
  /** The Zendesk custom role, when the user has one. */
  customRole: z.object({ id: int, name: z.string() }).nullable(),
  reportGroups: z
    .union([idList, z.literal('all')])
    .describe('The groups whose team page the user may see, or "all".'),
  groups: idList.describe('The Zendesk groups the user belongs to.'),
  capabilities: z.array(z.enum(CAPABILITIES)),
});
export type MeResponse = z.output<typeof MeResponse>;

export const AccessPolicyDocument = z.strictObject({
  teamLeadRoles: z
    .array(z.string().min(1).max(100))
    .max(MAX_TEAM_LEAD_ROLES)
    .describe('Custom role names (any case) or ids whose agents are team leads.'),
  teamLeadUserIds: z
    .array(id)
    .max(MAX_TEAM_LEAD_USERS)
    .describe('Zendesk user ids who are team leads whatever their role.'),
  teamLeadsSeeAllGroups: z.boolean().describe('Team leads see every group, not only their own.'),
});
/** Custom role names or ids, and user ids, whose agents are team leads. */
export type AccessPolicy = z.output<typeof AccessPolicyDocument>;

export const AccessPolicyResponse = z.object({
  policy: AccessPolicyDocument,
  teamLeadUsers: z
    .array(NamedRef)
    .describe('The users of policy.teamLeadUserIds with their Zendesk names.'),
});
export type AccessPolicyResponse = z.output<typeof AccessPolicyResponse>;

/** A Zendesk custom agent role an admin can make team leads of. */
export const CustomRoleOption = z.object({
  id: int,
  name: z.string(),
  description: z.string().nullable(),
});
export type CustomRoleOption = z.output<typeof CustomRoleOption>;

export const CustomRolesResponse = z.object({
  roles: z.array(CustomRoleOption),
  available: z
    .boolean()
    .describe('False when Zendesk lists no custom roles for this plan (below Enterprise).'),
});
export type CustomRolesResponse = z.output<typeof CustomRolesResponse>;

/** An agent or admin an admin can name as a team lead. */
export const AgentOption = z.object({
  id: int,
  name: z.string(),
  role: z.enum(['admin', 'agent']),
});
export type AgentOption = z.output<typeof AgentOption>;

export const AgentSearchResponse = z.object({
  users: z.array(AgentOption).max(MAX_AGENT_SEARCH_RESULTS),
});
export type AgentSearchResponse = z.output<typeof AgentSearchResponse>;

export const AuditEntry = z.object({
  id: int,
  at: dateTime,
  user: z.object({ id: int, name: z.string().nullable() }),
  /** e.g. "settings.update", "setup.apply", "access.update", "outbox.retry". */
  action: z.string(),
  /** What changed: a setting's path with its old and new value (never a secret). */
  changes: z.array(
    z.object({ path: z.string(), from: z.unknown().optional(), to: z.unknown().optional() }),
  ),
});
export type AuditEntry = z.output<typeof AuditEntry>;

export const AuditResponse = z.object({
  items: z.array(AuditEntry),
  nextCursor: z.string().nullable(),
});
export type AuditResponse = z.output<typeof AuditResponse>;

const admin = errors(401, 403, 503);

export const meRoute = route({
  method: 'GET',
  url: '/me',
  tags: ['access'],
  summary: 'Who you are to the CES app: role, groups and what you may use',
  description:
    "Decided by the service from Zendesk's API (role, custom role, group memberships) and the admins' policy; the app shows only what this lists.",
  response: { 200: MeResponse, ...admin },
});

export const getAccessRoute = route({
  method: 'GET',
  url: '/access',
  tags: ['access'],
  summary: 'Who counts as a team lead (admins)',
  response: { 200: AccessPolicyResponse, ...admin },
});

export const customRolesRoute = route({
  method: 'GET',
  url: '/access/roles',
  tags: ['access'],
  summary: "The account's Zendesk custom roles, to pick team leads' roles from (admins)",
  response: { 200: CustomRolesResponse, ...admin },
});

export const agentSearchRoute = route({
  method: 'GET',
  url: '/access/users',
  tags: ['access'],
  summary: 'Agents and admins whose name starts with `name`, to name team leads (admins)',
  querystring: z.strictObject({
    name: z
      .string()
      .min(1)
      .max(100)
      .describe('The start of the name, as Zendesk autocompletes it.'),
  }),
  response: { 200: AgentSearchResponse, ...errors(400, 401, 403, 503) },
});

export const putAccessRoute = route({
  method: 'PUT',
  url: '/access',
  tags: ['access'],
  summary: 'Replace who counts as a team lead (admins); recorded in the audit list',
  description:
    'New custom roles must be roles of the account (GET /access/roles) and new users its agents or admins (GET /access/users): else 400. Entries already stored may stay.',
  body: AccessPolicyDocument,
  response: { 200: AccessPolicyResponse, ...errors(400, 401, 403, 422, 503) },
});

export const auditRoute = route({
  method: 'GET',
  url: '/audit',
  tags: ['access'],
  summary: 'Every settings, setup and access change: who, when and what (admins), newest first',
  querystring: z.strictObject(page(100, 50, 20)),
  response: { 200: AuditResponse, ...errors(400, 401, 403, 503) },
});

export const ACCESS_ROUTES = [
  meRoute,
  getAccessRoute,
  customRolesRoute,
  agentSearchRoute,
  putAccessRoute,
  auditRoute,
] as const;
