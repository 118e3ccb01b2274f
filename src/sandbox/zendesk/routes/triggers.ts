import type { FastifyInstance } from 'fastify';
import { paginate } from '../pagination.js';
import type { SandboxContext } from './context.js';
import { idParam, origin, rootObject } from './shared.js';
import type { TriggerRecord } from '../records.js';
import type { FastifyRequest } from 'fastify';

/**
 * Ticket triggers and trigger categories:
 * https://developer.zendesk.com/api-reference/ticketing/business-rules/triggers/
 * https://developer.zendesk.com/api-reference/ticketing/business-rules/trigger_categories/
 */
export function triggerRoutes(app: FastifyInstance, { store }: SandboxContext): void {
  const json = (request: FastifyRequest, trigger: TriggerRecord) => ({
    url: `${origin(request)}/api/v2/triggers/${trigger.id}.json`,
    ...trigger,
  });
  const list = (request: FastifyRequest, triggers: TriggerRecord[]) => {
    const page = paginate(request, triggers, 'triggers');
    page.triggers = (page.triggers as TriggerRecord[]).map((t) => json(request, t));
    return page;
  };

  app.get('/api/v2/triggers', async (request) => {
    const query = request.query as Record<string, string | undefined>;
    return list(
      request,
      store.triggers
        .list()
        .filter((t) => (query.active === undefined ? true : String(t.active) === query.active))
        .filter((t) =>
          query.category_id === undefined ? true : t.category_id === query.category_id,
        ),
    );
  });
  app.get('/api/v2/triggers/active', async (request) =>
    list(
      request,
      store.triggers.list().filter((t) => t.active),
    ),
  );
  app.get('/api/v2/triggers/:id', async (request) => ({
    trigger: json(request, store.triggers.get(idParam(request))),
  }));
  app.post('/api/v2/triggers', async (request, reply) => {
    const trigger = store.triggers.create(rootObject(request, 'trigger'));
    reply.code(201).header('Location', `${origin(request)}/api/v2/triggers/${trigger.id}.json`);
    return { trigger: json(request, trigger) };
  });
  app.put('/api/v2/triggers/:id', async (request) => ({
    trigger: json(request, store.triggers.update(idParam(request), rootObject(request, 'trigger'))),
  }));
  app.delete('/api/v2/triggers/:id', async (request, reply) => {
    store.triggers.delete(idParam(request));
    reply.code(204);
  });

  app.get('/api/v2/trigger_categories', async (request) =>
    paginate(request, store.triggerCategories.list(), 'trigger_categories'),
  );
  // Zendesk's reference answers 200 here (not 201 as for triggers).
  app.post('/api/v2/trigger_categories', async (request) => {
    const category = store.triggerCategories.create(rootObject(request, 'trigger_category'));
    return { trigger_category: category };
  });
}
