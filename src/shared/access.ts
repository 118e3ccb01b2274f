/**
 * Who may do what in the CES app (issue 11): the roles, their capabilities and the admins'
 * policy of who counts as a team lead. The service decides (src/server/access/); the app only
 * hides what the service would refuse.
 */

import type { NamedRef } from './api-types.js';

export type AccessRole = 'admin' | 'team_lead' | 'agent';

/** What a user may use; GET /api/v1/me lists the user's. */
export const CAPABILITIES = [
  /** This ticket's survey, this requester's answers, "send now" for tickets the user can see. */
  'sidebar',
  /** The user's own figures (with the team's as context). */
  'ownFigures',
  /** The team page, agents' figures and exports: for `groups` (or every group). */
  'teamReport',
  'settings',
  'setup',
  'outbox',
  'audit',
  /** Erasing a requester's answers and comments (docs/data-protection.md). */
  'dataProtection',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const ROLE_CAPABILITIES: Record<AccessRole, readonly Capability[]> = {
  admin: CAPABILITIES,
  team_lead: ['sidebar', 'ownFigures', 'teamReport'],
  agent: ['sidebar', 'ownFigures'],
};

export interface AccessPolicy {
  /** Custom role names (as in Zendesk, any case) or ids whose agents are team leads. */
  teamLeadRoles: string[];
  /** Zendesk user ids who are team leads whatever their role. */
  teamLeadUserIds: number[];
  /** Team leads see every group, not only the groups they belong to. */
  teamLeadsSeeAllGroups: boolean;
}

export const DEFAULT_ACCESS_POLICY: AccessPolicy = {
  // Zendesk's Enterprise plans ship a custom role of this name.
  teamLeadRoles: ['Team Leader'],
  teamLeadUserIds: [],
  teamLeadsSeeAllGroups: false,
};

export const MAX_TEAM_LEAD_ROLES = 50;
export const MAX_TEAM_LEAD_USERS = 500;

export interface MeResponse {
  user: { id: number; name: string };
  role: AccessRole;
  /** The Zendesk custom role, when the user has one. */
  customRole: { id: number; name: string } | null;
  /** The groups whose team page the user may see: ids, or "all". */
  reportGroups: number[] | 'all';
  /** The Zendesk groups the user belongs to. */
  groups: number[];
  capabilities: Capability[];
}

export interface AccessPolicyResponse {
  policy: AccessPolicy;
  /** The users of `policy.teamLeadUserIds`, named as Zendesk names them now. */
  teamLeadUsers: NamedRef[];
}

/** A Zendesk custom agent role an admin can make team leads of. */
export interface CustomRoleOption {
  id: number;
  name: string;
  description: string | null;
}

export interface CustomRolesResponse {
  roles: CustomRoleOption[];
  /** False when the account has no custom roles to list (Zendesk's plans below Enterprise). */
  available: boolean;
}

/** An agent or admin an admin can name as a team lead. */
export interface AgentOption {
  id: number;
  name: string;
  role: 'admin' | 'agent';
}

export interface AgentSearchResponse {
  users: AgentOption[];
}

/** How many agents one search shows: enough to pick from, few enough to read. */
export const MAX_AGENT_SEARCH_RESULTS = 20;

/** Whether a policy entry (a custom role's name, any case, or its id) names `role`. */
export function namesCustomRole(entry: string, role: { id: number; name: string }): boolean {
  const wanted = entry.trim().toLowerCase();
  return wanted !== '' && (wanted === String(role.id) || wanted === role.name.toLowerCase());
}

export interface AuditEntry {
  id: number;
  at: string;
  user: { id: number; name: string | null };
  /** e.g. "settings.update", "setup.apply", "access.update", "outbox.retry". */
  action: string;
  /** What changed: a setting's path with its old and new value (never a secret). */
  changes: Array<{ path: string; from?: unknown; to?: unknown }>;
}

export interface AuditResponse {
  items: AuditEntry[];
  nextCursor: string | null;
}
