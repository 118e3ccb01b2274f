import type { FastifyInstance, FastifyRequest } from 'fastify';
import { webhookError } from '../api-error.js';
import { paginate } from '../pagination.js';
import type { WebhookRecord } from '../records.js';
import type { SandboxContext } from './context.js';
import { origin } from './shared.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const FORMATS = ['json', 'xml', 'form_encoded'] as const;

type WebhookInput = Omit<
  WebhookRecord,
  'id' | 'created_at' | 'updated_at' | 'created_by' | 'signing_secret'
>;

/**
 * Checks a webhook body. The Webhooks API answers 400 with JSON:API-style `errors`. Guess: the
 * exact codes and texts; the rules (required fields, allowed values) follow the docs.
 */
function parseWebhook(raw: unknown, base?: WebhookRecord): WebhookInput {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw webhookError(400, 'InvalidRequest', 'The body needs a "webhook" object.');
  }
  const input = { ...(base ?? {}), ...(raw as Record<string, unknown>) } as Record<string, unknown>;
  const invalid = (field: string, why: string) =>
    webhookError(400, 'InvalidValue', `${field} ${why}`);
  if (typeof input.name !== 'string' || input.name.trim() === '')
    throw invalid('name', 'is required');
  if (typeof input.endpoint !== 'string') throw invalid('endpoint', 'is required');
  let url: URL;
  try {
    url = new URL(input.endpoint);
  } catch {
    throw invalid('endpoint', 'is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalid('endpoint', 'must be http(s)');
  if (!METHODS.includes(input.http_method as (typeof METHODS)[number])) {
    throw invalid('http_method', `must be one of ${METHODS.join(', ')}`);
  }
  if (!FORMATS.includes(input.request_format as (typeof FORMATS)[number])) {
    throw invalid('request_format', `must be one of ${FORMATS.join(', ')}`);
  }
  if (input.status !== 'active' && input.status !== 'inactive')
    throw invalid('status', 'must be active or inactive');
  const subs = input.subscriptions;
  if (
    !Array.isArray(subs) ||
    subs.length === 0 ||
    !subs.every(
      (s) =>
        typeof s === 'string' &&
        (s === 'conditional_ticket_events' || s.startsWith('zen:event-type:')),
    )
  ) {
    throw invalid(
      'subscriptions',
      'must list conditional_ticket_events or zen:event-type:* events',
    );
  }
  const headers = input.custom_headers ?? {};
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw invalid('custom_headers', 'must be an object of header names to values');
  }
  return {
    name: input.name,
    description: typeof input.description === 'string' ? input.description : '',
    status: input.status,
    endpoint: input.endpoint,
    http_method: input.http_method as WebhookRecord['http_method'],
    request_format: input.request_format as WebhookRecord['request_format'],
    subscriptions: subs as string[],
    custom_headers: headers as Record<string, string>,
  };
}

function webhookBody(request: FastifyRequest): unknown {
  return (request.body as { webhook?: unknown } | null)?.webhook;
}

/** Webhooks API: https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/ */
export function webhookRoutes(app: FastifyInstance, { store }: SandboxContext): void {
  const json = (request: FastifyRequest, webhook: WebhookRecord) => {
    const { signing_secret: _secret, ...visible } = webhook;
    return { ...visible, url: `${origin(request)}/api/v2/webhooks/${webhook.id}` };
  };
  const id = (request: FastifyRequest) => (request.params as { id: string }).id;

  app.get('/api/v2/webhooks', async (request) => {
    const query = request.query as Record<string, string | undefined>;
    const contains = query['filter[name_contains]']?.toLowerCase();
    const status = query['filter[status]'];
    const list = store.webhooks
      .list()
      .filter((w) => (contains ? w.name.toLowerCase().includes(contains) : true))
      .filter((w) => (status ? w.status === status : true));
    // The Webhooks API only pages by cursor.
    const page = paginate(request, list, 'webhooks', { cursorOnly: true });
    page.webhooks = (page.webhooks as WebhookRecord[]).map((w) => json(request, w));
    return page;
  });

  app.get('/api/v2/webhooks/:id', async (request) => ({
    webhook: json(request, store.webhooks.get(id(request))),
  }));

  app.post('/api/v2/webhooks', async (request, reply) => {
    const webhook = store.webhooks.create(parseWebhook(webhookBody(request)));
    reply.code(201).header('Location', `${origin(request)}/api/v2/webhooks/${webhook.id}`);
    return { webhook: json(request, webhook) };
  });

  app.put('/api/v2/webhooks/:id', async (request, reply) => {
    store.webhooks.get(id(request));
    store.webhooks.update(id(request), parseWebhook(webhookBody(request)));
    reply.code(204);
  });

  app.patch('/api/v2/webhooks/:id', async (request, reply) => {
    const existing = store.webhooks.get(id(request));
    store.webhooks.update(id(request), parseWebhook(webhookBody(request), existing));
    reply.code(204);
  });

  app.delete('/api/v2/webhooks/:id', async (request, reply) => {
    store.webhooks.delete(id(request));
    reply.code(204);
  });

  app.get('/api/v2/webhooks/:id/signing_secret', async (request) => ({
    signing_secret: { algorithm: 'SHA256', secret: store.webhooks.get(id(request)).signing_secret },
  }));

  app.post('/api/v2/webhooks/:id/signing_secret', async (request, reply) => {
    const secret = store.webhooks.resetSecret(id(request));
    reply.code(201);
    return { signing_secret: { algorithm: 'SHA256', secret } };
  });
}
