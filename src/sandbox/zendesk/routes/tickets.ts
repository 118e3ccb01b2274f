import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ZendeskApiError, badRequest } from '../api-error.js';
import type { SandboxContext } from './context.js';
import { idParam, origin, parseTicketChanges, rootObject, ticketJson } from './shared.js';
import { paginate } from '../pagination.js';
import type { TicketRecord } from '../records.js';

/**
 * The ticket's metric set (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metrics/),
 * the fields the service reads: `replies`, "the number of public replies added to a ticket by an
 * agent" (public comments by agents and admins after the ticket's first comment), and `reopens`
 * (solved back to unsolved, counted by the store). The metric set's id is the ticket's (a guess).
 */
function metricSet(
  request: FastifyRequest,
  store: SandboxContext['store'],
  ticket: TicketRecord,
): Record<string, unknown> {
  const replies = ticket.comments
    .slice(1)
    .filter((c) => c.public && store.users.find(c.author_id)?.role !== 'end-user').length;
  return {
    url: `${origin(request)}/api/v2/ticket_metrics/${ticket.id}.json`,
    id: ticket.id,
    ticket_id: ticket.id,
    created_at: ticket.created_at,
    updated_at: ticket.updated_at,
    replies,
    reopens: ticket.reopens ?? 0,
    solved_at: ticket.solved_at,
  };
}

/** Tickets API: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/ */
export function ticketRoutes(app: FastifyInstance, { store, jobs }: SandboxContext): void {
  app.get('/api/v2/tickets', async (request) => {
    const page = paginate(request, store.tickets.list(), 'tickets');
    page.tickets = (page.tickets as Parameters<typeof ticketJson>[1][]).map((t) =>
      ticketJson(request, t),
    );
    return page;
  });

  // `include=users` side-loads the ticket's people, `include=metric_sets` its ticket metrics
  // ("Side-loading related records":
  // https://developer.zendesk.com/documentation/ticketing/using-the-zendesk-api/side_loading/).
  app.get('/api/v2/tickets/:id', async (request) => {
    const ticket = store.tickets.get(idParam(request));
    const include = String((request.query as Record<string, unknown>).include ?? '')
      .split(',')
      .map((s) => s.trim());
    const body: Record<string, unknown> = { ticket: ticketJson(request, ticket) };
    if (include.includes('users')) {
      const ids = [...new Set([ticket.requester_id, ticket.submitter_id, ticket.assignee_id])];
      body.users = ids.flatMap((id) => store.users.find(id) ?? []);
    }
    if (include.includes('metric_sets')) body.metric_sets = [metricSet(request, store, ticket)];
    return body;
  });

  app.post('/api/v2/tickets', async (request, reply) => {
    const raw = rootObject(request, 'ticket');
    const changes = parseTicketChanges(raw);
    const requesterId = changes.requester_id ?? request.actorId;
    const { ticket, audit } = store.tickets.create(
      { ...changes, requester_id: requesterId },
      { actorId: request.actorId, viaApi: true },
    );
    reply.code(201).header('Location', `${origin(request)}/api/v2/tickets/${ticket.id}.json`);
    return { ticket: ticketJson(request, ticket), audit };
  });

  // Registered before /:id so "update_many" is not taken for an id.
  app.put('/api/v2/tickets/update_many', async (request) => {
    const ids = String((request.query as Record<string, string>).ids ?? '')
      .split(',')
      .filter((s) => s !== '')
      .map(Number);
    if (ids.length === 0 || ids.some((n) => !Number.isSafeInteger(n))) {
      throw badRequest('ids must be a comma-separated list of ticket ids.');
    }
    if (ids.length > 100) throw badRequest('update_many takes at most 100 ids.');
    const changes = parseTicketChanges(rootObject(request, 'ticket'), { tagLists: true });
    // Zendesk queues a background job; the sandbox runs it at once and reports it completed.
    const results = ids.map((id) => {
      try {
        store.tickets.update(id, changes, { actorId: request.actorId, viaApi: true });
        return { id, action: 'update', success: true, status: 'Updated' };
      } catch (error) {
        const message = error instanceof ZendeskApiError ? error.message : String(error);
        return { id, action: 'update', success: false, status: 'Failed', errors: message };
      }
    });
    const id = randomUUID().replace(/-/g, '');
    const job = {
      id,
      url: `${origin(request)}/api/v2/job_statuses/${id}.json`,
      status: 'completed',
      job_type: 'bulk_update',
      total: ids.length,
      progress: ids.length,
      message: `Completed at ${new Date(store.now()).toISOString()}`,
      results,
    };
    jobs.set(id, job);
    return { job_status: job };
  });

  app.put('/api/v2/tickets/:id', async (request) => {
    const id = idParam(request);
    const changes = parseTicketChanges(rootObject(request, 'ticket'));
    const { ticket, audit } = store.tickets.update(id, changes, {
      actorId: request.actorId,
      viaApi: true,
    });
    return { ticket: ticketJson(request, ticket), audit };
  });

  app.get('/api/v2/tickets/:id/comments', async (request) => {
    const comments = store.tickets.comments(idParam(request));
    return paginate(request, comments, 'comments');
  });

  app.get('/api/v2/job_statuses/:id', async (request) => {
    const job = jobs.get((request.params as { id: string }).id);
    if (!job) throw new ZendeskApiError(404, { error: 'RecordNotFound', description: 'Not found' });
    return { job_status: job };
  });
}
