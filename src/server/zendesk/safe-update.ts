/**
 * Tag changes the documented way. Zendesk's Update Ticket replaces `tags` with the list sent
 * (`additional_tags` / `remove_tags` exist only for Update Many Tickets), so a tag change is a
 * read-modify-write: read the ticket, send its full new tag list with `safe_update: true` and
 * `updated_stamp` = the `updated_at` read ("Protecting against ticket update collisions"); a 409
 * means someone changed the ticket in between, so read it again and recompute.
 */
import { TicketUpdateConflictError } from './errors.js';
import type { TicketUpdate, ZendeskTicket } from './types.js';

/** Reads and writes tried before a job gives up for now (and the outbox retries it later). */
export const SAFE_UPDATE_ATTEMPTS = 5;

/** The ticket's tags after adding and removing, or null when that changes nothing. */
export function nextTags(
  current: readonly string[],
  add: readonly string[],
  remove: readonly string[] = [],
): string[] | null {
  const next = current.filter((tag) => !remove.includes(tag));
  for (const tag of add) if (!next.includes(tag)) next.push(tag);
  const same = next.length === current.length && next.every((tag, i) => tag === current[i]);
  return same ? null : next;
}

/** `update`, guarded against collisions with changes made since `ticket` was read. */
export function safely(
  ticket: Pick<ZendeskTicket, 'updated_at'>,
  update: TicketUpdate,
): TicketUpdate {
  return { ...update, safe_update: true, updated_stamp: ticket.updated_at };
}

/** Runs a read-then-safe-update again after a 409, at most `attempts` times in all. */
export async function retryOnConflict<T>(
  run: () => Promise<T>,
  attempts: number = SAFE_UPDATE_ATTEMPTS,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof TicketUpdateConflictError) || attempt >= attempts) throw error;
    }
  }
}
