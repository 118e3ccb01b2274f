import type { Access } from './policy.js';
import type { RoleDirectory } from './zendesk-roles.js';

export type Scoped = { ok: true; groupId: number | undefined } | { ok: false; message: string };

/**
 * The group a report may cover for this user: admins (and team leads who see every group) any
 * filter; a team lead one of their groups, their only group by default. A team lead never sees a
 * report across groups they do not lead, so never another group's agents.
 */
export function scopeReportGroup(access: Access, groupId: number | undefined): Scoped {
  if (access.reportGroups === 'all') return { ok: true, groupId };
  const mine = access.reportGroups;
  if (groupId !== undefined) {
    return mine.includes(groupId)
      ? { ok: true, groupId }
      : {
          ok: false,
          message: `You lead groups ${mine.join(', ') || '(none)'} in Zendesk, not group ${groupId}: choose one of your groups.`,
        };
  }
  if (mine.length === 1) return { ok: true, groupId: mine[0] };
  return {
    ok: false,
    message:
      mine.length === 0
        ? 'You belong to no Zendesk group, so there is no team page to show: ask an admin to add you to your team’s group.'
        : `Choose one of your groups (groupId ${mine.join(', ')}): team leads see one group's page at a time.`,
  };
}

/**
 * The group an agent's OWN page may be compared with: one of the groups they belong to in Zendesk,
 * their only group by default; with several (or none) and no choice, the whole account. The team's
 * figures are context, never a colleague's row: the agent page shows only the agent's own.
 */
export function scopeOwnPageGroup(access: Access, groupId: number | undefined): Scoped {
  const mine = access.zendesk.groupIds;
  if (groupId === undefined) return { ok: true, groupId: mine.length === 1 ? mine[0] : undefined };
  return mine.includes(groupId)
    ? { ok: true, groupId }
    : {
        ok: false,
        message: `You belong to groups ${mine.join(', ') || '(none)'} in Zendesk, not group ${groupId}: your page compares you with your own groups only.`,
      };
}

/**
 * Whether the user may see `agentId`'s own figures: their own always; another agent's only as an
 * admin, or as a team lead who shares a group with them (read from Zendesk, cached).
 */
export async function mayViewAgent(
  access: Access,
  agentId: number,
  directory: RoleDirectory,
): Promise<boolean> {
  if (agentId === access.userId) return true;
  if (!access.capabilities.has('teamReport')) return false;
  if (access.reportGroups === 'all') return true;
  const agent = await directory.lookup(agentId);
  if (!agent) return false;
  const mine = access.reportGroups;
  return agent.groupIds.some((g) => mine.includes(g));
}
