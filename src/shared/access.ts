/**
 * Who may do what in the CES app (issue 11): the roles, their capabilities and the admins'
 * policy of who counts as a team lead. The service decides (src/server/access/); the app only
 * hides what the service would refuse.
 */

import { CAPABILITIES, type Capability } from './access-terms.js';
import type { AccessPolicy } from './contract/access.js';

// The API's shapes of access (GET /me, /access, /audit) are defined by the contract.
export {
  CAPABILITIES,
  MAX_AGENT_SEARCH_RESULTS,
  MAX_TEAM_LEAD_ROLES,
  MAX_TEAM_LEAD_USERS,
  type Capability,
} from './access-terms.js';
export type {
  AccessPolicy,
  AccessPolicyResponse,
  AgentOption,
  AgentSearchResponse,
  AuditEntry,
  AuditResponse,
  CustomRoleOption,
  CustomRolesResponse,
  MeResponse,
} from './contract/access.js';

export type AccessRole = 'admin' | 'team_lead' | 'agent';

export const ROLE_CAPABILITIES: Record<AccessRole, readonly Capability[]> = {
  admin: CAPABILITIES,
  team_lead: ['sidebar', 'ownFigures', 'teamReport'],
  agent: ['sidebar', 'ownFigures'],
};

export const DEFAULT_ACCESS_POLICY: AccessPolicy = {
  // Zendesk's Enterprise plans ship a custom role of this name.
  teamLeadRoles: ['Team Leader'],
  teamLeadUserIds: [],
  teamLeadsSeeAllGroups: false,
};

/** Whether a policy entry (a custom role's name, any case, or its id) names `role`. */
export function namesCustomRole(entry: string, role: { id: number; name: string }): boolean {
  const wanted = entry.trim().toLowerCase();
  return wanted !== '' && (wanted === String(role.id) || wanted === role.name.toLowerCase());
}
