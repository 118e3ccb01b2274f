/**
 * A Zendesk user's role, custom role and groups, read through Zendesk's API with the service's
 * credentials (never from what the app's script says) and kept for a short while:
 * - Show User: `role` ("end-user", "agent", "admin"), `custom_role_id`, `role_type`
 *   https://developer.zendesk.com/api-reference/ticketing/users/users/#show-user
 * - List Memberships (GET /api/v2/users/{user_id}/group_memberships)
 *   https://developer.zendesk.com/api-reference/ticketing/groups/group_memberships/#list-memberships
 * - List Custom Roles (their names, and what tickets each may see)
 *   https://developer.zendesk.com/api-reference/ticketing/account-configuration/custom_roles/#list-custom-roles
 * Every call goes through the client, so it counts against the shared API budget.
 */
import {
  ZendeskConfigError,
  ZendeskError,
  ZendeskRequestError,
  type CustomRole,
  type ZendeskClient,
} from '../zendesk/index.js';

export type TicketAccess = 'all' | 'within-groups' | 'assigned-only';

export interface ZendeskRoles {
  userId: number;
  name: string;
  role: 'admin' | 'agent' | 'end-user';
  customRole: { id: number; name: string } | null;
  /** What the custom role lets the agent see; "all" without a custom role (Zendesk's agent default). */
  ticketAccess: TicketAccess;
  groupIds: number[];
  /** When Zendesk was asked. */
  readAt: number;
}

/** Zendesk could not say who the user is (down, rate limited, not configured): 503, try again. */
export class RolesUnavailableError extends Error {
  constructor(readonly detail: string) {
    super(
      `Zendesk did not say what your role is (${detail}), so nothing was shown. Try again in a minute.`,
    );
    this.name = 'RolesUnavailableError';
  }
}

export interface RoleDirectory {
  /** The user's roles, or null when Zendesk has no such user. `fresh` skips the cache. */
  lookup(userId: number, options?: { fresh?: boolean }): Promise<ZendeskRoles | null>;
}

/** Long enough to spare the budget on a page's burst of calls; short enough for a promotion to show. */
export const ROLE_CACHE_MS = 60_000;

const TICKET_ACCESS: readonly string[] = ['all', 'within-groups', 'assigned-only'];

export function createZendeskRoleDirectory(
  zendesk: () => ZendeskClient,
  options: { ttlMs?: number; now?: () => number } = {},
): RoleDirectory {
  const ttl = options.ttlMs ?? ROLE_CACHE_MS;
  const now = options.now ?? Date.now;
  const users = new Map<number, { at: number; value: Promise<ZendeskRoles | null> }>();
  let roles: { at: number; list: Promise<CustomRole[]> } | null = null;

  const customRoles = (): Promise<CustomRole[]> => {
    if (!roles || now() - roles.at > ttl) {
      const list = zendesk()
        .listCustomRoles()
        .catch((error: unknown) => {
          // Accounts below Enterprise have no custom roles: Zendesk answers 403 or 404.
          if (error instanceof ZendeskRequestError && [403, 404].includes(error.status)) return [];
          roles = null;
          throw error;
        });
      roles = { at: now(), list };
    }
    return roles.list;
  };

  async function read(userId: number): Promise<ZendeskRoles | null> {
    const client = zendesk();
    let user;
    try {
      user = await client.getUser(userId);
    } catch (error) {
      if (error instanceof ZendeskRequestError && error.status === 404) return null;
      throw error;
    }
    const role = user.role === 'admin' || user.role === 'agent' ? user.role : 'end-user';
    const [memberships, custom] = await Promise.all([
      role === 'end-user' ? Promise.resolve([]) : client.listUserGroupMemberships(userId),
      user.custom_role_id ? customRoles() : Promise.resolve([]),
    ]);
    const customRole = custom.find((r) => r.id === user.custom_role_id) ?? null;
    const access = customRole?.configuration?.ticket_access;
    return {
      userId,
      name: user.name,
      role,
      customRole:
        user.custom_role_id && customRole
          ? { id: customRole.id, name: customRole.name }
          : user.custom_role_id
            ? { id: user.custom_role_id, name: '' }
            : null,
      ticketAccess: access && TICKET_ACCESS.includes(access) ? (access as TicketAccess) : 'all',
      groupIds: [...new Set(memberships.map((m) => m.group_id))].sort((a, b) => a - b),
      readAt: now(),
    };
  }

  return {
    async lookup(userId, { fresh = false } = {}) {
      const cached = users.get(userId);
      if (cached && !fresh && now() - cached.at <= ttl) {
        const value = await cached.value.catch(() => undefined);
        if (value !== undefined) return value;
      }
      const pending = read(userId);
      users.set(userId, { at: now(), value: pending });
      try {
        return await pending;
      } catch (error) {
        if (users.get(userId)?.value === pending) users.delete(userId);
        if (error instanceof ZendeskConfigError) throw new RolesUnavailableError(error.message);
        if (error instanceof ZendeskError) throw new RolesUnavailableError(error.message);
        throw error;
      }
    },
  };
}
