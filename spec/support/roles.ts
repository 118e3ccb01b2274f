import type { RoleDirectory, ZendeskRoles } from '../../src/server/access/zendesk-roles.js';

/** Users of the tests' Zendesk account: an admin, team leads of groups X and Y, agents. */
export const GROUP_X = 501;
export const GROUP_Y = 502;
export const TEST_USERS = {
  admin: { userId: 9001, name: 'Ada Admin', role: 'admin', customRole: null, groupIds: [] },
  leadX: {
    userId: 9002,
    name: 'Lea Lead',
    role: 'agent',
    customRole: { id: 77, name: 'Team Leader' },
    groupIds: [GROUP_X],
  },
  leadY: {
    userId: 9003,
    name: 'Yves Lead',
    role: 'agent',
    customRole: { id: 77, name: 'Team Leader' },
    groupIds: [GROUP_Y],
  },
  agentX: {
    userId: 9004,
    name: 'Maya Agent',
    role: 'agent',
    customRole: null,
    groupIds: [GROUP_X],
  },
  agentY: {
    userId: 9005,
    name: 'Yuri Agent',
    role: 'agent',
    customRole: null,
    groupIds: [GROUP_Y],
  },
  endUser: {
    userId: 9006,
    name: 'Carl Customer',
    role: 'end-user',
    customRole: null,
    groupIds: [],
  },
} as const satisfies Record<string, Omit<ZendeskRoles, 'readAt' | 'ticketAccess'>>;

/** A role directory over fixed users (no Zendesk); `lookups` counts what was asked. */
export function fixedRoles(
  users: ReadonlyArray<
    Omit<ZendeskRoles, 'readAt' | 'ticketAccess'> & { ticketAccess?: ZendeskRoles['ticketAccess'] }
  > = Object.values(TEST_USERS),
): RoleDirectory & { lookups: number[] } {
  const lookups: number[] = [];
  return {
    lookups,
    async lookup(userId) {
      lookups.push(userId);
      const user = users.find((u) => u.userId === userId);
      return user
        ? {
            ...user,
            groupIds: [...user.groupIds],
            ticketAccess: user.ticketAccess ?? 'all',
            readAt: Date.now(),
          }
        : null;
    },
  };
}
