import type { FastifyInstance } from 'fastify';
import { paginate } from '../pagination.js';
import type { SandboxContext } from './context.js';
import { idParam, rootObject } from './shared.js';

/**
 * Dynamic content items and their variants:
 * https://developer.zendesk.com/api-reference/ticketing/ticket-management/dynamic_content/
 * https://developer.zendesk.com/api-reference/ticketing/ticket-management/dynamic_content_item_variants/
 */
export function dynamicContentRoutes(app: FastifyInstance, { store }: SandboxContext): void {
  app.get('/api/v2/dynamic_content/items', async (request) =>
    paginate(request, store.dynamicContent.list(), 'items'),
  );
  app.get('/api/v2/dynamic_content/items/:id', async (request) => ({
    item: store.dynamicContent.get(idParam(request)),
  }));
  app.post('/api/v2/dynamic_content/items', async (request, reply) => {
    const item = store.dynamicContent.create(rootObject(request, 'item'));
    reply.code(201);
    return { item };
  });
  app.put('/api/v2/dynamic_content/items/:id', async (request) => ({
    item: store.dynamicContent.update(idParam(request), rootObject(request, 'item')),
  }));
  app.get('/api/v2/dynamic_content/items/:id/variants', async (request) =>
    paginate(request, store.dynamicContent.get(idParam(request)).variants, 'variants'),
  );
  app.post('/api/v2/dynamic_content/items/:id/variants', async (request, reply) => {
    const variant = store.dynamicContent.createVariant(
      idParam(request),
      rootObject(request, 'variant'),
    );
    reply.code(201);
    return { variant };
  });
  app.put('/api/v2/dynamic_content/items/:id/variants/:variantId', async (request) => ({
    variant: store.dynamicContent.updateVariant(
      idParam(request),
      idParam(request, 'variantId'),
      rootObject(request, 'variant'),
    ),
  }));
}
