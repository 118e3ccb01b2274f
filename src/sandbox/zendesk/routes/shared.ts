import type { FastifyRequest } from 'fastify';
import { badRequest } from '../api-error.js';
import type { FieldValue, TicketRecord, TicketStatus } from '../records.js';
import type { TicketChanges } from '../store/ticket-changes.js';

/** Who the request authenticated as (set by the auth hook). */
declare module 'fastify' {
  interface FastifyRequest {
    actorId: number;
  }
}

export function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** The numeric id in a path, or 404-worthy null. */
export function idParam(request: FastifyRequest, name = 'id'): number {
  const raw = (request.params as Record<string, string>)[name] ?? '';
  if (!/^\d+$/.test(raw)) throw badRequest(`"${raw}" is not a valid id.`);
  return Number(raw);
}

/** The object under the body's root key, e.g. `{ "ticket": { ... } }`. */
export function rootObject(request: FastifyRequest, key: string): Record<string, unknown> {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(`Send a JSON object with a "${key}" object.`);
  }
  const value = (body as Record<string, unknown>)[key];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(`The body needs a "${key}" object.`);
  }
  return value as Record<string, unknown>;
}

function optionalId(value: unknown, name: string): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw badRequest(`${name} must be an id.`);
  return n;
}

function tagList(value: unknown, name: string): string[] | string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw badRequest(`${name} must be a list of tags.`);
}

export interface ParseOptions {
  /**
   * Whether `additional_tags` / `remove_tags` count. Zendesk documents them for Update Many
   * Tickets only; a single ticket update ignores them, as Zendesk ignores every key it does not
   * document, so the sandbox does too (relying on them fails the tests, not production).
   */
  tagLists?: boolean;
}

/** The Tickets API body, checked for types; business rules are the store's job. */
export function parseTicketChanges(
  raw: Record<string, unknown>,
  options: ParseOptions = {},
): TicketChanges {
  const changes: TicketChanges = {};
  if (raw.status !== undefined) {
    if (typeof raw.status !== 'string') throw badRequest('status must be a string.');
    changes.status = raw.status as TicketStatus;
  }
  for (const key of ['subject', 'priority', 'type'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (value !== null && typeof value !== 'string') throw badRequest(`${key} must be a string.`);
    changes[key] = value;
  }
  for (const key of ['assignee_id', 'group_id', 'brand_id'] as const) {
    const value = optionalId(raw[key], key);
    if (value !== undefined) changes[key] = value;
  }
  const requester = optionalId(raw.requester_id, 'requester_id');
  if (requester !== undefined && requester !== null) changes.requester_id = requester;
  changes.tags = tagList(raw.tags, 'tags');
  if (options.tagLists) {
    changes.additional_tags = tagList(raw.additional_tags, 'additional_tags');
    changes.remove_tags = tagList(raw.remove_tags, 'remove_tags');
  }
  const fields = raw.custom_fields ?? raw.fields;
  if (fields !== undefined) {
    if (!Array.isArray(fields)) throw badRequest('custom_fields must be a list of { id, value }.');
    changes.custom_fields = fields.map((entry: unknown) => {
      const e = entry as { id?: unknown; value?: unknown } | null;
      const id = Number(e?.id);
      if (!e || !Number.isSafeInteger(id))
        throw badRequest('Each custom field needs a numeric id.');
      return { id, value: (e.value ?? null) as FieldValue };
    });
  }
  if (raw.comment !== undefined) {
    const c = raw.comment as Record<string, unknown> | null;
    if (typeof c !== 'object' || c === null) throw badRequest('comment must be an object.');
    if (c.body !== undefined && typeof c.body !== 'string')
      throw badRequest('comment.body must be a string.');
    if (c.html_body !== undefined && typeof c.html_body !== 'string') {
      throw badRequest('comment.html_body must be a string.');
    }
    if (c.public !== undefined && typeof c.public !== 'boolean')
      throw badRequest('comment.public must be true or false.');
    changes.comment = {
      body: c.body as string | undefined,
      html_body: c.html_body as string | undefined,
      public: c.public as boolean | undefined,
      author_id: optionalId(c.author_id, 'comment.author_id') ?? undefined,
    };
  }
  if (raw.safe_update !== undefined) changes.safe_update = raw.safe_update === true;
  if (typeof raw.updated_stamp === 'string') changes.updated_stamp = raw.updated_stamp;
  for (const key of Object.keys(changes) as Array<keyof TicketChanges>) {
    if (changes[key] === undefined) delete changes[key];
  }
  return changes;
}

/** A ticket as the API shows it: internal fields dropped, `url` added. */
export function ticketJson(request: FastifyRequest, ticket: TicketRecord): Record<string, unknown> {
  const { comments: _comments, solved_at: _solved, reopens: _reopens, ...visible } = ticket;
  return {
    url: `${origin(request)}/api/v2/tickets/${ticket.id}.json`,
    ...visible,
    tags: [...ticket.tags],
    custom_fields: ticket.custom_fields.map((f) => ({ ...f })),
    fields: ticket.custom_fields.map((f) => ({ ...f })),
  };
}
