import type { FastifyInstance } from 'fastify';
import type { AccountLimitInput } from '../account-limit.js';
import { badRequest } from '../api-error.js';
import type { FaultInput } from '../faults.js';
import type { UserRole } from '../records.js';
import type { TicketChanges } from '../store/ticket-changes.js';
import type { NewTicketInput } from '../store/tickets.js';
import type { SandboxContext } from './context.js';
import { idParam, parseTicketChanges, ticketJson } from './shared.js';

interface SeedBody {
  users?: Array<{
    name: string;
    email?: string;
    role?: UserRole;
    locale?: string;
    default_group_id?: number;
    /** The groups an agent is in (group notifications go to their members). */
    group_ids?: number[];
  }>;
  groups?: Array<{ name: string }>;
  brands?: Array<{ name: string; subdomain?: string }>;
  ticket_fields?: Array<Record<string, unknown>>;
  tickets?: Array<Record<string, unknown>>;
  /** Run the trigger engine for seeded tickets (off by default: seeding is bulk data). */
  run_triggers?: boolean;
}

/**
 * Test controls, no authentication: /__sandbox/... Never part of Zendesk's API. Reset, seed,
 * read what triggers sent (emails, webhook deliveries), inject faults, read the request log.
 */
export function controlRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { store, faults, dispatcher } = ctx;

  app.post('/__sandbox/reset', async () => {
    await ctx.reset();
    return { ok: true, admin: store.admin };
  });

  app.post('/__sandbox/seed', async (request) => {
    const body = (request.body ?? {}) as SeedBody;
    const groups = (body.groups ?? []).map((g) => store.groups.create(g));
    const brands = (body.brands ?? []).map((b) => store.brands.create(b));
    const users = (body.users ?? []).map((u) => store.users.create(u));
    const ticketFields = (body.ticket_fields ?? []).map((f) => store.ticketFields.create(f));
    const inputs: NewTicketInput[] = (body.tickets ?? []).map((raw) => {
      const changes = parseTicketChanges(raw, { tagLists: true });
      if (changes.requester_id === undefined)
        throw badRequest('Each seeded ticket needs a requester_id.');
      const extra: Partial<NewTicketInput> = {};
      if (typeof raw.created_at === 'string') extra.created_at = raw.created_at;
      const via = raw.via as { channel?: unknown } | undefined;
      if (typeof via?.channel === 'string') extra.via = { channel: via.channel };
      const rating = raw.satisfaction_rating as NewTicketInput['satisfaction_rating'] | undefined;
      if (rating) extra.satisfaction_rating = rating;
      return { ...changes, ...extra, requester_id: changes.requester_id };
    });
    const tickets = body.run_triggers
      ? inputs.map((input) => store.tickets.create(input).ticket)
      : store.tickets.bulkCreate(inputs);
    return {
      users,
      groups,
      brands,
      ticket_fields: ticketFields,
      tickets: tickets.map((t) => ticketJson(request, t)),
    };
  });

  /** Change a ticket as a given user (agent click, customer reply) without the API's limits. */
  app.post('/__sandbox/tickets/:id', async (request) => {
    const body = (request.body ?? {}) as { ticket?: Record<string, unknown>; actor_id?: number };
    const changes: TicketChanges = parseTicketChanges(body.ticket ?? {}, { tagLists: true });
    const rating = body.ticket?.satisfaction_rating as
      TicketChanges['satisfaction_rating'] | undefined;
    if (rating !== undefined) changes.satisfaction_rating = rating;
    const { ticket, audit } = store.tickets.update(idParam(request), changes, {
      actorId: body.actor_id,
    });
    return { ticket: ticketJson(request, ticket), audit };
  });

  app.get('/__sandbox/tickets/:id/comments', async (request) => ({
    comments: store.tickets.comments(idParam(request)),
  }));

  app.get('/__sandbox/emails', async (request) => {
    const q = request.query as { ticket_id?: string };
    return {
      emails: store.emails.list({ ticketId: q.ticket_id ? Number(q.ticket_id) : undefined }),
    };
  });
  app.delete('/__sandbox/emails', async (_request, reply) => {
    store.emails.clear();
    reply.code(204);
  });

  app.get('/__sandbox/webhook-deliveries', async (request) => {
    const q = request.query as { ticket_id?: string };
    return {
      deliveries: store.deliveries.list({
        ticketId: q.ticket_id ? Number(q.ticket_id) : undefined,
      }),
    };
  });

  /** Waits until every queued webhook delivery (with retries) has finished. */
  app.post('/__sandbox/flush', async () => {
    await dispatcher.idle();
    return { ok: true };
  });

  app.get('/__sandbox/requests', async () => ({ requests: ctx.requests }));
  app.delete('/__sandbox/requests', async (_request, reply) => {
    ctx.requests.length = 0;
    reply.code(204);
  });

  app.get('/__sandbox/faults', async () => ({ faults: faults.list() }));
  app.post('/__sandbox/faults', async (request, reply) => {
    try {
      const fault = faults.add(request.body as FaultInput);
      reply.code(201);
      return { fault };
    } catch (error) {
      throw badRequest((error as Error).message);
    }
  });
  app.delete('/__sandbox/faults', async (_request, reply) => {
    faults.clear();
    reply.code(204);
  });
  app.delete('/__sandbox/faults/:id', async (request, reply) => {
    faults.remove(idParam(request));
    reply.code(204);
  });

  /** `{ undocumented: 'empty' | 'render' }`: how placeholders missing from Zendesk's reference render. */
  app.put('/__sandbox/placeholders', async (request) => {
    const mode = (request.body as { undocumented?: unknown } | null)?.undocumented;
    if (mode !== 'empty' && mode !== 'render') {
      throw badRequest('Send { "undocumented": "empty" } or { "undocumented": "render" }.');
    }
    store.undocumentedPlaceholders = mode;
    return { undocumented: mode };
  });

  /** The account-wide limit and its per-window counts; POST sets it, DELETE lifts it. */
  app.get('/__sandbox/rate-limit', async () => ({ rateLimit: ctx.accountLimit.state() }));
  app.post('/__sandbox/rate-limit', async (request) => {
    try {
      ctx.accountLimit.set(request.body as AccountLimitInput);
    } catch (error) {
      throw badRequest((error as Error).message);
    }
    return { rateLimit: ctx.accountLimit.state() };
  });
  app.delete('/__sandbox/rate-limit', async (_request, reply) => {
    ctx.accountLimit.set(null);
    reply.code(204);
  });

  app.get('/__sandbox/state', async () => store.snapshot());
}
