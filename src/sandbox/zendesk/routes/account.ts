import type { FastifyInstance } from 'fastify';
import { SANDBOX_LOCALES } from '../records.js';
import { paginate } from '../pagination.js';
import type { SandboxContext } from './context.js';
import { idParam, origin } from './shared.js';

/**
 * Users, groups, brands and locales:
 * https://developer.zendesk.com/api-reference/ticketing/users/users/
 * https://developer.zendesk.com/api-reference/ticketing/groups/groups/
 * https://developer.zendesk.com/api-reference/ticketing/account-configuration/brands/
 * https://developer.zendesk.com/api-reference/ticketing/account-configuration/locales/
 */
export function accountRoutes(app: FastifyInstance, { store }: SandboxContext): void {
  app.get('/api/v2/users/me', async (request) => ({ user: store.users.get(request.actorId) }));
  app.get('/api/v2/users/:id', async (request) => ({ user: store.users.get(idParam(request)) }));
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
}
