/**
 * The ticket as Zendesk last answered an update of ours (migration 009): enough to write to it
 * again without a read, as a safe update against its `updated_at`. Zendesk refuses that update with
 * 409 when anyone changed the ticket since, so a stale snapshot costs a read, never a wrong write.
 */
import type { Queryable } from '../db/database.js';
import type { ZendeskTicket } from './types.js';

export type TicketSnapshot = Pick<
  ZendeskTicket,
  'id' | 'updated_at' | 'status' | 'tags' | 'custom_fields'
>;

/** A survey link's path: `/s/<token>` (43 base64url characters). */
const SURVEY_LINK = /\/s\/[A-Za-z0-9_-]{43}/;

export async function rememberTicket(db: Queryable, ticket: ZendeskTicket): Promise<void> {
  const snapshot: TicketSnapshot = {
    id: ticket.id,
    updated_at: ticket.updated_at,
    status: ticket.status,
    tags: ticket.tags,
    // A survey link's token is kept only as a hash (docs/survey-links.md): the field that shows the
    // link stays out. Nothing compares it; a write-back only compares its own fields.
    custom_fields: ticket.custom_fields.filter(
      (f) => !(typeof f.value === 'string' && SURVEY_LINK.test(f.value)),
    ),
  };
  await db.query(
    `INSERT INTO zendesk_ticket_snapshots (ticket_id, ticket, seen_at) VALUES ($1, $2::jsonb, now())
     ON CONFLICT (ticket_id) DO UPDATE SET ticket = EXCLUDED.ticket, seen_at = now()`,
    [ticket.id, JSON.stringify(snapshot)],
  );
}

export async function recallTicket(
  db: Queryable,
  ticketId: number,
): Promise<TicketSnapshot | null> {
  const { rows } = await db.query<{ ticket: TicketSnapshot }>(
    'SELECT ticket FROM zendesk_ticket_snapshots WHERE ticket_id = $1',
    [ticketId],
  );
  return rows[0]?.ticket ?? null;
}

export async function forgetTicket(db: Queryable, ticketId: number): Promise<void> {
  await db.query('DELETE FROM zendesk_ticket_snapshots WHERE ticket_id = $1', [ticketId]);
}
