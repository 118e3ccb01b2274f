import type { FastifyInstance } from 'fastify';
import { paginate } from '../pagination.js';
import type { SandboxContext } from './context.js';
import { idParam, origin, rootObject } from './shared.js';
import type { TicketFieldRecord, TicketFormRecord } from '../records.js';
import type { FastifyRequest } from 'fastify';

/** Ticket fields API (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/) and ticket forms. */
export function ticketFieldRoutes(app: FastifyInstance, { store }: SandboxContext): void {
  const json = (request: FastifyRequest, field: TicketFieldRecord) => ({
    url: `${origin(request)}/api/v2/ticket_fields/${field.id}.json`,
    ...field,
  });
  app.get('/api/v2/ticket_fields', async (request) => {
    const page = paginate(request, store.ticketFields.list(), 'ticket_fields');
    page.ticket_fields = (page.ticket_fields as TicketFieldRecord[]).map((f) => json(request, f));
    return page;
  });
  app.get('/api/v2/ticket_fields/:id', async (request) => ({
    ticket_field: json(request, store.ticketFields.get(idParam(request))),
  }));
  app.post('/api/v2/ticket_fields', async (request, reply) => {
    const field = store.ticketFields.create(rootObject(request, 'ticket_field'));
    reply.code(201);
    return { ticket_field: json(request, field) };
  });
  app.put('/api/v2/ticket_fields/:id', async (request) => ({
    ticket_field: json(
      request,
      store.ticketFields.update(idParam(request), rootObject(request, 'ticket_field')),
    ),
  }));
  app.delete('/api/v2/ticket_fields/:id', async (request, reply) => {
    store.ticketFields.delete(idParam(request));
    reply.code(204);
  });

  // Ticket forms API: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_forms/
  const form = (request: FastifyRequest, record: TicketFormRecord) => ({
    url: `${origin(request)}/api/v2/ticket_forms/${record.id}.json`,
    ...record,
  });
  // List Ticket Forms is not paginated: every form in one answer.
  app.get('/api/v2/ticket_forms', async (request) => ({
    ticket_forms: store.ticketForms.list().map((f) => form(request, f)),
  }));
  app.put('/api/v2/ticket_forms/:id', async (request) => ({
    ticket_form: form(
      request,
      store.ticketForms.update(idParam(request), rootObject(request, 'ticket_form')),
    ),
  }));
}
