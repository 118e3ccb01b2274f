import type { FastifyInstance } from 'fastify';
import { SANDBOX_CUSTOM_ROLES, SANDBOX_LOCALES, userGroupIds } from '../records.js';
import { paginate } from '../pagination.js';
import type { SandboxContext } from './context.js';
import { idParam, origin } from './shared.js';
import { badRequest, ZendeskApiError } from '../api-error.js';

const SHOW_MANY_LIMIT = 100;
const AUTOCOMPLETE_LIMIT = 100;

/**
 * Users, groups, brands and locales:
 * https://developer.zendesk.com/api-reference/ticketing/users/users/ (incl. Show Many Users)
 * https://developer.zendesk.com/api-reference/ticketing/groups/groups/
 * https://developer.zendesk.com/api-reference/ticketing/account-configuration/brands/
 * https://developer.zendesk.com/api-reference/ticketing/account-configuration/locales/
 * Account settings (only localization, which holds the time zone):
 * https://developer.zendesk.com/api-reference/ticketing/account-configuration/account_settings/
 */
export function accountRoutes(app: FastifyInstance, { store }: SandboxContext): void {
  app.get('/api/v2/users/me', async (request) => ({ user: store.users.get(request.actorId) }));
  // Show Many Users: up to 100 ids, unknown ids left out (the service names agents with it).
  app.get('/api/v2/users/show_many', async (request) => {
    const raw = (request.query as { ids?: string }).ids ?? '';
    const ids = raw.split(',').filter((id) => id.trim() !== '');
    if (ids.length === 0 || ids.length > SHOW_MANY_LIMIT || ids.some((id) => !/^\d+$/.test(id))) {
      throw badRequest(`ids must be 1 to ${SHOW_MANY_LIMIT} comma-separated user ids`);
    }
    return {
      users: ids.map((id) => store.users.find(Number(id))).filter((u) => u !== null),
    };
  });
  // List Memberships of one user (only agents have any):
  // https://developer.zendesk.com/api-reference/ticketing/groups/group_memberships/#list-memberships
  app.get('/api/v2/users/:id/group_memberships', async (request) => {
    const user = store.users.get(idParam(request));
    const memberships =
      user.role === 'end-user'
        ? []
        : userGroupIds(user).map((groupId, i) => ({
            // The sandbox's own ids: one membership per user and group.
            id: user.id * 1000 + i + 1,
            user_id: user.id,
            group_id: groupId,
            default: groupId === user.default_group_id,
            created_at: user.created_at,
            updated_at: user.updated_at,
          }));
    return paginate(request, memberships, 'group_memberships');
  });
  app.get('/api/v2/custom_roles', async () => ({
    custom_roles: SANDBOX_CUSTOM_ROLES.map((r) => ({
      ...r,
      configuration: { ...r.configuration },
    })),
  }));
  // Autocomplete Users: "users whose name starts with the value specified in the name parameter"
  // (https://developer.zendesk.com/api-reference/ticketing/users/users/#autocomplete-users). The
  // sandbox matches the start of the whole name, any case, and answers one page of at most
  // AUTOCOMPLETE_LIMIT users (how many Zendesk returns is not documented: a guess).
  app.get('/api/v2/users/autocomplete', async (request) => {
    const name = ((request.query as { name?: string }).name ?? '').trim().toLowerCase();
    if (name === '') throw badRequest('name is required');
    return {
      users: store.users
        .list()
        .filter((u) => u.active && u.name.toLowerCase().startsWith(name))
        .slice(0, AUTOCOMPLETE_LIMIT),
    };
  });
  app.get('/api/v2/users/:id', async (request) => ({ user: store.users.get(idParam(request)) }));
  // Delete User: admins only; the account owner (the sandbox admin) cannot be deleted.
  // https://developer.zendesk.com/api-reference/ticketing/users/users/#delete-user
  app.delete('/api/v2/users/:id', async (request) => {
    if (store.users.get(request.actorId).role !== 'admin') {
      throw new ZendeskApiError(403, {
        error: 'Forbidden',
        description: 'You do not have access to this page.',
      });
    }
    const id = idParam(request);
    if (id === store.admin.id) throw badRequest('The account owner cannot be deleted');
    return { user: store.users.delete(id) };
  });
  app.get('/api/v2/users', async (request) => paginate(request, store.users.list(), 'users'));
  app.get('/api/v2/groups', async (request) =>
    paginate(
      request,
      store.groups.list().filter((g) => !g.deleted),
      'groups',
    ),
  );
  app.get('/api/v2/brands', async (request) => {
    const page = paginate(request, store.brands.list(), 'brands');
    page.brands = (page.brands as ReturnType<typeof store.brands.list>).map((b) => ({
      url: `${origin(request)}/api/v2/brands/${b.id}.json`,
      ...b,
    }));
    return page;
  });
  app.get('/api/v2/locales', async () => ({ locales: SANDBOX_LOCALES }));
  app.get('/api/v2/account/settings', async () => ({
    settings: {
      localization: {
        locale_ids: SANDBOX_LOCALES.map((l) => l.id),
        time_zone: store.timeZone.name,
        iana_time_zone: store.timeZone.iana,
      },
    },
  }));
}
