import {
  namesCustomRole,
  ROLE_CAPABILITIES,
  type AccessPolicy,
  type AccessRole,
  type Capability,
} from '../../shared/access.js';
import type { ZendeskRoles } from './zendesk-roles.js';

/** What one user may do, decided from Zendesk's word on them and the admins' policy. */
export interface Access {
  userId: number;
  name: string;
  role: AccessRole;
  zendesk: ZendeskRoles;
  capabilities: ReadonlySet<Capability>;
  /** The groups whose figures the user may see: ids, or every group. */
  reportGroups: readonly number[] | 'all';
}

function isTeamLead(roles: ZendeskRoles, policy: AccessPolicy): boolean {
  if (policy.teamLeadUserIds.includes(roles.userId)) return true;
  const custom = roles.customRole;
  if (!custom) return false;
  return policy.teamLeadRoles.some((entry) => namesCustomRole(entry, custom));
}

/** End users have no access at all: null. */
export function decideAccess(roles: ZendeskRoles, policy: AccessPolicy): Access | null {
  if (roles.role === 'end-user') return null;
  const role: AccessRole =
    roles.role === 'admin' ? 'admin' : isTeamLead(roles, policy) ? 'team_lead' : 'agent';
  return {
    userId: roles.userId,
    name: roles.name,
    role,
    zendesk: roles,
    capabilities: new Set(ROLE_CAPABILITIES[role]),
    reportGroups:
      role === 'admin' || (role === 'team_lead' && policy.teamLeadsSeeAllGroups)
        ? 'all'
        : role === 'team_lead'
          ? roles.groupIds
          : [],
  };
}

/** Whether the user may see figures of `groupId` (a team lead's groups, an admin's all). */
export function mayReportOn(access: Access, groupId: number): boolean {
  if (!access.capabilities.has('teamReport')) return false;
  return access.reportGroups === 'all' || access.reportGroups.includes(groupId);
}
