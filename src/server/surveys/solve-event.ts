import { withoutControlChars } from '../security/text-input.js';
import { normalizeChannel } from '../../shared/channels.js';

/**
 * A solved ticket as the intake sees it: from the solve webhook, or from a manual send (which
 * reads it from Zendesk's API). The webhook's documented placeholders carry no requester,
 * assignee, group, brand, locale or role: for a solve those are null (or an older body's hints)
 * until the publish job confirms them from the API (confirm.ts).
 */
export interface SolveEvent {
  ticketId: number;
  requesterId: number | null;
  requesterLocale: string | null;
  /** 'end-user', 'agent' or 'admin'; null when the sender did not say. */
  requesterRole: RequesterRole | null;
  assigneeId: number | null;
  groupId: number | null;
  brandId: number | null;
  channel: string | null;
  /** The solve's time: with the ticket id, it makes a delivery idempotent. Null for manual sends. */
  solvedAt: Date | null;
  satisfaction: string | null;
  /** The ticket's tags; null when the sender did not send them (tag rules cannot apply). */
  tags: string[] | null;
}

export type RequesterRole = 'end-user' | 'agent' | 'admin';
const ROLES: readonly RequesterRole[] = ['end-user', 'agent', 'admin'];
const MAX_TEXT = 200;

/** A webhook body that cannot be a solve; the message names the field and what was expected. */
export class SolveEventError extends Error {
  readonly statusCode = 400;
  readonly code = 'invalid_body';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`"${field}" ${problem}`);
    this.name = 'SolveEventError';
  }
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

function readId(body: Record<string, unknown>, field: string, required: boolean): number | null {
  const value = body[field];
  if (isEmpty(value)) {
    if (required) throw new SolveEventError(field, 'is missing: send the Zendesk id as a number.');
    return null;
  }
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const id = /^\s*\d{1,15}\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new SolveEventError(
      field,
      `must be a positive whole number, got ${JSON.stringify(value)}.`,
    );
  }
  return id;
}

function readText(body: Record<string, unknown>, field: string): string | null {
  const value = body[field];
  if (isEmpty(value)) return null;
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new SolveEventError(field, 'must be a string.');
  }
  const text = withoutControlChars(String(value)).trim();
  if (text.length > MAX_TEXT) {
    throw new SolveEventError(field, `is longer than ${MAX_TEXT} characters.`);
  }
  return text;
}

function readTags(body: Record<string, unknown>): string[] | null {
  const value = body.tags;
  if (value === undefined || value === null) return null;
  // Zendesk renders {{ticket.tags}} as one space-separated string; a JSON list is accepted too.
  const parts =
    typeof value === 'string'
      ? value.split(/\s+/)
      : Array.isArray(value) && value.every((t) => typeof t === 'string')
        ? (value as string[])
        : null;
  if (parts === null) {
    throw new SolveEventError('tags', 'must be a space-separated string of tags.');
  }
  return parts.map((t) => withoutControlChars(t).trim().toLowerCase()).filter((t) => t !== '');
}

/**
 * Reads the solve webhook's JSON body (values may be strings, "" means none). Throws a
 * SolveEventError (statusCode 400) naming the first bad field.
 */
export function parseSolveEvent(body: unknown): SolveEvent {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SolveEventError('body', 'must be a JSON object.');
  }
  const b = body as Record<string, unknown>;
  if (b.type !== 'ticket_solved') {
    throw new SolveEventError('type', `must be "ticket_solved", got ${JSON.stringify(b.type)}.`);
  }
  const ticketId = readId(b, 'ticket_id', true) as number;

  const rawSolved = readText(b, 'solved_at');
  if (rawSolved === null) {
    throw new SolveEventError('solved_at', 'is missing: send the solve time as ISO 8601.');
  }
  const solvedAt = new Date(rawSolved);
  if (Number.isNaN(solvedAt.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(rawSolved)) {
    throw new SolveEventError('solved_at', `must be an ISO 8601 time, got "${rawSolved}".`);
  }

  const role = readText(b, 'requester_role')?.toLowerCase() ?? null;
  if (role !== null && !(ROLES as readonly string[]).includes(role)) {
    throw new SolveEventError('requester_role', `must be one of ${ROLES.join(', ')}.`);
  }

  return {
    ticketId,
    requesterId: readId(b, 'requester_id', false),
    requesterLocale: readText(b, 'requester_locale'),
    requesterRole: role as RequesterRole | null,
    assigneeId: readId(b, 'assignee_id', false),
    groupId: readId(b, 'group_id', false),
    brandId: readId(b, 'brand_id', false),
    channel: normalizeChannel(readText(b, 'channel')),
    solvedAt,
    satisfaction: readText(b, 'satisfaction'),
    tags: readTags(b),
  };
}
